package org.didban.collector.api;

import io.vertx.core.json.JsonObject;
import org.didban.collector.http.Replies;
import org.didban.model.Alert;

/** The JSON form of an alert, the same in every endpoint. */
final class AlertJson {
    private AlertJson() {
    }

    static JsonObject of(Alert a) {
        return new JsonObject()
                .put("id", a.key().id())
                .put("rule", a.key().ruleId())
                .put("device", a.key().device())
                .put("labels", new JsonObject(new java.util.LinkedHashMap<>(a.key().labels().asMap())))
                .put("branch", a.branchCode())
                .put("county", a.countyCode())
                .put("province", a.provinceCode())
                .put("severity", a.severity().wireName())
                .put("state", a.state().wireName())
                .put("title", new JsonObject().put("en", a.titleEn()).put("fa", a.titleFa()))
                .put("value", Replies.number(a.value()))
                .put("activeSince", Replies.instant(a.activeSince()))
                .put("firedAt", Replies.instant(a.firedAt()))
                .put("resolvedAt", Replies.instant(a.resolvedAt()));
    }
}
