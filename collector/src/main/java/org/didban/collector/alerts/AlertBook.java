package org.didban.collector.alerts;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.didban.model.Alert;
import org.didban.model.AlertKey;
import org.didban.model.AlertTransition;

/**
 * The alerts of one shard: the active ones by key, and a bounded ring of the most recently
 * resolved ones (the durable history is the job of the transition listeners). Owned by the
 * shard's event loop; not thread-safe.
 */
public final class AlertBook {
    private final Map<AlertKey, Alert> active = new HashMap<>();
    private final ArrayDeque<Alert> resolved;
    private final int resolvedCapacity;

    public AlertBook(int resolvedCapacity) {
        if (resolvedCapacity < 0) {
            throw new IllegalArgumentException("resolved capacity below zero");
        }
        this.resolvedCapacity = resolvedCapacity;
        this.resolved = new ArrayDeque<>(Math.min(resolvedCapacity, 1024));
    }

    public void record(AlertTransition t) {
        Alert alert = t.alert();
        switch (t.to()) {
            case RESOLVED -> {
                active.remove(alert.key());
                if (resolvedCapacity > 0) {
                    if (resolved.size() == resolvedCapacity) {
                        resolved.removeFirst();
                    }
                    resolved.addLast(alert);
                }
            }
            // Pending that cleared before it fired: it never was an alert anyone saw.
            case INACTIVE -> active.remove(alert.key());
            default -> active.put(alert.key(), alert);
        }
    }

    public Collection<Alert> active() {
        return Collections.unmodifiableCollection(active.values());
    }

    /** Oldest first. */
    public Collection<Alert> recentlyResolved() {
        return Collections.unmodifiableCollection(resolved);
    }

    /** The active and recently resolved alerts that {@code query} selects. */
    public List<Alert> select(AlertQuery query) {
        List<Alert> out = new ArrayList<>();
        if (query.wantsActive()) {
            for (Alert a : active.values()) {
                if (query.matches(a)) {
                    out.add(a);
                }
            }
        }
        if (query.wantsResolved()) {
            for (Alert a : resolved) {
                if (query.matches(a)) {
                    out.add(a);
                }
            }
        }
        return out;
    }
}
