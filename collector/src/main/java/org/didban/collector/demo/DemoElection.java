package org.didban.collector.demo;

import org.didban.model.ElectionPhase;
import org.didban.rules.PhaseSchedule;

/**
 * The demo's election: voting hours from the moment the demo starts for twelve hours, the
 * count after, preparation before — so the demo shows election-day timing and severity.
 */
final class DemoElection implements PhaseSchedule {
    private static final long TWELVE_HOURS = 12 * 3_600_000L;
    private final long votingFrom;

    DemoElection(long votingFrom) {
        this.votingFrom = votingFrom;
    }

    @Override
    public ElectionPhase phaseAt(long t) {
        if (t < votingFrom) {
            return ElectionPhase.PREPARATION;
        }
        return t < votingFrom + TWELVE_HOURS ? ElectionPhase.VOTING : ElectionPhase.COUNT;
    }

    @Override
    public long nextChangeAfter(long t) {
        if (t < votingFrom) {
            return votingFrom;
        }
        return t < votingFrom + TWELVE_HOURS ? votingFrom + TWELVE_HOURS : Long.MAX_VALUE;
    }
}
