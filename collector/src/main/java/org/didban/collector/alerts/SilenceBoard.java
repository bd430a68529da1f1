package org.didban.collector.alerts;

import java.util.ArrayList;
import java.util.List;

/**
 * The silences not yet over, shared by every shard: replaced whole on each change (copy on
 * write), so a shard reads a consistent list without locking.
 */
public final class SilenceBoard {
    private volatile List<Silence> silences = List.of();
    /** Silences someone is ending now: a second end of the same one is refused, not recorded twice. */
    private final java.util.Set<String> ending = new java.util.HashSet<>();

    public List<Silence> current() {
        return silences;
    }

    public synchronized void put(Silence s) {
        List<Silence> next = new ArrayList<>(silences.size() + 1);
        for (Silence x : silences) {
            if (!x.id().equals(s.id())) {
                next.add(x);
            }
        }
        if (s.endedAt() == 0) {
            next.add(s);
        }
        silences = List.copyOf(next);
    }

    public synchronized void replace(List<Silence> all) {
        silences = List.copyOf(all);
    }

    /** Claims the end of a silence in force; false if it is not in force or already being ended. */
    public synchronized boolean claimEnd(String id) {
        return find(id) != null && ending.add(id);
    }

    public synchronized void releaseEnd(String id) {
        ending.remove(id);
    }

    public Silence find(String id) {
        for (Silence s : silences) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        return null;
    }

    /** Drops those that ended before {@code at}. */
    public synchronized void expire(long at) {
        List<Silence> next = new ArrayList<>();
        for (Silence s : silences) {
            if (s.effectiveEnd() > at) {
                next.add(s);
            }
        }
        if (next.size() != silences.size()) {
            silences = List.copyOf(next);
        }
    }
}
