package org.didban.collector.ingest;

import io.prometheus.metrics.core.metrics.Counter;
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
}
