package org.didban.collector.fiber;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;

/**
 * The deadline that applies to a branch: the last day by which it must be on fiber, and which
 * entry of the deadlines file gave it (its county's, its province's, or the national default).
 */
public record Deadline(LocalDate date, Level from) {
    /** Where a deadline came from; a county's wins over its province's, which wins over the nation's. */
    public enum Level {
        NATIONAL, PROVINCE, COUNTY;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Deadline {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(from, "from");
    }

    /** Past on {@code today}: the deadline day itself is still in time. */
    public boolean passedOn(LocalDate today) {
        return today.isAfter(date);
    }
}
