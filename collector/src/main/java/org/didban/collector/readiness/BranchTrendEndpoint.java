package org.didban.collector.readiness;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.didban.collector.http.Replies;
import org.didban.collector.people.Person;
import org.didban.model.Branch;
import org.didban.model.Inventory;

/**
 * {@code GET /api/v1/branches/{code}/trend}: the branch's recent history as the console charts it
 * — times (epoch ms) and, per point, its readiness score, devices down and active alerts (null
 * where a computation did not assess it). A branch outside the caller's area is not found.
 * <pre>
 * {"branch": "THR-0001", "times": [1733...], "series": {"score": [92, …], "devices_down": [0, …], "active_alerts": [1, …]}}
 * </pre>
 */
public final class BranchTrendEndpoint {
    public static final String PATH = "/api/v1/branches/:code/trend";
    private final Inventory inventory;
    private final BranchTrends trends;
    private volatile java.util.function.Function<String, io.vertx.core.Future<JsonObject>> trendOf =
            code -> io.vertx.core.Future.succeededFuture(local(code));

    public BranchTrendEndpoint(Inventory inventory, BranchTrends trends) {
        this.inventory = inventory;
        this.trends = trends;
    }

    /** In a cluster: a branch's trend is kept by the collector that evaluates it, found through this. */
    public BranchTrendEndpoint askThrough(java.util.function.Function<String, io.vertx.core.Future<JsonObject>> trendOf) {
        this.trendOf = java.util.Objects.requireNonNull(trendOf, "trendOf");
        return this;
    }

    public void mount(Router router) {
        router.get(PATH).handler(this::show);
    }

    /** The branch's trend as kept here, or null when none is. */
    public JsonObject local(String code) {
        BranchTrends.Trend t = trends.of(code);
        if (t == null) {
            return null;
        }
        return new JsonObject()
                .put("branch", t.branch())
                .put("times", new JsonArray(List.copyOf(t.times())))
                .put("series", new JsonObject()
                        .put("score", array(t.score()))
                        .put("devices_down", array(t.devicesDown()))
                        .put("active_alerts", array(t.activeAlerts())));
    }

    private void show(RoutingContext ctx) {
        String code = ctx.pathParam("code");
        Branch branch = inventory.branch(code);
        if (branch == null || !Person.of(ctx).sees(branch.provinceCode(), branch.countyCode())) {
            Replies.error(ctx, 404, "no branch '" + code + "' in the inventory of your area");
            return;
        }
        trendOf.apply(code).onComplete(done -> {
            if (done.failed()) {
                Replies.error(ctx, 503, "could not read the branch's trend: " + done.cause().getMessage());
            } else if (done.result() == null) {
                Replies.error(ctx, 404, "no trend of branch '" + code + "' yet");
            } else {
                Replies.json(ctx, 200, done.result());
            }
        });
    }

    private static JsonArray array(List<Integer> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }
}
