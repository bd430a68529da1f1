package org.didban.rules.testing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.didban.model.ElectionPhase;
import org.didban.rules.PhaseSchedule;

/**
 * A {@link PhaseSchedule} from a list of intervals, as a rule test file writes its {@code phases}:
 * each interval is half-open ({@code from} inclusive, {@code to} exclusive); any time no interval
 * covers is {@link ElectionPhase#NONE}. Intervals may not overlap.
 */
public final class PhaseTimeline implements PhaseSchedule {
    /** One phase from {@code fromMillis} (inclusive) to {@code toMillis} (exclusive), epoch milliseconds. */
    public record Interval(ElectionPhase phase, long fromMillis, long toMillis) {
        public Interval {
            Objects.requireNonNull(phase, "phase");
            if (toMillis <= fromMillis) {
                throw new IllegalArgumentException("a phase must end after it starts");
            }
        }
    }

    private final List<Interval> intervals;

    public PhaseTimeline(List<Interval> intervals) {
        List<Interval> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparingLong(Interval::fromMillis));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).fromMillis() < sorted.get(i - 1).toMillis()) {
                throw new IllegalArgumentException("phases " + sorted.get(i - 1).phase().wireName() + " and "
                        + sorted.get(i).phase().wireName() + " overlap");
            }
        }
        this.intervals = List.copyOf(sorted);
    }

    public List<Interval> intervals() {
        return intervals;
    }

    @Override
    public ElectionPhase phaseAt(long epochMillis) {
        for (Interval i : intervals) {
            if (epochMillis >= i.fromMillis() && epochMillis < i.toMillis()) {
                return i.phase();
            }
        }
        return ElectionPhase.NONE;
    }

    @Override
    public long nextChangeAfter(long epochMillis) {
        ElectionPhase current = phaseAt(epochMillis);
        long next = Long.MAX_VALUE;
        for (Interval i : intervals) {
            for (long boundary : new long[] {i.fromMillis(), i.toMillis()}) {
                if (boundary > epochMillis && boundary < next && phaseAt(boundary) != current) {
                    next = boundary;
                }
            }
        }
        return next;
    }
}
