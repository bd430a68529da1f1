package org.didban.collector.readiness;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.Consumer;
import org.didban.model.Branch;

/**
 * Every branch for Prometheus: about 59,000 branches times six series, so these live in a
 * registry of their own, served at {@code /metrics/branches} and scraped less often than the
 * collector's own {@code /metrics} (docs/GRAFANA.md). Read from the last readiness snapshot;
 * absent before the first one. Labels are the branch and its areas, never a device, so the
 * number of series is six per branch whatever a branch holds.
 * <pre>
 * didban_branch_info{province, county, branch, name, sensitive, fiber, mobile, latitude, longitude}  always 1
 * didban_branch_readiness_score{province, county, branch}              0..100
 * didban_branch_readiness_band{province, county, branch}               0 green, 1 amber, 2 red
 * didban_branch_last_heard_timestamp_seconds{province, county, branch} absent while never heard
 * didban_branch_devices_down{province, county, branch}                 down or no longer fresh
 * didban_branch_active_alerts{province, county, branch}                pending or firing
 * </pre>
 */
public final class BranchMetrics {
    private BranchMetrics() {
    }

    public static void register(PrometheusRegistry registry, ReadinessBoard board) {
        GaugeWithCallback.builder().name("didban_branch_info")
                .help("A branch and what does not change about it: name, sensitive, fiber on paper, mobile, location. Always 1.")
                .labelNames("province", "county", "branch", "name", "sensitive", "fiber", "mobile", "latitude", "longitude")
                .callback(cb -> each(board, m -> {
                    Branch b = m.branch();
                    cb.call(1, b.provinceCode(), b.countyCode(), b.code(), b.nameEn().isEmpty() ? b.nameFa() : b.nameEn(),
                            Boolean.toString(b.sensitive()), b.fiber().wireName(), Boolean.toString(b.mobile()),
                            b.location() == null ? "" : Double.toString(b.location().latitude()),
                            b.location() == null ? "" : Double.toString(b.location().longitude()));
                })).register(registry);
        perBranch(registry, board, "didban_branch_readiness_score", "A branch's readiness score (0..100).",
                m -> m.score());
        perBranch(registry, board, "didban_branch_readiness_band",
                "A branch's readiness band: 0 green, 1 amber, 2 red.", m -> m.band().ordinal());
        GaugeWithCallback.builder().name("didban_branch_last_heard_timestamp_seconds")
                .help("When any device of the branch last reported (Unix time); absent while none ever has.")
                .labelNames("province", "county", "branch")
                .callback(cb -> each(board, m -> {
                    if (m.lastHeard() > 0) {
                        Branch b = m.branch();
                        cb.call(m.lastHeard() / 1000.0, b.provinceCode(), b.countyCode(), b.code());
                    }
                })).register(registry);
        perBranch(registry, board, "didban_branch_devices_down",
                "Devices of the branch that reported once but are down or no longer fresh.", m -> m.devicesDown());
        perBranch(registry, board, "didban_branch_active_alerts",
                "Pending or firing alerts of the branch, acknowledged and silenced ones included.", m -> m.activeAlerts());
    }

    private interface Value {
        double of(BranchMark m);
    }

    private static void perBranch(PrometheusRegistry registry, ReadinessBoard board, String name, String help, Value value) {
        GaugeWithCallback.builder().name(name).help(help)
                .labelNames("province", "county", "branch")
                .callback(cb -> each(board, m -> {
                    Branch b = m.branch();
                    cb.call(value.of(m), b.provinceCode(), b.countyCode(), b.code());
                })).register(registry);
    }

    private static void each(ReadinessBoard board, Consumer<BranchMark> action) {
        ReadinessSnapshot s = board.latest();
        if (s != null) {
            s.branches().forEach(action);
        }
    }
}
