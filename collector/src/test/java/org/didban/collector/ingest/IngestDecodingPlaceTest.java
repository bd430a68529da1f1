package org.didban.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.collector.RunningCollector.batch;
import static org.didban.collector.RunningCollector.sample;
import static org.didban.collector.TestFleet.TEHRAN_BRANCH;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.didban.collector.TestFleet;
import org.didban.collector.shard.BatchOutcome;
import org.didban.model.Metrics;
import org.didban.wire.SiteBatch;
import org.didban.wire.SiteBatchCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Ingest decodes a branch's batch where it is told (a shard's event loop), not on the HTTP event
 * loop every agent's connection shares, and still answers every case from the HTTP loop: accepted,
 * malformed (400) and a stranger device (422).
 */
@ExtendWith(VertxExtension.class)
class IngestDecodingPlaceTest {
    private static final long THROWS = 99;
    private HttpServer server;
    private WebClient client;
    private Context decodingLoop;
    private final Set<String> decodedOn = ConcurrentHashMap.newKeySet();
    private final List<String> placesAsked = new CopyOnWriteArrayList<>();
    private final Set<String> answeredOn = ConcurrentHashMap.newKeySet();
    private final List<SiteBatch> applied = new CopyOnWriteArrayList<>();
    private String httpLoop;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        decodingLoop = vertx.getOrCreateContext();
        Executor place = work -> decodingLoop.runOnContext(v -> {
            decodedOn.add(Thread.currentThread().getName());
            work.run();
        });
        IngestEndpoint endpoint = new IngestEndpoint(TestFleet.agents(), TestFleet.inventory(), null,
                new IngestMetrics(new PrometheusRegistry()), 64 * 1024)
                .destination((agent, batch) -> {
                    if (batch.seq() == THROWS) {
                        throw new IllegalStateException("a destination that throws instead of failing its future");
                    }
                    answeredOn.add(Thread.currentThread().getName());
                    applied.add(batch);
                    return io.vertx.core.Future.succeededFuture(new BatchOutcome(false, batch.seq(),
                            batch.samples().size(), batch.events().size(), 0));
                })
                .decodeOn(branch -> {
                    placesAsked.add(branch);
                    return place;
                });
        // The HTTP server in a verticle of its own, as the collector's: another event loop than the decoder's.
        HttpServer[] listening = new HttpServer[1];
        vertx.deployVerticle(new io.vertx.core.VerticleBase() {
            @Override
            public io.vertx.core.Future<?> start() {
                httpLoop = Thread.currentThread().getName();
                Router router = Router.router(vertx);
                endpoint.mount(router);
                return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                        .onSuccess(s -> listening[0] = s);
            }
        }).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        server = listening[0];
        client = WebClient.create(vertx);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private HttpResponse<Buffer> post(byte[] body) throws Exception {
        return client.post(server.actualPort(), "127.0.0.1", IngestEndpoint.PATH)
                .putHeader("Authorization", "Bearer " + TestFleet.tokenOf(TEHRAN_BRANCH))
                .sendBuffer(Buffer.buffer(body)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aBatchIsDecodedOnItsBranchsLoopAndAnsweredFromTheHttpLoop() throws Exception {
        assertThat(decodingLoop).isNotNull();
        byte[] body = new SiteBatchCodec().encode(batch(TEHRAN_BRANCH, 1,
                List.of(sample(TEHRAN_BRANCH + "-ups", Metrics.UPS_CHARGE_PERCENT, 97)), List.of()));

        HttpResponse<Buffer> r = post(body);

        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        assertThat(placesAsked).containsExactly(TEHRAN_BRANCH);
        assertThat(decodedOn).hasSize(1).doesNotContain(httpLoop);
        assertThat(answeredOn).containsExactly(httpLoop);
        assertThat(applied).singleElement().satisfies(b -> assertThat(b.samples()).hasSize(1));
    }

    @Test
    void whatThrowsAfterDecodingElsewhereIsAnswered500NotLeftHanging() throws Exception {
        byte[] body = new SiteBatchCodec().encode(batch(TEHRAN_BRANCH, THROWS,
                List.of(sample(TEHRAN_BRANCH + "-ups", Metrics.UPS_CHARGE_PERCENT, 97)), List.of()));
        HttpResponse<Buffer> r = post(body);
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.bodyAsJsonObject().getString("error")).contains("retry it");
        assertThat(applied).isEmpty();
    }

    @Test
    void malformedAndStrangerBodiesDecodedElsewhereAreStillRefusedWithTheirReasons() throws Exception {
        HttpResponse<Buffer> malformed = post("{\"agent\":".getBytes(StandardCharsets.UTF_8));
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.bodyAsJsonObject().getString("error")).startsWith("not valid JSON");

        byte[] stranger = new SiteBatchCodec().encode(batch(TEHRAN_BRANCH, 2,
                List.of(sample("ISF-0501-ups", Metrics.UPS_CHARGE_PERCENT, 5)), List.of()));
        HttpResponse<Buffer> refused = post(stranger);
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.bodyAsJsonObject().getString("error")).contains("'ISF-0501-ups'");

        assertThat(placesAsked).containsExactly(TEHRAN_BRANCH, TEHRAN_BRANCH);
        assertThat(decodedOn).isNotEmpty().doesNotContain(httpLoop);
        assertThat(applied).isEmpty();
    }
}
