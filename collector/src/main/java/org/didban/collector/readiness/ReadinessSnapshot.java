package org.didban.collector.readiness;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.didban.model.ElectionPhase;

/**
 * The nation's readiness as computed at one time: the nation with its provinces as parts, each
 * province with its counties, each county with its worst branches. What the endpoint and the
 * Prometheus metrics serve between two computations. Immutable.
 *
 * @param computedAt         the shards' clock when they began assessing (epoch ms; the latest of them)
 * @param tookMillis         from asking the shards to the merged answer
 * @param shardBusyMillis    the most time one shard's event loop spent assessing, over all its visits
 * @param longestVisitMillis the longest single visit to a shard's event loop: how long it was kept from other work
 * @param branches           every branch, in no particular order
 * @param alerts             the active alerts at the time, counted by county, severity, rule and state
 */
public record ReadinessSnapshot(long computedAt, ElectionPhase phase, double tookMillis, double shardBusyMillis,
                                double longestVisitMillis, ReadinessRollup nation, Map<String, ReadinessRollup> provinces,
                                Map<String, ReadinessRollup> counties, List<BranchMark> branches,
                                Map<AlertCount, Integer> alerts) {
    public ReadinessSnapshot {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(nation, "nation");
        provinces = Map.copyOf(provinces);
        counties = Map.copyOf(counties);
        branches = List.copyOf(branches);
        alerts = Map.copyOf(alerts);
    }

    /** A province with its counties as parts, or null. */
    public ReadinessRollup province(String code) {
        return provinces.get(code);
    }

    /** A county with its worst branches, or null. */
    public ReadinessRollup county(String code) {
        return counties.get(code);
    }
}
