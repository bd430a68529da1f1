package org.didban.collector.alerts;

import java.util.Locale;
import java.util.Objects;
import org.didban.model.AlertState;

/**
 * One change to one alert, as the ledger records it and notifiers hear it: the alert after the
 * change, the state (as people see it) before and after, who made it ({@link #ENGINE} for the
 * rule engine) and their note.
 *
 * @param seq the ledger's sequence number of this record; 0 before it is stored
 */
public record AlertChange(long seq, long at, Kind kind, TrackedAlert alert, AlertState from, AlertState to,
                          String actor, String note) {
    /** The actor of what the rules decided. */
    public static final String ENGINE = "didban";

    public enum Kind {
        /** The engine moved it: pending, firing, resolved, or cleared before it fired (inactive). */
        EVALUATED,
        /** It was regrouped under an area alert (NET-08), or its site's silence was diagnosed. */
        ANNOTATED,
        ACKNOWLEDGED,
        /** A person closed it; if the fault goes on, a new alert opens. */
        RESOLVED_BY_HAND,
        SILENCED,
        UNSILENCED,
        FLAPPING,
        STEADY;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind parse(String text) {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        }
    }

    public AlertChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(alert, "alert");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(actor, "actor");
        note = note == null ? "" : note;
    }

    public AlertChange stored(long sequence) {
        return new AlertChange(sequence, at, kind, alert, from, to, actor, note);
    }

    /** A change people should hear of (not the quiet pending → inactive of an alert that never fired). */
    public boolean worthTelling() {
        return !(kind == Kind.EVALUATED && (to == AlertState.PENDING || to == AlertState.INACTIVE));
    }
}
