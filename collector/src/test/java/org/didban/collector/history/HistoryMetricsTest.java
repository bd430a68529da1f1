package org.didban.collector.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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
        assertThat(org.didban.collector.testing.Promtool.checkMetrics(text)).isBlank();
    }
}
