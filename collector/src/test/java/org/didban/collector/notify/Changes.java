package org.didban.collector.notify;

import org.didban.collector.alerts.Acknowledgement;
import org.didban.collector.alerts.AlertChange;
import org.didban.collector.alerts.AlertChange.Kind;
import org.didban.collector.alerts.TrackedAlert;
import org.didban.model.Alert;
import org.didban.model.AlertKey;
import org.didban.model.AlertState;
import org.didban.model.Labels;
import org.didban.model.Severity;

/** Alert changes as the ledger would publish them, for one uplink alert at a branch. */
final class Changes {
    static final long T0 = 1_750_000_000_000L;
    static final String TITLE_FA = "قطع لینک ارتباطی";

    private Changes() {
    }

    static TrackedAlert pending(String province, String county, String branch, Severity severity) {
        Alert alert = new Alert(new AlertKey("NET-01", branch + "-rtr", Labels.of("ifName", "wan0", "if-index", "2")),
                branch, county, province, severity, AlertState.PENDING, "Uplink down", TITLE_FA, 2.0, T0, 0, 0, "");
        return TrackedAlert.of(alert, true);
    }

    static TrackedAlert firing(String province, String county, String branch) {
        return fire(pending(province, county, branch, Severity.HIGH));
    }

    static TrackedAlert fire(TrackedAlert a) {
        return a.withAlert(a.alert().withState(AlertState.FIRING, T0 + 60_000, 2.0));
    }

    static TrackedAlert resolve(TrackedAlert a) {
        return a.withAlert(a.alert().withState(AlertState.RESOLVED, T0 + 300_000, 1.0));
    }

    static AlertChange change(long seq, Kind kind, TrackedAlert after, AlertState from) {
        long at = after.alert().resolvedAt() > 0 ? after.alert().resolvedAt()
                : after.alert().firedAt() > 0 ? after.alert().firedAt() : after.alert().activeSince();
        return new AlertChange(seq, at, kind, after, from, after.state(), AlertChange.ENGINE, "");
    }

    static AlertChange fired(long seq, TrackedAlert firing) {
        return change(seq, Kind.EVALUATED, firing, AlertState.PENDING);
    }

    static AlertChange resolved(long seq, TrackedAlert resolved, AlertState from) {
        return change(seq, Kind.EVALUATED, resolved, from);
    }

    static AlertChange acknowledged(long seq, TrackedAlert firing, String by) {
        TrackedAlert acked = firing.acknowledged(new Acknowledgement(by, T0 + 120_000, "on it"));
        return new AlertChange(seq, T0 + 120_000, Kind.ACKNOWLEDGED, acked, AlertState.FIRING, acked.state(), by, "on it");
    }
}
