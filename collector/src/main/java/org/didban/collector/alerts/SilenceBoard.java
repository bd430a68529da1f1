package org.didban.collector.alerts;

import java.util.ArrayList;
import java.util.List;

/**
 * The silences not yet over, shared by every shard: replaced whole on each change (copy on
 * write), so a shard reads a consistent list without locking.
 */
public final class SilenceBoard {
    private volatile List<Silence> silences = List.of();

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
