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
import org.didban.collector.api.SilencesEndpoint;
import org.didban.collector.alerts.AlertFeed;
import org.didban.collector.alerts.AlertQuery;
import org.didban.collector.alerts.SilenceBoard;
import org.didban.collector.alerts.TrackedAlert;
import org.didban.collector.ledger.AlertLedger;
import org.didban.collector.people.BearerAuthentication;
import org.didban.collector.people.People;
import org.didban.collector.people.PeopleFileReader;
import org.didban.collector.stream.AlertStreamEndpoint;
import org.didban.collector.api.SensitiveBranchesEndpoint;
import org.didban.collector.fiber.DailySnapshots;
import org.didban.collector.fiber.FiberDeadlines;
import org.didban.collector.fiber.FiberDeadlinesReader;
import org.didban.collector.fiber.FiberEndpoint;
import org.didban.collector.fiber.FiberHistory;
import org.didban.collector.fiber.FiberMetrics;
import org.didban.collector.fiber.FiberRollout;
import org.didban.collector.ledger.DeadLetterRecord;
import org.didban.collector.readiness.ReadinessBoard;
import org.didban.collector.readiness.ReadinessEndpoint;
import org.didban.collector.readiness.ReadinessMetrics;
import org.didban.collector.metrics.NotificationMetrics;
import org.didban.collector.notify.DeadLetters;
import org.didban.collector.notify.Notifications;
import org.didban.collector.notify.NotifySettings;
import org.didban.collector.notify.NotifySettingsReader;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.didban.collector.http.Replies;
import org.didban.collector.ingest.IngestEndpoint;
import org.didban.collector.ingest.IngestMetrics;
import org.didban.collector.inventory.AgentRegistry;
import org.didban.collector.inventory.InventoryCsvReader;
import org.didban.collector.history.History;
import org.didban.collector.history.HistoryMetrics;
import org.didban.collector.history.InfluxHistory;
import org.didban.collector.history.SnapshotRelay;
import org.didban.collector.console.ConsoleRoutes;
import org.didban.collector.console.ConsoleSessions;
import org.didban.collector.metrics.MetricsEndpoint;
import org.didban.collector.readiness.CountyAlertMetrics;
import org.didban.collector.readiness.BranchMetrics;
import org.didban.collector.readiness.BranchTrendEndpoint;
import org.didban.collector.readiness.BranchTrends;
import org.didban.collector.metrics.RuntimeMetrics;
import org.didban.collector.metrics.SizeMetrics;
import org.didban.collector.shard.ShardMetrics;
import org.didban.collector.shard.ShardSettings;
import org.didban.collector.rules.RuleReloads;
import org.didban.collector.shard.Shards;
import org.didban.collector.shard.BatchDestination;
import org.didban.collector.cluster.ClusterMetrics;
import org.didban.collector.cluster.CountyOwnership;
import org.didban.collector.cluster.ClusterAlerts;
import org.didban.collector.cluster.ClusterNews;
import org.didban.collector.cluster.LedgerRecords;
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
    private final AlertLedger ledger;
    private final FiberHistory fiberHistory;
    private final AlertStreamEndpoint stream;
    private final Notifications notifications;
    private final Fiber fiber;
    private final ReadinessBoard readiness;
    private final SnapshotRelay relay;
    private final ConsoleSessions console;
    /** Null in token mode. */
    private final org.didban.collector.enroll.AgentTls agentTls;
    private final AutoCloseable transitions;
    /** Null when no InfluxDB is configured. */
    private final InfluxHistory influx;
    /** Empty and null for a collector on its own. */
    private final List<String> clusterDeployments;
    private final CountyOwnership ownership;

    /** The fiber rollout's live picture and its daily snapshots, stopped with the collector. */
    private record Fiber(FiberRollout rollout, DailySnapshots daily) {
    }

    private Collector(Vertx vertx, HttpServer server, Shards shards, RuleReloads reloads, String host, Loaded loaded,
                      PrometheusRegistry registry, AlertStreamEndpoint stream, Notifications notifications, Fiber fiber,
                      ReadinessBoard readiness, SnapshotRelay relay, AutoCloseable transitions, ConsoleSessions console,
                      org.didban.collector.enroll.AgentTls agentTls, List<String> clusterDeployments, CountyOwnership ownership) {
        this.clusterDeployments = clusterDeployments;
        this.ownership = ownership;
        this.console = console;
        this.agentTls = agentTls;
        this.readiness = readiness;
        this.relay = relay;
        this.transitions = transitions;
        this.influx = loaded.influx();
        this.stream = stream;
        this.notifications = notifications;
        this.fiber = fiber;
        this.vertx = vertx;
        this.reloads = reloads;
        this.server = server;
        this.shards = shards;
        this.host = host;
        this.inventory = loaded.inventory();
        this.agents = loaded.agents();
        this.registry = registry;
        this.ledger = loaded.ledger();
        this.fiberHistory = loaded.fiberHistory();
    }

    /**
     * Reads the inventory and rules (on a worker thread when they are files), deploys the shards,
     * then listens. Fails with the reason (e.g. {@code InvalidInventoryException} naming file and
     * line) and leaves nothing running when any step fails.
     */
    public static Future<Collector> start(Vertx vertx, CollectorConfig config) {
        return vertx.executeBlocking(() -> load(config), false).compose(loaded -> {
            PrometheusRegistry registry = new PrometheusRegistry();
            if (loaded.influx() != null) {
                HistoryMetrics.register(registry, loaded.influx());
            }
            // Told of changes before the shards start, as the notifiers are.
            AutoCloseable transitions = loaded.ledger().feed().subscribe(loaded.history()::transition);
            // One collector of a cluster starts with no county: the cluster's ring hands it its share.
            boolean clustered = config.cluster() != null;
            ShardSettings settings = new ShardSettings(loaded.inventory(), loaded.rules(), config.phases(), config.shards(),
                    config.resolvedAlertsPerShard(), config.eventsPerBranch(), new ShardMetrics(registry),
                    config.alertListeners(), loaded.ledger()::append, loaded.silences(),
                    clustered ? List.of() : loaded.restored(), county -> !clustered);
            // Told of changes before the shards start: what they do while taking up the alerts of
            // a restart (a pending alert whose `for` ran out meanwhile fires at once) is news too.
            Notifications notifications = Notifications.start(vertx, loaded.notifications(), loaded.ledger().feed(),
                    deadLettersOf(loaded.ledger()));
            return Shards.deploy(vertx, settings).compose(shards -> {
                FiberRollout fiber = new FiberRollout(vertx, shards, loaded::inventory, loaded.fiberDeadlines(),
                        new FiberRollout.Settings(config.fiberRefresh(), FiberRollout.Settings.standard().slice()),
                        java.time.Clock.systemUTC());
                ClusterParts cluster = null;
                // The live streams read this collector's changes, and in a cluster the others' too.
                org.didban.collector.alerts.AlertFeed forPeople = loaded.ledger().feed();
                if (clustered) {
                    LedgerRecords records = new LedgerRecords(loaded.ledger());
                    CountyOwnership ownership = new CountyOwnership(config.cluster().membership(), shards,
                            loaded.inventory(), records, notifications, loaded.silences(), config.cluster().settings());
                    forPeople = new org.didban.collector.alerts.AlertFeed();
                    cluster = new ClusterParts(ownership, new ClusterAlerts(ownership, shards, loaded.inventory(), records),
                            new ClusterNews(ownership.self(), loaded.ledger().feed(), forPeople, loaded.silences(), shards),
                            new org.didban.collector.cluster.ClusterReadiness(vertx, ownership, loaded.inventory()),
                            new org.didban.collector.cluster.ClusterFiber(vertx, ownership, loaded.inventory(), fiber,
                                    config.fiberRefresh().toMillis()),
                            new org.didban.collector.cluster.ClusterSensitiveBranches(ownership));
                    ClusterMetrics.register(registry, ownership);
                    ClusterMetrics.registerReports(registry, cluster.readiness(), cluster.fiber());
                }
                ClusterParts clusterParts = cluster;
                RuleReloads reloads = new RuleReloads(vertx, config.rulesFile(), loaded.rules(), shards, registry);
                AlertStreamEndpoint stream = new AlertStreamEndpoint(forPeople);
                DailySnapshots daily = new DailySnapshots(vertx, fiber, loaded.fiberHistory(),
                        DailySnapshots.Settings.standard());
                ReadinessBoard readiness = new ReadinessBoard(vertx, shards, loaded.inventory(),
                        new org.didban.collector.readiness.ReadinessAssessor(), config.readinessInterval(),
                        ReadinessBoard.DEFAULT_WORST, ReadinessBoard.DEFAULT_BRANCHES_PER_VISIT);
                Routes routes = router(vertx, config, loaded, shards, reloads, registry, stream, fiber, readiness, clusterParts);
                Router router = routes.router();
                BranchTrends trends = new BranchTrends(loaded.inventory(), BranchTrends.DEFAULT_CAPACITY);
                readiness.onSnapshot(snapshot -> trends.record(snapshot.computedAt(), snapshot.branches()));
                BranchTrendEndpoint trendPages = new BranchTrendEndpoint(loaded.inventory(), trends);
                if (clusterParts != null) {
                    clusterParts.readiness().joinTrends(trendPages);
                }
                trendPages.mount(router);
                // the nation's: in a cluster every collector writes the same series with the same values
                SnapshotRelay relay = new SnapshotRelay(vertx, loaded.history(), readiness::latestNational,
                        fiber::nationalPicture,
                        config.readinessInterval());
                FiberMetrics.register(registry, fiber, daily);
                ReadinessMetrics.register(registry, readiness);
                CountyAlertMetrics.register(registry, readiness);
                PrometheusRegistry branchRegistry = new PrometheusRegistry();
                BranchMetrics.register(branchRegistry, readiness);
                new MetricsEndpoint(MetricsEndpoint.BRANCHES_PATH, branchRegistry, true).mount(router);
                reloads.mount(router);
                // Agents on 4G pay for every byte, so they may gzip their batches; the body limit
                // then counts decompressed bytes, which also bounds a compression bomb.
                HttpServerOptions options = new HttpServerOptions().setHost(config.host()).setPort(config.port())
                        .setDecompressionSupported(true).setCompressionSupported(true);
                if (config.agentTls() != null) {
                    config.agentTls().secure(options); // HTTPS; agents by client certificate (docs/SECURITY.md)
                }
                // A collector of a cluster takes up its share before it listens (batches for a
                // county it does not hold yet are answered 503 and sent again anyway).
                Future<List<String>> owning = clusterParts == null ? Future.succeededFuture(List.of())
                        : clusterParts.deploy(vertx);
                return owning.compose(deployed -> vertx.createHttpServer(options)
                        .requestHandler(router)
                        .listen()
                        .compose(server -> shards.askAll(shard -> shard.alerts(AlertQuery.all())).map(active -> {
                            reloads.watch(config.ruleWatchInterval());
                            // Alertmanager forgets what it is not told again: give it the alerts
                            // active now, as the shards took them up, not as they were recorded.
                            List<TrackedAlert> now = new java.util.ArrayList<>();
                            active.forEach(now::addAll);
                            notifications.alreadyActive(now);
                            NotificationMetrics.register(registry, notifications);
                            fiber.start();
                            daily.start();
                            readiness.start();
                            relay.start();
                            if (config.agentTls() != null) {
                                config.agentTls().watchRevocations(vertx);
                            }
                            return new Collector(vertx, server, shards, reloads, config.host(), loaded, registry, stream,
                                    notifications, new Fiber(fiber, daily), readiness, relay, transitions, routes.console(),
                                    config.agentTls(), deployed, clusterParts == null ? null : clusterParts.ownership());
                        }).recover(failure -> {
                            // listening already: stop that too, so a failed start leaves nothing behind
                            reloads.stop();
                            fiber.stop();
                            daily.stop();
                            readiness.stop();
                            relay.stop();
                            routes.console().close();
                            return server.close().transform(ignored -> Future.failedFuture(failure));
                        }))
                        .recover(failure -> undeploy(vertx, deployed)
                                .transform(ignored -> Future.<Collector>failedFuture(failure))))
                        .recover(failure -> shards.undeploy().transform(ignored -> Future.failedFuture(failure)));
            }).recover(failure -> notifications.close().eventually(() -> vertx.executeBlocking(() -> {
                loaded.fiberHistory().close();
                // the ledger publishes what it still held as it closes: history hears that too
                loaded.ledger().close();
                transitions.close();
                if (loaded.influx() != null) {
                    loaded.influx().close();
                }
                return null;
            }, false)).transform(ignored -> Future.failedFuture(failure)));
        });
    }

    /**
     * One collector of a cluster: its share of the counties; people's alerts, readiness, fiber and
     * sensitive branches across it; news from the others.
     */
    private record ClusterParts(CountyOwnership ownership, ClusterAlerts alerts, ClusterNews news,
                                org.didban.collector.cluster.ClusterReadiness readiness,
                                org.didban.collector.cluster.ClusterFiber fiber,
                                org.didban.collector.cluster.ClusterSensitiveBranches sensitive) {
        /** Ownership first: it takes up this collector's share before the others are asked about it. */
        Future<List<String>> deploy(Vertx vertx) {
            List<String> ids = new java.util.concurrent.CopyOnWriteArrayList<>();
            return vertx.deployVerticle(ownership).compose(id -> {
                ids.add(id);
                return vertx.deployVerticle(alerts);
            }).compose(id -> {
                ids.add(id);
                return vertx.deployVerticle(news);
            }).compose(id -> {
                ids.add(id);
                return vertx.deployVerticle(readiness);
            }).compose(id -> {
                ids.add(id);
                return vertx.deployVerticle(fiber);
            }).compose(id -> {
                ids.add(id);
                return vertx.deployVerticle(sensitive);
            }).map(id -> {
                ids.add(id);
                return List.copyOf(ids);
            }).recover(f -> undeploy(vertx, ids).transform(ignored -> Future.failedFuture(f)));
        }
    }

    /**
     * In the order deployed: ownership first, which hands this collector's counties over while
     * people's requests and news from the others are still answered.
     */
    private static Future<Void> undeploy(Vertx vertx, List<String> deployments) {
        Future<Void> done = Future.succeededFuture();
        for (String id : deployments) {
            done = done.eventually(() -> vertx.undeploy(id));
        }
        return done;
    }

    /** The collector's routes, and the console's sessions (whose sweep timer stops with the collector). */
    private record Routes(Router router, ConsoleSessions console) {
    }

    private static Routes router(Vertx vertx, CollectorConfig config, Loaded loaded, Shards shards, RuleReloads reloads,
                                 PrometheusRegistry registry, AlertStreamEndpoint stream, FiberRollout fiber,
                                 ReadinessBoard readiness, ClusterParts cluster) {
        CountyOwnership ownership = cluster == null ? null : cluster.ownership();
        // A batch goes to the shard of its branch here, or, in a cluster, to the collector owning its county.
        BatchDestination destination = ownership == null ? shards : ownership;
        String collectorAgent = ownership == null ? org.didban.collector.enroll.SpoofingAlarm.SOURCE_AGENT
                : org.didban.collector.enroll.SpoofingAlarm.SOURCE_AGENT + "@" + ownership.self();
        Inventory inventory = loaded.inventory();
        SizeMetrics.register(registry, inventory.branches().size(), inventory.devices().size(),
                loaded.agents().size(), () -> reloads.inForce().size(), shards.size());
        RuntimeMetrics.register(registry);
        Router router = Router.router(vertx);
        new IngestEndpoint(loaded.agents(), inventory, shards, new IngestMetrics(registry), config.bodyLimitBytes(),
                loaded.history()).destination(destination).decodeOn(branch -> shards.of(branch).eventLoop()).identity(config.agentTls(),
                        new org.didban.collector.enroll.SpoofingAlarm(destination, collectorAgent, inventory, loaded.ledger(),
                                registry)).limits(config.ingestLimits()).mount(router);
        if (config.agentTls() != null) {
            new org.didban.collector.enroll.EnrollEndpoint(config.agentTls(), loaded.agents(), loaded.ledger(), registry)
                    .mount(router);
        }
        // What people use needs a person; agents prove themselves with their own tokens, and
        // /health and /metrics are for monitoring systems.
        // The console: its files and sign-in, and the session a signed-in browser uses the API with.
        ConsoleSessions console = ConsoleRoutes.mount(router, vertx, loaded::people, loaded.ledger(), registry);
        BearerAuthentication auth = new BearerAuthentication(loaded::people, console).protect(router, AlertsEndpoint.PATH,
                AlertsEndpoint.PATH + "/*", SilencesEndpoint.PATH, SilencesEndpoint.PATH + "/*", "/api/v1/branches/*",
                "/api/v1/rules/*", FiberEndpoint.PATH, FiberEndpoint.PATH + "/*", ReadinessEndpoint.PATH,
                ReadinessEndpoint.PATH + "/*");
        // before the alerts' own routes, or /api/v1/alerts/stream would be taken for an alert id
        stream.mount(router);
        org.didban.collector.metrics.AlertPathMetrics.register(registry, loaded.ledger(), auth, stream);
        new AlertsEndpoint(cluster == null ? shards : cluster.alerts(), loaded.ledger()).mount(router);
        SilencesEndpoint silences = new SilencesEndpoint(shards, loaded.ledger(), loaded.silences(), inventory);
        if (cluster != null) {
            silences.spread(cluster.news()::silenced);
        }
        silences.mount(router);
        // before the branch's own route, or "sensitive" would be taken for a branch code
        SensitiveBranchesEndpoint sensitive = new SensitiveBranchesEndpoint(shards, fiber);
        if (cluster != null) {
            cluster.sensitive().serve(sensitive);
        }
        sensitive.mount(router);
        BranchEndpoint branches = new BranchEndpoint(inventory, shards);
        if (cluster != null) {
            cluster.alerts().answerBranchesWith(branches::local);
            branches.viewThrough(cluster.alerts()::branch);
        }
        branches.mount(router);
        new FiberEndpoint(fiber, loaded.fiberHistory()).mount(router);
        ReadinessEndpoint readinessPages = new ReadinessEndpoint(readiness);
        if (cluster != null) {
            cluster.readiness().serve(readiness, readinessPages);
        }
        readinessPages.mount(router);
        HealthEndpoint health = new HealthEndpoint(inventory.branches().size(), inventory.devices().size(),
                loaded.agents().size(), () -> reloads.inForce().size(), shards.size());
        if (ownership != null) {
            health.cluster(() -> new io.vertx.core.json.JsonObject().put("node", ownership.self())
                    .put("members", new io.vertx.core.json.JsonArray(List.copyOf(ownership.members())))
                    .put("countiesHeld", ownership.held().size()));
        }
        health.mount(router);
        new MetricsEndpoint(registry).mount(router);
        new org.didban.collector.agentconfig.AgentConfigEndpoint(vertx, loaded.agents(), config.agentConfigs())
                .identity(config.agentTls()).mount(router);
        router.errorHandler(404, ctx -> Replies.error(ctx, 404, "no such endpoint: " + ctx.request().path()));
        router.errorHandler(405, ctx -> Replies.error(ctx, 405, "method " + ctx.request().method() + " not allowed here"));
        router.errorHandler(500, ctx -> {
            // the caller learns nothing of the inside; the operator learns what broke
            System.getLogger(Collector.class.getName()).log(System.Logger.Level.ERROR,
                    "internal error on " + ctx.request().method() + " " + ctx.request().path(), ctx.failure());
            Replies.error(ctx, 500, "internal error");
        });
        return new Routes(router, console);
    }

    /** Given-up notifications are kept in the ledger's database, beside what they were about. */
    private static DeadLetters deadLettersOf(AlertLedger ledger) {
        return letter -> ledger.recordDeadLetter(new DeadLetterRecord(letter.target(), letter.deliveryId(),
                letter.changeSeq(), letter.alertId(), letter.attempts(), letter.lastError(), letter.firstTried(),
                letter.givenUp(), letter.body()));
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
        People people = config.people() != null ? config.people()
                : PeopleFileReader.against(inventory).read(config.peopleFile());
        NotifySettings notifications = config.notifications() != null ? config.notifications()
                : NotifySettingsReader.read(config.notificationsFile());
        FiberDeadlines deadlines = config.fiberDeadlines() != null ? config.fiberDeadlines()
                : FiberDeadlinesReader.against(inventory).read(config.fiberDeadlinesFile());
        // The ledger last: once open it must be closed if anything after it fails.
        AlertLedger ledger = AlertLedger.open(config.ledger(), new AlertFeed());
        try {
            List<TrackedAlert> restored = closeOrphans(ledger, inventory,
                    ledger.activeAlerts().get(60, TimeUnit.SECONDS));
            SilenceBoard silences = new SilenceBoard();
            silences.replace(ledger.silences(System.currentTimeMillis()).get(60, TimeUnit.SECONDS));
            // Last: nothing after it can fail. It starts a thread and does no I/O here.
            InfluxHistory influx = config.history() == null ? null : InfluxHistory.start(config.history());
            return new Loaded(inventory, agents, rules, people, ledger, silences, restored, notifications, deadlines,
                    new FiberHistory(config.ledger()), influx);
        } catch (Exception e) {
            ledger.close();
            throw e;
        }
    }

    /**
     * Recorded alerts of a branch (or, for an area alert, a county) the inventory no longer has:
     * no shard owns them, so they are closed on the record here rather than left active forever.
     * Blocking.
     */
    private static List<TrackedAlert> closeOrphans(AlertLedger ledger, Inventory inventory, List<TrackedAlert> restored)
            throws Exception {
        List<TrackedAlert> owned = new java.util.ArrayList<>();
        long now = System.currentTimeMillis();
        for (TrackedAlert t : restored) {
            boolean known = t.branchCode().isEmpty() ? inventory.county(t.countyCode()) != null
                    : inventory.branch(t.branchCode()) != null;
            if (known) {
                owned.add(t);
                continue;
            }
            TrackedAlert closed = t.withAlert(t.alert().withState(org.didban.model.AlertState.RESOLVED, now,
                    t.alert().value()));
            ledger.append(new org.didban.collector.alerts.AlertChange(0, now,
                    org.didban.collector.alerts.AlertChange.Kind.EVALUATED, closed, t.state(),
                    org.didban.model.AlertState.RESOLVED, org.didban.collector.alerts.AlertChange.ENGINE,
                    "its branch is no longer in the inventory")).get(60, TimeUnit.SECONDS);
        }
        return owned;
    }

    private record Loaded(Inventory inventory, AgentRegistry agents, RuleSet rules, People people, AlertLedger ledger,
                          SilenceBoard silences, List<TrackedAlert> restored, NotifySettings notifications,
                          FiberDeadlines fiberDeadlines, FiberHistory fiberHistory, InfluxHistory influx) {
        /** Where history goes: the InfluxDB writer, or nowhere. */
        History history() {
            return influx == null ? History.NONE : influx;
        }
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

    /** Where alert changes are published once recorded: for notifications and live streams. */
    public AlertFeed feed() {
        return ledger.feed();
    }

    public AlertLedger ledger() {
        return ledger;
    }

    /** Branch readiness as last computed (it refreshes itself). */
    public ReadinessBoard readiness() {
        return readiness;
    }

    /** The fiber rollout as last computed (it refreshes itself). */
    public FiberRollout fiber() {
        return fiber.rollout();
    }

    /** In a cluster, this collector's share of the counties; null on its own. */
    public CountyOwnership ownership() {
        return ownership;
    }

    public Notifications notifications() {
        return notifications;
    }

    /**
     * Stops listening, undeploys the shards (cancelling their timers), then stores what the
     * ledger still holds and closes it. Vert.x stays open.
     */
    public Future<Void> close() {
        reloads.stop();
        fiber.daily().stop();
        fiber.rollout().stop();
        readiness.stop();
        relay.stop();
        console.close();
        if (agentTls != null) {
            agentTls.stopWatching(vertx);
        }
        stream.close();
        return server.close()
                // first: it stops taking batches for others and leaves the cluster's ring as the rest see it
                .eventually(() -> undeploy(vertx, clusterDeployments))
                .eventually(shards::undeploy)
                // before the ledger: what notifications still hold is dead-lettered into it
                .eventually(notifications::close)
                .eventually(() -> vertx.executeBlocking(() -> {
                    fiberHistory.close();
                    // the ledger publishes what it still held as it closes: history hears that too
                    ledger.close();
                    transitions.close();
                    if (influx != null) {
                        influx.close(); // writes what is queued, for a few seconds at most
                    }
                    return null;
                }, false)).mapEmpty();
    }
}
