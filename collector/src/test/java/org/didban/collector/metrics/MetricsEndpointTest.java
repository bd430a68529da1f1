package org.didban.collector.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.collector.RunningCollector.sample;
import static org.didban.collector.TestFleet.TEHRAN_BRANCH;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.didban.collector.RunningCollector;
import org.didban.model.Metrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class MetricsEndpointTest {
    private RunningCollector collector;

    @BeforeEach
    void start(Vertx vertx) {
        collector = RunningCollector.start(vertx, RunningCollector.fleetConfig().build());
        collector.ingest(TEHRAN_BRANCH, 1, List.of(sample(TEHRAN_BRANCH + "-router", Metrics.DEVICE_UP, 1)), List.of());
        collector.ingest(null, new byte[0]);
    }

    @AfterEach
    void stop() {
        collector.close();
    }

    @Test
    void servesThePrometheusTextFormatWithEveryMetricDocumented() {
        HttpResponse<Buffer> r = collector.get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.getHeader("Content-Type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        String text = r.bodyAsString();
        assertThat(text).contains(
                "# HELP didban_ingest_rejected_total ",
                "# TYPE didban_ingest_rejected_total counter",
                "didban_ingest_rejected_total{reason=\"unauthorized\"} 1",
                "didban_ingest_rejected_total{reason=\"unknown_device\"} 0",
                "didban_ingest_batches_total 1",
                "didban_alerts_active{severity=\"critical\",state=\"firing\"} ",
                "didban_rule_evaluations_total ",
                "didban_rule_evaluation_errors_total 0",
                "didban_shards 2",
                "didban_inventory_branches 3",
                "didban_inventory_devices 12",
                "didban_rules_loaded " + org.didban.rules.RuleFileReader.catalogue().size(),
                "jvm_memory_used_bytes{area=\"heap\"} ");
    }

    @Test
    void passesPromtoolCheckMetrics() throws Exception {
        String text = collector.metricsText();
        assertThat(org.didban.collector.testing.Promtool.checkMetrics(text)).as("promtool complaints about:\n" + text).isBlank();
    }

    @Test
    void everyBranchIsServedApartGzippedOffTheEventLoopWhenAsked() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.URI uri = java.net.URI.create(collector.collector().baseUrl() + MetricsEndpoint.BRANCHES_PATH);
        String plain = RunningCollector.eventually(() -> send(http, java.net.http.HttpRequest.newBuilder(uri).build()),
                t -> t.contains("didban_branch_info{"), "the first readiness snapshot's branches");
        java.net.http.HttpResponse<byte[]> zipped = http.send(java.net.http.HttpRequest.newBuilder(uri)
                .header("Accept-Encoding", "gzip").build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        String unzipped = new String(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(zipped.body()))
                .readAllBytes(), StandardCharsets.UTF_8);
        assertThat(unzipped).startsWith("# HELP").contains("didban_branch_info{", "didban_branch_readiness_score{");
        assertThat(plain.lines().filter(l -> l.startsWith("didban_branch_readiness_score{")).count()).isEqualTo(3);
        // the collector's own registry holds none of them
        assertThat(collector.metricsText()).doesNotContain("didban_branch_info");
        assertThat(MetricsEndpoint.acceptsGzip("br, gzip;q=0.5")).isTrue();
        assertThat(MetricsEndpoint.acceptsGzip("gzip;q=0, identity")).isFalse();
        assertThat(MetricsEndpoint.acceptsGzip("identity")).isFalse();
        assertThat(MetricsEndpoint.acceptsGzip(null)).isFalse();
    }

    private static String send(java.net.http.HttpClient http, java.net.http.HttpRequest request) {
        try {
            return http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "unreachable: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
