package org.didban.collector.alerts;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Tells an alert that keeps coming back from one that is news: an alert whose de-duplication key
 * started {@code threshold} times within {@code window} flaps, and stays flapping until it has
 * not started for a whole window. A flapping alert is still recorded; its notifications are
 * held (one "flapping" notice instead), so a loose cable does not page a county every minute.
 * Owned by one shard's event loop.
 */
public final class FlapDamping {
    private final int threshold;
    private final long windowMillis;
    private final Map<String, ArrayDeque<Long>> starts = new HashMap<>();
    /** Keys that flap and were announced as flapping. */
    private final java.util.Set<String> flagged = new java.util.HashSet<>();

    public FlapDamping(int threshold, long windowMillis) {
        if (threshold < 2 || windowMillis <= 0) {
            throw new IllegalArgumentException("flap damping needs a threshold of 2 or more and a positive window");
        }
        this.threshold = threshold;
        this.windowMillis = windowMillis;
    }

    public static FlapDamping standard() {
        return new FlapDamping(4, 30 * 60_000L);
    }

    /** What a start means for the key. */
    public enum Verdict { STEADY, STARTED_FLAPPING, STILL_FLAPPING }

    /** An alert with this key started at {@code at}. */
    public Verdict started(String key, long at) {
        ArrayDeque<Long> times = starts.computeIfAbsent(key, k -> new ArrayDeque<>(threshold));
        times.addLast(at);
        while (times.size() > threshold) {
            times.removeFirst();
        }
        if (flagged.contains(key)) {
            return Verdict.STILL_FLAPPING;
        }
        prune(times, at);
        if (times.size() >= threshold) {
            flagged.add(key);
            return Verdict.STARTED_FLAPPING;
        }
        return Verdict.STEADY;
    }

    /** A key known to flap (taken up after a restart), last started at {@code lastStart}. */
    public void flag(String key, long lastStart) {
        ArrayDeque<Long> times = starts.computeIfAbsent(key, k -> new ArrayDeque<>(threshold));
        times.addLast(lastStart);
        while (times.size() > threshold) {
            times.removeFirst();
        }
        flagged.add(key);
    }

    /**
     * Whether the key still flaps at {@code at}: once flapping, until no start for a whole
     * window. A key found steady is no longer flagged.
     */
    public boolean flapping(String key, long at) {
        if (!flagged.contains(key)) {
            return false;
        }
        ArrayDeque<Long> times = starts.get(key);
        if (times == null || times.isEmpty() || times.peekLast() <= at - windowMillis) {
            flagged.remove(key);
            return false;
        }
        return true;
    }

    /** Forgets keys that have been quiet for a whole window, so memory follows what is live. */
    public void forgetQuiet(long at) {
        for (Iterator<Map.Entry<String, ArrayDeque<Long>>> it = starts.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, ArrayDeque<Long>> e = it.next();
            prune(e.getValue(), at);
            if (e.getValue().isEmpty()) {
                flagged.remove(e.getKey());
                it.remove();
            }
        }
    }

    private void prune(ArrayDeque<Long> times, long at) {
        while (!times.isEmpty() && times.peekFirst() <= at - windowMillis) {
            times.removeFirst();
        }
    }

    public int tracked() {
        return starts.size();
    }
}
