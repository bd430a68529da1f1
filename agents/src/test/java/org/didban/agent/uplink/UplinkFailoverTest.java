package org.didban.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.agent.testing.FakeCollector.await;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.didban.agent.config.Secret;
import org.didban.agent.http.UrlConnectionHttp;
import org.didban.agent.testing.FakeCollector;
import org.didban.wire.SiteBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An uplink given the nodes of a collector cluster: real HTTP servers on loopback stand in for
 * the nodes, and one of them stops or answers as a node that cannot take batches would.
 */
class UplinkFailoverTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    final List<FakeCollector> nodes = new ArrayList<>();
    ScheduledExecutorService scheduler;
    UrlConnectionHttp http;
    MemoryBatchQueue queue;
    Uplink uplink;

    @BeforeEach
    void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        http = UrlConnectionHttp.forAgent("THR-0001-a", Duration.ofSeconds(2));
        queue = new MemoryBatchQueue();
    }

    @AfterEach
    void stop() {
        if (uplink != null) {
            uplink.close();
        }
        scheduler.shutdownNow();
        http.close();
        nodes.forEach(FakeCollector::close);
    }

    /** Starts {@code count} collector nodes and an uplink that knows them in that order. */
    List<FakeCollector> cluster(int count) throws Exception {
        List<URI> ingest = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            FakeCollector node = new FakeCollector();
            nodes.add(node);
            ingest.add(ingestOf(node));
        }
        uplink = new Uplink("THR-0001-a", "THR-0001", ingest, Secret.of("token-123"), http, scheduler, queue,
                UplinkTest.FAST, Clock.systemUTC(), 1);
        return nodes;
    }

    static URI ingestOf(FakeCollector node) {
        return node.uri().resolve("/api/v1/ingest");
    }

    void submit(int from, int to) {
        for (int i = from; i <= to; i++) {
            uplink.submit(List.of(UplinkTest.sample(i)), List.of());
        }
    }

    static List<Long> seqs(List<SiteBatch> batches) {
        return batches.stream().map(SiteBatch::seq).toList();
    }

    static List<Long> receivedSeqs(FakeCollector node) {
        return node.received().stream().map(r -> r.batch().seq()).toList();
    }

    static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void aStoppedNodesBatchesGoOnToTheNextInOrderWithNoGapAndNoDuplicate() throws Exception {
        List<FakeCollector> c = cluster(2);
        FakeCollector first = c.get(0);
        FakeCollector second = c.get(1);
        submit(1, 3);
        await("three batches at the first node", WAIT, () -> uplink.batchesSent() == 3);
        first.close(); // the node is gone: its port refuses connections from now on

        submit(4, 10);
        await("every batch delivered", WAIT, () -> uplink.batchesSent() == 10);

        assertThat(seqs(first.accepted())).containsExactly(1L, 2L, 3L);
        assertThat(receivedSeqs(second)).as("the rest, each once, in order").isEqualTo(range(4, 10));
        assertThat(Stream.concat(first.accepted().stream(), second.accepted().stream()).map(SiteBatch::seq))
                .containsExactlyElementsOf(range(1, 10));
        assertThat(second.accepted()).allSatisfy(b -> assertThat(b.epoch()).isEqualTo(uplink.epoch()));
        assertThat(second.received()).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer token-123"));
        assertThat(uplink.failovers()).isEqualTo(1);
        assertThat(uplink.currentIngest()).isEqualTo(ingestOf(second));
        assertThat(uplink.batchesRefused()).isZero();
        assertThat(queue.size()).isZero();
    }

    @Test
    void a503SendsTheSameBatchToTheNextNodeWhichThenKeepsTheBatches() throws Exception {
        List<FakeCollector> c = cluster(2);
        c.get(0).answer(503); // shutting down, or the branch is moving
        submit(1, 3);
        await("three batches", WAIT, () -> uplink.batchesSent() == 3);

        assertThat(c.get(0).received()).extracting(r -> r.batch().seq(), FakeCollector.Received::answered)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, 503));
        assertThat(receivedSeqs(c.get(1))).as("the retry of seq 1, then the next, on the same node").isEqualTo(range(1, 3));
        assertThat(uplink.failovers()).isEqualTo(1);
        assertThat(uplink.retries()).isEqualTo(1);
    }

    @Test
    void failuresGoRoundTheNodesInTurnAndBackToTheFirst() throws Exception {
        List<FakeCollector> c = cluster(3);
        c.get(0).answer(503);
        c.get(1).answer(502);
        c.get(2).answer(500);
        submit(1, 1);
        await("the batch after a round of the cluster", WAIT, () -> uplink.batchesSent() == 1);

        assertThat(c.get(0).received()).extracting(FakeCollector.Received::answered).containsExactly(503, 200);
        assertThat(c.get(1).received()).extracting(FakeCollector.Received::answered).containsExactly(502);
        assertThat(c.get(2).received()).extracting(FakeCollector.Received::answered).containsExactly(500);
        assertThat(Stream.of(c.get(0), c.get(1), c.get(2)).flatMap(n -> receivedSeqs(n).stream())).containsOnly(1L);
        assertThat(uplink.failovers()).isEqualTo(3);
        assertThat(uplink.currentIngest()).isEqualTo(ingestOf(c.get(0)));
    }

    @Test
    void aWholeClusterDownKeepsTheBatchAndKeepsTakingTurns() throws Exception {
        List<FakeCollector> c = cluster(2);
        c.get(0).answer(503, 503, 503);
        c.get(1).answer(503, 503, 503);
        submit(1, 1);
        await("the batch once a node takes it", WAIT, () -> uplink.batchesSent() == 1);

        assertThat(c.get(0).received()).extracting(FakeCollector.Received::answered).containsExactly(503, 503, 503, 200);
        assertThat(c.get(1).received()).extracting(FakeCollector.Received::answered).containsExactly(503, 503, 503);
        assertThat(uplink.failovers()).isEqualTo(6);
        assertThat(uplink.retries()).isEqualTo(6);
    }

    @Test
    void aRefusedCredentialKeepsTheBatchOnTheSameNode() throws Exception {
        List<FakeCollector> c = cluster(2);
        c.get(0).answer(401, 401);
        submit(1, 2);
        await("both batches once the credential is taken", WAIT, () -> uplink.batchesSent() == 2);

        assertThat(c.get(0).received()).extracting(FakeCollector.Received::answered).containsExactly(401, 401, 200, 200);
        assertThat(receivedSeqs(c.get(0))).containsExactly(1L, 1L, 1L, 2L);
        assertThat(c.get(1).received()).as("a 401 is about the agent, not the node").isEmpty();
        assertThat(uplink.failovers()).isZero();
        assertThat(uplink.batchesRefused()).isZero();
    }

    @Test
    void aRefusedBatchIsDroppedOnTheNodeThatRefusedItWithoutFailover() throws Exception {
        List<FakeCollector> c = cluster(2);
        c.get(0).answer(400, 413, 403);
        submit(1, 4);
        await("the fourth batch", WAIT, () -> uplink.batchesSent() == 1);

        assertThat(receivedSeqs(c.get(0))).containsExactly(1L, 2L, 3L, 4L);
        assertThat(c.get(1).received()).isEmpty();
        assertThat(uplink.batchesRefused()).isEqualTo(3);
        assertThat(uplink.failovers()).isZero();
    }

    @Test
    void tooManyRequestsAndARequestTimeoutAreRetriedOnTheSameNode() throws Exception {
        List<FakeCollector> c = cluster(2);
        c.get(0).answer(429, 408);
        submit(1, 1);
        await("the batch", WAIT, () -> uplink.batchesSent() == 1);

        assertThat(c.get(0).received()).extracting(FakeCollector.Received::answered).containsExactly(429, 408, 200);
        assertThat(c.get(1).received()).isEmpty();
        assertThat(uplink.failovers()).isZero();
    }

    @Test
    void oneAddressRetriesInPlaceAndCountsNoFailover() throws Exception {
        FakeCollector only = new FakeCollector();
        nodes.add(only);
        uplink = new Uplink("THR-0001-a", "THR-0001", ingestOf(only), Secret.of("token-123"), http, scheduler, queue,
                UplinkTest.FAST, Clock.systemUTC(), 1);
        only.answer(503, 500);
        submit(1, 1);
        await("the batch", WAIT, () -> uplink.batchesSent() == 1);

        assertThat(receivedSeqs(only)).containsExactly(1L, 1L, 1L);
        assertThat(uplink.failovers()).isZero();
    }
}
