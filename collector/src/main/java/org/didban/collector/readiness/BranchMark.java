package org.didban.collector.readiness;

import java.util.Objects;
import org.didban.model.Branch;

/**
 * One branch as the last national computation left it: what dashboards show of every branch
 * (its score, band, when it was last heard and how many of its devices are not reporting). Kept
 * for all ~59,000 branches, so it holds numbers only, never the gate-by-gate story.
 *
 * @param lastHeard        the latest report of any of its devices (epoch ms); 0 if never
 * @param devicesDown      devices that reported once but are down or no longer fresh
 * @param devicesNeverHeard devices that never reported
 * @param activeAlerts     pending or firing alerts of the branch, acknowledged or silenced ones included
 */
public record BranchMark(Branch branch, int score, Band band, boolean ready, long lastHeard, int devices,
                         int devicesDown, int devicesNeverHeard, int activeAlerts) {
    public BranchMark {
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(band, "band");
    }
}
