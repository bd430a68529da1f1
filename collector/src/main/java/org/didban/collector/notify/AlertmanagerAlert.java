package org.didban.collector.notify;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import org.didban.collector.alerts.TrackedAlert;
import org.didban.model.Alert;

/**
 * A Didban alert as Alertmanager's API v2 takes it. Labels identify the alert to Alertmanager
 * (its fingerprint), so they hold only what does not change while it is active, plus severity,
 * which routes; everything that changes (acknowledgement, diagnosis, grouping) is an annotation.
 */
final class AlertmanagerAlert {
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern NOT_IN_NAME = Pattern.compile("[^a-zA-Z0-9_]");

    private AlertmanagerAlert() {
    }

    /**
     * Didban's own labels, then the alert key's labels (names made valid for Prometheus). Where a
     * key label's name is taken by one of Didban's, it goes as {@code key_<name>}. Empty values are
     * left out: Alertmanager treats them as absent anyway.
     */
    static JsonObject labels(TrackedAlert t) {
        Alert a = t.alert();
        JsonObject labels = new JsonObject();
        put(labels, "alertname", a.key().ruleId());
        put(labels, "rule", a.key().ruleId());
        put(labels, "severity", a.severity().wireName());
        put(labels, "province", a.provinceCode());
        put(labels, "county", a.countyCode());
        put(labels, "branch", a.branchCode());
        put(labels, "sensitive", Boolean.toString(t.sensitive()));
        put(labels, "device", a.key().device());
        for (Map.Entry<String, String> e : a.key().labels().asMap().entrySet()) {
            String name = labelName(e.getKey());
            put(labels, labels.containsKey(name) ? "key_" + name : name, e.getValue());
        }
        return labels;
    }

    /** A label name Prometheus accepts: invalid characters become {@code _}, a leading digit gets one before it. */
    static String labelName(String name) {
        if (LABEL_NAME.matcher(name).matches()) {
            return name;
        }
        String s = NOT_IN_NAME.matcher(name).replaceAll("_");
        return s.isEmpty() || Character.isDigit(s.charAt(0)) ? "_" + s : s;
    }

    private static void put(JsonObject labels, String name, String value) {
        if (value != null && !value.isEmpty() && !labels.containsKey(name)) {
            labels.put(name, value);
        }
    }

    /** Active: no end, so Alertmanager keeps it until {@code resolve_timeout} after the last time it hears of it. */
    static JsonObject firing(TrackedAlert t, URI collectorUrl) {
        return base(t, labels(t), collectorUrl);
    }

    /** Ended at {@code endsAt} (epoch ms) under {@code labels}: resolved, silenced by Didban, or relabelled. */
    static JsonObject ended(TrackedAlert t, JsonObject labels, long endsAt, URI collectorUrl) {
        // Alertmanager refuses an alert that ends before it starts.
        return base(t, labels, collectorUrl).put("endsAt", WebhookPayload.instant(Math.max(endsAt, startsAt(t))));
    }

    private static JsonObject base(TrackedAlert t, JsonObject labels, URI collectorUrl) {
        JsonObject alert = new JsonObject()
                .put("labels", labels.copy())
                .put("annotations", annotations(t))
                .put("startsAt", WebhookPayload.instant(startsAt(t)));
        if (collectorUrl != null) {
            alert.put("generatorURL", generatorUrl(collectorUrl, t.id()));
        }
        return alert;
    }

    private static long startsAt(TrackedAlert t) {
        Alert a = t.alert();
        return a.firedAt() > 0 ? a.firedAt() : a.activeSince();
    }

    private static JsonObject annotations(TrackedAlert t) {
        Alert a = t.alert();
        JsonObject annotations = new JsonObject();
        put(annotations, "title", a.titleEn());
        put(annotations, "title_fa", a.titleFa());
        put(annotations, "summary", summary(t));
        if (t.diagnosis() != null) {
            put(annotations, "diagnosis", t.diagnosis().cause().wireName()
                    + (t.diagnosis().evidence().isEmpty() ? "" : ": " + t.diagnosis().evidence()));
        }
        if (t.acknowledgement() != null) {
            put(annotations, "acknowledged_by", t.acknowledgement().by());
        }
        put(annotations, "grouped_under", a.groupedUnder());
        if (t.flapping()) {
            put(annotations, "flapping", "true");
        }
        put(annotations, "didban_id", t.id());
        return annotations;
    }

    private static String summary(TrackedAlert t) {
        Alert a = t.alert();
        StringBuilder s = new StringBuilder();
        s.append(a.titleEn() == null || a.titleEn().isEmpty() ? a.key().ruleId() : a.titleEn())
                .append(" on ").append(a.key().device())
                .append(" at branch ").append(a.branchCode())
                .append(" (county ").append(a.countyCode()).append(", province ").append(a.provinceCode()).append(')');
        if (Double.isFinite(a.value())) {
            s.append("; value ").append(a.value());
        }
        return s.toString();
    }

    static String generatorUrl(URI collectorUrl, String alertId) {
        String base = collectorUrl.toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/v1/alerts/"
                + URLEncoder.encode(alertId, StandardCharsets.UTF_8);
    }
}
