package org.didban.collector.fiber;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.Locale;
import org.didban.model.FiberStatus;

/**
 * Why a branch without fiber is on the gap list, most urgent first: sensitive branches, then those
 * past their deadline, then those planned (nearest deadline first), then those with no plan at all.
 */
public enum Urgency {
    SENSITIVE, PAST_DEADLINE, PLANNED, NO_PLAN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The branch's group on the gap list; null when it is no gap (fiber in place, or not expected). */
    public static Urgency of(BranchFiber b) {
        if (!b.gap()) {
            return null;
        }
        if (b.branch().sensitive()) {
            return SENSITIVE;
        }
        return withoutSensitivity(b);
    }

    private static Urgency withoutSensitivity(BranchFiber b) {
        if (b.pastDeadline()) {
            return PAST_DEADLINE;
        }
        return b.paper() == FiberStatus.PLANNED ? PLANNED : NO_PLAN;
    }

    /**
     * The gap list's order: by group; within a group (and among sensitive branches by the group they
     * would otherwise be in) the most overdue first, then the nearest deadline, then the earliest
     * planned date; ties by province, county and branch code.
     */
    public static final Comparator<BranchFiber> ORDER = (a, b) -> {
        int c = Integer.compare(of(a).ordinal(), of(b).ordinal());
        if (c != 0) {
            return c;
        }
        c = Integer.compare(withoutSensitivity(a).ordinal(), withoutSensitivity(b).ordinal());
        if (c != 0) {
            return c;
        }
        if (a.pastDeadline()) {
            c = Long.compare(b.daysPastDeadline(), a.daysPastDeadline());
        } else {
            c = nullsLast(a.deadline() == null ? null : a.deadline().date(), b.deadline() == null ? null : b.deadline().date());
            if (c == 0) {
                c = nullsLast(a.planned(), b.planned());
            }
        }
        if (c != 0) {
            return c;
        }
        c = a.branch().provinceCode().compareTo(b.branch().provinceCode());
        if (c != 0) {
            return c;
        }
        c = a.branch().countyCode().compareTo(b.branch().countyCode());
        return c != 0 ? c : a.code().compareTo(b.code());
    };

    private static int nullsLast(LocalDate x, LocalDate y) {
        if (x == null || y == null) {
            return x == null ? (y == null ? 0 : 1) : -1;
        }
        return x.compareTo(y);
    }
}
