package org.didban.collector.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HistoryMetricsTest {
    @Test
    void exposesTheCountersAndGaugesInAFormPromtoolAccepts() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        InfluxSettings settings = InfluxSettings.builder("http://127.0.0.1:" + HistoryFixtures.closedPort()).build();
        String text;
        try (InfluxHistory history = InfluxHistory.start(settings)) {
            HistoryMetrics.register(registry, history);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrometheusTextFormatWriter.builder().build().write(out, registry.scrape());
            text = out.toString(StandardCharsets.UTF_8);
        }
        assertThat(text).contains(
                "# HELP didban_history_points_written_total ",
                "# TYPE didban_history_points_written_total counter",
                "didban_history_points_written_total 0",
                "didban_history_points_dropped_total{reason=\"buffer_full\"} 0",
                "didban_history_points_dropped_total{reason=\"invalid\"} 0",
                "didban_history_points_dropped_total{reason=\"refused\"} 0",
                "# TYPE didban_history_batch_failures_total counter",
                "# TYPE didban_history_queue_points gauge",
                "didban_history_queue_points ",
                "didban_history_last_write_timestamp_seconds 0");
        assertThat(promtoolComplaints(text)).isBlank();
    }

    private static String promtoolComplaints(String text) throws IOException, InterruptedException {
        String onPath = System.getenv("PATH") == null ? "" : System.getenv("PATH");
        boolean found = Files.isExecutable(Path.of("/usr/bin/promtool")) || List.of(onPath.split(":")).stream()
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, "promtool")));
        if (!found) {
            fail("promtool is not installed (Debian package 'prometheus'); run scripts/test, which installs the test tools");
        }
        Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // promtool may close its input early on fatal errors; its output says why.
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("promtool check metrics did not finish within 30 s");
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }
}
