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

    public BranchTrendEndpoint(Inventory inventory, BranchTrends trends) {
        this.inventory = inventory;
        this.trends = trends;
    }

    public void mount(Router router) {
        router.get(PATH).handler(this::show);
    }

    private void show(RoutingContext ctx) {
        String code = ctx.pathParam("code");
        Branch branch = inventory.branch(code);
        BranchTrends.Trend t = branch == null ? null : trends.of(code);
        if (t == null || !Person.of(ctx).sees(branch.provinceCode(), branch.countyCode())) {
            Replies.error(ctx, 404, "no branch '" + code + "' in the inventory of your area");
            return;
        }
        Replies.json(ctx, 200, new JsonObject()
                .put("branch", t.branch())
                .put("times", new JsonArray(List.copyOf(t.times())))
                .put("series", new JsonObject()
                        .put("score", array(t.score()))
                        .put("devices_down", array(t.devicesDown()))
                        .put("active_alerts", array(t.activeAlerts()))));
    }

    private static JsonArray array(List<Integer> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }
}
