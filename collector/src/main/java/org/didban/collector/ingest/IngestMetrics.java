package org.didban.collector.ingest;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.didban.collector.shard.BatchOutcome;

/** Counters of what the ingest endpoint accepted and refused. Thread-safe. */
public final class IngestMetrics {
    private final Counter batches;
    private final Counter samples;
    private final Counter events;
    private final Counter duplicates;
    private final Counter gaps;
    private final Counter missed;
    private final Counter rejected;
    private final Counter skewed;
    private final Histogram skew;
    private final Counter clamped;

    public IngestMetrics(PrometheusRegistry registry) {
        batches = Counter.builder().name("didban_ingest_batches_total")
                .help("Batches accepted and applied.").register(registry);
        samples = Counter.builder().name("didban_ingest_samples_total")
                .help("Samples in accepted batches.").register(registry);
        events = Counter.builder().name("didban_ingest_events_total")
                .help("Events in accepted batches.").register(registry);
        duplicates = Counter.builder().name("didban_ingest_duplicates_total")
                .help("Batches whose sequence number was already accepted (agent retries); not applied again.")
                .register(registry);
        gaps = Counter.builder().name("didban_ingest_sequence_gaps_total")
                .help("Accepted batches that skipped sequence numbers after the agent's previous batch.")
                .register(registry);
        missed = Counter.builder().name("didban_ingest_missed_batches_total")
                .help("Sequence numbers skipped by agents, summed over all gaps.").register(registry);
        rejected = Counter.builder().name("didban_ingest_rejected_total")
                .help("Batches refused, by reason.").labelNames("reason").register(registry);
        skewed = Counter.builder().name("didban_ingest_clock_skewed_batches_total")
                .help("Batches whose agent clock was found beyond the skew bound (accepted): direction ahead (per batch)"
                        + " or behind (per agent and 10-minute window).").labelNames("direction").register(registry);
        skewed.labelValues("ahead").inc(0);
        skewed.labelValues("behind").inc(0);
        skew = Histogram.builder().name("didban_ingest_clock_skew_seconds")
                .help("Size of the agent clock skews found beyond the bound, either direction.")
                .classicUpperBounds(150, 300, 600, 1800, 3600, 21600, 86400).register(registry);
        clamped = Counter.builder().name("didban_ingest_future_timestamps_total")
                .help("Samples and events stamped further in the future than the skew bound; stamped with the receive time instead.")
                .register(registry);
        for (RejectReason r : RejectReason.values()) {
            rejected.labelValues(r.label()).inc(0);
        }
    }

    void applied(BatchOutcome outcome) {
        if (outcome.duplicate()) {
            duplicates.inc();
            return;
        }
        batches.inc();
        samples.inc(outcome.samples());
        events.inc(outcome.events());
        if (outcome.missedBatches() > 0) {
            gaps.inc();
            missed.inc(outcome.missedBatches());
        }
    }

    void rejected(RejectReason reason) {
        rejected.labelValues(reason.label()).inc();
    }

    void skewed(ClockSkew.Verdict v) {
        skewed.labelValues(v.direction()).inc();
        skew.observe(Math.abs(v.skewMillis()) / 1000.0);
    }

    void clamped(int n) {
        if (n > 0) {
            clamped.inc(n);
        }
    }
}
