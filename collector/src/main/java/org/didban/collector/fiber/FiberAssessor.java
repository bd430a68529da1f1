package org.didban.collector.fiber;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.didban.model.Branch;
import org.didban.model.FiberStatus;

/**
 * Judges one branch: the paper against what its devices report, and against the deadline that
 * applies. Pure and cheap (a few comparisons), so it runs on a shard's event loop inside
 * {@code Shard.inspect}.
 *
 * <ul>
 * <li>{@link FiberFinding#CONNECTED_NOT_ON_FIBER}: connected on paper, active path cellular or copper.
 *     (All paths down is an outage for the network rules, not a rollout finding; unknown is unknown.)</li>
 * <li>{@link FiberFinding#FIBER_NOT_ON_PAPER}: planned or none on paper, active path fiber.</li>
 * <li>{@link FiberFinding#PAST_DEADLINE}: no fiber in place and today is after the deadline.</li>
 * <li>{@link FiberFinding#PLANNED_AFTER_DEADLINE}: no fiber in place, planned for after the deadline.</li>
 * <li>{@link FiberFinding#PLAN_DATE_PASSED}: no fiber in place, planned for a day before today.</li>
 * </ul>
 * "Fiber in place" is connected on paper, or running on fiber now. A mobile branch with none on
 * paper is not expected to have fiber ({@link BranchFiber#fiberExpected()}): never past a deadline.
 */
public final class FiberAssessor {
    private FiberAssessor() {
    }

    public static BranchFiber assess(Branch branch, Detection detection, FiberDeadlines deadlines, LocalDate today) {
        Deadline deadline = deadlines.forArea(branch.provinceCode(), branch.countyCode());
        List<FiberFinding> findings = new ArrayList<>(2);
        Detected active = detection.active();
        boolean connected = branch.fiber() == FiberStatus.CONNECTED;
        if (connected && (active == Detected.CELLULAR || active == Detected.COPPER)) {
            findings.add(FiberFinding.CONNECTED_NOT_ON_FIBER);
        }
        if (!connected && active == Detected.FIBER) {
            findings.add(FiberFinding.FIBER_NOT_ON_PAPER);
        }
        boolean inPlace = connected || active == Detected.FIBER;
        boolean expected = !(branch.mobile() && branch.fiber() == FiberStatus.NONE);
        if (!inPlace) {
            if (expected && deadline != null && deadline.passedOn(today)) {
                findings.add(FiberFinding.PAST_DEADLINE);
            }
            LocalDate planned = branch.fiber() == FiberStatus.PLANNED ? branch.fiberPlanned() : null;
            if (planned != null && deadline != null && planned.isAfter(deadline.date())) {
                findings.add(FiberFinding.PLANNED_AFTER_DEADLINE);
            }
            if (planned != null && today.isAfter(planned)) {
                findings.add(FiberFinding.PLAN_DATE_PASSED);
            }
        }
        return new BranchFiber(branch, detection, deadline, findings, today);
    }
}
