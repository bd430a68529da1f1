package org.didban.collector.readiness;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Active alerts by county, severity, rule and state, as counted at the last readiness snapshot
 * (every 30 s by default). Only groups with at least one alert are present, so the number of
 * series follows what is wrong rather than every possible combination: at most counties × rules
 * × states (470 × 45 × 4), in practice a few hundred on a bad day. Severity adds few: it
 * follows the rule, raised one step at sensitive branches. The live national gauge
 * {@code didban_alerts_active{severity, state}} is kept by the shards themselves.
 */
public final class CountyAlertMetrics {
    private CountyAlertMetrics() {
    }

    public static void register(PrometheusRegistry registry, ReadinessBoard board) {
        GaugeWithCallback.builder().name("didban_county_alerts")
                .help("Active alerts by province, county, severity, rule and state (pending, firing, acknowledged, silenced),"
                        + " as of the last readiness snapshot.")
                .labelNames("province", "county", "severity", "rule", "state")
                .callback(cb -> {
                    ReadinessSnapshot s = board.latest();
                    if (s != null) {
                        s.alerts().forEach((k, n) -> cb.call(n, k.province(), k.county(), k.severity(), k.rule(), k.state()));
                    }
                }).register(registry);
    }
}
