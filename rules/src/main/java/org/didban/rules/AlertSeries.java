package org.didban.rules;

import org.didban.model.Alert;
import org.didban.model.AlertKey;
import org.didban.model.AlertState;
import org.didban.model.AlertTransition;
import org.didban.model.Branch;
import org.didban.model.Severity;

/**
 * The state machine of one rule on one series (device and labels), with all of the timing in
 * one place:
 *
 * <pre>
 *   inactive ──condition──▶ pending ──held for `for`──▶ firing ──condition clears──▶ resolved
 *      │          ▲            │                          ▲
 *      │          └─clears─────┘ (back to inactive)       │
 *      └────────── no sample for `absent` ────────────────┘  (resolved by the next sample
 *                                                             for which the condition is false)
 * </pre>
 *
 * Timers are armed on edges, never polled: the `for` timer when the condition first holds, the
 * `absent` timer lazily (when it fires early because samples kept coming, it re-arms itself for
 * the remaining time, so a steady stream of samples costs no timer churn).
 */
final class AlertSeries {
    private final Rule rule;
    private final AlertKey key;
    private final Branch branch;
    private final Scheduler scheduler;
    private final AlertSink sink;

    private Alert alert;               // null while inactive
    private Scheduler.Timer forTimer;  // armed while pending
    private Scheduler.Timer absentTimer;
    private long lastSeen;
    private double lastValue = Double.NaN;

    AlertSeries(Rule rule, AlertKey key, Branch branch, Scheduler scheduler, AlertSink sink) {
        this.rule = rule;
        this.key = key;
        this.branch = branch;
        this.scheduler = scheduler;
        this.sink = sink;
        this.lastSeen = scheduler.now();
    }

    AlertState state() {
        return alert == null ? AlertState.INACTIVE : alert.state();
    }

    Alert alert() {
        return alert;
    }

    /** A sample of the rule's metric arrived; {@code holds} is the condition's verdict on it. */
    void observe(boolean holds, double value) {
        long now = scheduler.now();
        lastSeen = now;
        lastValue = value;
        armAbsence();
        AlertState state = state();
        if (holds) {
            if (state == AlertState.INACTIVE) {
                if (rule.forMillis() <= 0) {
                    open(AlertState.FIRING, now);
                } else {
                    open(AlertState.PENDING, now);
                    forTimer = scheduler.schedule(rule.forMillis(), this::heldLongEnough);
                }
            }
            // pending: its timer decides; firing (also when it fired for absence): the fault goes on.
        } else if (state == AlertState.PENDING) {
            cancelFor();
            move(AlertState.INACTIVE, now);
            alert = null;
        } else if (state == AlertState.FIRING) {
            move(AlertState.RESOLVED, now);
            alert = null;
        }
    }

    /** Starts watching for absence before any sample arrives (a device known from inventory). */
    void expect() {
        armAbsence();
    }

    void close() {
        cancelFor();
        if (absentTimer != null) {
            absentTimer.cancel();
            absentTimer = null;
        }
    }

    private void heldLongEnough() {
        forTimer = null;
        if (state() == AlertState.PENDING) {
            move(AlertState.FIRING, scheduler.now());
        }
    }

    private void armAbsence() {
        if (rule.watchesAbsence() && absentTimer == null) {
            absentTimer = scheduler.schedule(rule.absentMillis(), this::checkAbsence);
        }
    }

    private void checkAbsence() {
        absentTimer = null;
        long now = scheduler.now();
        long silentFor = now - lastSeen;
        if (silentFor < rule.absentMillis()) {
            absentTimer = scheduler.schedule(rule.absentMillis() - silentFor, this::checkAbsence);
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

    private void open(AlertState to, long now) {
        Severity severity = branch != null && branch.sensitive() ? rule.severity().raised() : rule.severity();
        alert = new Alert(key, branch == null ? "" : branch.code(), branch == null ? "" : branch.countyCode(),
                branch == null ? "" : branch.provinceCode(), severity, AlertState.INACTIVE,
                rule.titleEn(), rule.titleFa(), lastValue, now, 0, 0);
        move(to, now);
    }

    private void move(AlertState to, long now) {
        AlertState from = alert.state();
        alert = alert.withState(to, now, lastValue);
        sink.accept(new AlertTransition(alert, from, to, now));
    }

    private void cancelFor() {
        if (forTimer != null) {
            forTimer.cancel();
            forTimer = null;
        }
    }
}
