package org.didban.collector.shard;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.didban.model.Event;

/** The last few events of each branch, for the branch view; the history proper belongs to a time-series store. */
final class RecentEvents {
    private final Map<String, ArrayDeque<Event>> byBranch = new HashMap<>();
    private final int perBranch;

    RecentEvents(int perBranch) {
        this.perBranch = perBranch;
    }

    void record(String branchCode, List<Event> events) {
        if (events.isEmpty() || perBranch == 0) {
            return;
        }
        ArrayDeque<Event> ring = byBranch.computeIfAbsent(branchCode, k -> new ArrayDeque<>());
        for (Event e : events) {
            if (ring.size() == perBranch) {
                ring.removeFirst();
            }
            ring.addLast(e);
        }
    }

    void forget(java.util.Collection<String> branchCodes) {
        byBranch.keySet().removeAll(branchCodes);
    }

    /** Newest first. */
    List<Event> of(String branchCode) {
        ArrayDeque<Event> ring = byBranch.get(branchCode);
        if (ring == null) {
            return List.of();
        }
        List<Event> out = new ArrayList<>(ring.size());
        for (Iterator<Event> it = ring.descendingIterator(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }
}
