package org.didban.collector.api;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.didban.collector.alerts.AlertQuery;
import org.didban.collector.http.Replies;
import org.didban.collector.shard.Shards;
import org.didban.model.Alert;

/**
 * {@code GET /api/v1/alerts?province=&county=&branch=&severity=&state=}: alerts from every shard
 * (or only the shard of the one branch asked for), most severe first. Each parameter takes a
 * value or a comma-separated list; {@code state} defaults to the active ones (pending, firing).
 */
public final class AlertsEndpoint {
    public static final String PATH = "/api/v1/alerts";
    private final Shards shards;

    public AlertsEndpoint(Shards shards) {
        this.shards = shards;
    }

    public void mount(Router router) {
        router.get(PATH).handler(this::list);
    }

    private void list(RoutingContext ctx) {
        AlertQuery query;
        try {
            query = AlertQuery.parse(parameters(ctx.queryParams()));
        } catch (IllegalArgumentException e) {
            Replies.error(ctx, 400, e.getMessage());
            return;
        }
        Future<List<List<Alert>>> answers = query.branches().size() == 1
                ? shards.of(query.branches().iterator().next()).alerts(query).map(List::of)
                : shards.askAll(s -> s.alerts(query));
        answers.onComplete(done -> {
            if (done.failed()) {
                Replies.error(ctx, 500, "could not gather the alerts: " + done.cause().getMessage());
                return;
            }
            List<Alert> all = new ArrayList<>();
            done.result().forEach(all::addAll);
            all.sort(AlertQuery.ORDER);
            JsonArray out = new JsonArray();
            all.forEach(a -> out.add(AlertJson.of(a)));
            Replies.json(ctx, 200, out);
        });
    }

    private static Map<String, List<String>> parameters(MultiMap params) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : params.names()) {
            out.put(name, params.getAll(name));
        }
        return out;
    }
}
