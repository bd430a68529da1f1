package org.didban.agent;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.didban.agent.config.DeviceConfig;
import org.didban.agent.config.SiteConfig;
import org.didban.agent.http.CollectorHttp;
import org.didban.agent.http.UrlConnectionHttp;
import org.didban.agent.trap.TrapReceiver;
import org.didban.agent.trap.TrapSettings;
import org.didban.agent.trap.UntrustedTrap;
import org.didban.model.Event;
import org.didban.model.EventTypes;
import org.didban.agent.offline.LocalAlertLog;
import org.didban.agent.offline.LocalRules;
import org.didban.agent.offline.StatusPage;
import org.didban.agent.report.SitePipeline;
import org.didban.agent.spool.DiskSpool;
import org.didban.agent.snmp.PollRound;
import org.didban.agent.snmp.SitePoller;
import org.didban.agent.snmp.SnmpSession;
import org.didban.agent.uplink.Backoff;
import org.didban.agent.uplink.BatchQueue;
import org.didban.agent.uplink.MemoryBatchQueue;
import org.didban.agent.uplink.Uplink;

/**
 * The agent of one branch: every poll interval it polls the branch's devices and pushes what they
 * said to the collector as one batch. The HTTP client, the scheduler and the SNMP session can be
 * shared by many agents in one JVM (the demo runs hundreds); whatever the agent opened itself it
 * closes on {@link #stop()}, and nothing it was given.
 */
public final class SiteAgent implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SiteAgent.class.getName());

    private final SiteConfig config;
    private final CollectorHttp givenHttp;
    private final org.didban.agent.identity.AgentIdentity givenIdentity;
    private final ScheduledExecutorService givenScheduler;
    private final SnmpSession givenSession;
    private final BatchQueue givenQueue;
    private final java.nio.file.Path stateDir;
    private final int statusPort;
    private final boolean localRules;
    private final TrapSettings trapSettings;
    private final Backoff backoff;
    private final Clock clock;
    private final Duration firstPollDelay;

    private final AtomicLong polls = new AtomicLong();
    private final AtomicLong pollFailures = new AtomicLong();
    private final AtomicLong oddValues = new AtomicLong();
    private final AtomicLong skippedPolls = new AtomicLong();

    private ScheduledExecutorService scheduler;
    private SnmpSession session;
    private SitePoller poller;
    private Uplink uplink;
    private BatchQueue queue;
    private DiskSpool spool;
    private UrlConnectionHttp ownHttp;
    private org.didban.agent.identity.AgentIdentity identity;
    private SitePipeline pipeline;
    private LocalRules local;
    private LocalAlertLog alertLog;
    private StatusPage statusPage;
    private TrapReceiver traps;
    private final AtomicLong lastTrapPoll = new AtomicLong();
    private ScheduledFuture<?> rounds;
    private boolean started;
    private volatile boolean stopped;

    private SiteAgent(Builder b) {
        this.config = b.config;
        this.givenHttp = b.http;
        this.givenIdentity = b.identity;
        this.givenScheduler = b.scheduler;
        this.givenSession = b.session;
        this.givenQueue = b.queue;
        this.stateDir = b.stateDir;
        this.statusPort = b.statusPort;
        this.localRules = b.localRules;
        this.trapSettings = b.traps;
        this.backoff = b.backoff;
        this.clock = b.clock;
        this.firstPollDelay = b.firstPollDelay;
    }

    public static Builder builder(SiteConfig config) {
        return new Builder(config);
    }

    /** Opens what was not given, then polls every interval (the first after {@code firstPollDelay}). */
    public synchronized void start() throws IOException {
        if (started) {
            throw new IllegalStateException("agent " + config.agentId() + " was already started; build a new one");
        }
        started = true;
        scheduler = givenScheduler != null ? givenScheduler : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "didban-agent-" + config.agentId());
            t.setDaemon(true);
            return t;
        });
        session = givenSession != null ? givenSession : SnmpSession.open();
        // Devices poll at their profile's interval; a round happens every agent interval.
        poller = new SitePoller(session, config.devices(), clock, config.pollInterval());
        pipeline = SitePipeline.forSite(config, config.reportRefresh(), clock);
        CollectorHttp http = givenHttp;
        if (http == null) {
            identity = givenIdentity != null ? givenIdentity
                    : org.didban.agent.identity.AgentIdentity.present(stateDir)
                    ? org.didban.agent.identity.AgentIdentity.load(stateDir) : null;
            if (identity != null) {
                // enrolled (docs/SECURITY.md "Agent identity"): mutual TLS with the agent's certificate
                // one identity for every node: all share the collector's CA, and none may be spoken to in clear
                for (java.net.URI node : config.collectors()) {
                    if (!"https".equalsIgnoreCase(node.getScheme())) {
                        throw new IOException("agent " + config.agentId() + " is enrolled (a certificate in its state folder):"
                                + " its collector addresses must be https://, not " + node.getScheme());
                    }
                }
                if (!config.agentId().equals(identity.agentId())) {
                    throw new IOException("agent " + config.agentId() + ": the certificate in its state folder is for agent '"
                            + identity.agentId() + "'; enroll this agent again");
                }
                identity.warnIfExpiring(clock);
                LOG.log(System.Logger.Level.INFO, "agent {0}: sending with its certificate (serial {1}, until {2})",
                        config.agentId(), identity.serial(), identity.notAfter());
                ownHttp = UrlConnectionHttp.forAgent(config.agentId(), Duration.ofSeconds(5), identity.socketFactory());
            } else {
                ownHttp = UrlConnectionHttp.forAgent(config.agentId(), Duration.ofSeconds(5));
            }
            http = ownHttp;
        }
        if (stateDir != null) {
            // it holds the last good site config (token, SNMP passphrases): owner-only from its creation
            org.didban.secrets.Secrets.createPrivateDirectories(stateDir);
            org.didban.secrets.Secrets.warnIfExposed(stateDir, "agent state folder");
        }
        if (givenQueue != null) {
            queue = givenQueue;
        } else if (stateDir != null) {
            // A spool that survives restarts continues the agent's run: same epoch, next sequence number.
            spool = DiskSpool.open(stateDir.resolve("spool"));
            queue = spool;
        } else {
            queue = new MemoryBatchQueue();
        }
        uplink = spool != null
                ? new Uplink(config.agentId(), config.branch(), config.ingestUris(), config.token(), http, scheduler,
                        queue, backoff, clock, spool.nextSeq(), spool.epoch())
                : new Uplink(config.agentId(), config.branch(), config.ingestUris(), config.token(), http, scheduler,
                        queue, backoff, clock, 1);
        if (localRules) {
            startLocal();
        }
        if (trapSettings != null) {
            traps = TrapReceiver.start(trapSettings, this::trapped, this::untrusted);
            LOG.log(System.Logger.Level.INFO, "agent {0}: receiving traps on {1}", config.agentId(), traps.localAddress());
        }
        uplink.sendQueued();
        rounds = scheduler.scheduleAtFixedRate(this::scheduledRound, firstPollDelay.toMillis(),
                config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        LOG.log(System.Logger.Level.INFO, "agent {0} for branch {1}: polling {2} devices every {3}s, sending to {4}",
                config.agentId(), config.branch(), config.devices().size(), config.pollInterval().toSeconds(),
                config.collectors().stream().map(org.didban.agent.config.SiteConfig::shown).toList());
    }

    /**
     * One round per interval, each one batch. A round polls every device not still busy with an
     * earlier round and is sent when all of them have answered or failed, or when the interval is
     * over: a dead device delays neither the other devices' next polls nor their batch.
     */
    private void scheduledRound() {
        try {
            round(config.pollInterval());
        } catch (RuntimeException e) {
            // never let an exception cancel the fixed-rate schedule
            if (!stopped) {
                LOG.log(System.Logger.Level.ERROR, "poll round of agent " + config.agentId() + " failed", e);
            }
        }
    }

    /**
     * Polls every device not already in flight now and queues the batch when each has answered or
     * failed; completes when the batch is queued.
     */
    public CompletableFuture<PollRound> pollNow() {
        return round(null);
    }

    private CompletableFuture<PollRound> round(Duration deadline) {
        SitePoller p;
        synchronized (this) {
            if (poller == null) {
                throw new IllegalStateException("agent " + config.agentId() + " is not started");
            }
            p = poller;
        }
        // continue on the scheduler, not on the SNMP listener thread that other agents share
        return p.poll(deadline).thenApplyAsync(round -> {
            skippedPolls.addAndGet(round.skipped());
            polls.addAndGet(round.readings().size());
            pollFailures.addAndGet(round.failures());
            oddValues.addAndGet(round.oddValues());
            PollRound reported;
            synchronized (pipeline) {
                reported = pipeline.apply(round);
            }
            uplink.submit(reported.samples(), reported.events());
            if (local != null) {
                // Local rules see every value, not just the changed ones that travel.
                local.accept(round.samples(), round.events());
            }
            return round;
        }, scheduler).whenComplete((round, error) -> {
            if (error != null && !stopped) {
                LOG.log(System.Logger.Level.ERROR, "poll round of agent " + config.agentId() + " failed", error);
            }
        });
    }

    /**
     * A trap travels at once, not with the next poll; and since a trap says something changed,
     * the site is polled again now (at most once a second), so that rules on polled values see
     * the change within a second too.
     */
    private void trapped(Event event) {
        if (stopped) {
            return;
        }
        uplink.submit(java.util.List.of(), java.util.List.of(event));
        if (local != null) {
            local.accept(java.util.List.of(), java.util.List.of(event));
        }
        long now = clock.millis();
        long last = lastTrapPoll.get();
        if (now - last >= 1_000 && lastTrapPoll.compareAndSet(last, now)) {
            scheduler.execute(() -> {
                try {
                    if (!stopped) {
                        pollNow();
                    }
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "poll after a trap failed: {0}", e.getMessage());
                }
            });
        }
    }

    /**
     * A trap that could not be trusted (unknown source, wrong community, failed USM) is reported
     * as an authentication failure at the device it claims to be, or at the branch's router when it
     * came from nowhere known: SEC-04 counts them.
     */
    private void untrusted(UntrustedTrap t) {
        if (stopped) {
            return;
        }
        String device = t.device() != null ? t.device() : config.devices().stream()
                .filter(d -> d.role() == org.didban.model.DeviceRole.ROUTER).map(DeviceConfig::id).findFirst()
                .orElse(config.devices().isEmpty() ? null : config.devices().get(0).id());
        if (device == null) {
            return;
        }
        uplink.submit(java.util.List.of(), java.util.List.of(new Event(device, EventTypes.AUTHENTICATION_FAILURE,
                java.util.Map.of("source", t.source().getAddress().getHostAddress(), "reason", t.reason().wireName()),
                t.time().toEpochMilli())));
    }

    /** Where traps are received, or null when they are not. */
    public java.net.InetSocketAddress trapAddress() {
        TrapReceiver r = traps;
        return r == null ? null : r.localAddress();
    }

    /**
     * Site-scoped rules evaluated at the branch, with a durable local alert log and a status page:
     * what the branch saw while the collector was unreachable is sent when the link returns.
     */
    private void startLocal() throws IOException {
        try {
            alertLog = stateDir == null ? null : LocalAlertLog.open(stateDir.resolve("local-alerts"));
            local = LocalRules.start(config, LocalRules.Options.DEFAULT, scheduler, alertLog,
                    events -> uplink.submit(java.util.List.of(), events));
        } catch (org.didban.rules.InvalidRulesException e) {
            throw new IOException("local rules refused: " + e.getMessage(), e);
        }
        uplink.onReachability(local::collectorReachable);
        if (statusPort >= 0) {
            statusPage = StatusPage.start(statusPort, local::status);
            if (identity != null) {
                statusPage.certificateExpiry(identity.notAfter());
            }
            LOG.log(System.Logger.Level.INFO, "agent {0}: branch status page on http://127.0.0.1:{1}/",
                    config.agentId(), String.valueOf(statusPage.port()));
        }
    }

    /** The port of the branch status page, or -1 when there is none. */
    public int statusPort() {
        StatusPage p = statusPage;
        return p == null ? -1 : p.port();
    }

    public AgentStats stats() {
        Uplink u = uplink;
        BatchQueue q = queue;
        return new AgentStats(polls.get(), pollFailures.get(), oddValues.get(), skippedPolls.get(),
                u == null ? 0 : u.batchesSent(), u == null ? 0 : u.retries(), u == null ? 0 : u.batchesRefused(),
                q == null ? 0 : q.droppedSamples(), q == null ? 0 : q.droppedEvents(), q == null ? 0 : q.size(),
                u == null ? 0 : u.sendErrors(), u == null ? 0 : u.unsendable(), u == null ? 0 : u.failovers());
    }

    public SiteConfig config() {
        return config;
    }

    /** Stops polling and sending, and closes what {@link #start()} opened. */
    public synchronized void stop() {
        if (!started || stopped) {
            return;
        }
        stopped = true;
        if (rounds != null) {
            rounds.cancel(false);
        }
        if (traps != null) {
            traps.close();
        }
        if (uplink != null) {
            uplink.close();
        }
        if (statusPage != null) {
            statusPage.close();
        }
        if (local != null) {
            local.close();
        }
        if (alertLog != null) {
            try {
                alertLog.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "local alert log of agent {0} did not close: {1}", config.agentId(), e.getMessage());
            }
        }
        if (spool != null) {
            spool.close();
        }
        if (givenSession == null && session != null) {
            session.close();
        }
        if (ownHttp != null) {
            ownHttp.close();
        }
        if (givenScheduler == null && scheduler != null) {
            scheduler.shutdownNow();
        }
        poller = null;
    }

    @Override
    public void close() {
        stop();
    }

    /** Optional shared resources and tuning; only the configuration is required. */
    public static final class Builder {
        private final SiteConfig config;
        private CollectorHttp http;
        private org.didban.agent.identity.AgentIdentity identity;
        private ScheduledExecutorService scheduler;
        private SnmpSession session;
        private BatchQueue queue;
        private Backoff backoff = Backoff.DEFAULT;
        private Clock clock = Clock.systemUTC();
        private Duration firstPollDelay = Duration.ZERO;
        private java.nio.file.Path stateDir;
        private int statusPort = -1;
        private boolean localRules;
        private TrapSettings traps;

        private Builder(SiteConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** How to reach the collector, shared with other agents; not closed by the agent. */
        /**
         * Send with this enrolled identity (mutual TLS) rather than the bearer token. Without it, an
         * identity in the {@link #stateDir state folder} is used when there is one. Ignored when
         * {@link #http} is given.
         */
        public Builder identity(org.didban.agent.identity.AgentIdentity identity) {
            this.identity = identity;
            return this;
        }

        public Builder http(CollectorHttp http) {
            this.http = http;
            return this;
        }

        /** Runs poll rounds, batch sends and retries; shared with other agents; not shut down by the agent. */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        /** An SNMP session shared with other agents; not closed by the agent. */
        public Builder snmpSession(SnmpSession session) {
            this.session = session;
            return this;
        }

        /**
         * A folder of the agent's own: its disk spool (store-and-forward across restarts) and its
         * local alert log. Without it batches wait in memory.
         */
        public Builder stateDir(java.nio.file.Path dir) {
            this.stateDir = dir;
            return this;
        }

        /** Evaluate the site-scoped rules at the branch too, and keep a local alert log (in the state folder). */
        public Builder localRules(boolean on) {
            this.localRules = on;
            return this;
        }

        /** Serve the branch status page on 127.0.0.1 at this port (0: any free one); needs local rules. */
        public Builder statusPort(int port) {
            this.statusPort = port;
            return this;
        }

        /** Receive traps and informs with these settings (see {@link org.didban.agent.trap.SiteTraps}). */
        public Builder traps(TrapSettings settings) {
            this.traps = settings;
            return this;
        }

        /** Where batches wait for the collector; default a {@link MemoryBatchQueue}. */
        public Builder queue(BatchQueue queue) {
            this.queue = queue;
            return this;
        }

        public Builder backoff(Backoff backoff) {
            this.backoff = Objects.requireNonNull(backoff);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** Delay before the first round; spread many agents over the interval so they do not poll in step. */
        public Builder firstPollDelay(Duration delay) {
            this.firstPollDelay = Objects.requireNonNull(delay);
            return this;
        }

        public SiteAgent build() {
            return new SiteAgent(this);
        }
    }
}
