package org.didban.collector.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.didban.collector.ledger.AlertLedger;
import org.didban.collector.people.BearerAuthentication;
import org.didban.collector.stream.AlertStreamEndpoint;

/**
 * The path from an alert to the people who act on it: the ledger that records it, who was
 * refused at the door, and the live streams. Read from their own counters when scraped.
 */
public final class AlertPathMetrics {
    private AlertPathMetrics() {
    }

    public static void register(PrometheusRegistry registry, AlertLedger ledger, BearerAuthentication auth,
                                AlertStreamEndpoint stream) {
        CounterWithCallback.builder().name("didban_ledger_records_total")
                .help("Records appended to the alert ledger since start.")
                .callback(cb -> cb.call(ledger.appended())).register(registry);
        CounterWithCallback.builder().name("didban_ledger_write_failures_total")
                .help("Ledger writes that failed and were retried (the records wait in memory meanwhile).")
                .callback(cb -> cb.call(ledger.writeFailures())).register(registry);
        GaugeWithCallback.builder().name("didban_ledger_backlog")
                .help("Alert changes accepted and not yet stored in the ledger.")
                .callback(cb -> cb.call(ledger.backlog())).register(registry);
        CounterWithCallback.builder().name("didban_api_auth_failures_total")
                .help("API requests refused for want of a valid bearer token or console session (or its CSRF token), by reason.")
                .labelNames("reason")
                .callback(cb -> {
                    for (BearerAuthentication.Failure f : BearerAuthentication.Failure.values()) {
                        cb.call(auth.failures(f), f.name().toLowerCase(java.util.Locale.ROOT));
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("didban_alert_streams_open")
                .help("Live alert streams open now.")
                .callback(cb -> cb.call(stream.streams())).register(registry);
        CounterWithCallback.builder().name("didban_alert_stream_events_total")
                .help("Alert changes written to live streams.")
                .callback(cb -> cb.call(stream.sent())).register(registry);
        CounterWithCallback.builder().name("didban_alert_streams_dropped_total")
                .help("Live streams closed because their reader fell too far behind.")
                .callback(cb -> cb.call(stream.dropped())).register(registry);
    }
}
