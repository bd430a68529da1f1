package org.didban.collector.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.function.IntSupplier;
import org.didban.collector.http.Replies;

/** {@code GET /health}: that the collector is up, and the size of what it watches. */
public final class HealthEndpoint {
    public static final String PATH = "/health";
    private final JsonObject body;
    private final IntSupplier rules;

    public HealthEndpoint(int branches, int devices, int agents, IntSupplier rules, int shards) {
        this.rules = rules;
        this.body = new JsonObject()
                .put("status", "up")
                .put("branches", branches)
                .put("devices", devices)
                .put("agents", agents)
                .put("shards", shards);
    }

    private java.util.function.Supplier<JsonObject> cluster;

    /** In a cluster: this collector's node id, the members it sees and how many counties it holds. */
    public HealthEndpoint cluster(java.util.function.Supplier<JsonObject> cluster) {
        this.cluster = cluster;
        return this;
    }

    public void mount(Router router) {
        router.get(PATH).handler(ctx -> {
            JsonObject answer = body.copy().put("rules", rules.getAsInt());
            if (cluster != null) {
                answer.put("cluster", cluster.get());
            }
            Replies.json(ctx, 200, answer);
        });
    }
}
