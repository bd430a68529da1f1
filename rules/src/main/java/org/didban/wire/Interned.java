package org.didban.wire;

import java.util.concurrent.ConcurrentHashMap;
import org.didban.model.Labels;

/**
 * One shared copy of the text and label sets that recur in every batch (metric names, label
 * names and values, whole label sets): what the collector keeps of a sample (its series' metric
 * and labels) then points at one copy nationally instead of one per device, and equal label sets
 * are one object, so comparing them is mostly a reference check. Bounded, so that a hostile agent
 * inventing names cannot grow it without end: past {@link #MAX_ENTRIES} new text is simply not
 * shared. Thread-safe: every event loop decodes through it.
 */
final class Interned {
    static final int MAX_ENTRIES = 100_000;

    private static final ConcurrentHashMap<String, String> TEXT = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Labels, Labels> LABELS = new ConcurrentHashMap<>();

    private Interned() {
    }

    static String text(String s) {
        String shared = TEXT.get(s);
        if (shared != null) {
            return shared;
        }
        if (TEXT.size() >= MAX_ENTRIES) {
            return s;
        }
        shared = TEXT.putIfAbsent(s, s);
        return shared == null ? s : shared;
    }

    /** The shared label set of the first {@code count} pairs (its names and values shared too). */
    static Labels labels(String[] names, String[] values, int count) {
        if (count == 0) {
            return Labels.EMPTY;
        }
        Labels l = Labels.of(names, values, count);
        Labels shared = LABELS.get(l);
        if (shared != null) {
            return shared;
        }
        if (LABELS.size() >= MAX_ENTRIES) {
            return l;
        }
        String[] n = new String[count];
        String[] v = new String[count];
        for (int i = 0; i < count; i++) {
            n[i] = text(names[i]);
            v[i] = text(values[i]);
        }
        l = Labels.of(n, v, count);
        shared = LABELS.putIfAbsent(l, l);
        return shared == null ? l : shared;
    }
}
