package org.didban.collector.metrics;

import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import java.util.function.IntSupplier;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * How much the collector watches and with how many shards: fixed at start, so plain gauges;
 * the rule count changes on reload, so it is read when scraped.
 */
public final class SizeMetrics {
    private SizeMetrics() {
    }

    public static void register(PrometheusRegistry registry, int branches, int devices, int agents, IntSupplier rules,
                                int shards) {
        gauge(registry, "didban_inventory_branches", "Branches in the loaded inventory.", branches);
        gauge(registry, "didban_inventory_devices", "Devices in the loaded inventory.", devices);
        gauge(registry, "didban_inventory_agents", "Site agents allowed to send batches.", agents);
        GaugeWithCallback.builder().name("didban_rules_loaded").help("Rules in force and evaluated.")
                .callback(cb -> cb.call(rules.getAsInt())).register(registry);
        gauge(registry, "didban_shards", "Shards of live state (each on its own event-loop context).", shards);
    }

    private static void gauge(PrometheusRegistry registry, String name, String help, double value) {
        Gauge.builder().name(name).help(help).register(registry).set(value);
    }
}
