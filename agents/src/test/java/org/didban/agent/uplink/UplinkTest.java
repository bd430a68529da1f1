package org.didban.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.agent.testing.FakeCollector.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.didban.agent.config.Secret;
import org.didban.agent.http.UrlConnectionHttp;
import org.didban.agent.testing.FakeCollector;
import org.didban.agent.testing.Snmpd;
import org.didban.model.Event;
import org.didban.model.EventTypes;
import org.didban.model.Labels;
import org.didban.model.Metrics;
import org.didban.model.Sample;
import org.didban.wire.SiteBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UplinkTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final Backoff FAST = new Backoff(Duration.ofMillis(10), Duration.ofMillis(50));

    FakeCollector collector;
    ScheduledExecutorService scheduler;
    UrlConnectionHttp http;
    MemoryBatchQueue queue;
    Uplink uplink;

    @BeforeEach
    void start() throws Exception {
        collector = new FakeCollector();
        scheduler = Executors.newSingleThreadScheduledExecutor();
        http = UrlConnectionHttp.forAgent("THR-0001-a", Duration.ofSeconds(2));
        queue = new MemoryBatchQueue();
        uplink = uplinkTo(collector.uri().resolve("/"), queue);
    }

    Uplink uplinkTo(java.net.URI base, BatchQueue q) {
        return new Uplink("THR-0001-a", "THR-0001", base.resolve("/api/v1/ingest"), Secret.of("token-123"), http,
                scheduler, q, FAST, Clock.systemUTC(), 1);
    }

    @AfterEach
    void stop() {
        uplink.close();
        scheduler.shutdownNow();
        http.close();
        collector.close();
    }

    @Test
    void batchesArriveInOrderWithTheBearerTokenAndDecode() throws Exception {
        for (int i = 1; i <= 3; i++) {
            uplink.submit(List.of(sample(i)), List.of());
        }
        await("three batches", WAIT, () -> uplink.batchesSent() == 3);

        List<FakeCollector.Received> got = collector.received();
        assertThat(got).extracting(r -> r.batch().seq()).containsExactly(1L, 2L, 3L);
        assertThat(got).allSatisfy(r -> {
            assertThat(r.path()).isEqualTo("/api/v1/ingest");
            assertThat(r.authorization()).isEqualTo("Bearer token-123");
            assertThat(r.contentType()).isEqualTo("application/json");
            assertThat(r.batch().agent()).isEqualTo("THR-0001-a");
            assertThat(r.batch().branch()).isEqualTo("THR-0001");
        });
        assertThat(got.get(1).batch().samples()).containsExactly(sample(2));
        assertThat(uplink.lastDeliveredSeq()).isEqualTo(3);
        assertThat(queue.size()).isZero();
    }

    @Test
    void unavailableCollectorGetsTheSameSeqAgainThenTheNextInOrder() throws Exception {
        collector.answer(503, 503, 429, 503);
        uplink.submit(List.of(sample(1)), List.of(event()));
        uplink.submit(List.of(sample(2)), List.of());
        await("both batches", WAIT, () -> uplink.batchesSent() == 2);

        assertThat(collector.received()).extracting(r -> r.batch().seq()).containsExactly(1L, 1L, 1L, 1L, 1L, 2L);
        assertThat(collector.received()).extracting(FakeCollector.Received::answered)
                .containsExactly(503, 503, 429, 503, 200, 200);
        assertThat(collector.accepted().get(0).events()).containsExactly(event());
        assertThat(uplink.retries()).isEqualTo(4);
    }

    @Test
    void aRefusedCredentialKeepsTheBatchAndRetriesIt() throws Exception {
        // 401: a revoked certificate or a wrong token, not a bad batch; it must not be lost
        collector.answer(401, 401, 401);
        uplink.submit(List.of(sample(1)), List.of());
        await("the batch after the credential is accepted again", WAIT, () -> uplink.batchesSent() == 1);

        assertThat(collector.received()).extracting(r -> r.batch().seq()).containsExactly(1L, 1L, 1L, 1L);
        assertThat(uplink.batchesRefused()).isZero();
        assertThat(uplink.retries()).isEqualTo(3);
        assertThat(uplink.credentialRefusals()).isZero();
    }

    @Test
    void aRefusedBatchIsDroppedAndCountedAndTheNextOneStillGoes() throws Exception {
        collector.answer(400);
        uplink.submit(List.of(sample(1)), List.of());
        uplink.submit(List.of(sample(2)), List.of());
        await("second batch", WAIT, () -> uplink.batchesSent() == 1);

        assertThat(collector.received()).extracting(r -> r.batch().seq()).containsExactly(1L, 2L);
        assertThat(uplink.batchesRefused()).isEqualTo(1);
        assertThat(uplink.retries()).isZero();
    }

    @Test
    void noCollectorListeningIsRetriedUntilOneAppears() throws Exception {
        int port = Snmpd.freeUdpPort(); // any port nobody listens on; TCP refuses the connection
        uplink.close();
        uplink = uplinkTo(java.net.URI.create("http://127.0.0.1:" + port), queue);
        uplink.submit(List.of(sample(1)), List.of());
        await("retries", WAIT, () -> uplink.retries() >= 3);
        assertThat(uplink.batchesSent()).isZero();
        assertThat(queue.size()).isEqualTo(1);
        assertThat(queue.peek().seq()).isEqualTo(1);
    }

    @Test
    void aSendThatThrowsIsRetriedAndTheUplinkKeepsSending() throws Exception {
        uplink.close();
        ThrowingHttp flaky = new ThrowingHttp(http, 2);
        uplink = new Uplink("THR-0001-a", "THR-0001", collector.uri().resolve("/api/v1/ingest"), Secret.of("token-123"),
                flaky, scheduler, queue, FAST, Clock.systemUTC(), 1);
        uplink.submit(List.of(sample(1)), List.of()); // the first two sendAsync calls throw
        uplink.submit(List.of(sample(2)), List.of());
        await("both batches after the failed sends", WAIT, () -> uplink.batchesSent() == 2);

        assertThat(uplink.sendErrors()).isEqualTo(2);
        assertThat(collector.received()).extracting(r -> r.batch().seq()).containsExactly(1L, 2L);
        assertThat(queue.size()).isZero();
    }

    @Test
    void aTokenAnHttpHeaderCannotCarryNeitherThrowsNorWedgesSilently() throws Exception {
        uplink.close();
        uplink = new Uplink("THR-0001-a", "THR-0001", collector.uri().resolve("/api/v1/ingest"),
                Secret.of("s3cr3t\r\nX-Injected: 1"), http, scheduler, queue, FAST, Clock.systemUTC(), 1);
        uplink.submit(List.of(sample(1)), List.of()); // must not throw into the poll round
        await("the failed send to be retried", WAIT, () -> uplink.sendErrors() >= 3);
        assertThat(collector.received()).isEmpty();
        assertThat(queue.peek().seq()).isEqualTo(1);
    }

    @Test
    void aRejectedRetryLetsTheNextSubmitStartAgain() throws Exception {
        ScheduledExecutorService dead = Executors.newSingleThreadScheduledExecutor();
        dead.shutdown();
        uplink.close();
        uplink = new Uplink("THR-0001-a", "THR-0001", collector.uri().resolve("/api/v1/ingest"), Secret.of("token-123"),
                new ThrowingHttp(http, 1), dead, queue, FAST, Clock.systemUTC(), 1);
        uplink.submit(List.of(sample(1)), List.of()); // throws, and its retry cannot be scheduled
        assertThat(uplink.sendErrors()).isEqualTo(2);
        uplink.submit(List.of(sample(2)), List.of()); // starts again from the head
        await("both batches", WAIT, () -> uplink.batchesSent() == 2);
        assertThat(collector.received()).extracting(r -> r.batch().seq()).containsExactly(1L, 2L);
    }

    static Sample sample(int i) {
        return new Sample("THR-0001-router", Metrics.IF_OPER_STATUS,
                Labels.of(Metrics.LABEL_IF_INDEX, "1", Metrics.LABEL_IF_NAME, "wan0"), i, 1_700_000_000_000L + i);
    }

    static Event event() {
        return new Event("THR-0001-ups", EventTypes.POLL_FAILED, Map.of("reason", "timeout"), 1_700_000_000_000L);
    }
}
