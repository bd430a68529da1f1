package org.didban.collector.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import org.didban.collector.http.Replies;
import org.didban.collector.people.Person;
import org.didban.collector.shard.BranchSnapshot;
import org.didban.collector.shard.Shards;
import org.didban.model.Branch;
import org.didban.model.County;
import org.didban.model.Event;
import org.didban.model.Inventory;
import org.didban.model.Province;

/**
 * {@code GET /api/v1/branches/{code}}: what the inventory says about a branch, with the live
 * state its shard holds: each device's latest readings and when it was last heard from, the
 * branch's active alerts and its recent events (newest first). A branch outside the caller's
 * area is not found.
 */
public final class BranchEndpoint {
    public static final String PATH = "/api/v1/branches/:code";
    private final Inventory inventory;
    private final Shards shards;

    public BranchEndpoint(Inventory inventory, Shards shards) {
        this.inventory = inventory;
        this.shards = shards;
    }

    /** How a branch's view is had: from this collector's shard (the default), or from the collector holding it. */
    private java.util.function.Function<String, io.vertx.core.Future<JsonObject>> view = this::local;

    public BranchEndpoint viewThrough(java.util.function.Function<String, io.vertx.core.Future<JsonObject>> view) {
        this.view = java.util.Objects.requireNonNull(view, "view");
        return this;
    }

    /** The branch's view from this collector's own shard. */
    public io.vertx.core.Future<JsonObject> local(String code) {
        Branch branch = inventory.branch(code);
        if (branch == null) {
            return io.vertx.core.Future.failedFuture("no branch " + code);
        }
        return shards.of(code).snapshot(code).map(live -> render(branch, live));
    }

    public void mount(Router router) {
        router.get(PATH).handler(this::show);
    }

    private void show(RoutingContext ctx) {
        String code = ctx.pathParam("code");
        Branch branch = inventory.branch(code);
        if (branch == null || !Person.of(ctx).sees(branch.provinceCode(), branch.countyCode())) {
            Replies.error(ctx, 404, "no branch '" + code + "' in the inventory of your area");
            return;
        }
        view.apply(code).onComplete(done -> {
            if (done.failed()) {
                Replies.error(ctx, 503, "could not read the branch: " + done.cause().getMessage());
                return;
            }
            Replies.json(ctx, 200, done.result());
        });
    }

    private JsonObject render(Branch b, BranchSnapshot live) {
        County county = inventory.county(b.countyCode());
        Province province = inventory.province(b.provinceCode());
        JsonArray devices = new JsonArray();
        for (BranchSnapshot.DeviceState d : live.devices()) {
            JsonArray readings = new JsonArray();
            for (BranchSnapshot.Reading r : d.readings()) {
                readings.add(new JsonObject()
                        .put("metric", r.metric())
                        .put("labels", new JsonObject(new LinkedHashMap<>(r.labels().asMap())))
                        .put("value", Replies.number(r.value())));
            }
            devices.add(new JsonObject()
                    .put("id", d.device().id())
                    .put("role", d.device().role().wireName())
                    .put("address", d.device().address())
                    .put("lastSeen", Replies.instant(d.lastSeen()))
                    .put("readings", readings));
        }
        JsonArray alerts = new JsonArray();
        live.alerts().forEach(a -> alerts.add(AlertJson.of(a)));
        JsonArray events = new JsonArray();
        for (Event e : live.events()) {
            events.add(new JsonObject()
                    .put("device", e.device())
                    .put("type", e.type())
                    .put("attributes", new JsonObject(new LinkedHashMap<>(e.attributes())))
                    .put("ts", Replies.instant(e.timestamp())));
        }
        return new JsonObject()
                .put("code", b.code())
                .put("name", new JsonObject().put("fa", b.nameFa()).put("en", b.nameEn()))
                .put("county", new JsonObject().put("code", county.code()).put("fa", county.nameFa()).put("en", county.nameEn()))
                .put("province", new JsonObject().put("code", province.code()).put("fa", province.nameFa()).put("en", province.nameEn()))
                .put("mobile", b.mobile())
                .put("sensitive", b.sensitive())
                .put("sensitiveReason", b.sensitiveReason())
                .put("fiber", new JsonObject().put("status", b.fiber().wireName())
                        .put("planned", b.fiberPlanned() == null ? null : b.fiberPlanned().toString()))
                .put("location", b.location() == null ? null : new JsonObject()
                        .put("latitude", b.location().latitude()).put("longitude", b.location().longitude()))
                .put("cameras", b.cameraCount())
                .put("inspector", b.inspector())
                .put("devices", devices)
                .put("alerts", alerts)
                .put("events", events);
    }
}
