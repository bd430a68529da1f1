package org.didban.rules;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which metrics a label set holds, in arrival order, and where each one's numbers sit in the
 * label set's array: value and time for every metric, and a rate after them for a counter
 * ({@code _total}). Immutable and shared: devices polled by the same profile see their metrics in
 * the same order, so half a million devices' interfaces share a handful of layouts instead of
 * each keeping its own array of names. A layout grows into the next by one metric, and that step
 * is remembered, so the shared layouts are found without a lookup by content.
 */
final class MetricLayout {
    /** Layouts remembered across the process; past this (a hostile stream of new metric names) a
     * label set gets a layout of its own, which costs memory but changes nothing else. */
    static final int SHARED_LIMIT = 50_000;
    private static final AtomicInteger SHARED = new AtomicInteger();

    static final MetricLayout EMPTY = new MetricLayout(new String[0], new int[0], 0);

    private final String[] metrics;
    private final int[] offsets;
    private final int slots;
    private volatile Map<String, MetricLayout> next;

    private MetricLayout(String[] metrics, int[] offsets, int slots) {
        this.metrics = metrics;
        this.offsets = offsets;
        this.slots = slots;
    }

    static boolean isCounter(String metric) {
        return metric.endsWith("_total");
    }

    int size() {
        return metrics.length;
    }

    String metric(int i) {
        return metrics[i];
    }

    /** Where metric {@code i}'s value is; its time follows it, and its rate, for a counter. */
    int offset(int i) {
        return offsets[i];
    }

    boolean hasRate(int i) {
        int end = i + 1 < offsets.length ? offsets[i + 1] : slots;
        return end - offsets[i] == 3;
    }

    /** How many numbers a label set of this layout holds. */
    int slots() {
        return slots;
    }

    int indexOf(Object metric) {
        String[] m = metrics;
        for (int i = 0; i < m.length; i++) {
            if (m[i] == metric) {
                return i;
            }
        }
        for (int i = 0; i < m.length; i++) {
            if (m[i].equals(metric)) {
                return i;
            }
        }
        return -1;
    }

    /** This layout with {@code metric} appended. */
    MetricLayout with(String metric) {
        Map<String, MetricLayout> known = next;
        if (known != null) {
            MetricLayout found = known.get(metric);
            if (found != null) {
                return found;
            }
        }
        MetricLayout grown = grow(metric);
        if (SHARED.get() >= SHARED_LIMIT) {
            return grown;
        }
        if (known == null) {
            synchronized (this) {
                if (next == null) {
                    next = new ConcurrentHashMap<>(2);
                }
                known = next;
            }
        }
        MetricLayout raced = known.putIfAbsent(metric, grown);
        if (raced != null) {
            return raced;
        }
        SHARED.incrementAndGet();
        return grown;
    }

    private MetricLayout grow(String metric) {
        int n = metrics.length;
        String[] m = Arrays.copyOf(metrics, n + 1);
        m[n] = metric;
        int[] o = Arrays.copyOf(offsets, n + 1);
        o[n] = slots;
        return new MetricLayout(m, o, slots + (isCounter(metric) ? 3 : 2));
    }
}
