package org.didban.rules.calendar;

import java.util.Objects;
import org.didban.model.ElectionPhase;

/**
 * One phase of an election, from {@code fromMillis} (inclusive) to {@code toMillis} (exclusive),
 * UTC epoch milliseconds.
 */
public record PhasePeriod(ElectionPhase phase, long fromMillis, long toMillis) {
    public PhasePeriod {
        Objects.requireNonNull(phase, "phase");
        if (phase == ElectionPhase.NONE) {
            throw new IllegalArgumentException("'none' is what no period covers, not a period");
        }
        if (toMillis <= fromMillis) {
            throw new IllegalArgumentException(phase.wireName() + " must end after it starts");
        }
    }

    public boolean contains(long epochMillis) {
        return epochMillis >= fromMillis && epochMillis < toMillis;
    }
}
