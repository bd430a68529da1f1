package org.didban.collector.history;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** Whether history reaches InfluxDB: points written and lost, failed attempts, the backlog, the last write. */
public final class HistoryMetrics {
    private HistoryMetrics() {
    }

    public static void register(PrometheusRegistry registry, InfluxHistory history) {
        CounterWithCallback.builder().name("didban_history_points_written_total")
                .help("Points InfluxDB took: samples, alert transitions and daily readiness and fiber points.")
                .callback(cb -> cb.call(history.pointsWritten())).register(registry);
        CounterWithCallback.builder().name("didban_history_points_dropped_total")
                .help("Points that never reached InfluxDB, by reason: buffer_full (InfluxDB away too long or too slow),"
                        + " invalid (not a number, or text a tag cannot hold), refused (InfluxDB rejected the batch).")
                .labelNames("reason")
                .callback(cb -> {
                    cb.call(history.pointsDropped(), "buffer_full");
                    cb.call(history.pointsInvalid(), "invalid");
                    cb.call(history.pointsRefused(), "refused");
                }).register(registry);
        CounterWithCallback.builder().name("didban_history_batch_failures_total")
                .help("Writes to InfluxDB that failed and are retried (no answer, 5xx, no right, no database).")
                .callback(cb -> cb.call(history.batchFailures())).register(registry);
        GaugeWithCallback.builder().name("didban_history_queue_points")
                .help("Points waiting to be written to InfluxDB.")
                .callback(cb -> cb.call(history.queueDepth())).register(registry);
        GaugeWithCallback.builder().name("didban_history_last_write_timestamp_seconds")
                .help("When InfluxDB last took points (Unix time), 0 if it never has.")
                .callback(cb -> cb.call(history.lastWriteMillis() / 1000.0)).register(registry);
    }
}
