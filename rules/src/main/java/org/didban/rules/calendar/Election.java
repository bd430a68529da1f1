package org.didban.rules.calendar;

import java.util.List;
import java.util.Objects;

/**
 * One election and its phases, in the order they happen. Phases follow the course of an election
 * (preparation, opening_ceremony, voting, closing_ceremony, count, closed), each at most once, any
 * may be left out, and they do not overlap; a gap between two is {@code none}.
 */
public record Election(String id, String titleEn, String titleFa, List<PhasePeriod> phases) {
    public Election {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(titleEn, "titleEn");
        Objects.requireNonNull(titleFa, "titleFa");
        phases = List.copyOf(phases);
        if (phases.isEmpty()) {
            throw new IllegalArgumentException("election " + id + " has no phases");
        }
        for (int i = 1; i < phases.size(); i++) {
            PhasePeriod before = phases.get(i - 1);
            PhasePeriod p = phases.get(i);
            if (p.fromMillis() < before.toMillis()) {
                throw new IllegalArgumentException("election " + id + ": " + p.phase().wireName()
                        + " begins before " + before.phase().wireName() + " ends");
            }
            if (p.phase().ordinal() <= before.phase().ordinal()) {
                throw new IllegalArgumentException("election " + id + ": " + p.phase().wireName()
                        + " cannot come after " + before.phase().wireName());
            }
        }
    }

    /** When the first phase begins. */
    public long fromMillis() {
        return phases.get(0).fromMillis();
    }

    /** When the last phase ends. */
    public long toMillis() {
        return phases.get(phases.size() - 1).toMillis();
    }
}
