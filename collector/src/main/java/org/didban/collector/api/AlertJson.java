package org.didban.collector.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import org.didban.collector.alerts.AlertChange;
import org.didban.collector.alerts.Silence;
import org.didban.collector.alerts.TrackedAlert;
import org.didban.collector.http.Replies;
import org.didban.model.Alert;

/** The JSON form of alerts, their changes and silences, the same in every endpoint. */
public final class AlertJson {
    private AlertJson() {
    }

    public static JsonObject of(TrackedAlert t) {
        Alert a = t.alert();
        JsonObject j = new JsonObject()
                .put("id", t.id())
                .put("key", a.key().id())
                .put("rule", a.key().ruleId())
                .put("device", a.key().device())
                .put("labels", new JsonObject(new LinkedHashMap<>(a.key().labels().asMap())))
                .put("branch", a.branchCode())
                .put("county", a.countyCode())
                .put("province", a.provinceCode())
                .put("sensitive", t.sensitive())
                .put("severity", a.severity().wireName())
                .put("state", t.state().wireName())
                .put("title", new JsonObject().put("en", a.titleEn()).put("fa", a.titleFa()))
                .put("value", Replies.number(a.value()))
                .put("activeSince", Replies.instant(a.activeSince()))
                .put("firedAt", Replies.instant(a.firedAt()))
                .put("resolvedAt", Replies.instant(a.resolvedAt()))
                .put("groupedUnder", a.groupedUnder().isEmpty() ? null : a.groupedUnder())
                .put("silencedBy", t.silencedBy().isEmpty() ? null : t.silencedBy())
                .put("flapping", t.flapping())
                .put("resolvedBy", t.resolvedBy().isEmpty() ? null : t.resolvedBy());
        j.put("acknowledgement", t.acknowledgement() == null ? null : new JsonObject()
                .put("by", t.acknowledgement().by())
                .put("at", Replies.instant(t.acknowledgement().at()))
                .put("note", t.acknowledgement().note()));
        j.put("diagnosis", t.diagnosis() == null ? null : new JsonObject()
                .put("cause", t.diagnosis().cause().wireName())
                .put("evidence", t.diagnosis().evidence()));
        return j;
    }

    /** One change, without the alert (for a timeline) or with it. */
    public static JsonObject change(AlertChange c, boolean withAlert) {
        JsonObject j = new JsonObject()
                .put("seq", c.seq())
                .put("at", Replies.instant(c.at()))
                .put("kind", c.kind().wireName())
                .put("from", c.from().wireName())
                .put("to", c.to().wireName())
                .put("actor", c.actor())
                .put("note", c.note());
        if (withAlert) {
            j.put("alert", of(c.alert()));
        }
        return j;
    }

    public static JsonArray timeline(List<AlertChange> changes) {
        JsonArray out = new JsonArray();
        changes.forEach(c -> out.add(change(c, false)));
        return out;
    }

    public static JsonObject silence(Silence s) {
        return new JsonObject()
                .put("id", s.id())
                .put("matchers", new JsonObject()
                        .put("province", s.province().isEmpty() ? null : s.province())
                        .put("county", s.county().isEmpty() ? null : s.county())
                        .put("branch", s.branch().isEmpty() ? null : s.branch())
                        .put("rule", s.rule().isEmpty() ? null : s.rule()))
                .put("startsAt", Replies.instant(s.startsAt()))
                .put("endsAt", Replies.instant(s.endsAt()))
                .put("createdBy", s.createdBy())
                .put("createdAt", Replies.instant(s.createdAt()))
                .put("comment", s.comment())
                .put("endedBy", s.endedBy().isEmpty() ? null : s.endedBy())
                .put("endedAt", s.endedAt() == 0 ? null : Replies.instant(s.endedAt()));
    }
}
