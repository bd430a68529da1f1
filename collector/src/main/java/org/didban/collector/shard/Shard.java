package org.didban.collector.shard;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.didban.collector.alerts.AlertBook;
import org.didban.collector.alerts.AlertChange;
import org.didban.collector.alerts.AlertQuery;
import org.didban.collector.alerts.FlapDamping;
import org.didban.collector.alerts.SiteDiagnosis;
import org.didban.collector.alerts.SiteSilence;
import org.didban.collector.alerts.TrackedAlert;
import org.didban.model.Alert;
import org.didban.model.AlertState;
import org.didban.model.AlertTransition;
import org.didban.model.Branch;
import org.didban.model.Device;
import org.didban.model.Event;
import org.didban.model.Labels;
import org.didban.model.Sample;
import org.didban.rules.DeviceReadings;
import org.didban.rules.RuleEngine;
import org.didban.rules.RuleSet;
import org.didban.wire.SiteBatch;

/**
 * The live state of one slice of the branches: their rule engine, alert book, recent events and
 * the last sequence number accepted from each of their agents. A shard runs on its own event
 * loop and everything it owns is touched only there, so nothing is locked: callers reach it
 * through the methods below, which hop onto the shard's context and answer with a Future
 * completed back on the caller's context.
 */
public final class Shard extends VerticleBase {
    private static final System.Logger LOG = System.getLogger(Shard.class.getName());

    private final int index;
    private final ShardSettings settings;
    private RuleEngine engine;
    private AlertBook alerts;
    private RecentEvents events;
    /** Per agent, the run (epoch) and the last sequence number applied in it. */
    private final Map<String, AgentRun> runByAgent = new HashMap<>();
    private long publishedEvaluations;
    private long publishedErrors;
    private long housekeeping = -1;
    /** The branches this shard owns, and their counties (whole, always). */
    private final List<Branch> mine = new ArrayList<>();
    private final Set<String> counties = new HashSet<>();
    /** How often silences' start and end times and settled flapping are looked at. */
    static final long HOUSEKEEPING_MILLIS = 5_000;

    Shard(int index, ShardSettings settings) {
        this.index = index;
        this.settings = settings;
    }

    public int index() {
        return index;
    }

    /**
     * Runs work on this shard's event loop, in turn with its batches: what ingest decodes for the
     * shard's branches there, off the HTTP event loop every connection shares. Must not block.
     */
    public java.util.concurrent.Executor eventLoop() {
        return work -> context.runOnContext(v -> work.run());
    }

    @Override
    public Future<?> start() {
        alerts = new AlertBook(settings.resolvedAlertsPerShard(), code -> {
            Branch b = settings.inventory().branch(code);
            return b != null && b.sensitive();
        }, FlapDamping.standard());
        events = new RecentEvents(settings.eventsPerBranch());
        engine = new RuleEngine(settings.rules(), settings.inventory(), new VertxScheduler(vertx), settings.phases(),
                this::onTransition);
        // Devices that never report must still alert, so their absence watches start now; the
        // inventory's own readiness facts are judged now too.
        Set<String> start = new HashSet<>();
        for (org.didban.model.County c : settings.inventory().counties()) {
            if (Shards.indexOfCounty(settings.inventory(), c.code(), settings.shardCount()) == index
                    && settings.ownedAtStart().test(c.code())) {
                start.add(c.code());
            }
        }
        takeUp(start, settings.restored());
        housekeeping = vertx.setPeriodic(HOUSEKEEPING_MILLIS, id -> housekeep());
        return Future.succeededFuture();
    }

    /**
     * Makes whole counties this shard's: their branches, the absence watches of their devices, the
     * inventory rules over them, and the alerts recorded active for them (at start, after a
     * restart, or when a collector of the cluster that had them died or handed them over).
     */
    private void takeUp(Set<String> gained, List<TrackedAlert> recorded) {
        List<Branch> branches = new ArrayList<>();
        for (String county : gained) {
            if (counties.add(county)) {
                branches.addAll(settings.inventory().branchesOf(county));
            }
        }
        for (Branch b : branches) {
            mine.add(b);
            for (Device d : settings.inventory().devicesOf(b.code())) {
                engine.expect(d);
            }
        }
        restore(branches, gained, recorded);
        engine.evaluateInventory(branches);
        alerts.applySilences(settings.silences().current(), now()).forEach(this::recordChange);
    }

    /**
     * Takes up the alerts recorded for these branches and counties: as recorded in the book, and
     * with their series and timers in the engine. What the engine can no longer take up (its
     * rule or device is gone) is closed on the record.
     */
    private void restore(List<Branch> mine, Set<String> areaCounties, List<TrackedAlert> recorded) {
        java.util.Set<String> codes = new java.util.HashSet<>();
        mine.forEach(b -> codes.add(b.code()));
        List<Alert> engineAlerts = new ArrayList<>();
        Map<org.didban.model.AlertKey, TrackedAlert> tracked = new HashMap<>();
        for (TrackedAlert t : recorded) {
            boolean here = t.branchCode().isEmpty() ? areaCounties.contains(t.countyCode()) : codes.contains(t.branchCode());
            if (here && t.active()) {
                alerts.restore(t, now());
                engineAlerts.add(t.alert());
                tracked.put(t.key(), t);
            }
        }
        for (Alert gone : engine.restore(engineAlerts)) {
            TrackedAlert t = tracked.get(gone.key());
            alerts.record(new org.didban.model.AlertTransition(
                            gone.withState(AlertState.RESOLVED, now(), gone.value()), gone.state(), AlertState.RESOLVED, now()))
                    .forEach(c -> recordChange(new AlertChange(0, c.at(), c.kind(), c.alert(), c.from(), c.to(),
                            c.actor(), "its rule or device is no longer configured")));
            LOG.log(Level.INFO, "alert " + t.id() + " closed after restart: its rule or device is gone");
        }
        // What the engine derived while taking these up (an area counted again from its members)
        // and the book does not hold is announced now, not left firing unseen.
        for (Alert a : engine.active()) {
            if (!alerts.holds(a.key(), a.activeSince())) {
                alerts.record(new org.didban.model.AlertTransition(a, AlertState.INACTIVE, a.state(), now()))
                        .forEach(c -> recordChange(new AlertChange(0, c.at(), c.kind(), c.alert(), c.from(), c.to(),
                                c.actor(), "derived again from the alerts taken up after a restart")));
            }
        }
    }

    private void housekeep() {
        long now = now();
        settings.silences().expire(now);
        alerts.applySilences(settings.silences().current(), now).forEach(this::recordChange);
        alerts.settle(now).forEach(this::recordChange);
    }

    private long now() {
        return System.currentTimeMillis();
    }

    @Override
    public Future<?> stop() {
        if (housekeeping >= 0) {
            vertx.cancelTimer(housekeeping);
        }
        engine.close();
        return Future.succeededFuture();
    }

    /** A person acknowledges an alert of this shard; completes when the ledger has it. */
    public Future<AlertBook.Action> acknowledge(String id, String by, String note) {
        return onShard(() -> handedToLedger(alerts.acknowledge(id, by, note, now()))).compose(this::recorded);
    }

    /** A person resolves an alert of this shard; the engine starts its series afresh. */
    public Future<AlertBook.Action> resolveByHand(String id, String by, String note) {
        return onShard(() -> {
            AlertBook.Action a = alerts.resolveByHand(id, by, note, now());
            // recorded first: what the reset causes (an area clearing) comes after it in the ledger
            Handed h = handedToLedger(a);
            if (a.ok()) {
                engine.reset(a.change().alert().key());
            }
            return h;
        }).compose(this::recorded);
    }

    /** The silences changed: mark this shard's alerts now. Completes when the ledger has the changes. */
    public Future<Void> applySilences() {
        return onShard(() -> {
            // handed to the ledger here, on the shard, so that its records keep the shard's order
            List<java.util.concurrent.CompletableFuture<AlertChange>> stored = new ArrayList<>();
            for (AlertChange c : alerts.applySilences(settings.silences().current(), now())) {
                stored.add(settings.recorder().record(c));
            }
            return stored;
        }).compose(stored -> Future.all(stored.stream().map(Shard::onCaller).toList()).mapEmpty());
    }

    /**
     * Runs {@code question} on the shard's event loop against a read-only view of its state
     * (readiness, the fiber rollout); it must be quick and must copy what it keeps.
     */
    public <T> Future<T> inspect(java.util.function.Function<ShardView, T> question) {
        return onShard(() -> question.apply(view));
    }

    private final ShardView view = new ShardView() {
        @Override
        public java.util.Collection<Branch> branches() {
            return mine;
        }

        @Override
        public DeviceReadings readings(String deviceId) {
            return engine.readings(deviceId);
        }

        @Override
        public List<TrackedAlert> alertsOf(String branchCode) {
            List<TrackedAlert> out = new ArrayList<>();
            for (TrackedAlert a : alerts.active()) {
                if (a.branchCode().equals(branchCode)) {
                    out.add(a);
                }
            }
            return out;
        }

        @Override
        public List<Event> eventsOf(String branchCode) {
            return events.of(branchCode);
        }

        @Override
        public org.didban.model.ElectionPhase phase() {
            return engine.phase();
        }

        @Override
        public double minutesToClose() {
            return engine.minutesToClose();
        }

        @Override
        public long now() {
            return Shard.this.now();
        }
    };

    /** One alert of this shard, active or recently resolved, or null. */
    public Future<TrackedAlert> alert(String id) {
        return onShard(() -> alerts.find(id));
    }

    /** A person's action and, when it changed something, its record on the way into the ledger. */
    private record Handed(AlertBook.Action action, java.util.concurrent.CompletableFuture<AlertChange> stored) {
    }

    /**
     * Hands the action's change to the ledger on the shard's loop, so that it is recorded in the
     * order the shard made its changes: an acknowledgement can never land after the resolution
     * that followed it and make a closed alert look active again.
     */
    private Handed handedToLedger(AlertBook.Action a) {
        return new Handed(a, a.ok() ? settings.recorder().record(a.change()) : null);
    }

    /** Completes when the action's record is durable (at once for a refusal). */
    private Future<AlertBook.Action> recorded(Handed h) {
        if (h.stored() == null) {
            return Future.succeededFuture(h.action());
        }
        return onCaller(h.stored()).map(stored -> new AlertBook.Action(stored, null));
    }

    /**
     * The ledger completes its futures on its own writer thread; the caller's continuation (an
     * HTTP answer) must run on the caller's context, not there.
     */
    private static <T> Future<T> onCaller(java.util.concurrent.CompletionStage<T> stage) {
        Context caller = Vertx.currentContext();
        return caller == null ? Future.fromCompletionStage(stage) : Future.fromCompletionStage(stage, caller);
    }

    private void recordChange(AlertChange c) {
        settings.recorder().record(c).whenComplete((stored, error) -> {
            if (error != null) {
                LOG.log(Level.ERROR, "alert change of " + c.alert().id() + " was not recorded: " + error.getMessage());
            }
        });
    }

    /**
     * Applies a batch that was already authenticated and checked against the inventory, unless
     * the agent's sequence number shows it was applied before (a retry).
     */
    public Future<BatchOutcome> apply(String agentId, SiteBatch batch) {
        return onShard(() -> {
            Branch branch = settings.inventory().branch(batch.branch());
            if (branch != null && !counties.contains(branch.countyCode())) {
                throw new BranchMovingException("branch " + batch.branch() + " is not taken up here (yet)");
            }
            AgentRun run = runByAgent.get(agentId);
            if (run != null && batch.epoch() < run.epoch()) {
                // A batch of an earlier run of the agent, after a later one was heard: stale.
                return BatchOutcome.duplicateOf(batch.seq());
            }
            boolean sameRun = run != null && batch.epoch() == run.epoch();
            if (sameRun && batch.seq() <= run.lastSeq()) {
                return BatchOutcome.duplicateOf(batch.seq());
            }
            // An agent first heard of (e.g. after a collector restart), or restarted, starts
            // wherever it is; only a skip within one run is a gap.
            long missed = sameRun ? batch.seq() - run.lastSeq() - 1 : 0;
            for (Sample s : batch.samples()) {
                try {
                    engine.offer(s);
                } catch (RuntimeException e) {
                    settings.metrics().engineFailed();
                    LOG.log(Level.WARNING, "rule engine failed on a sample of " + s.device() + "/" + s.metric(), e);
                }
            }
            for (Event e : batch.events()) {
                try {
                    engine.offer(e);
                } catch (RuntimeException ex) {
                    settings.metrics().engineFailed();
                    LOG.log(Level.WARNING, "rule engine failed on an event of " + e.device() + "/" + e.type(), ex);
                }
            }
            events.record(batch.branch(), batch.events());
            // Recorded last: a batch that failed half way is applied again on the agent's retry.
            runByAgent.put(agentId, new AgentRun(batch.branch(), batch.epoch(), batch.seq()));
            publishEngineCounts();
            return new BatchOutcome(false, batch.seq(), batch.samples().size(), batch.events().size(), missed);
        });
    }

    /**
     * Takes up counties that were another collector's (see {@link #takeUp}); {@code recorded} are
     * the alerts the shared ledger holds active for them. Counties already here are left as they are.
     */
    public Future<Void> adopt(Set<String> gained, List<TrackedAlert> recorded) {
        return onShard(() -> {
            Set<String> fresh = new HashSet<>(gained);
            fresh.removeAll(counties);
            takeUp(fresh, recorded);
            publishEngineCounts();
            return null;
        });
    }

    /**
     * Lets go of counties another collector takes over: their branches, readings, timers and
     * alerts leave this shard without a change on the record, where their alerts stay active for
     * the new owner to take up. Completes when the shard no longer holds them; what the shard
     * handed the ledger before is behind it in the ledger's queue.
     */
    public Future<Void> release(Set<String> lost) {
        return onShard(() -> {
            Set<String> leaving = new HashSet<>(lost);
            leaving.retainAll(counties);
            if (leaving.isEmpty()) {
                return null;
            }
            engine.release(leaving);
            alerts.forget(leaving);
            List<String> codes = new ArrayList<>();
            mine.removeIf(b -> {
                if (leaving.contains(b.countyCode())) {
                    codes.add(b.code());
                    return true;
                }
                return false;
            });
            events.forget(codes);
            Set<String> gone = new HashSet<>(codes);
            runByAgent.values().removeIf(r -> gone.contains(r.branchCode()));
            counties.removeAll(leaving);
            return null;
        });
    }

    /** The counties this shard holds now. */
    public Future<Set<String>> counties() {
        return onShard(() -> Set.copyOf(counties));
    }

    /** Puts new rules in force on this shard, keeping the state of the rules that stay. */
    public Future<Void> replaceRules(RuleSet rules) {
        return onShard(() -> {
            engine.replaceRules(rules);
            publishEngineCounts();
            return null;
        });
    }

    /** The alerts of this shard that {@code query} selects, unordered. */
    public Future<List<TrackedAlert>> alerts(AlertQuery query) {
        return onShard(() -> alerts.select(query));
    }

    /** A copy of a branch's live state; the branch must belong to this shard. */
    public Future<BranchSnapshot> snapshot(String branchCode) {
        return onShard(() -> {
            List<BranchSnapshot.DeviceState> devices = new ArrayList<>();
            for (Device d : settings.inventory().devicesOf(branchCode)) {
                DeviceReadings r = engine.readings(d.id());
                List<BranchSnapshot.Reading> readings = new ArrayList<>();
                if (r != null) {
                    for (Map.Entry<Labels, Map<String, Double>> series : r.all().entrySet()) {
                        for (Map.Entry<String, Double> v : series.getValue().entrySet()) {
                            readings.add(new BranchSnapshot.Reading(v.getKey(), series.getKey(), v.getValue()));
                        }
                    }
                    readings.sort(Comparator.comparing(BranchSnapshot.Reading::metric)
                            .thenComparing(x -> x.labels().toString()));
                }
                devices.add(new BranchSnapshot.DeviceState(d, r == null ? 0 : r.lastSeen(), readings));
            }
            List<TrackedAlert> branchAlerts = new ArrayList<>();
            for (TrackedAlert a : alerts.active()) {
                if (a.branchCode().equals(branchCode)) {
                    branchAlerts.add(a);
                }
            }
            branchAlerts.sort(AlertQuery.PEOPLE_ORDER);
            return new BranchSnapshot(devices, branchAlerts, events.of(branchCode));
        });
    }

    private void onTransition(AlertTransition t) {
        List<AlertChange> changes = alerts.record(t);
        changes.forEach(this::recordChange);
        if (t.to() == AlertState.FIRING && t.from() != AlertState.FIRING && SiteSilence.firedForAbsence(t.alert())) {
            diagnoseSilence(t.alert());
        }
        settings.metrics().transition(t);
        for (Consumer<AlertTransition> listener : settings.listeners()) {
            try {
                listener.accept(t);
            } catch (RuntimeException e) {
                // A broken listener must not stop evaluation or the other listeners.
                LOG.log(Level.WARNING, "alert transition listener failed on " + t.alert().key().id(), e);
            }
        }
    }

    /** A device's silence fired: if its whole branch went quiet with it, say why as far as can be told. */
    private void diagnoseSilence(Alert alert) {
        Branch b = settings.inventory().branch(alert.branchCode());
        if (b == null) {
            return;
        }
        List<SiteSilence.LastWords> words = new ArrayList<>();
        for (Device d : settings.inventory().devicesOf(b.code())) {
            words.add(new SiteSilence.LastWords(d, engine.readings(d.id())));
        }
        if (!SiteSilence.wholeSiteQuiet(alert.key().device(), words, 2_000)) {
            return;
        }
        SiteDiagnosis d = SiteSilence.diagnose(words, events.of(b.code()), now());
        AlertBook.Action a = alerts.diagnose(TrackedAlert.idOf(alert), d, now());
        if (a.ok()) {
            recordChange(a.change());
        }
    }

    /** The engine keeps plain counters for speed; the shard hands their growth to Prometheus. */
    private void publishEngineCounts() {
        long evaluations = engine.evaluations();
        long errors = engine.evaluationErrors();
        settings.metrics().evaluated(evaluations - publishedEvaluations, errors - publishedErrors);
        publishedEvaluations = evaluations;
        publishedErrors = errors;
    }

    private <T> Future<T> onShard(Supplier<T> work) {
        Context caller = Vertx.currentContext();
        Promise<T> promise = Promise.promise();
        context.runOnContext(ignored -> {
            T result;
            try {
                result = work.get();
            } catch (RuntimeException e) {
                answer(caller, () -> promise.fail(e));
                return;
            }
            answer(caller, () -> promise.complete(result));
        });
        return promise.future();
    }

    /** Completes on the caller's context, so its continuation runs where it began. */
    private static void answer(Context caller, Runnable completion) {
        if (caller == null) {
            completion.run();
        } else {
            caller.runOnContext(ignored -> completion.run());
        }
    }

    private record AgentRun(String branchCode, long epoch, long lastSeq) {
    }
}
