package org.didban.rules;

import java.util.EnumMap;
import java.util.Map;
import org.didban.model.ElectionPhase;

/**
 * A duration that may differ by election phase: {@code for: 5m}, or
 * {@code for: {default: 5m, voting: 60s}}. Zero means "not set".
 */
public final class PhaseDurations {
    public static final PhaseDurations NONE = new PhaseDurations(0, Map.of());

    private final long defaultMillis;
    private final EnumMap<ElectionPhase, Long> byPhase;
    /** Asked for every rule of every device at start-up (absence watches): worked out once. */
    private final boolean set;

    public PhaseDurations(long defaultMillis, Map<ElectionPhase, Long> byPhase) {
        this.defaultMillis = defaultMillis;
        this.byPhase = byPhase.isEmpty() ? new EnumMap<>(ElectionPhase.class) : new EnumMap<>(byPhase);
        this.set = defaultMillis > 0 || this.byPhase.values().stream().anyMatch(v -> v > 0);
    }

    public static PhaseDurations of(long millis) {
        return millis == 0 ? NONE : new PhaseDurations(millis, Map.of());
    }

    public long at(ElectionPhase phase) {
        Long m = byPhase.get(phase);
        return m == null ? defaultMillis : m;
    }

    public boolean isSet() {
        return set;
    }

    public long defaultMillis() {
        return defaultMillis;
    }

    public Map<ElectionPhase, Long> byPhase() {
        return Map.copyOf(byPhase);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PhaseDurations p && p.defaultMillis == defaultMillis && p.byPhase.equals(byPhase);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(defaultMillis) * 31 + byPhase.hashCode();
    }

    @Override
    public String toString() {
        return byPhase.isEmpty() ? defaultMillis + "ms" : "{default=" + defaultMillis + "ms, " + byPhase + "}";
    }
}
