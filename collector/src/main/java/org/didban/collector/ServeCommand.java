package org.didban.collector;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.didban.collector.inventory.InventoryFiles;
import org.didban.collector.shard.Shards;
import org.didban.rules.calendar.ElectionCalendarReader;
import org.didban.rules.calendar.InvalidCalendarException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code didban serve}: runs a collector from inventory CSV files until the process is stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the collector: ingest API, live state, rules, alerts, /metrics.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--host", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String host = CollectorConfig.DEFAULT_HOST;

    @Option(names = "--port", description = "Port to listen on, 0 for any free one (default ${DEFAULT-VALUE}).")
    int port = CollectorConfig.DEFAULT_PORT;

    @Option(names = "--branches", required = true, paramLabel = "FILE", description = "branches.csv")
    Path branches;

    @Option(names = "--devices", required = true, paramLabel = "FILE", description = "devices.csv")
    Path devices;

    @Option(names = "--agents", required = true, paramLabel = "FILE", description = "agents.csv (token hashes)")
    Path agents;

    @Option(names = "--rules", paramLabel = "FILE", description = "Rule file (YAML); default: the shipped catalogue.")
    Path rules;

    @Option(names = "--shards", description = "Shards of live state (default: 2 x processors = ${DEFAULT-VALUE}).")
    int shards = Shards.defaultCount();

    @Option(names = "--body-limit", paramLabel = "BYTES", description = "Largest ingest body (default ${DEFAULT-VALUE}).")
    long bodyLimit = CollectorConfig.DEFAULT_BODY_LIMIT;

    @Option(names = "--calendar", paramLabel = "FILE",
            description = "Election calendar (YAML, Jalali or Gregorian dates; docs/CALENDAR.md); default: no election.")
    Path calendar;

    @Option(names = "--agent-configs", paramLabel = "DIR",
            description = "Folder of per-agent site files <agentId>.yaml served at GET /api/v1/agents/{agentId}/config.")
    Path agentConfigs;

    @Mixin
    LedgerOptions ledger = new LedgerOptions();

    @Mixin
    HistoryOptions history = new HistoryOptions();

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Option(names = "--people", paramLabel = "FILE",
            description = "Who may use the API, with their token hashes (docs/PEOPLE.md); without it nobody can.")
    Path people;

    @Option(names = "--notify", paramLabel = "FILE",
            description = "Webhooks and Alertmanager to tell of alert changes (docs/NOTIFICATIONS.md).")
    Path notify;

    @Option(names = "--fiber-deadlines", paramLabel = "FILE",
            description = "The governors' fiber deadlines per province or county, Jalali dates (docs/FIBER.md).")
    Path fiberDeadlines;

    @Option(names = "--readiness-interval", paramLabel = "DURATION",
            converter = org.didban.collector.demo.DurationConverter.class,
            description = "How often branch readiness is computed for the nation (default 30s; docs/READINESS.md).")
    java.time.Duration readinessInterval;

    @Option(names = "--fiber-refresh", paramLabel = "DURATION",
            converter = org.didban.collector.demo.DurationConverter.class,
            description = "How often the fiber rollout is recomputed (default 5m; docs/FIBER.md).")
    java.time.Duration fiberRefresh;

    @Option(names = "--agent-tls",
            description = "Serve HTTPS and take agents by client certificate of the collector's CA (docs/SECURITY.md);"
                    + " the CA, enrollment codes and revocations are kept in --data-dir.")
    boolean agentTls;

    @Option(names = "--tls-name", paramLabel = "NAME", split = ",",
            description = "Host names and IP addresses agents reach the collector by, for its server certificate"
                    + " (default: --host, localhost and 127.0.0.1).")
    java.util.List<String> tlsNames;

    @Override
    public Integer call() throws InterruptedException {
        CollectorConfig.Builder config = CollectorConfig.builder()
                .host(host).port(port).shards(shards).bodyLimitBytes(bodyLimit)
                .inventoryFiles(new InventoryFiles(branches, devices, agents));
        config.agentConfigs(agentConfigs);
        if (readinessInterval != null) {
            if (readinessInterval.toMillis() < 1_000) {
                System.err.println("didban: --readiness-interval must be at least 1s");
                return 1;
            }
            config.readinessInterval(readinessInterval);
        }
        if (fiberRefresh != null) {
            if (fiberRefresh.toMillis() < 1_000) {
                System.err.println("didban: --fiber-refresh must be at least 1s");
                return 1;
            }
            config.fiberRefresh(fiberRefresh);
        }
        try {
            config.ledger(ledger.settings());
        } catch (IllegalArgumentException e) {
            System.err.println("didban: the ledger settings are refused: " + e.getMessage());
            return 1;
        }
        try {
            org.didban.collector.history.InfluxSettings influx = history.settings();
            if (influx != null) {
                config.history(influx);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("didban: the InfluxDB settings are refused: " + e.getMessage());
            return 1;
        }
        if (notify != null) {
            config.notificationsFile(notify);
        }
        if (fiberDeadlines != null) {
            config.fiberDeadlinesFile(fiberDeadlines);
        }
        if (people != null) {
            config.peopleFile(people);
        } else {
            System.err.println("didban: no --people file: the alert API will refuse everyone."
                    + " Make an entry with 'didban people token --name NAME --role hq'.");
        }
        if (rules != null) {
            config.rulesFile(rules);
        }
        if (calendar != null) {
            try {
                config.phases(new ElectionCalendarReader().read(calendar));
            } catch (InvalidCalendarException e) {
                System.err.println("didban: the election calendar is refused:\n" + e.getMessage());
                return 1;
            } catch (java.io.IOException e) {
                System.err.println("didban: cannot read the election calendar " + calendar + ": " + e.getMessage());
                return 1;
            }
        }
        if (agentTls) {
            Path dataDir = ledger.dataDir;
            java.util.List<String> names = tlsNames != null ? tlsNames
                    : new java.util.ArrayList<>(new java.util.LinkedHashSet<>(java.util.List.of(host, "localhost", "127.0.0.1")));
            try {
                config.agentTls(org.didban.collector.enroll.AgentTls.open(dataDir, names));
            } catch (Exception e) {
                System.err.println("didban: cannot open the agent CA in " + dataDir + ": " + e.getMessage());
                return 1;
            }
        }
        org.didban.collector.cluster.ClusterSettings clusterSettings;
        try {
            clusterSettings = cluster.settings();
        } catch (IllegalArgumentException e) {
            System.err.println("didban: the cluster settings are refused: " + e.getMessage());
            return 1;
        }
        if (clusterSettings != null && ledger.url == null) {
            System.err.println("didban: a cluster needs the ledger its collectors share: give --ledger-url (PostgreSQL).");
            return 1;
        }
        Vertx vertx;
        if (clusterSettings == null) {
            vertx = Vertx.vertx();
        } else {
            org.didban.collector.cluster.ClusterTls clusterTls;
            try {
                clusterTls = cluster.tls(clusterSettings);
            } catch (java.io.IOException | java.security.GeneralSecurityException | IllegalArgumentException e) {
                System.err.println("didban: cannot open the cluster CA: " + e.getMessage());
                return 1;
            }
            org.didban.collector.cluster.ClusterNode node;
            try {
                node = org.didban.collector.cluster.ClusterNode.join(clusterSettings, clusterTls).toCompletionStage()
                        .toCompletableFuture().get();
            } catch (ExecutionException e) {
                System.err.println("didban: cannot join the cluster on " + clusterSettings.host() + ":"
                        + clusterSettings.port() + ": " + e.getCause().getMessage());
                return 1;
            }
            vertx = node.vertx();
            config.cluster(node, clusterSettings);
            System.out.printf("didban collector %s joined cluster '%s' on %s:%d (%d members), event bus %s%n", node.self(),
                    clusterSettings.name(), clusterSettings.host(), clusterSettings.port(), node.members().size(),
                    clusterTls == null ? "in plain text (loopback)" : "over mutual TLS");
        }
        Collector collector;
        try {
            collector = Collector.start(vertx, config.build()).toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException e) {
            System.err.println("didban: cannot start the collector:\n" + e.getCause().getMessage());
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception closing) {
                System.err.println("didban: unclean shutdown of Vert.x: " + closing);
            }
            return 1;
        }
        System.out.printf("didban collector listening on %s (%d branches, %d devices, %d rules, %d shards)%n",
                agentTls ? collector.baseUrl().replaceFirst("^http:", "https:") : collector.baseUrl(), collector.inventory().branches().size(), collector.inventory().devices().size(),
                collector.rules().size(), shards);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                // One step at a time from this plain thread: a continuation on an event loop
                // that Vert.x is shutting down would never run. A collector of a cluster first
                // hands its counties over (at most the handover timeout).
                collector.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("didban: unclean shutdown: " + e);
            } finally {
                try {
                    // closing Vert.x also leaves the cluster, so the others need not wait for the failure timeout
                    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    System.err.println("didban: unclean shutdown of Vert.x: " + e);
                }
            }
            stopped.countDown();
        }, "didban-shutdown"));
        stopped.await();
        return 0;
    }
}
