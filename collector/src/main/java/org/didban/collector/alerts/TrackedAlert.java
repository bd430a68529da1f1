package org.didban.collector.alerts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import org.didban.model.Alert;
import org.didban.model.AlertKey;
import org.didban.model.AlertState;

/**
 * An alert as people see it: the rule engine's alert and what the collector and people added to
 * it — who acknowledged it, which silence covers it, whether it flaps, why its site went quiet,
 * and who resolved it by hand. Immutable; each change makes a new one.
 *
 * <p>{@code id} names one occurrence of an alert (its de-duplication key and the time it became
 * active), so it survives restarts and is safe in a URL; the de-duplication key itself is
 * {@link AlertKey#id()}.
 *
 * @param silencedBy the id of the silence that covers it, or empty
 * @param resolvedBy who resolved it by hand, or empty (resolved by the rule, or not resolved)
 * @param diagnosis  why the site went quiet, for alerts about a silent site; else null
 */
public record TrackedAlert(String id, Alert alert, boolean sensitive, Acknowledgement acknowledgement,
                           String silencedBy, boolean flapping, SiteDiagnosis diagnosis, String resolvedBy) {

    public TrackedAlert {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(alert, "alert");
        silencedBy = silencedBy == null ? "" : silencedBy;
        resolvedBy = resolvedBy == null ? "" : resolvedBy;
    }

    /** A new occurrence, as the engine first reported it. */
    public static TrackedAlert of(Alert alert, boolean sensitive) {
        return new TrackedAlert(idOf(alert), alert, sensitive, null, "", false, null, "");
    }

    /** The rule id, then 16 hex digits of SHA-256 over the de-duplication key and the start time. */
    public static String idOf(Alert alert) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    (alert.key().id() + "@" + alert.activeSince()).getBytes(StandardCharsets.UTF_8));
            return alert.key().ruleId() + "-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * Where it stands for people: resolved once resolved; silenced while a silence covers it;
     * acknowledged once someone took it on and it fires; else what the engine says.
     */
    public AlertState state() {
        AlertState engine = alert.state();
        if (engine == AlertState.RESOLVED || engine == AlertState.INACTIVE) {
            return engine;
        }
        if (!silencedBy.isEmpty()) {
            return AlertState.SILENCED;
        }
        if (acknowledgement != null && engine == AlertState.FIRING) {
            return AlertState.ACKNOWLEDGED;
        }
        return engine;
    }

    public boolean active() {
        AlertState s = alert.state();
        return s == AlertState.PENDING || s == AlertState.FIRING;
    }

    public AlertKey key() {
        return alert.key();
    }

    public String ruleId() {
        return alert.key().ruleId();
    }

    public String branchCode() {
        return alert.branchCode();
    }

    public String countyCode() {
        return alert.countyCode();
    }

    public String provinceCode() {
        return alert.provinceCode();
    }

    public TrackedAlert withAlert(Alert next) {
        return new TrackedAlert(id, next, sensitive, acknowledgement, silencedBy, flapping, diagnosis, resolvedBy);
    }

    public TrackedAlert acknowledged(Acknowledgement ack) {
        return new TrackedAlert(id, alert, sensitive, ack, silencedBy, flapping, diagnosis, resolvedBy);
    }

    public TrackedAlert silencedBy(String silenceId) {
        return new TrackedAlert(id, alert, sensitive, acknowledgement, silenceId, flapping, diagnosis, resolvedBy);
    }

    public TrackedAlert flapping(boolean on) {
        return new TrackedAlert(id, alert, sensitive, acknowledgement, silencedBy, on, diagnosis, resolvedBy);
    }

    public TrackedAlert diagnosed(SiteDiagnosis d) {
        return new TrackedAlert(id, alert, sensitive, acknowledgement, silencedBy, flapping, d, resolvedBy);
    }

    public TrackedAlert resolvedByHand(String by, long at) {
        return new TrackedAlert(id, alert.withState(AlertState.RESOLVED, at, alert.value()), sensitive,
                acknowledgement, silencedBy, flapping, diagnosis, by);
    }
}
