package org.didban.collector.readiness;

import java.util.List;
import java.util.Objects;

/**
 * One county assessed just now, branch by branch: its roll-up and every branch, worst first.
 * A county lives on one shard, so this is one short visit to that shard's event loop.
 */
public record CountyReadiness(ReadinessRollup rollup, List<BranchReadiness> branches) {
    public CountyReadiness {
        Objects.requireNonNull(rollup, "rollup");
        branches = List.copyOf(branches);
    }
}
