package org.didban.collector.ledger;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.didban.collector.alerts.Acknowledgement;
import org.didban.collector.alerts.AlertChange;
import org.didban.collector.alerts.Silence;
import org.didban.collector.alerts.SiteDiagnosis;
import org.didban.collector.alerts.TrackedAlert;
import org.didban.model.Alert;
import org.didban.model.AlertKey;
import org.didban.model.AlertState;
import org.didban.model.Labels;
import org.didban.model.Severity;

/**
 * The ledger's own JSON for what it stores, complete enough to rebuild every object exactly (the
 * API's JSON is for people and leaves things out). Field order is fixed by the code below, so the
 * same object always gives the same text; the hash chain is computed over the stored text itself.
 */
public final class LedgerCodec {
    private LedgerCodec() {
    }

    public static JsonObject change(AlertChange c) {
        return new JsonObject()
                .put("seq", c.seq())
                .put("at", c.at())
                .put("kind", c.kind().wireName())
                .put("from", c.from().wireName())
                .put("to", c.to().wireName())
                .put("actor", c.actor())
                .put("note", c.note())
                .put("alert", alert(c.alert()));
    }

    public static AlertChange change(JsonObject j) {
        return new AlertChange(j.getLong("seq"), j.getLong("at"), AlertChange.Kind.parse(j.getString("kind")),
                alert(j.getJsonObject("alert")), AlertState.parse(j.getString("from")),
                AlertState.parse(j.getString("to")), j.getString("actor"), j.getString("note"));
    }

    public static JsonObject alert(TrackedAlert t) {
        Alert a = t.alert();
        JsonObject j = new JsonObject()
                .put("id", t.id())
                .put("rule", a.key().ruleId())
                .put("device", a.key().device())
                .put("labels", new JsonObject(new LinkedHashMap<>(a.key().labels().asMap())))
                .put("branch", a.branchCode())
                .put("county", a.countyCode())
                .put("province", a.provinceCode())
                .put("severity", a.severity().wireName())
                .put("engineState", a.state().wireName())
                .put("titleEn", a.titleEn())
                .put("titleFa", a.titleFa())
                .put("value", Double.isFinite(a.value()) ? (Object) a.value() : Double.toString(a.value()))
                .put("activeSince", a.activeSince())
                .put("firedAt", a.firedAt())
                .put("resolvedAt", a.resolvedAt())
                .put("groupedUnder", a.groupedUnder())
                .put("sensitive", t.sensitive())
                .put("silencedBy", t.silencedBy())
                .put("flapping", t.flapping())
                .put("resolvedBy", t.resolvedBy());
        if (t.acknowledgement() != null) {
            Acknowledgement ack = t.acknowledgement();
            j.put("acknowledgement", new JsonObject().put("by", ack.by()).put("at", ack.at()).put("note", ack.note()));
        }
        if (t.diagnosis() != null) {
            j.put("diagnosis", new JsonObject().put("cause", t.diagnosis().cause().wireName())
                    .put("evidence", t.diagnosis().evidence()));
        }
        return j;
    }

    public static TrackedAlert alert(JsonObject j) {
        Map<String, String> labels = new LinkedHashMap<>();
        j.getJsonObject("labels").forEach(e -> labels.put(e.getKey(), String.valueOf(e.getValue())));
        Object v = j.getValue("value");
        double value = v instanceof Number ? ((Number) v).doubleValue() : Double.parseDouble(String.valueOf(v));
        Alert a = new Alert(new AlertKey(j.getString("rule"), j.getString("device"), Labels.of(labels)),
                j.getString("branch"), j.getString("county"), j.getString("province"),
                Severity.parse(j.getString("severity")), AlertState.parse(j.getString("engineState")),
                j.getString("titleEn"), j.getString("titleFa"), value, j.getLong("activeSince"),
                j.getLong("firedAt"), j.getLong("resolvedAt"), j.getString("groupedUnder"));
        JsonObject ack = j.getJsonObject("acknowledgement");
        JsonObject diagnosis = j.getJsonObject("diagnosis");
        return new TrackedAlert(j.getString("id"), a, j.getBoolean("sensitive"),
                ack == null ? null : new Acknowledgement(ack.getString("by"), ack.getLong("at"), ack.getString("note")),
                j.getString("silencedBy"), j.getBoolean("flapping"),
                diagnosis == null ? null : new SiteDiagnosis(SiteDiagnosis.Cause.parse(diagnosis.getString("cause")),
                        diagnosis.getString("evidence")),
                j.getString("resolvedBy"));
    }

    public static JsonObject silence(Silence s) {
        return new JsonObject()
                .put("id", s.id())
                .put("province", s.province())
                .put("county", s.county())
                .put("branch", s.branch())
                .put("rule", s.rule())
                .put("startsAt", s.startsAt())
                .put("endsAt", s.endsAt())
                .put("createdBy", s.createdBy())
                .put("createdAt", s.createdAt())
                .put("comment", s.comment())
                .put("endedBy", s.endedBy())
                .put("endedAt", s.endedAt());
    }

    public static Silence silence(JsonObject j) {
        return new Silence(j.getString("id"), j.getString("province"), j.getString("county"), j.getString("branch"),
                j.getString("rule"), j.getLong("startsAt"), j.getLong("endsAt"), j.getString("createdBy"),
                j.getLong("createdAt"), j.getString("comment"), j.getString("endedBy"), j.getLong("endedAt"));
    }
}
