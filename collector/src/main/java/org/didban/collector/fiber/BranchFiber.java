package org.didban.collector.fiber;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import org.didban.model.Branch;
import org.didban.model.FiberStatus;

/**
 * One branch's fiber, as of one day: what the inventory says ({@link #paper()}, the planned date),
 * what its devices report ({@link #detection()}), the deadline that applies, and the findings that
 * follow. Immutable; made by {@link FiberAssessor}.
 *
 * <p>(Named so as not to clash with {@link FiberStatus}, the inventory's paper status.)
 *
 * @param deadline the deadline that applies, or null when no deadline covers the branch
 * @param today    the day it was judged on, in the deadlines' time zone
 */
public record BranchFiber(Branch branch, Detection detection, Deadline deadline, List<FiberFinding> findings,
                          LocalDate today) {
    public BranchFiber {
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(detection, "detection");
        Objects.requireNonNull(today, "today");
        findings = List.copyOf(findings);
    }

    public String code() {
        return branch.code();
    }

    public FiberStatus paper() {
        return branch.fiber();
    }

    /** The planned date when the paper says planned and gives one; else null. */
    public LocalDate planned() {
        return branch.fiber() == FiberStatus.PLANNED ? branch.fiberPlanned() : null;
    }

    public Detected detected() {
        return detection.active();
    }

    /** Fiber is there: connected on paper, or the branch runs on fiber now whatever the paper says. */
    public boolean fiberInPlace() {
        return branch.fiber() == FiberStatus.CONNECTED || detection.active() == Detected.FIBER;
    }

    /**
     * Is fiber expected here at all? Not at a mobile branch (سیار) with none on paper: it moves,
     * and runs on cellular by design. Such a branch is never a gap nor past a deadline; planning
     * fiber for one (paper: planned) makes it expected.
     */
    public boolean fiberExpected() {
        return !(branch.mobile() && branch.fiber() == FiberStatus.NONE);
    }

    /** A gap: fiber expected and not in place. */
    public boolean gap() {
        return fiberExpected() && !fiberInPlace();
    }

    public boolean pastDeadline() {
        return findings.contains(FiberFinding.PAST_DEADLINE);
    }

    public boolean has(FiberFinding f) {
        return findings.contains(f);
    }

    /**
     * Days from the deadline to {@code today}: positive once past (1 the day after the deadline),
     * 0 on the day itself, negative while ahead. Null without a deadline.
     */
    public Long daysPastDeadline() {
        return deadline == null ? null : ChronoUnit.DAYS.between(deadline.date(), today);
    }
}
