package org.didban.collector.readiness;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Readiness for Prometheus, by province (at most 31 values) and never by branch. Every callback
 * reads the {@link ReadinessBoard}'s last snapshot: a scrape computes nothing. Before the first
 * snapshot the readiness series are absent.
 * <pre>
 * didban_readiness_branches{province, band}           branches in each band
 * didban_readiness_ready_branches{province}           branches with every gate passed
 * didban_readiness_never_heard_branches{province}     branches none of whose devices ever reported
 * didban_readiness_gate_failures{province, gate}      branches failing each gate
 * didban_readiness_gate_unknown{province, gate}       branches whose gate cannot be told for want of data
 * didban_readiness_score_avg{province}                average score (0..100)
 * didban_readiness_computed_timestamp_seconds         when the snapshot was computed
 * didban_readiness_computation_seconds                how long the last national computation took
 * didban_readiness_shard_busy_seconds                 the most one shard's event loop spent on it, all visits
 * didban_readiness_longest_visit_seconds              the longest one visit kept a shard's event loop from other work
 * didban_readiness_computation_failures_total         computations that failed
 * </pre>
 */
public final class ReadinessMetrics {
    private ReadinessMetrics() {
    }

    public static void register(PrometheusRegistry registry, ReadinessBoard board) {
        GaugeWithCallback.builder().name("didban_readiness_branches")
                .help("Branches in each readiness band, by province (from the last readiness snapshot).")
                .labelNames("province", "band")
                .callback(cb -> {
                    ReadinessSnapshot s = board.latest();
                    if (s == null) {
                        return;
                    }
                    for (ReadinessRollup p : s.nation().parts()) {
                        for (Band b : Band.values()) {
                            cb.call(p.count(b), p.code(), b.wireName());
                        }
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("didban_readiness_ready_branches")
                .help("Branches with every readiness gate passed, by province.")
                .labelNames("province")
                .callback(cb -> {
                    ReadinessSnapshot s = board.latest();
                    if (s != null) {
                        s.nation().parts().forEach(p -> cb.call(p.ready(), p.code()));
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("didban_readiness_never_heard_branches")
                .help("Branches none of whose devices has ever reported, by province.")
                .labelNames("province")
                .callback(cb -> {
                    ReadinessSnapshot s = board.latest();
                    if (s != null) {
                        s.nation().parts().forEach(p -> cb.call(p.neverHeard(), p.code()));
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("didban_readiness_gate_failures")
                .help("Branches failing each readiness gate, by province.")
                .labelNames("province", "gate")
                .callback(cb -> {
                    ReadinessSnapshot s = board.latest();
                    if (s == null) {
                        return;
                    }
                    for (ReadinessRollup p : s.nation().parts()) {
                        for (Gate g : Gate.values()) {
                            cb.call(p.failed(g), p.code(), g.wireName());
                        }
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("didban_readiness_gate_unknown")
                .help("Branches whose readiness gate cannot be told for want of data, by province.")
                .labelNames("province", "gate")
                .callback(cb -> {
                    ReadinessSnapshot s = board.latest();
                    if (s == null) {
                        return;
                    }
                    for (ReadinessRollup p : s.nation().parts()) {
                        for (Gate g : Gate.values()) {
                            cb.call(p.unknown(g), p.code(), g.wireName());
                        }
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("didban_readiness_score_avg")
                .help("Average readiness score (0..100) of a province's branches.")
                .labelNames("province")
                .callback(cb -> {
                    ReadinessSnapshot s = board.latest();
                    if (s == null) {
                        return;
                    }
                    for (ReadinessRollup p : s.nation().parts()) {
                        if (Double.isFinite(p.scoreAverage())) {
                            cb.call(p.scoreAverage(), p.code());
                        }
                    }
                }).register(registry);
        ofSnapshot(registry, board, "didban_readiness_computed_timestamp_seconds",
                "When the readiness snapshot served now was computed (Unix time).",
                s -> s.computedAt() / 1000.0);
        ofSnapshot(registry, board, "didban_readiness_computation_seconds",
                "How long the last national readiness computation took, from asking the shards to the merged snapshot.",
                s -> s.tookMillis() / 1000.0);
        ofSnapshot(registry, board, "didban_readiness_shard_busy_seconds",
                "The most time one shard's event loop spent assessing its branches in the last computation, over all its visits.",
                s -> s.shardBusyMillis() / 1000.0);
        ofSnapshot(registry, board, "didban_readiness_longest_visit_seconds",
                "The longest one visit of the last readiness computation kept a shard's event loop from other work.",
                s -> s.longestVisitMillis() / 1000.0);
        CounterWithCallback.builder().name("didban_readiness_computation_failures_total")
                .help("National readiness computations that failed (the previous snapshot stays served).")
                .callback(cb -> cb.call(board.failures())).register(registry);
    }

    /** A gauge read from the snapshot served now; absent until the first computation. */
    private static void ofSnapshot(PrometheusRegistry registry, ReadinessBoard board, String name, String help,
                                   java.util.function.ToDoubleFunction<ReadinessSnapshot> value) {
        GaugeWithCallback.builder().name(name).help(help)
                .callback(cb -> {
                    ReadinessSnapshot s = board.latest();
                    if (s != null) {
                        cb.call(value.applyAsDouble(s));
                    }
                }).register(registry);
    }
}
