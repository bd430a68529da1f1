package org.didban.collector;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.didban.collector.fiber.FiberDeadlines;
import org.didban.collector.history.InfluxSettings;
import org.didban.collector.readiness.ReadinessBoard;
import org.didban.collector.ledger.LedgerSettings;
import org.didban.collector.notify.NotifySettings;
import org.didban.collector.people.People;
import org.didban.collector.inventory.AgentRegistry;
import org.didban.collector.inventory.InventoryFiles;
import org.didban.collector.shard.Shards;
import org.didban.model.AlertTransition;
import org.didban.model.Inventory;
import org.didban.rules.PhaseSchedule;
import org.didban.rules.RuleSet;

/**
 * How to run a collector. Immutable; build with {@link #builder()}. The inventory comes either
 * in memory ({@link Builder#inventory(Inventory, AgentRegistry)}, as the demo generates it) or
 * from CSV files ({@link Builder#inventoryFiles(InventoryFiles)}); the rules either in memory,
 * from a YAML file, or (by default) the shipped catalogue.
 */
public final class CollectorConfig {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final long DEFAULT_BODY_LIMIT = 8L * 1024 * 1024;
    public static final int DEFAULT_RESOLVED_ALERTS_PER_SHARD = 10_000;
    public static final int DEFAULT_EVENTS_PER_BRANCH = 50;

    private final String host;
    private final int port;
    private final Inventory inventory;
    private final AgentRegistry agents;
    private final InventoryFiles inventoryFiles;
    private final RuleSet rules;
    private final Path rulesFile;
    private final Duration ruleWatchInterval;
    private final PhaseSchedule phases;
    private final int shards;
    private final long bodyLimitBytes;
    private final int resolvedAlertsPerShard;
    private final int eventsPerBranch;
    private final List<Consumer<AlertTransition>> alertListeners;
    private final Path agentConfigs;
    private final LedgerSettings ledger;
    private final People people;
    private final Path peopleFile;
    private final NotifySettings notify;
    private final Path notifyFile;
    private final FiberDeadlines fiberDeadlines;
    private final Path fiberDeadlinesFile;
    private final Duration readinessInterval;
    private final Duration fiberRefresh;
    private final org.didban.collector.ingest.IngestLimits ingestLimits;
    private final InfluxSettings history;
    private final org.didban.collector.enroll.AgentTls agentTls;
    private final Cluster cluster;

    private CollectorConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.inventory = b.inventory;
        this.agents = b.agents;
        this.inventoryFiles = b.inventoryFiles;
        this.rules = b.rules;
        this.rulesFile = b.rulesFile;
        this.ruleWatchInterval = b.ruleWatchInterval;
        this.phases = b.phases;
        this.shards = b.shards;
        this.bodyLimitBytes = b.bodyLimitBytes;
        this.resolvedAlertsPerShard = b.resolvedAlertsPerShard;
        this.eventsPerBranch = b.eventsPerBranch;
        this.alertListeners = List.copyOf(b.alertListeners);
        this.agentConfigs = b.agentConfigs;
        this.ledger = b.ledger != null ? b.ledger : LedgerSettings.inMemory();
        this.people = b.people;
        this.peopleFile = b.peopleFile;
        this.notify = b.notify;
        this.notifyFile = b.notifyFile;
        this.fiberDeadlines = b.fiberDeadlines;
        this.fiberDeadlinesFile = b.fiberDeadlinesFile;
        this.readinessInterval = b.readinessInterval;
        this.fiberRefresh = b.fiberRefresh;
        this.ingestLimits = b.ingestLimits;
        this.history = b.history;
        this.agentTls = b.agentTls;
        this.cluster = b.cluster;
    }

    /** One collector of a cluster: who is in it, and how it behaves (docs/OPERATIONS.md). */
    public record Cluster(org.didban.collector.cluster.Membership membership,
                          org.didban.collector.cluster.ClusterSettings settings) {
    }

    /** Null: a collector on its own, owning every county. */
    public Cluster cluster() {
        return cluster;
    }

    /** Agent identity by client certificate over HTTPS (docs/SECURITY.md); null: bearer tokens over HTTP. */
    public org.didban.collector.enroll.AgentTls agentTls() {
        return agentTls;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** The in-memory inventory, or null when it is read from {@link #inventoryFiles()}. */
    public Inventory inventory() {
        return inventory;
    }

    /** The in-memory agents, or null when they are read from {@link #inventoryFiles()}. */
    public AgentRegistry agents() {
        return agents;
    }

    /** The CSV files to read, or null when the inventory is given in memory. */
    public InventoryFiles inventoryFiles() {
        return inventoryFiles;
    }

    /** The in-memory rules, or null. */
    public RuleSet rules() {
        return rules;
    }

    /** The rule file to read, or null. With neither rules nor a file, the shipped catalogue. */
    /** How often the rule file is checked for changes. */
    public Duration ruleWatchInterval() {
        return ruleWatchInterval;
    }

    /** The election calendar in force; {@link PhaseSchedule#NONE} when there is none. */
    public PhaseSchedule phases() {
        return phases;
    }

    public Path rulesFile() {
        return rulesFile;
    }

    public int shards() {
        return shards;
    }

    public long bodyLimitBytes() {
        return bodyLimitBytes;
    }

    public int resolvedAlertsPerShard() {
        return resolvedAlertsPerShard;
    }

    public int eventsPerBranch() {
        return eventsPerBranch;
    }

    public List<Consumer<AlertTransition>> alertListeners() {
        return alertListeners;
    }

    /** The folder of per-agent site files ({@code <agentId>.yaml}) served to agents, or null for none. */
    public Path agentConfigs() {
        return agentConfigs;
    }

    /** Where alerts, acknowledgements and silences are recorded; by default an in-memory database. */
    public LedgerSettings ledger() {
        return ledger;
    }

    /** The people who may use the API, given in memory; null when read from {@link #peopleFile()}. */
    public People people() {
        return people;
    }

    /** The people file to read, or null. */
    public Path peopleFile() {
        return peopleFile;
    }

    /** Webhooks and Alertmanager given in memory; null when read from {@link #notificationsFile()}. */
    public NotifySettings notifications() {
        return notify;
    }

    /** The notification settings file to read, or null. */
    public Path notificationsFile() {
        return notifyFile;
    }

    /** The fiber deadlines given in memory; null when read from {@link #fiberDeadlinesFile()}. */
    public FiberDeadlines fiberDeadlines() {
        return fiberDeadlines;
    }

    /** The fiber deadlines file (Jalali dates, docs/FIBER.md), or null. */
    public Path fiberDeadlinesFile() {
        return fiberDeadlinesFile;
    }

    /** How often the nation's readiness (and the dashboards' per-branch and alert counts) is computed. */
    public Duration readinessInterval() {
        return readinessInterval;
    }

    /** How often the fiber rollout's picture is recomputed. */
    public Duration fiberRefresh() {
        return fiberRefresh;
    }

    /** Rate limits, clock-skew bound and window of the agents' ingest route (docs/SECURITY.md). */
    public org.didban.collector.ingest.IngestLimits ingestLimits() {
        return ingestLimits;
    }

    /** Where history is written; null when no InfluxDB is configured. */
    public InfluxSettings history() {
        return history;
    }

    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private Inventory inventory;
        private AgentRegistry agents;
        private InventoryFiles inventoryFiles;
        private RuleSet rules;
        private Path rulesFile;
        private Duration ruleWatchInterval = Duration.ofSeconds(5);
        private PhaseSchedule phases = PhaseSchedule.NONE;
        private int shards = Shards.defaultCount();
        private long bodyLimitBytes = DEFAULT_BODY_LIMIT;
        private int resolvedAlertsPerShard = DEFAULT_RESOLVED_ALERTS_PER_SHARD;
        private int eventsPerBranch = DEFAULT_EVENTS_PER_BRANCH;
        private final List<Consumer<AlertTransition>> alertListeners = new ArrayList<>();
        private Path agentConfigs;
        private LedgerSettings ledger;
        private People people = People.empty();
        private Path peopleFile;
        private NotifySettings notify = NotifySettings.NONE;
        private Path notifyFile;
        private FiberDeadlines fiberDeadlines = FiberDeadlines.none();
        private Duration readinessInterval = ReadinessBoard.DEFAULT_INTERVAL;
        private Duration fiberRefresh = org.didban.collector.fiber.FiberRollout.Settings.standard().refreshEvery();
        private org.didban.collector.ingest.IngestLimits ingestLimits = org.didban.collector.ingest.IngestLimits.DEFAULT;
        private InfluxSettings history;
        private Path fiberDeadlinesFile;
        private org.didban.collector.enroll.AgentTls agentTls;
        private Cluster cluster;

        private Builder() {
        }

        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** 0 picks a free port; read it back with {@link Collector#port()}. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is not 0..65535");
            }
            this.port = port;
            return this;
        }

        public Builder inventory(Inventory inventory, AgentRegistry agents) {
            this.inventory = Objects.requireNonNull(inventory, "inventory");
            this.agents = Objects.requireNonNull(agents, "agents");
            this.inventoryFiles = null;
            return this;
        }

        public Builder inventoryFiles(InventoryFiles files) {
            this.inventoryFiles = Objects.requireNonNull(files, "files");
            this.inventory = null;
            this.agents = null;
            return this;
        }

        public Builder rules(RuleSet rules) {
            this.rules = Objects.requireNonNull(rules, "rules");
            this.rulesFile = null;
            return this;
        }

        public Builder ruleWatchInterval(Duration every) {
            if (every.isNegative() || every.isZero()) {
                throw new IllegalArgumentException("the rule file check interval must be positive");
            }
            this.ruleWatchInterval = every;
            return this;
        }

        public Builder phases(PhaseSchedule phases) {
            this.phases = Objects.requireNonNull(phases, "phases");
            return this;
        }

        public Builder rulesFile(Path file) {
            this.rulesFile = Objects.requireNonNull(file, "file");
            this.rules = null;
            return this;
        }

        public Builder shards(int shards) {
            if (shards < 1) {
                throw new IllegalArgumentException("at least one shard, got " + shards);
            }
            this.shards = shards;
            return this;
        }

        public Builder bodyLimitBytes(long bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("a body limit under 1 KiB would refuse every batch");
            }
            this.bodyLimitBytes = bytes;
            return this;
        }

        public Builder resolvedAlertsPerShard(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("resolved alerts per shard below zero");
            }
            this.resolvedAlertsPerShard = count;
            return this;
        }

        public Builder eventsPerBranch(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("events per branch below zero");
            }
            this.eventsPerBranch = count;
            return this;
        }

        /**
         * Called with every alert transition, on the event loop of the shard that owns the alert,
         * in order. Must not block: the seam for persistence and notifications.
         */
        public Builder onAlertTransition(Consumer<AlertTransition> listener) {
            alertListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Serve {@code GET /api/v1/agents/{id}/config} from {@code dir/<id>.yaml}; null serves none. */
        public Builder agentConfigs(Path dir) {
            this.agentConfigs = dir;
            return this;
        }

        /** Record alerts there; without it, in an in-memory database that a restart forgets. */
        public Builder ledger(LedgerSettings settings) {
            this.ledger = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** The people who may use the API (each with their bearer token's hash). */
        public Builder people(People people) {
            this.people = Objects.requireNonNull(people, "people");
            this.peopleFile = null;
            return this;
        }

        /** Read the people from this file at start. */
        public Builder peopleFile(Path file) {
            this.peopleFile = Objects.requireNonNull(file, "file");
            this.people = null;
            return this;
        }

        /** Where alert changes are sent (webhooks, Alertmanager); by default nowhere. */
        public Builder notifications(NotifySettings settings) {
            this.notify = Objects.requireNonNull(settings, "settings");
            this.notifyFile = null;
            return this;
        }

        /** Read the notification settings from this file at start (docs/NOTIFICATIONS.md). */
        public Builder notificationsFile(Path file) {
            this.notifyFile = Objects.requireNonNull(file, "file");
            this.notify = null;
            return this;
        }

        /** The governors' fiber deadlines; by default none. */
        public Builder fiberDeadlines(FiberDeadlines deadlines) {
            this.fiberDeadlines = Objects.requireNonNull(deadlines, "deadlines");
            this.fiberDeadlinesFile = null;
            return this;
        }

        /** Read the fiber deadlines from this file at start. */
        public Builder fiberDeadlinesFile(Path file) {
            this.fiberDeadlinesFile = Objects.requireNonNull(file, "file");
            this.fiberDeadlines = null;
            return this;
        }

        /** How often the fiber rollout is recomputed; by default every 5 minutes. */
        public Builder fiberRefresh(Duration every) {
            if (every.toMillis() < 1) {
                throw new IllegalArgumentException("the fiber refresh must be positive");
            }
            this.fiberRefresh = every;
            return this;
        }

        /** How often readiness is computed; by default every 30 s. */
        public Builder readinessInterval(Duration every) {
            if (every.toMillis() < 100) {
                throw new IllegalArgumentException("readiness interval must be at least 100 ms");
            }
            this.readinessInterval = every;
            return this;
        }

        /** Other ingest rate limits or clock-skew bound than {@link org.didban.collector.ingest.IngestLimits#DEFAULT}. */
        public Builder ingestLimits(org.didban.collector.ingest.IngestLimits limits) {
            this.ingestLimits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Write samples, alert transitions and daily snapshots to this InfluxDB; by default nowhere. */
        public Builder history(InfluxSettings settings) {
            this.history = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * Serve HTTPS with this CA's server certificate and take agents only with its client
         * certificates (enrollment at {@code POST /api/v1/enroll}); null (the default): tokens.
         */
        public Builder agentTls(org.didban.collector.enroll.AgentTls tls) {
            this.agentTls = tls;
            return this;
        }

        /**
         * Run as one collector of a cluster on a clustered Vert.x: it owns the counties the
         * cluster's ring gives it and forwards other batches to their owners. The ledger must be
         * the one the cluster shares (PostgreSQL).
         */
        public Builder cluster(org.didban.collector.cluster.Membership membership,
                               org.didban.collector.cluster.ClusterSettings settings) {
            this.cluster = new Cluster(membership, settings);
            return this;
        }

        public CollectorConfig build() {
            if (inventory == null && inventoryFiles == null) {
                throw new IllegalStateException("no inventory: give one in memory or the CSV files");
            }
            if (inventory != null) {
                agents.checkAgainst(inventory);
            }
            return new CollectorConfig(this);
        }
    }
}
