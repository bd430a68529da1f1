package org.didban.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.collector.RunningCollector.sample;
import static org.didban.collector.TestFleet.REY_BRANCH;
import static org.didban.collector.TestFleet.TEHRAN_BRANCH;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.didban.collector.RunningCollector;
import org.didban.collector.TestFleet;
import org.didban.model.Metrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The ingest rate limits through a running collector, over HTTP: an agent past its bucket and an
 * address past its bucket get 429 with Retry-After and are counted, while another agent and another
 * address go on. Buckets are made tiny here; their sizes are IngestLimits.DEFAULT's business.
 */
@ExtendWith(VertxExtension.class)
class RateLimitOverHttpTest {
    /** Practically no refill within a test: a bucket holds what it holds. */
    private static final double SLOW = 0.001;

    private static HttpResponse<Buffer> batchOf(RunningCollector c, String branch, long seq) {
        return batchOf(c, branch, seq, 1);
    }

    private static HttpResponse<Buffer> batchOf(RunningCollector c, String branch, long seq, double up) {
        return c.ingest(branch, seq, List.of(sample(branch + "-router", Metrics.DEVICE_UP, up)), List.of());
    }

    /** The router's latest device_up as the collector holds it. */
    private static double routerUp(RunningCollector c, String branch) {
        for (Object d : c.getObject("/api/v1/branches/" + branch).getJsonArray("devices")) {
            io.vertx.core.json.JsonObject device = (io.vertx.core.json.JsonObject) d;
            if (device.getString("id").equals(branch + "-router")) {
                for (Object r : device.getJsonArray("readings")) {
                    io.vertx.core.json.JsonObject reading = (io.vertx.core.json.JsonObject) r;
                    if (reading.getString("metric").equals(Metrics.DEVICE_UP)) {
                        return ((Number) reading.getValue("value")).doubleValue();
                    }
                }
            }
        }
        throw new AssertionError("no device_up of " + branch + "-router");
    }

    @Test
    void anAgentPastItsBucketWaitsAndTheOthersGoOn(Vertx vertx) {
        try (RunningCollector c = RunningCollector.start(vertx, RunningCollector.fleetConfig()
                .ingestLimits(IngestLimits.DEFAULT.withAgent(3, SLOW)).build())) {
            for (long seq = 1; seq <= 3; seq++) {
                assertThat(batchOf(c, TEHRAN_BRANCH, seq).statusCode()).isEqualTo(200);
            }
            HttpResponse<Buffer> limited = batchOf(c, TEHRAN_BRANCH, 4, 0);
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(Long.parseLong(limited.getHeader("Retry-After"))).isPositive();
            assertThat(c.metric("didban_ingest_rejected_total", "reason", RejectReason.RATE_LIMITED_AGENT.label()))
                    .isEqualTo(1);
            // nothing of the refused batch was applied: the agent sends it again later, same seq
            assertThat(routerUp(c, TEHRAN_BRANCH)).isEqualTo(1.0);
            // another agent has its own bucket
            assertThat(batchOf(c, REY_BRANCH, 1).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void anAddressPastItsBucketIsRefusedBeforeAuthenticationAndAnotherAddressGoesOn(Vertx vertx) {
        try (RunningCollector c = RunningCollector.start(vertx, RunningCollector.fleetConfig()
                .ingestLimits(IngestLimits.DEFAULT.withAddress(2, SLOW, 1024)).build())) {
            // unauthenticated requests spend the address's bucket too: a sprayer needs no token
            assertThat(c.ingest("not-a-token-0123456789", new byte[] {'{', '}'}).statusCode()).isEqualTo(401);
            assertThat(batchOf(c, TEHRAN_BRANCH, 1).statusCode()).isEqualTo(200);
            HttpResponse<Buffer> limited = batchOf(c, TEHRAN_BRANCH, 2);
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.getHeader("Retry-After")).isNotBlank();
            assertThat(c.metric("didban_ingest_rejected_total", "reason", RejectReason.RATE_LIMITED_ADDRESS.label()))
                    .isEqualTo(1);
            // the same agent from another loopback address is not held back by the first one's spray
            WebClient other = WebClient.create(vertx, new WebClientOptions().setLocalAddress("127.0.0.2"));
            try {
                HttpResponse<Buffer> fromOther = RunningCollector.await(other.postAbs(c.collector().baseUrl() + "/api/v1/ingest")
                        .putHeader("Authorization", "Bearer " + TestFleet.tokenOf(TEHRAN_BRANCH))
                        .putHeader("Content-Type", "application/json")
                        .sendBuffer(Buffer.buffer(c.encode(RunningCollector.batch(TEHRAN_BRANCH, 2,
                                List.of(sample(TEHRAN_BRANCH + "-router", Metrics.DEVICE_UP, 1)), List.of())))));
                assertThat(fromOther.statusCode()).as(fromOther.bodyAsString()).isEqualTo(200);
            } finally {
                other.close();
            }
        }
    }
}
