package org.didban.collector;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import org.didban.collector.api.AlertsEndpoint;
import org.didban.collector.api.BranchEndpoint;
import org.didban.collector.api.HealthEndpoint;
import org.didban.collector.http.Replies;
import org.didban.collector.ingest.IngestEndpoint;
import org.didban.collector.ingest.IngestMetrics;
import org.didban.collector.inventory.AgentRegistry;
import org.didban.collector.inventory.InventoryCsvReader;
import org.didban.collector.metrics.MetricsEndpoint;
import org.didban.collector.metrics.RuntimeMetrics;
import org.didban.collector.metrics.SizeMetrics;
import org.didban.collector.shard.ShardMetrics;
import org.didban.collector.shard.ShardSettings;
import org.didban.collector.rules.RuleReloads;
import org.didban.collector.shard.Shards;
import org.didban.model.Inventory;
import org.didban.rules.RuleFileReader;
import org.didban.rules.RuleSet;

/**
 * A running collector: the shards of live state and the HTTP API in front of them, on a Vert.x
 * instance the caller owns (so the demo and tests can run several, and close them, in one JVM).
 *
 * <pre>
 * Collector c = Collector.start(vertx, config).await();   // or compose on the Future
 * c.baseUrl();  // http://127.0.0.1:PORT
 * c.close();    // Future; stops the server and undeploys the shards, not Vert.x
 * </pre>
 */
public final class Collector {
    private final Vertx vertx;
    private final HttpServer server;
    private final Shards shards;
    private final RuleReloads reloads;
    private final String host;
    private final Inventory inventory;
    private final AgentRegistry agents;
    private final PrometheusRegistry registry;

    private Collector(Vertx vertx, HttpServer server, Shards shards, RuleReloads reloads, String host, Loaded loaded,
                      PrometheusRegistry registry) {
        this.vertx = vertx;
        this.reloads = reloads;
        this.server = server;
        this.shards = shards;
        this.host = host;
        this.inventory = loaded.inventory();
        this.agents = loaded.agents();
        this.registry = registry;
    }

    /**
     * Reads the inventory and rules (on a worker thread when they are files), deploys the shards,
     * then listens. Fails with the reason (e.g. {@code InvalidInventoryException} naming file and
     * line) and leaves nothing running when any step fails.
     */
    public static Future<Collector> start(Vertx vertx, CollectorConfig config) {
        return vertx.executeBlocking(() -> load(config), false).compose(loaded -> {
            PrometheusRegistry registry = new PrometheusRegistry();
            ShardSettings settings = new ShardSettings(loaded.inventory(), loaded.rules(), config.phases(), config.shards(),
                    config.resolvedAlertsPerShard(), config.eventsPerBranch(), new ShardMetrics(registry),
                    config.alertListeners());
            return Shards.deploy(vertx, settings).compose(shards -> {
                RuleReloads reloads = new RuleReloads(vertx, config.rulesFile(), loaded.rules(), shards, registry);
                Router router = router(vertx, config, loaded, shards, reloads, registry);
                reloads.mount(router);
                // Agents on 4G pay for every byte, so they may gzip their batches; the body limit
                // then counts decompressed bytes, which also bounds a compression bomb.
                HttpServerOptions options = new HttpServerOptions().setHost(config.host()).setPort(config.port())
                        .setDecompressionSupported(true).setCompressionSupported(true);
                return vertx.createHttpServer(options)
                        .requestHandler(router)
                        .listen()
                        .map(server -> {
                            reloads.watch(config.ruleWatchInterval());
                            return new Collector(vertx, server, shards, reloads, config.host(), loaded, registry);
                        })
                        .recover(failure -> shards.undeploy().transform(ignored -> Future.failedFuture(failure)));
            });
        });
    }

    private static Router router(Vertx vertx, CollectorConfig config, Loaded loaded, Shards shards, RuleReloads reloads,
                                 PrometheusRegistry registry) {
        Inventory inventory = loaded.inventory();
        SizeMetrics.register(registry, inventory.branches().size(), inventory.devices().size(),
                loaded.agents().size(), () -> reloads.inForce().size(), shards.size());
        RuntimeMetrics.register(registry);
        Router router = Router.router(vertx);
        new IngestEndpoint(loaded.agents(), inventory, shards, new IngestMetrics(registry), config.bodyLimitBytes()).mount(router);
        new AlertsEndpoint(shards).mount(router);
        new BranchEndpoint(inventory, shards).mount(router);
        new HealthEndpoint(inventory.branches().size(), inventory.devices().size(), loaded.agents().size(),
                () -> reloads.inForce().size(), shards.size()).mount(router);
        new MetricsEndpoint(registry).mount(router);
        new org.didban.collector.agentconfig.AgentConfigEndpoint(vertx, loaded.agents(), config.agentConfigs()).mount(router);
        router.errorHandler(404, ctx -> Replies.error(ctx, 404, "no such endpoint: " + ctx.request().path()));
        router.errorHandler(405, ctx -> Replies.error(ctx, 405, "method " + ctx.request().method() + " not allowed here"));
        router.errorHandler(500, ctx -> Replies.error(ctx, 500, "internal error"));
        return router;
    }

    /** Blocking: reads files. Runs on a worker thread. */
    private static Loaded load(CollectorConfig config) throws Exception {
        Inventory inventory = config.inventory();
        AgentRegistry agents = config.agents();
        if (inventory == null) {
            InventoryCsvReader.Loaded read = new InventoryCsvReader().read(config.inventoryFiles());
            inventory = read.inventory();
            agents = read.agents();
        }
        RuleSet rules = config.rules();
        if (rules == null) {
            rules = config.rulesFile() == null ? RuleFileReader.catalogue() : new RuleFileReader().read(config.rulesFile());
        }
        return new Loaded(inventory, agents, rules);
    }

    private record Loaded(Inventory inventory, AgentRegistry agents, RuleSet rules) {
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return server.actualPort();
    }

    public String baseUrl() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        if (h.equals("0.0.0.0") || h.equals("[::]")) {
            h = "127.0.0.1";
        }
        return "http://" + h + ":" + port();
    }

    public Inventory inventory() {
        return inventory;
    }

    public AgentRegistry agents() {
        return agents;
    }

    /** The rules in force now (a reload replaces them). */
    public RuleSet rules() {
        return reloads.inForce();
    }

    /** This collector's metrics, for embedding programs that want to add their own. */
    public PrometheusRegistry registry() {
        return registry;
    }

    public Vertx vertx() {
        return vertx;
    }

    /** Stops listening, then undeploys the shards (cancelling their timers). Vert.x stays open. */
    public Future<Void> close() {
        reloads.stop();
        return server.close().eventually(shards::undeploy);
    }
}
