package org.didban.agent;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.didban.agent.config.SiteConfig;
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
    private final HttpClient givenHttp;
    private final ScheduledExecutorService givenScheduler;
    private final SnmpSession givenSession;
    private final BatchQueue queue;
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
    private ScheduledFuture<?> rounds;
    private boolean started;
    private volatile boolean stopped;

    private SiteAgent(Builder b) {
        this.config = b.config;
        this.givenHttp = b.http;
        this.givenScheduler = b.scheduler;
        this.givenSession = b.session;
        this.queue = b.queue != null ? b.queue : new MemoryBatchQueue();
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
        poller = new SitePoller(session, config.devices(), clock);
        HttpClient http = givenHttp != null ? givenHttp
                : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        uplink = new Uplink(config.agentId(), config.branch(), config.ingestUri(), config.token(), http, scheduler,
                queue, backoff, clock, 1);
        rounds = scheduler.scheduleAtFixedRate(this::scheduledRound, firstPollDelay.toMillis(),
                config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        LOG.log(System.Logger.Level.INFO, "agent {0} for branch {1}: polling {2} devices every {3}s, sending to {4}",
                config.agentId(), config.branch(), config.devices().size(), config.pollInterval().toSeconds(),
                config.ingestUri());
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
            uplink.submit(round.samples(), round.events());
            return round;
        }, scheduler).whenComplete((round, error) -> {
            if (error != null && !stopped) {
                LOG.log(System.Logger.Level.ERROR, "poll round of agent " + config.agentId() + " failed", error);
            }
        });
    }

    public AgentStats stats() {
        Uplink u = uplink;
        return new AgentStats(polls.get(), pollFailures.get(), oddValues.get(), skippedPolls.get(),
                u == null ? 0 : u.batchesSent(), u == null ? 0 : u.retries(), u == null ? 0 : u.batchesRefused(),
                queue.droppedSamples(), queue.droppedEvents(), queue.size(),
                u == null ? 0 : u.sendErrors(), u == null ? 0 : u.unsendable());
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
        if (uplink != null) {
            uplink.close();
        }
        if (givenSession == null && session != null) {
            session.close();
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
        private HttpClient http;
        private ScheduledExecutorService scheduler;
        private SnmpSession session;
        private BatchQueue queue;
        private Backoff backoff = Backoff.DEFAULT;
        private Clock clock = Clock.systemUTC();
        private Duration firstPollDelay = Duration.ZERO;

        private Builder(SiteConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** A client shared with other agents; not closed by the agent. */
        public Builder httpClient(HttpClient http) {
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
