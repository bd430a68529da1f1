package org.didban.collector.cluster;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** A cluster collector's share and traffic on {@code /metrics} (docs/OPERATIONS.md). */
public final class ClusterMetrics {
    private ClusterMetrics() {
    }

    public static void register(PrometheusRegistry registry, CountyOwnership ownership) {
        GaugeWithCallback.builder().name("didban_cluster_members")
                .help("Collectors in the cluster as this one sees it.")
                .callback(cb -> cb.call(ownership.members().size())).register(registry);
        GaugeWithCallback.builder().name("didban_cluster_counties_held")
                .help("Counties this collector has taken up (their branches are evaluated here).")
                .callback(cb -> cb.call(ownership.held().size())).register(registry);
        CounterWithCallback.builder().name("didban_cluster_batches_forwarded_total")
                .help("Batches accepted here and handed to the collector that owns their county.")
                .callback(cb -> cb.call(ownership.forwarded())).register(registry);
        CounterWithCallback.builder().name("didban_cluster_batches_moving_total")
                .help("Batches answered 503 because their county was between collectors or its owner was unreachable.")
                .callback(cb -> cb.call(ownership.refusedMoving())).register(registry);
        CounterWithCallback.builder().name("didban_cluster_takeovers_total")
                .help("Times this collector took over counties of a collector that left the cluster.")
                .callback(cb -> cb.call(ownership.takeovers())).register(registry);
    }

    /** What the others told this collector of their readiness and fiber, and it refused. */
    public static void registerReports(PrometheusRegistry registry, ClusterReadiness readiness, ClusterFiber fiber) {
        CounterWithCallback.builder().name("didban_cluster_reports_refused_total")
                .help("Readiness counts and uplink detections from other collectors refused as malformed or not"
                        + " matching this collector's inventory (a collector with another inventory, say).")
                .labelNames("report")
                .callback(cb -> {
                    cb.call(readiness.refused(), "readiness");
                    cb.call(fiber.refused(), "fiber");
                }).register(registry);
    }
}
