package org.didban.collector.fiber;

import java.util.Locale;
import org.didban.model.Metrics;

/**
 * The uplink a branch runs on, as its own devices report it ({@code uplink_active{kind}}): one of
 * the three kinds of path, {@link #DOWN} when paths are reported but none carries traffic, or
 * {@link #UNKNOWN} when no device of the branch has reported an uplink at all.
 */
public enum Detected {
    FIBER, COPPER, CELLULAR, DOWN, UNKNOWN;

    /** The three kinds of path, in the order a branch prefers them. */
    static final Detected[] PATHS = {FIBER, COPPER, CELLULAR};

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The value of the {@code kind} label for a path; null for DOWN and UNKNOWN. */
    String kindLabel() {
        switch (this) {
            case FIBER:
                return Metrics.KIND_FIBER;
            case COPPER:
                return Metrics.KIND_COPPER;
            case CELLULAR:
                return Metrics.KIND_CELLULAR;
            default:
                return null;
        }
    }
}
