package org.didban.collector.stream;

import io.vertx.core.json.JsonObject;
import org.didban.collector.alerts.Acknowledgement;
import org.didban.collector.alerts.AlertChange;
import org.didban.collector.alerts.SiteDiagnosis;
import org.didban.collector.alerts.TrackedAlert;
import org.didban.collector.http.Replies;
import org.didban.model.Alert;

/**
 * The JSON of a tracked alert and of a change to one: the same in the live stream and wherever
 * else the API shows them. Names are snake_case; times are ISO-8601 UTC strings, null when the
 * thing has not happened; a value never measured is null; text that is absent is null, never "".
 * Persian text is kept as is (encode with {@link JsonObject#encode()}, which does not escape it).
 *
 * <pre>
 * {"id": "NET-01-9f2c…", "key": "NET-01/teh-001-router{if_index=1}", "rule": "NET-01",
 *  "device": "teh-001-router", "severity": "high", "state": "firing",
 *  "branch": "teh-001", "county": "2301", "province": "23", "sensitive": true,
 *  "title_en": "Uplink down", "title_fa": "قطع لینک", "value": 2.0,
 *  "active_since": "2024-06-28T04:30:00Z", "fired_at": "…", "resolved_at": null,
 *  "grouped_under": null, "acknowledged_by": null, "acknowledged_at": null,
 *  "silenced_by": null, "flapping": false, "resolved_by": null,
 *  "diagnosis": null | {"cause": "power_loss", "evidence": "…"}}
 * </pre>
 */
public final class AlertChangeJson {
    private AlertChangeJson() {
    }

    /** The alert as people see it ({@code state} is {@link TrackedAlert#state()}). */
    public static JsonObject alert(TrackedAlert t) {
        Alert a = t.alert();
        Acknowledgement ack = t.acknowledgement();
        SiteDiagnosis d = t.diagnosis();
        return new JsonObject()
                .put("id", t.id())
                .put("key", a.key().id())
                .put("rule", a.key().ruleId())
                .put("device", a.key().device())
                .put("severity", a.severity().wireName())
                .put("state", t.state().wireName())
                .put("branch", a.branchCode())
                .put("county", a.countyCode())
                .put("province", a.provinceCode())
                .put("sensitive", t.sensitive())
                .put("title_en", a.titleEn())
                .put("title_fa", a.titleFa())
                .put("value", Replies.number(a.value()))
                .put("active_since", Replies.instant(a.activeSince()))
                .put("fired_at", Replies.instant(a.firedAt()))
                .put("resolved_at", Replies.instant(a.resolvedAt()))
                .put("grouped_under", orNull(a.groupedUnder()))
                .put("acknowledged_by", ack == null ? null : ack.by())
                .put("acknowledged_at", ack == null ? null : Replies.instant(ack.at()))
                .put("silenced_by", orNull(t.silencedBy()))
                .put("flapping", t.flapping())
                .put("resolved_by", orNull(t.resolvedBy()))
                .put("diagnosis", d == null ? null
                        : new JsonObject().put("cause", d.cause().wireName()).put("evidence", d.evidence()));
    }

    /**
     * One change: {@code seq} (the ledger's sequence number), {@code kind}, {@code at}, the state
     * {@code from} and {@code to} (as people see it), {@code actor} ("didban" for the rule
     * engine), {@code note} (null when none) and the {@code alert} after the change.
     */
    public static JsonObject change(AlertChange c) {
        return new JsonObject()
                .put("seq", c.seq())
                .put("kind", c.kind().wireName())
                .put("at", Replies.instant(c.at()))
                .put("from", c.from().wireName())
                .put("to", c.to().wireName())
                .put("actor", c.actor())
                .put("note", orNull(c.note()))
                .put("alert", alert(c.alert()));
    }

    private static String orNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
