package org.didban.collector.shard;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.didban.collector.alerts.AlertRecorder;
import org.didban.collector.alerts.SilenceBoard;
import org.didban.collector.alerts.TrackedAlert;
import org.didban.model.AlertTransition;
import org.didban.model.Inventory;
import org.didban.rules.PhaseSchedule;
import org.didban.rules.RuleSet;

/**
 * What every shard of a collector shares: immutable inventory and rules, sizes, metrics, where
 * alert changes are recorded, the silences, the alerts to take up after a restart, and the
 * transition listeners, and which counties are this collector's at start (all of them, unless it is
 * one node of a cluster, whose share is handed to it as the cluster settles). Listeners run on the shard's event loop, in transition order, and must
 * not block (hand slow work such as persistence or notifications to a worker or another verticle).
 */
public record ShardSettings(Inventory inventory, RuleSet rules, PhaseSchedule phases, int shardCount,
                            int resolvedAlertsPerShard, int eventsPerBranch, ShardMetrics metrics,
                            List<Consumer<AlertTransition>> listeners, AlertRecorder recorder, SilenceBoard silences,
                            List<TrackedAlert> restored, java.util.function.Predicate<String> ownedAtStart) {
    /** A collector on its own: every county is its own from the start. */
    public ShardSettings(Inventory inventory, RuleSet rules, PhaseSchedule phases, int shardCount,
                         int resolvedAlertsPerShard, int eventsPerBranch, ShardMetrics metrics,
                         List<Consumer<AlertTransition>> listeners, AlertRecorder recorder, SilenceBoard silences,
                         List<TrackedAlert> restored) {
        this(inventory, rules, phases, shardCount, resolvedAlertsPerShard, eventsPerBranch, metrics, listeners, recorder,
                silences, restored, county -> true);
    }

    public ShardSettings {
        Objects.requireNonNull(ownedAtStart, "ownedAtStart");
        Objects.requireNonNull(inventory, "inventory");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(phases, "phases");
        Objects.requireNonNull(metrics, "metrics");
        listeners = List.copyOf(listeners);
        Objects.requireNonNull(recorder, "recorder");
        Objects.requireNonNull(silences, "silences");
        restored = List.copyOf(restored);
        if (shardCount < 1) {
            throw new IllegalArgumentException("at least one shard");
        }
    }
}
