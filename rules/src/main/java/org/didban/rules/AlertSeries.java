package org.didban.rules;

import java.util.ArrayDeque;
import org.didban.model.Alert;
import org.didban.model.AlertKey;
import org.didban.model.AlertState;
import org.didban.model.AlertTransition;
import org.didban.model.Branch;
import org.didban.model.ElectionPhase;

/**
 * The state machine of one rule on one series (a device and labels, a branch, or a county), with
 * all of the timing in one place:
 *
 * <pre>
 *   inactive ──condition──▶ pending ──held for `for`──▶ firing ──condition clears──▶ resolved
 *      │          ▲            │                          ▲
 *      │          └─clears─────┘ (back to inactive)       │
 *      ├────────── no sample for `absent` ────────────────┤
 *      └────────── `count` occurrences in `window`, ──────┘  (resolved when fewer remain in the
 *                  or one occurrence with `hold`               window, or after `hold` in quiet)
 * </pre>
 *
 * Timers are armed on edges, never polled: the `for` timer when the condition first holds, the
 * `absent` and `hold` timers lazily (when one fires early because samples kept coming, it re-arms
 * itself for the remaining time, so a steady stream of samples costs no timer churn). Durations
 * that depend on the election phase are read when a timer is armed and again when the phase
 * changes ({@link #phaseChanged}).
 */
final class AlertSeries {
    /** What the series needs from its engine. */
    interface Context {
        Scheduler scheduler();

        ElectionPhase phase();

        /** Delivers a transition (the engine may decorate the alert, e.g. with its area group). */
        Alert publish(AlertTransition transition);
    }

    private Rule rule;
    private final AlertKey key;
    private final Branch branch;
    private final String countyCode;
    private final String provinceCode;
    private final Context context;

    private Alert alert;               // null while inactive
    private Scheduler.Timer forTimer;  // armed while pending
    private long pendingSince;
    private Scheduler.Timer absentTimer;
    private long lastSeen;
    private double lastValue = Double.NaN;
    private ArrayDeque<Long> occurrences; // times of recent occurrences, for count/window
    private Scheduler.Timer windowTimer;
    private long lastOccurrence;
    private Scheduler.Timer holdTimer;

    AlertSeries(Rule rule, AlertKey key, Branch branch, String countyCode, String provinceCode, Context context) {
        this.rule = rule;
        this.key = key;
        this.branch = branch;
        this.countyCode = countyCode;
        this.provinceCode = provinceCode;
        this.context = context;
        this.lastSeen = context.scheduler().now();
    }

    String countyCode() {
        return countyCode;
    }

    Rule rule() {
        return rule;
    }

    AlertState state() {
        return alert == null ? AlertState.INACTIVE : alert.state();
    }

    Alert alert() {
        return alert;
    }

    /** A sample of a condition rule's metric arrived; {@code holds} is the condition's verdict on it. */
    void observe(boolean holds, double value) {
        long now = now();
        lastSeen = now;
        lastValue = value;
        armAbsence();
        AlertState state = state();
        if (holds) {
            if (state == AlertState.INACTIVE) {
                long forMillis = forMillis();
                pendingSince = now;
                if (forMillis <= 0) {
                    open(AlertState.FIRING, now);
                } else {
                    open(AlertState.PENDING, now);
                    forTimer = context.scheduler().schedule(forMillis, this::heldLongEnough);
                }
            }
            // pending: its timer decides; firing (also when it fired for absence): the fault goes on.
        } else {
            clear(now);
        }
    }

    /** One occurrence: an event, a change, or a sample for which an occurrence rule's condition held. */
    void occur(double value) {
        long now = now();
        lastSeen = now;
        lastValue = value;
        if (rule.count() > 1) {
            if (occurrences == null) {
                occurrences = new ArrayDeque<>();
            }
            occurrences.addLast(now);
            prune(now);
            if (occurrences.size() >= rule.count() && state() == AlertState.INACTIVE) {
                open(AlertState.FIRING, now);
            }
            armWindow();
        } else {
            lastOccurrence = now;
            if (state() == AlertState.INACTIVE) {
                open(AlertState.FIRING, now);
            }
            if (holdTimer == null) {
                holdTimer = context.scheduler().schedule(rule.hold(), this::checkHold);
            }
        }
    }

    /** Opens or closes an alert whose truth is decided outright (inventory facts, area counts). */
    void set(boolean active, double value) {
        lastValue = value;
        long now = now();
        if (active && state() == AlertState.INACTIVE) {
            open(AlertState.FIRING, now);
        } else if (!active) {
            clear(now);
        }
    }

    /**
     * An area alert now explains this firing alert: it is marked so (a FIRING → FIRING record), so
     * that notification pages the area once instead of each of its branches.
     */
    void groupUnder(String areaAlertId) {
        if (state() == AlertState.FIRING && !areaAlertId.equals(alert.groupedUnder())) {
            Alert grouped = alert.groupedUnder(areaAlertId);
            alert = grouped;
            alert = context.publish(new AlertTransition(grouped, AlertState.FIRING, AlertState.FIRING, now()));
        }
    }

    /**
     * Takes up an alert recorded before a restart, without announcing it again: a pending alert's
     * `for` timer runs on for what was left of it (or fires at once if that ran out meanwhile),
     * and silence is measured from now, since nothing could be heard while the collector was down.
     */
    void restore(Alert recorded) {
        long now = now();
        alert = recorded;
        lastValue = recorded.value();
        pendingSince = recorded.activeSince();
        lastSeen = now;
        if (recorded.state() == AlertState.PENDING) {
            cancelFor();
            forTimer = context.scheduler().schedule(Math.max(0, pendingSince + forMillis() - now), this::heldLongEnough);
        }
        if (rule.countsOccurrences()) {
            // The occurrences themselves were not recorded: count the alert's as happening now, so
            // that it resolves after a quiet window or hold, as it would have.
            if (rule.count() > 1) {
                occurrences = new ArrayDeque<>();
                for (int i = 0; i < rule.count(); i++) {
                    occurrences.addLast(now);
                }
                armWindow();
            } else {
                lastOccurrence = now;
                if (holdTimer == null) {
                    holdTimer = context.scheduler().schedule(rule.hold(), this::checkHold);
                }
            }
        }
        armAbsence();
    }

    /** Starts watching for absence before any sample arrives (a device known from inventory). */
    void expect() {
        armAbsence();
    }

    /** The rule was reloaded with the same id: keep the state, use the new definition from now on. */
    void redefine(Rule newRule) {
        this.rule = newRule;
        phaseChanged();
    }

    /** The election phase changed: durations that depend on it are measured again from their start. */
    void phaseChanged() {
        long now = now();
        if (state() == AlertState.PENDING) {
            cancelFor();
            long remaining = pendingSince + forMillis() - now;
            if (remaining <= 0) {
                move(AlertState.FIRING, now);
            } else {
                forTimer = context.scheduler().schedule(remaining, this::heldLongEnough);
            }
        }
        if (absentTimer != null) {
            absentTimer.cancel();
            absentTimer = null;
            long absent = rule.absentMillis(context.phase());
            if (absent > 0) {
                absentTimer = context.scheduler().schedule(Math.max(0, lastSeen + absent - now), this::checkAbsence);
            }
        }
    }

    /** True when nothing is active and no timer is armed: the series may be forgotten. */
    boolean idle() {
        return alert == null && forTimer == null && absentTimer == null && windowTimer == null && holdTimer == null;
    }

    void close() {
        cancelFor();
        for (Scheduler.Timer t : new Scheduler.Timer[] {absentTimer, windowTimer, holdTimer}) {
            if (t != null) {
                t.cancel();
            }
        }
        absentTimer = null;
        windowTimer = null;
        holdTimer = null;
    }

    private void clear(long now) {
        AlertState state = state();
        if (state == AlertState.PENDING) {
            cancelFor();
            move(AlertState.INACTIVE, now);
            alert = null;
        } else if (state == AlertState.FIRING) {
            move(AlertState.RESOLVED, now);
            alert = null;
        }
    }

    private void heldLongEnough() {
        forTimer = null;
        if (state() == AlertState.PENDING) {
            move(AlertState.FIRING, now());
        }
    }

    private void armAbsence() {
        if (rule.watchesAbsence() && absentTimer == null) {
            long absent = rule.absentMillis(context.phase());
            if (absent > 0) {
                absentTimer = context.scheduler().schedule(absent, this::checkAbsence);
            }
        }
    }

    private void checkAbsence() {
        absentTimer = null;
        long now = now();
        long absent = rule.absentMillis(context.phase());
        if (absent <= 0) {
            return; // not watched in this phase; phaseChanged re-arms when it is again
        }
        long silentFor = now - lastSeen;
        if (silentFor < absent) {
            absentTimer = context.scheduler().schedule(absent - silentFor, this::checkAbsence);
            return;
        }
        // Silent long enough. Not re-armed: the next sample re-arms it.
        AlertState state = state();
        if (state == AlertState.INACTIVE) {
            open(AlertState.FIRING, now);
        } else if (state == AlertState.PENDING) {
            cancelFor();
            move(AlertState.FIRING, now);
        }
    }

    private void prune(long now) {
        while (!occurrences.isEmpty() && occurrences.peekFirst() <= now - rule.windowMillis()) {
            occurrences.removeFirst();
        }
    }

    private void armWindow() {
        if (windowTimer == null && !occurrences.isEmpty()) {
            long due = occurrences.peekFirst() + rule.windowMillis() - now();
            windowTimer = context.scheduler().schedule(Math.max(0, due), this::windowMoved);
        }
    }

    private void windowMoved() {
        windowTimer = null;
        long now = now();
        prune(now);
        if (occurrences.size() < rule.count() && state() == AlertState.FIRING) {
            clear(now);
        }
        armWindow();
    }

    private void checkHold() {
        holdTimer = null;
        long now = now();
        long quietFor = now - lastOccurrence;
        if (quietFor < rule.hold()) {
            holdTimer = context.scheduler().schedule(rule.hold() - quietFor, this::checkHold);
        } else {
            clear(now);
        }
    }

    private long forMillis() {
        return rule.forMillis(context.phase(), branch != null && branch.sensitive());
    }

    private void open(AlertState to, long now) {
        alert = new Alert(key, branch == null ? "" : branch.code(), countyCode, provinceCode,
                rule.severityAt(branch != null && branch.sensitive(), context.phase()), AlertState.INACTIVE,
                rule.titleEn(), rule.titleFa(), lastValue, now, 0, 0, "");
        move(to, now);
    }

    private void move(AlertState to, long now) {
        AlertState from = alert.state();
        Alert next = alert.withState(to, now, lastValue);
        if (to == AlertState.FIRING) {
            // Severity is decided when the alert starts to page: the phase may have moved on since pending.
            next = next.withSeverity(rule.severityAt(branch != null && branch.sensitive(), context.phase()));
        }
        // The new state is in place before anyone hears of it, so a listener that asks the
        // engine what is active sees the world as the transition says.
        alert = next;
        Alert published = context.publish(new AlertTransition(next, from, to, now));
        if (alert == next) {
            alert = published;
        } // else: publishing it made an area go dark, which grouped this alert already: keep that

    }

    private void cancelFor() {
        if (forTimer != null) {
            forTimer.cancel();
            forTimer = null;
        }
    }

    private long now() {
        return context.scheduler().now();
    }
}
