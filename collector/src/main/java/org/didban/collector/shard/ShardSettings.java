package org.didban.collector.shard;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.didban.model.AlertTransition;
import org.didban.model.Inventory;
import org.didban.rules.PhaseSchedule;
import org.didban.rules.RuleSet;

/**
 * What every shard of a collector shares: immutable inventory and rules, sizes, metrics, and the
 * transition listeners. Listeners run on the shard's event loop, in transition order, and must
 * not block (hand slow work such as persistence or notifications to a worker or another verticle).
 */
public record ShardSettings(Inventory inventory, RuleSet rules, PhaseSchedule phases, int shardCount,
                            int resolvedAlertsPerShard, int eventsPerBranch, ShardMetrics metrics,
                            List<Consumer<AlertTransition>> listeners) {
    public ShardSettings {
        Objects.requireNonNull(inventory, "inventory");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(phases, "phases");
        Objects.requireNonNull(metrics, "metrics");
        listeners = List.copyOf(listeners);
        if (shardCount < 1) {
            throw new IllegalArgumentException("at least one shard");
        }
    }
}
