package org.didban.collector.readiness;

import java.time.LocalDate;
import java.util.Objects;
import org.didban.collector.shard.ShardView;
import org.didban.model.ElectionPhase;

/**
 * When an assessment is made: the clock (epoch ms), the election phase and the minutes until
 * voting closes (0 outside voting hours, as the rule engine counts them for PWR-02).
 */
public record Moment(long now, ElectionPhase phase, double minutesToClose) {
    public Moment {
        Objects.requireNonNull(phase, "phase");
        if (!(minutesToClose >= 0)) {
            minutesToClose = 0;
        }
    }

    public static Moment of(ShardView view) {
        return new Moment(view.now(), view.phase(), view.minutesToClose());
    }

    /** The day RDY-01 compares planned fiber dates with: the UTC date, as the rule engine's {@code today}. */
    public LocalDate today() {
        return LocalDate.ofEpochDay(Math.floorDiv(now, 86_400_000L));
    }

    /** Voting or one of its ceremonies: data goes stale sooner. */
    public boolean electionDay() {
        return phase == ElectionPhase.VOTING || phase.isCeremony();
    }
}
