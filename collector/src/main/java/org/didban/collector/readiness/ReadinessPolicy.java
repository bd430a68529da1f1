package org.didban.collector.readiness;

import java.time.Duration;
import java.util.Objects;

/**
 * The windows and margins readiness is judged with. {@link #standard()} follows the rule
 * catalogue: 72 h for the uplink (RDY-02), 7 days for the failover drill (RDY-03), 30 minutes of
 * margin on the time to close (PWR-02), data fresh within 15 minutes (DEV-01's silence window) or
 * 2 minutes on election day.
 *
 * @param fresh            how recent a device's last report must be to count as live, outside election day
 * @param freshElectionDay the same during voting and its ceremonies
 * @param uplinkWindow     how recently the primary uplink must have been verified
 * @param drillWindow      how recently a failover drill must have proven the backup path
 * @param upsMarginMinutes minutes of battery beyond the time to close (PWR-02); also the least a UPS on mains must hold
 * @param upsTargetMinutes battery time that earns full marks for autonomy
 * @param unhandledAfter   how long a high or critical alert may fire unacknowledged before it costs process points
 */
public record ReadinessPolicy(Duration fresh, Duration freshElectionDay, Duration uplinkWindow, Duration drillWindow,
                              double upsMarginMinutes, double upsTargetMinutes, Duration unhandledAfter) {
    public ReadinessPolicy {
        Objects.requireNonNull(fresh, "fresh");
        Objects.requireNonNull(freshElectionDay, "freshElectionDay");
        Objects.requireNonNull(uplinkWindow, "uplinkWindow");
        Objects.requireNonNull(drillWindow, "drillWindow");
        Objects.requireNonNull(unhandledAfter, "unhandledAfter");
        if (upsMarginMinutes < 0 || upsTargetMinutes <= 0) {
            throw new IllegalArgumentException("UPS margin must be ≥ 0 and target > 0 minutes");
        }
    }

    public static ReadinessPolicy standard() {
        return new ReadinessPolicy(Duration.ofMinutes(15), Duration.ofMinutes(2), Duration.ofHours(72),
                Duration.ofDays(7), 30, 60, Duration.ofMinutes(30));
    }

    /** How recent a report must be to count as live at this moment, in ms. */
    long freshMillis(Moment m) {
        return (m.electionDay() ? freshElectionDay : fresh).toMillis();
    }
}
