package org.didban.collector.fiber;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import org.didban.model.FiberStatus;

/**
 * The rollout for Prometheus and Grafana, with bounded cardinality: labels are provinces (31),
 * paper status (3), detected path (5) and finding (5) — never a branch. By county (about 470)
 * there are the rollout's tallies (16 each, about 7,500 series) and each county's deadline, which
 * the planners' gap table and progress panels read. Read from the
 * latest {@link FiberPicture} when scraped; a scrape never recomputes anything. Before the first
 * picture the per-province series are absent.
 */
public final class FiberMetrics {
    private FiberMetrics() {
    }

    /** @param daily the daily snapshots, or null when the collector takes none */
    public static void register(PrometheusRegistry registry, FiberRollout rollout, DailySnapshots daily) {
        GaugeWithCallback.builder().name("didban_fiber_branches")
                .help("Branches by province, fiber status on paper (inventory) and uplink detected from their devices.")
                .labelNames("province", "paper", "detected")
                .callback(cb -> {
                    FiberPicture p = rollout.picture();
                    if (p == null) {
                        return;
                    }
                    for (String province : p.provinces().keySet()) {
                        for (FiberStatus paper : FiberStatus.values()) {
                            for (Detected d : Detected.values()) {
                                cb.call(p.count(province, paper, d), province, paper.wireName(), d.wireName());
                            }
                        }
                    }
                }).register(registry);
        perProvince(registry, rollout, "didban_fiber_past_deadline",
                "Branches without fiber whose deadline has passed, by province.", FiberCounts.Tally.PAST_DEADLINE);
        perProvince(registry, rollout, "didban_fiber_without_fiber",
                "Branches without fiber where it is expected (neither connected on paper nor running on fiber; mobile branches"
                        + " with none on paper are not counted), by province.",
                FiberCounts.Tally.WITHOUT_FIBER);
        perProvince(registry, rollout, "didban_fiber_sensitive_without_fiber",
                "Sensitive branches without fiber in place, by province.", FiberCounts.Tally.SENSITIVE_WITHOUT_FIBER);
        GaugeWithCallback.builder().name("didban_fiber_findings")
                .help("Branches with each fiber finding (paper against detected, deadlines), by province.")
                .labelNames("province", "finding")
                .callback(cb -> {
                    FiberPicture p = rollout.picture();
                    if (p == null) {
                        return;
                    }
                    for (Map.Entry<String, FiberCounts> e : p.provinces().entrySet()) {
                        for (FiberFinding f : FiberFinding.values()) {
                            cb.call(e.getValue().get(FiberCounts.findingTally(f)), e.getKey(), f.wireName());
                        }
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("didban_fiber_county_branches")
                .help("A county's branches counted by each tally of the rollout (branches, on paper, detected, without"
                        + " fiber, past deadline, findings).")
                .labelNames("province", "county", "tally")
                .callback(cb -> {
                    FiberPicture p = rollout.picture();
                    if (p == null) {
                        return;
                    }
                    for (Map.Entry<String, FiberCounts> e : p.counties().entrySet()) {
                        String province = p.provinceOf(e.getKey());
                        for (FiberCounts.Tally t : FiberCounts.Tally.values()) {
                            cb.call(e.getValue().get(t), province, e.getKey(), t.column());
                        }
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("didban_fiber_county_deadline_timestamp_seconds")
                .help("The start of the day a county's fiber deadline falls on (Unix time, in the deadlines' zone);"
                        + " absent where no deadline covers the county.")
                .labelNames("province", "county", "from")
                .callback(cb -> {
                    FiberPicture p = rollout.picture();
                    if (p == null) {
                        return;
                    }
                    FiberDeadlines deadlines = rollout.deadlines();
                    for (String county : p.counties().keySet()) {
                        String province = p.provinceOf(county);
                        Deadline d = deadlines.forArea(province, county);
                        if (d != null) {
                            cb.call(d.date().atStartOfDay(deadlines.zone()).toEpochSecond(), province, county,
                                    d.from().wireName());
                        }
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("didban_fiber_computed_timestamp_seconds")
                .help("When the fiber rollout was last computed (0 before the first time).")
                .callback(cb -> {
                    FiberPicture p = rollout.picture();
                    cb.call(p == null ? 0 : p.computedAt() / 1000.0);
                }).register(registry);
        GaugeWithCallback.builder().name("didban_fiber_compute_seconds")
                .help("How long the last computation of the fiber rollout took.")
                .callback(cb -> {
                    FiberPicture p = rollout.picture();
                    cb.call(p == null ? 0 : p.tookMillis() / 1000.0);
                }).register(registry);
        CounterWithCallback.builder().name("didban_fiber_compute_failures_total")
                .help("Computations of the fiber rollout that failed.")
                .callback(cb -> cb.call(rollout.failures())).register(registry);
        if (daily != null) {
            CounterWithCallback.builder().name("didban_fiber_snapshots_total")
                    .help("Daily fiber snapshots stored since start.")
                    .callback(cb -> cb.call(daily.taken())).register(registry);
            CounterWithCallback.builder().name("didban_fiber_snapshot_failures_total")
                    .help("Daily fiber snapshots that could not be taken or stored (retried).")
                    .callback(cb -> cb.call(daily.failures())).register(registry);
            GaugeWithCallback.builder().name("didban_fiber_snapshot_last_timestamp_seconds")
                    .help("When this collector last stored a daily fiber snapshot (0 never).")
                    .callback(cb -> cb.call(daily.lastTakenAt() / 1000.0)).register(registry);
        }
    }

    private static void perProvince(PrometheusRegistry registry, FiberRollout rollout, String name, String help,
                                    FiberCounts.Tally tally) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("province")
                .callback(cb -> {
                    FiberPicture p = rollout.picture();
                    if (p == null) {
                        return;
                    }
                    for (Map.Entry<String, FiberCounts> e : p.provinces().entrySet()) {
                        cb.call(e.getValue().get(tally), e.getKey());
                    }
                }).register(registry);
    }
}
