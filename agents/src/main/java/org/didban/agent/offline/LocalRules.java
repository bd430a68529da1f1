package org.didban.agent.offline;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.didban.agent.config.DeviceConfig;
import org.didban.agent.config.SiteConfig;
import org.didban.model.Alert;
import org.didban.model.AlertState;
import org.didban.model.AlertTransition;
import org.didban.model.Branch;
import org.didban.model.County;
import org.didban.model.Device;
import org.didban.model.DeviceRole;
import org.didban.model.Event;
import org.didban.model.FiberStatus;
import org.didban.model.Inventory;
import org.didban.model.Province;
import org.didban.model.Sample;
import org.didban.rules.InvalidRulesException;
import org.didban.rules.PhaseSchedule;
import org.didban.rules.Rule;
import org.didban.rules.RuleEngine;
import org.didban.rules.RuleFileReader;
import org.didban.rules.RuleInput;
import org.didban.rules.RuleSet;
import org.didban.rules.Scheduler;

/**
 * The branch's own rule engine: the site-scoped rules evaluated on what this agent polls and
 * receives, always (it is cheap), so that when the collector becomes unreachable the alerts are
 * already in the right state. See {@code package-info.java} for the whole picture.
 *
 * <p>Thread-safe: {@link #accept}, {@link #collectorReachable} and {@link #close} may be called
 * from any thread; each becomes a task on one serial executor, and the engine, its timers, the
 * alert log writes and the sync hand-over all run there, in call order. {@link #status()} reads
 * a snapshot published after every change.
 */
public final class LocalRules implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LocalRules.class.getName());

    private final SiteConfig config;
    private final Inventory inventory;
    private final RuleSet rules;
    private final Scheduler scheduler;
    private final Executor executor;
    private final LocalAlertLog log;
    private final Consumer<List<Event>> sync;
    private final int syncLimit;

    // ---- engine thread only
    private RuleEngine engine;
    private DeviceBoard board;
    private SiteStatus.Link link = SiteStatus.Link.UNKNOWN;
    private long linkSince;
    /** Transitions since the last delivery the uplink confirmed; handed over if an outage follows. */
    private final ArrayDeque<Event> sinceDelivery = new ArrayDeque<>();
    /**
     * Pending and firing alerts, kept from the transitions themselves: the engine hands a
     * transition to its sink before its own {@code active()} reflects it.
     */
    private final Map<String, Alert> active = new LinkedHashMap<>();
    private long droppedSinceDelivery;
    private long syncDropped;
    private long logFailures;
    private boolean closed;

    private volatile SiteStatus status;

    private LocalRules(SiteConfig config, Options options, Scheduler scheduler, Executor executor, LocalAlertLog log,
                       Consumer<List<Event>> sync) throws IOException, InvalidRulesException {
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(options, "options");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.log = log;
        this.sync = Objects.requireNonNull(sync, "sync");
        this.syncLimit = options.syncLimit();
        this.inventory = siteInventory(config, options);
        RuleSet source = options.ruleFile() == null ? RuleFileReader.catalogue() : new RuleFileReader().read(options.ruleFile());
        this.rules = siteScoped(source);
        this.linkSince = scheduler.now();
        this.status = new SiteStatus(config.agentId(), config.branch(), linkSince, link, linkSince,
                new DeviceBoard(inventory.devices()).snapshot(), List.of(), 0, 0, 0);
        PhaseSchedule phases = options.phases();
        executor.execute(() -> {
            engine = new RuleEngine(rules, inventory, scheduler, phases, this::onTransition);
            board = new DeviceBoard(inventory.devices());
            inventory.devices().forEach(engine::expect);
            publish();
        });
    }

    /**
     * Starts the local rules of the agent of {@code config}, with timers and every engine call on
     * {@code executor} (the agent's scheduler; it may be shared: calls are kept serial anyway).
     *
     * @param log  where every transition is written, or null for none
     * @param sync receives, on the engine thread, the {@link LocalAlertEvents#LOCAL_ALERT} events of
     *             an outage when the link returns (in order, never empty); the agent queues them on its uplink
     * @throws InvalidRulesException if the configured rule file has a problem
     */
    public static LocalRules start(SiteConfig config, Options options, ScheduledExecutorService executor,
                                   LocalAlertLog log, Consumer<List<Event>> sync)
            throws IOException, InvalidRulesException {
        SerialScheduler serial = new SerialScheduler(executor, Clock.systemUTC());
        return new LocalRules(config, options, serial, serial, log, sync);
    }

    /**
     * The seam for tests and tools: the caller guarantees that {@code executor}'s tasks and
     * {@code scheduler}'s timers run on one thread, one at a time (e.g. a
     * {@link org.didban.rules.ManualScheduler} and {@code Runnable::run}).
     */
    public static LocalRules create(SiteConfig config, Options options, Scheduler scheduler, Executor executor,
                                    LocalAlertLog log, Consumer<List<Event>> sync)
            throws IOException, InvalidRulesException {
        return new LocalRules(config, options, scheduler, executor, log, sync);
    }

    /**
     * The rules that judge one site from its own readings: those driven by a metric or by events.
     * Area rules (they need other branches) and inventory rules (they judge the registered
     * inventory, which only the collector holds: the agent's stand-in would raise false RDY-08s)
     * are left to the collector.
     */
    public static RuleSet siteScoped(RuleSet rules) {
        List<Rule> kept = new ArrayList<>();
        for (Rule r : rules.all()) {
            if (r.input() instanceof RuleInput.Metric || r.input() instanceof RuleInput.Events) {
                kept.add(r);
            }
        }
        return new RuleSet(kept);
    }

    /** This branch alone: its county and province as configured or placeholders, its devices with their roles. */
    static Inventory siteInventory(SiteConfig config, Options o) {
        int cameras = (int) config.devices().stream().filter(d -> d.role() == DeviceRole.CAMERA).count();
        Inventory.Builder b = Inventory.builder()
                .province(new Province(o.province(), o.province(), o.province()))
                .county(new County(o.county(), o.province(), o.county(), o.county()))
                .branch(new Branch(config.branch(), o.county(), o.province(), config.branch(), config.branch(),
                        o.mobile(), o.sensitive(), "", null, FiberStatus.CONNECTED, null, cameras, ""));
        for (DeviceConfig d : config.devices()) {
            // no credential reference and no secret: the inventory is shown on the status page
            b.device(new Device(d.id(), config.branch(), d.role(), d.address(), ""));
        }
        return b.build();
    }

    /** Offers one poll round's (or one trap's) samples, then events, to the local rules. Never throws. */
    public void accept(List<Sample> samples, List<Event> events) {
        List<Sample> s = samples == null ? List.of() : samples;
        List<Event> e = events == null ? List.of() : events;
        if (s.isEmpty() && e.isEmpty()) {
            return;
        }
        submit(() -> {
            for (int i = 0; i < s.size(); i++) {
                Sample sample = s.get(i);
                engine.offer(sample);
                board.record(sample);
            }
            for (int i = 0; i < e.size(); i++) {
                engine.offer(e.get(i));
            }
            publish();
        });
    }

    /**
     * The uplink's latest outcome: {@code true} when a batch was delivered (any 2xx), {@code false}
     * when a send failed for want of the collector (no connection, 5xx, 408, 429). When an outage
     * begins, the transitions since the last delivery go to {@code sync} at once, and so does each
     * transition during the outage: the uplink queues them behind the outage's own batches, in its
     * disk spool when it has one, so that a restart of the agent cannot lose them. Never throws.
     */
    public void collectorReachable(boolean reachable) {
        submit(() -> {
            SiteStatus.Link next = reachable ? SiteStatus.Link.REACHABLE : SiteStatus.Link.UNREACHABLE;
            if (next != link) {
                link = next;
                linkSince = scheduler.now();
            }
            if (reachable) {
                // delivered: the collector saw what was buffered itself
                sinceDelivery.clear();
                droppedSinceDelivery = 0;
            } else {
                handOverBacklog();
            }
            publish();
        });
    }

    private void handOverBacklog() {
        if (sinceDelivery.isEmpty()) {
            return;
        }
        List<Event> out = new ArrayList<>(sinceDelivery);
        if (droppedSinceDelivery > 0) {
            out.set(0, LocalAlertEvents.withDroppedBefore(out.get(0), droppedSinceDelivery));
        }
        sinceDelivery.clear();
        droppedSinceDelivery = 0;
        handOver(out);
    }

    private void handOver(List<Event> events) {
        try {
            sync.accept(List.copyOf(events));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "handing local alerts of agent " + config.agentId() + " over failed", e);
        }
    }

    private void onTransition(AlertTransition t) {
        if (t.to() == AlertState.PENDING || t.to() == AlertState.FIRING) {
            active.put(t.alert().key().id(), t.alert());
        } else {
            active.remove(t.alert().key().id());
        }
        if (log != null) {
            try {
                log.append(t);
            } catch (IOException | RuntimeException e) {
                logFailures++;
                LOG.log(System.Logger.Level.WARNING, "local alert log of agent {0}: {1}", config.agentId(),
                        e.getClass().getSimpleName());
            }
        }
        if (link == SiteStatus.Link.UNREACHABLE) {
            // the collector cannot see it now: into the uplink's queue at once, as a local_alert
            handOver(List.of(LocalAlertEvents.of(t)));
            publish();
            return;
        }
        // kept until the uplink confirms a delivery: if a failure comes first, the collector did
        // not see this in time and gets it as a local_alert
        if (sinceDelivery.size() >= syncLimit) {
            sinceDelivery.removeFirst();
            droppedSinceDelivery++;
            syncDropped++;
        }
        sinceDelivery.addLast(LocalAlertEvents.of(t));
        publish();
    }

    private void submit(Runnable task) {
        try {
            executor.execute(() -> {
                if (closed) {
                    return;
                }
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "local rules of agent " + config.agentId() + " failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.log(System.Logger.Level.DEBUG, "local rules of agent {0}: executor shut down", config.agentId());
        }
    }

    private void publish() {
        if (engine == null) {
            return;
        }
        List<SiteStatus.ActiveAlert> alerts = new ArrayList<>();
        for (Alert a : active.values()) {
            alerts.add(new SiteStatus.ActiveAlert(a.key().id(), a.key().ruleId(), a.key().device(),
                    a.key().labels().asMap(), a.state().wireName(), a.severity().wireName(), a.titleEn(), a.titleFa(),
                    a.activeSince(), a.firedAt()));
        }
        alerts.sort(Comparator.comparing((SiteStatus.ActiveAlert a) -> org.didban.model.Severity.parse(a.severity()))
                .reversed().thenComparingLong(SiteStatus.ActiveAlert::activeSince).thenComparing(SiteStatus.ActiveAlert::id));
        status = new SiteStatus(config.agentId(), config.branch(), scheduler.now(), link, linkSince, board.snapshot(),
                alerts, sinceDelivery.size(), syncDropped, logFailures);
    }

    /** The latest snapshot, for the status page; safe from any thread. */
    public SiteStatus status() {
        return status;
    }

    /** The rules in force locally. */
    public RuleSet rules() {
        return rules;
    }

    /** The stand-in inventory of this branch. */
    public Inventory inventory() {
        return inventory;
    }

    /** Stops the engine's timers (on its thread); later calls are ignored. Does not close the log. */
    @Override
    public void close() {
        submit(() -> {
            closed = true;
            if (engine != null) {
                engine.close();
            }
        });
    }

    /**
     * What the site configuration does not say about the branch.
     *
     * @param county    county code, or {@link #UNKNOWN}
     * @param province  province code, or {@link #UNKNOWN}
     * @param sensitive a sensitive branch: severities one level higher, {@code for} halved in voting hours
     * @param ruleFile  the agent's own rule file instead of the shipped catalogue, or null
     * @param phases    the election calendar; {@link PhaseSchedule#NONE} without one
     * @param syncLimit most transitions kept between confirmed deliveries (oldest dropped first); during an
     *                  outage they go to the uplink at once and its spool bounds them
     */
    public record Options(String county, String province, boolean sensitive, boolean mobile, Path ruleFile,
                          PhaseSchedule phases, int syncLimit) {
        public static final String UNKNOWN = "unknown";
        public static final int DEFAULT_SYNC_LIMIT = 1000;
        public static final Options DEFAULT = new Options(UNKNOWN, UNKNOWN, false, false, null, PhaseSchedule.NONE,
                DEFAULT_SYNC_LIMIT);

        public Options {
            county = county == null || county.isBlank() ? UNKNOWN : county;
            province = province == null || province.isBlank() ? UNKNOWN : province;
            phases = phases == null ? PhaseSchedule.NONE : phases;
            if (syncLimit < 1 || syncLimit > 100_000) {
                throw new IllegalArgumentException("sync limit must be 1 to 100000, got " + syncLimit);
            }
        }

        public Options withRuleFile(Path file) {
            return new Options(county, province, sensitive, mobile, file, phases, syncLimit);
        }

        public Options withPhases(PhaseSchedule p) {
            return new Options(county, province, sensitive, mobile, ruleFile, p, syncLimit);
        }

        public Options withBranch(String countyCode, String provinceCode, boolean isSensitive, boolean isMobile) {
            return new Options(countyCode, provinceCode, isSensitive, isMobile, ruleFile, phases, syncLimit);
        }

        public Options withSyncLimit(int limit) {
            return new Options(county, province, sensitive, mobile, ruleFile, phases, limit);
        }
    }
}
