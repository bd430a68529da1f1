package org.didban.collector.notify;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashMap;
import org.didban.collector.alerts.Acknowledgement;
import org.didban.collector.alerts.AlertChange;
import org.didban.collector.alerts.SiteDiagnosis;
import org.didban.collector.alerts.TrackedAlert;
import org.didban.model.Alert;

/**
 * The JSON body of a webhook: one alert change, version 1 of a shape documented in
 * {@code docs/NOTIFICATIONS.md}. Every field is always present (null when it does not apply), in a
 * fixed order, so receivers can rely on it; new fields may be added, none removed or renamed
 * without a new version. Text is UTF-8, Persian as is.
 */
final class WebhookPayload {
    static final int VERSION = 1;

    private WebhookPayload() {
    }

    static String of(AlertChange change) {
        return json(change).encode();
    }

    static JsonObject json(AlertChange c) {
        return new JsonObject()
                .put("version", VERSION)
                .put("seq", c.seq())
                .put("kind", c.kind().wireName())
                .put("at", instant(c.at()))
                .put("from", c.from().wireName())
                .put("to", c.to().wireName())
                .put("actor", c.actor())
                .put("note", c.note())
                .put("alert", alert(c.alert()));
    }

    private static JsonObject alert(TrackedAlert t) {
        Alert a = t.alert();
        return new JsonObject()
                .put("id", t.id())
                .put("key", a.key().id())
                .put("rule", a.key().ruleId())
                .put("device", a.key().device())
                .put("labels", new JsonObject(new LinkedHashMap<>(a.key().labels().asMap())))
                .put("severity", a.severity().wireName())
                .put("state", t.state().wireName())
                .put("branch", a.branchCode())
                .put("county", a.countyCode())
                .put("province", a.provinceCode())
                .put("sensitive", t.sensitive())
                .put("title", new JsonObject().put("en", a.titleEn()).put("fa", a.titleFa()))
                .put("value", Double.isFinite(a.value()) ? a.value() : null)
                .put("activeSince", instant(a.activeSince()))
                .put("firedAt", instant(a.firedAt()))
                .put("resolvedAt", instant(a.resolvedAt()))
                .put("resolvedBy", emptyAsNull(t.resolvedBy()))
                .put("groupedUnder", emptyAsNull(a.groupedUnder()))
                .put("silencedBy", emptyAsNull(t.silencedBy()))
                .put("flapping", t.flapping())
                .put("acknowledgement", acknowledgement(t.acknowledgement()))
                .put("diagnosis", diagnosis(t.diagnosis()));
    }

    private static JsonObject acknowledgement(Acknowledgement ack) {
        return ack == null ? null
                : new JsonObject().put("by", ack.by()).put("at", instant(ack.at())).put("note", ack.note());
    }

    private static JsonObject diagnosis(SiteDiagnosis d) {
        return d == null ? null : new JsonObject().put("cause", d.cause().wireName()).put("evidence", d.evidence());
    }

    /** ISO-8601 in UTC; null for 0, which means "never happened". */
    static String instant(long epochMillis) {
        return epochMillis == 0 ? null : Instant.ofEpochMilli(epochMillis).toString();
    }

    private static String emptyAsNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
