package org.didban.collector.fiber;

import java.util.Arrays;
import java.util.Locale;
import org.didban.model.FiberStatus;

/**
 * How many branches of an area stand where: on paper, as detected, without fiber, past the
 * deadline, with each finding. Immutable; {@link Tally} names the columns (also those of the
 * daily snapshot table, {@code db/ledger/V2__fiber.sql}).
 */
public final class FiberCounts {
    /** One count. {@link #column()} is its name in the database, CSV and metrics. */
    public enum Tally {
        BRANCHES, PAPER_CONNECTED, PAPER_PLANNED, PAPER_NONE,
        DETECTED_FIBER, DETECTED_COPPER, DETECTED_CELLULAR, DETECTED_DOWN, DETECTED_UNKNOWN,
        WITHOUT_FIBER, PAST_DEADLINE, SENSITIVE_WITHOUT_FIBER,
        CONNECTED_NOT_ON_FIBER, FIBER_NOT_ON_PAPER, PLANNED_AFTER_DEADLINE, PLAN_DATE_PASSED;

        public String column() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Tally[] TALLIES = Tally.values();
    public static final FiberCounts ZERO = new FiberCounts(new int[TALLIES.length]);

    private final int[] n;

    private FiberCounts(int[] n) {
        this.n = n;
    }

    /** Counts in {@link Tally} order (e.g. as read back from the database). */
    public static FiberCounts of(int[] values) {
        if (values.length != TALLIES.length) {
            throw new IllegalArgumentException("expected " + TALLIES.length + " counts, got " + values.length);
        }
        return new FiberCounts(values.clone());
    }

    public int get(Tally t) {
        return n[t.ordinal()];
    }

    public int branches() {
        return get(Tally.BRANCHES);
    }

    public FiberCounts plus(FiberCounts other) {
        int[] sum = n.clone();
        for (int i = 0; i < sum.length; i++) {
            sum[i] += other.n[i];
        }
        return new FiberCounts(sum);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FiberCounts && Arrays.equals(n, ((FiberCounts) o).n);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(n);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("FiberCounts[");
        for (Tally t : TALLIES) {
            if (n[t.ordinal()] != 0) {
                s.append(s.length() > 12 ? ", " : "").append(t.column()).append('=').append(n[t.ordinal()]);
            }
        }
        return s.append(']').toString();
    }

    /** Adds branches up; not thread-safe. */
    public static final class Builder {
        private final int[] n = new int[TALLIES.length];

        public Builder add(BranchFiber b) {
            n[Tally.BRANCHES.ordinal()]++;
            n[paperTally(b.paper()).ordinal()]++;
            n[detectedTally(b.detected()).ordinal()]++;
            if (b.gap()) {
                n[Tally.WITHOUT_FIBER.ordinal()]++;
                if (b.branch().sensitive()) {
                    n[Tally.SENSITIVE_WITHOUT_FIBER.ordinal()]++;
                }
            }
            for (FiberFinding f : b.findings()) {
                n[findingTally(f).ordinal()]++;
            }
            return this;
        }

        public FiberCounts build() {
            return new FiberCounts(n.clone());
        }
    }

    static Tally paperTally(FiberStatus s) {
        switch (s) {
            case CONNECTED:
                return Tally.PAPER_CONNECTED;
            case PLANNED:
                return Tally.PAPER_PLANNED;
            default:
                return Tally.PAPER_NONE;
        }
    }

    static Tally detectedTally(Detected d) {
        switch (d) {
            case FIBER:
                return Tally.DETECTED_FIBER;
            case COPPER:
                return Tally.DETECTED_COPPER;
            case CELLULAR:
                return Tally.DETECTED_CELLULAR;
            case DOWN:
                return Tally.DETECTED_DOWN;
            default:
                return Tally.DETECTED_UNKNOWN;
        }
    }

    static Tally findingTally(FiberFinding f) {
        return Tally.valueOf(f.name());
    }
}
