package org.didban.collector.readiness;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.didban.collector.http.Replies;
import org.didban.model.Branch;
import org.didban.model.County;
import org.didban.model.Inventory;
import org.didban.model.Province;

/** How readiness reads in JSON: names in Persian and English, codes in English, times ISO-8601 UTC. */
final class ReadinessJson {
    private ReadinessJson() {
    }

    static JsonObject name(String fa, String en) {
        return new JsonObject().put("fa", fa).put("en", en);
    }

    /** An area: its counts, gates, worst branches (when kept) and parts (when it has them). */
    static JsonObject rollup(ReadinessRollup r) {
        JsonObject bands = new JsonObject();
        JsonObject sensitiveBands = new JsonObject();
        for (Band b : Band.values()) {
            bands.put(b.wireName(), r.count(b));
            sensitiveBands.put(b.wireName(), r.sensitiveBands().getOrDefault(b, 0));
        }
        JsonArray gates = new JsonArray();
        for (Gate g : Gate.values()) {
            gates.add(new JsonObject().put("gate", g.wireName()).put("name", name(g.titleFa(), g.titleEn()))
                    .put("failed", r.failed(g)).put("unknown", r.unknown(g)));
        }
        JsonObject o = new JsonObject()
                .put("level", r.level().wireName())
                .put("code", r.code())
                .put("name", name(r.nameFa(), r.nameEn()))
                .put("branches", r.branches())
                .put("ready", r.ready())
                .put("neverHeard", r.neverHeard())
                .put("bands", bands)
                .put("sensitive", new JsonObject().put("branches", r.sensitive()).put("bands", sensitiveBands))
                .put("scoreAverage", Double.isFinite(r.scoreAverage()) ? Math.round(r.scoreAverage() * 10) / 10.0 : null)
                .put("gates", gates);
        if (!r.worst().isEmpty()) {
            JsonArray worst = new JsonArray();
            r.worst().forEach(b -> worst.add(summary(b)));
            o.put("worst", worst);
        }
        if (!r.parts().isEmpty()) {
            JsonArray parts = new JsonArray();
            r.parts().forEach(p -> parts.add(rollup(p)));
            o.put(r.level() == ReadinessRollup.Level.NATION ? "provinces" : "counties", parts);
        }
        return o;
    }

    /** A branch in a list: where it stands and which gates hold it back. */
    static JsonObject summary(BranchSummary r) {
        Branch b = r.branch();
        JsonArray failed = new JsonArray();
        r.gatesWith(GateStatus.FAIL).forEach(g -> failed.add(g.wireName()));
        JsonArray unknown = new JsonArray();
        r.gatesWith(GateStatus.UNKNOWN).forEach(g -> unknown.add(g.wireName()));
        return new JsonObject()
                .put("code", b.code())
                .put("name", name(b.nameFa(), b.nameEn()))
                .put("county", b.countyCode())
                .put("province", b.provinceCode())
                .put("sensitive", b.sensitive())
                .put("mobile", b.mobile())
                .put("score", r.score())
                .put("band", r.band().wireName())
                .put("ready", r.ready())
                .put("failedGates", failed)
                .put("unknownGates", unknown)
                .put("lastHeard", Replies.instant(r.lastHeard()));
    }

    /** A branch in a county's list: its summary and, for each gate not passed, why. */
    static JsonObject summary(BranchReadiness r) {
        JsonArray issues = new JsonArray();
        for (BranchReadiness.GateResult g : r.gates()) {
            if (g.status() != GateStatus.PASS) {
                issues.add(new JsonObject().put("gate", g.gate().wireName()).put("status", g.status().wireName())
                        .put("finding", g.finding().code()).put("reason", g.reason()));
            }
        }
        return summary(r.summary()).put("issues", issues);
    }

    /** One branch in full: every gate with its reason, every component with its points and note. */
    static JsonObject branch(BranchReadiness r, Inventory inventory) {
        Branch b = r.branch();
        County county = inventory.county(b.countyCode());
        Province province = inventory.province(b.provinceCode());
        JsonArray gates = new JsonArray();
        for (BranchReadiness.GateResult g : r.gates()) {
            gates.add(new JsonObject()
                    .put("gate", g.gate().wireName())
                    .put("name", name(g.gate().titleFa(), g.gate().titleEn()))
                    .put("status", g.status().wireName())
                    .put("finding", g.finding().code())
                    .put("reason", g.reason()));
        }
        JsonArray components = new JsonArray();
        JsonObject groups = new JsonObject();
        for (BranchReadiness.ComponentScore c : r.components()) {
            components.add(new JsonObject()
                    .put("component", c.component().wireName())
                    .put("group", c.component().group())
                    .put("name", name(c.component().titleFa(), c.component().titleEn()))
                    .put("points", c.points())
                    .put("max", c.max())
                    .put("finding", c.finding().code())
                    .put("note", c.note()));
            groups.put(c.component().group(), groups.getInteger(c.component().group(), 0) + c.points());
        }
        boolean sensitive = b.sensitive();
        return new JsonObject()
                .put("code", b.code())
                .put("name", name(b.nameFa(), b.nameEn()))
                .put("county", area(b.countyCode(), county == null ? "" : county.nameFa(), county == null ? "" : county.nameEn()))
                .put("province", area(b.provinceCode(), province == null ? "" : province.nameFa(),
                        province == null ? "" : province.nameEn()))
                .put("sensitive", sensitive)
                .put("sensitiveReason", b.sensitiveReason())
                .put("mobile", b.mobile())
                .put("assessedAt", Replies.instant(r.assessedAt()))
                .put("phase", r.phase().wireName())
                .put("ready", r.ready())
                .put("score", r.score())
                .put("band", r.band().wireName())
                .put("bandName", name(r.band().titleFa(), r.band().wireName()))
                .put("thresholds", new JsonObject().put("green", Band.greenFrom(sensitive)).put("amber", Band.amberFrom(sensitive)))
                .put("lastHeard", Replies.instant(r.lastHeard()))
                .put("gates", gates)
                .put("groups", groups)
                .put("components", components);
    }

    private static JsonObject area(String code, String fa, String en) {
        return new JsonObject().put("code", code).put("name", name(fa, en));
    }
}
