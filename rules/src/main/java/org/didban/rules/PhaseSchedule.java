package org.didban.rules;

import org.didban.model.ElectionPhase;

/**
 * Which election phase is in effect at a time. The evaluator asks it at evaluation time and
 * re-evaluates its timings when the phase changes.
 */
public interface PhaseSchedule {
    /** No election: every time is {@link ElectionPhase#NONE}. */
    PhaseSchedule NONE = new PhaseSchedule() {
        @Override
        public ElectionPhase phaseAt(long epochMillis) {
            return ElectionPhase.NONE;
        }

        @Override
        public long nextChangeAfter(long epochMillis) {
            return Long.MAX_VALUE;
        }
    };

    ElectionPhase phaseAt(long epochMillis);

    /** The first instant after {@code epochMillis} at which the phase changes; {@code Long.MAX_VALUE} if never. */
    long nextChangeAfter(long epochMillis);

    /** The same phase at every time; for tools and tests. */
    static PhaseSchedule always(ElectionPhase phase) {
        return new PhaseSchedule() {
            @Override
            public ElectionPhase phaseAt(long epochMillis) {
                return phase;
            }

            @Override
            public long nextChangeAfter(long epochMillis) {
                return Long.MAX_VALUE;
            }
        };
    }
}
