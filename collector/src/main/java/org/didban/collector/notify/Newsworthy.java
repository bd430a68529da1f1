package org.didban.collector.notify;

import org.didban.collector.alerts.AlertChange;
import org.didban.collector.alerts.AlertChange.Kind;
import org.didban.collector.alerts.TrackedAlert;
import org.didban.model.AlertState;

/**
 * Which alert changes a webhook receiver hears, whatever its scope. The rules, in order:
 * <ol>
 *   <li>An alert that has not fired is nobody's business unless the receiver asked for pending
 *       alerts.</li>
 *   <li>Being silenced or unsilenced is told, once each.</li>
 *   <li>The end of an alert (resolved, or cleared before it fired) is always told, silenced or
 *       flapping or not: it closes whatever the receiver opened, and a receiver that never heard
 *       of that alert can drop it.</li>
 *   <li>Nothing else is told of a silenced alert: a silence stops notifications, not
 *       evaluation.</li>
 *   <li>Of a flapping alert only the notice that it flaps (and later that it is steady) is told,
 *       not each flap.</li>
 * </ol>
 */
final class Newsworthy {
    private Newsworthy() {
    }

    static boolean forWebhook(AlertChange change, boolean includePending) {
        TrackedAlert alert = change.alert();
        if (!includePending && (!change.worthTelling() || alert.alert().firedAt() == 0)) {
            return false;
        }
        if (change.kind() == Kind.SILENCED || change.kind() == Kind.UNSILENCED) {
            return true;
        }
        if (change.to() == AlertState.RESOLVED || change.to() == AlertState.INACTIVE) {
            return true;
        }
        if (change.to() == AlertState.SILENCED) {
            return false;
        }
        return !alert.flapping() || change.kind() == Kind.FLAPPING;
    }
}
