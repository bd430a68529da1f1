package org.didban.collector.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.didban.collector.http.Replies;

/** {@code GET /health}: that the collector is up, and the size of what it watches. */
public final class HealthEndpoint {
    public static final String PATH = "/health";
    private final JsonObject body;

    public HealthEndpoint(int branches, int devices, int agents, int rules, int shards) {
        this.body = new JsonObject()
                .put("status", "up")
                .put("branches", branches)
                .put("devices", devices)
                .put("agents", agents)
                .put("rules", rules)
                .put("shards", shards);
    }

    public void mount(Router router) {
        router.get(PATH).handler(ctx -> Replies.json(ctx, 200, body));
    }
}
