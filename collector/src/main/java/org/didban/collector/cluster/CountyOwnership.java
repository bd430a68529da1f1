package org.didban.collector.cluster;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.didban.collector.alerts.SilenceBoard;
import java.util.concurrent.atomic.AtomicLong;
import org.didban.collector.notify.Notifications;
import org.didban.collector.shard.BatchDestination;
import org.didban.collector.shard.BatchOutcome;
import org.didban.collector.shard.BranchMovingException;
import org.didban.collector.shard.Shards;
import org.didban.model.Branch;
import org.didban.model.Inventory;
import org.didban.wire.MalformedBatchException;
import org.didban.wire.SiteBatch;
import org.didban.wire.SiteBatchCodec;

/**
 * This collector's share of the counties in a cluster, and the way every batch reaches the
 * collector that owns its branch.
 *
 * <p>Ownership follows a {@link CountyRing} of the members. When the members change, this
 * collector lets go of the counties it no longer owns (and waits until the ledger has everything
 * it recorded for them), then takes up the ones it gained: from a live previous owner only once
 * that one has let go of them, from a dead one at once. What it takes up is rebuilt from the
 * shared ledger (the alerts active there, with their timers) and from the agents' next reports;
 * Alertmanager is told of the adopted alerts, and the webhooks of the dead owner's recent changes
 * again, under their original delivery ids, so that a change it had not delivered yet is not lost.
 *
 * <p>A batch for a county owned elsewhere is sent to the owner on the event bus; while its county
 * has no owner able to apply it (moving, owner unreachable) it fails with
 * {@link BranchMovingException} and the agent sends it again.
 */
public final class CountyOwnership extends VerticleBase implements BatchDestination {
    private static final System.Logger LOG = System.getLogger(CountyOwnership.class.getName());
    static final String PREFIX = "didban.cluster.";
    private static final int REPLAY_LIMIT = 20_000;
    private static final long LEDGER_TIMEOUT_SECONDS = 60;
    private static final long RECONCILE_MILLIS = 5_000;
    private long reconcile = -1;

    private final Membership membership;
    private final Shards shards;
    private final Inventory inventory;
    private final CountyRecords records;
    private final Notifications notifications;
    private final ClusterSettings settings;
    private final SilenceBoard silences;
    /** Settle again even if the ring did not change (after a failure). */
    private boolean force;
    private boolean wasQuorate;
    private boolean leaving;
    /** Counties another collector asked for, and when, since this collector's view last changed. */
    private final Map<String, Long> askedAway = new HashMap<>();
    /** Counties being taken up now. */
    private final Set<String> takingUp = new TreeSet<>();
    private final SiteBatchCodec codec = new SiteBatchCodec();
    private final String self;
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong refusedMoving = new AtomicLong();
    private final AtomicLong takeovers = new AtomicLong();
    private volatile CountyRing ring = CountyRing.of(List.of());
    /** Counties taken up here; only touched on this verticle's context. */
    private final Set<String> held = new TreeSet<>();
    private volatile Set<String> heldView = Set.of();
    private Future<Void> settling = Future.succeededFuture();
    private AutoCloseable listening;
    private final List<MessageConsumer<?>> consumers = new ArrayList<>();

    public CountyOwnership(Membership membership, Shards shards, Inventory inventory, CountyRecords records,
                           Notifications notifications, SilenceBoard silences, ClusterSettings settings) {
        this.membership = membership;
        this.shards = shards;
        this.inventory = inventory;
        this.records = records;
        this.notifications = notifications;
        this.silences = silences;
        this.settings = settings;
        this.self = membership.self();
    }

    @Override
    public Future<?> start() {
        consumers.add(vertx.eventBus().<Buffer>consumer(PREFIX + self + ".batch", this::applyForwarded));
        consumers.add(vertx.eventBus().<JsonArray>consumer(PREFIX + self + ".release", this::releaseAsked));
        listening = membership.onChange(() -> context.runOnContext(v -> rebalance()));
        // The consumers must be known cluster-wide before this collector says it is ready and the
        // others hand it batches or ask it for counties.
        List<Future<Void>> registered = new ArrayList<>();
        consumers.forEach(c -> registered.add(c.completion()));
        return Future.all(registered).compose(v -> {
            membership.ready();
            rebalance();
            // Looked at again now and then, so a county let go for a collector that never came is
            // taken back even if no membership change says so.
            reconcile = vertx.setPeriodic(RECONCILE_MILLIS, id -> rebalance());
            return settling;
        });
    }

    /**
     * Leaves the ring first, so the others take this collector's counties while it still answers
     * their requests to let go; waits (at most the handover timeout) until it holds none.
     */
    @Override
    public Future<?> stop() throws Exception {
        leaving = true;
        vertx.cancelTimer(reconcile);
        membership.leaving();
        rebalance();
        Promise<Void> emptied = Promise.promise();
        long deadline = System.nanoTime() + settings.handoverTimeout().toNanos();
        vertx.setPeriodic(100, id -> {
            if (held.isEmpty() || System.nanoTime() > deadline) {
                vertx.cancelTimer(id);
                emptied.tryComplete();
            }
        });
        // and for a settle under way, so nothing is taken up after the consumers are gone
        return emptied.future().eventually(() -> settling.timeout(settings.handoverTimeout().toMillis(),
                TimeUnit.MILLISECONDS)).eventually(() -> {
            try {
                if (listening != null) {
                    listening.close();
                }
            } catch (Exception e) {
                LOG.log(Level.WARNING, "could not stop listening to the cluster: " + e.getMessage());
            }
            List<Future<Void>> gone = new ArrayList<>();
            consumers.forEach(c -> gone.add(c.unregister()));
            return Future.join(gone);
        });
    }

    // ---- routing

    @Override
    public Future<BatchOutcome> apply(String agentId, SiteBatch batch) {
        Branch b = inventory.branch(batch.branch());
        String owner = b == null ? self : ring.ownerOf(b.countyCode());
        if (owner.equals(self) || owner.isEmpty()) {
            return durable(shards.apply(agentId, batch)).onFailure(f -> countMoving(f));
        }
        forwarded.incrementAndGet();
        DeliveryOptions options = new DeliveryOptions().addHeader("agent", agentId)
                .setSendTimeout(settings.handoverTimeout().toMillis());
        return vertx.eventBus().<JsonObject>request(PREFIX + owner + ".batch", Buffer.buffer(codec.encode(batch)), options)
                .<BatchOutcome>transform(reply -> {
                    if (reply.succeeded()) {
                        JsonObject o = reply.result().body();
                        return Future.succeededFuture(new BatchOutcome(o.getBoolean("duplicate"), o.getLong("seq"),
                                o.getInteger("samples"), o.getInteger("events"), o.getLong("missed")));
                    }
                    refusedMoving.incrementAndGet();
                    Throwable f = reply.cause();
                    String why = f instanceof ReplyException r && r.failureType() != null
                            ? r.failureType().name().toLowerCase() + ": " + r.getMessage() : String.valueOf(f.getMessage());
                    return Future.failedFuture(new BranchMovingException("branch " + batch.branch()
                            + " is owned by another collector that did not take it (" + why + ")"));
                });
    }

    /**
     * Answers only once the ledger has every alert change the batch caused: a collector that dies
     * before that has not acknowledged the batch, so the agent sends it again to another, whose
     * engine raises what the lost record would have said. Without it a fault reported once (by
     * exception) could wait for the agent's next full refresh.
     */
    private Future<BatchOutcome> durable(Future<BatchOutcome> applied) {
        io.vertx.core.Context caller = vertx.getOrCreateContext();
        // A repeat waits too: the first try may have been applied and not yet stored.
        return applied.compose(outcome -> Future.fromCompletionStage(records.barrier(), caller)
                .timeout(settings.handoverTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .transform(stored -> stored.succeeded() ? Future.succeededFuture(outcome)
                        : Future.failedFuture(new BranchMovingException("the ledger did not confirm the batch's"
                                + " alert changes in time; send it again"))));
    }

    private void countMoving(Throwable f) {
        if (f instanceof BranchMovingException) {
            refusedMoving.incrementAndGet();
        }
    }

    /** A batch another collector accepted for a county of ours. The cluster network is trusted. */
    private void applyForwarded(Message<Buffer> m) {
        String agent = m.headers().get("agent");
        SiteBatch batch;
        try {
            batch = codec.decode(m.body().getBytes());
        } catch (MalformedBatchException e) {
            m.fail(400, "malformed forwarded batch: " + e.getMessage());
            return;
        }
        Branch b = inventory.branch(batch.branch());
        if (agent == null || b == null || !ring.ownerOf(b.countyCode()).equals(self)) {
            m.fail(503, "not the owner of " + batch.branch() + " here");
            return;
        }
        durable(shards.apply(agent, batch)).onComplete(done -> {
            if (done.succeeded()) {
                BatchOutcome o = done.result();
                m.reply(new JsonObject().put("duplicate", o.duplicate()).put("seq", o.seq()).put("samples", o.samples())
                        .put("events", o.events()).put("missed", o.missedBatches()));
            } else if (done.cause() instanceof BranchMovingException) {
                m.fail(503, done.cause().getMessage());
            } else {
                LOG.log(Level.ERROR, "a forwarded batch of " + agent + " failed", done.cause());
                m.fail(500, "the owner could not apply the batch");
            }
        });
    }

    // ---- ownership

    /** Serialised: one change of membership is settled before the next is looked at. */
    private void rebalance() {
        settling = settling.eventually(() -> settle().recover(f -> {
            LOG.log(Level.ERROR, "settling this collector's counties failed (" + f.getMessage() + "); trying again", f);
            vertx.setTimer(1_000, id -> {
                force = true;
                rebalance();
            });
            return Future.succeededFuture();
        }));
    }

    private Future<Void> settle() {
        Set<String> members = membership.members();
        Set<String> reachable = membership.reachable();
        CountyRing before = ring;
        boolean quorate = members.size() >= settings.quorum();
        CountyRing next = CountyRing.of(members);
        boolean sameRing = next.nodes().equals(before.nodes()) && quorate == wasQuorate;
        if (!sameRing) {
            askedAway.clear(); // asked by a view this collector now shares, or no longer
        }
        long now = System.currentTimeMillis();
        askedAway.values().removeIf(at -> now - at > 2 * settings.handoverTimeout().toMillis());
        Set<String> all = new TreeSet<>();
        inventory.counties().forEach(c -> all.add(c.code()));
        Set<String> mine = quorate && !leaving && members.contains(self) ? new TreeSet<>(next.ownedBy(self, all))
                : new TreeSet<>();
        // Let go of on another's request, by a newer view than this one: not taken back until this
        // view changes too, or the request is long past (the asker never came).
        mine.removeAll(askedAway.keySet());
        if (!force && sameRing && held.equals(mine)) {
            return Future.succeededFuture();
        }
        force = false;
        wasQuorate = quorate;
        ring = next; // batches route by the new ring from now on
        if (!quorate && !leaving) {
            LOG.log(Level.ERROR, "this collector sees " + members.size() + " ready collectors, fewer than the quorum of "
                    + settings.quorum() + ": it holds no county until more are back (batches are answered 503)");
        }
        Set<String> lost = new TreeSet<>(held);
        lost.removeAll(mine);
        Set<String> gained = new TreeSet<>(mine);
        gained.removeAll(held);
        LOG.log(Level.INFO, "cluster of " + members.size() + ": this collector owns " + mine.size() + " of " + all.size()
                + " counties (" + gained.size() + " to take up, " + lost.size() + " to let go)");
        return letGo(lost).compose(v -> takeUp(gained, before, members, reachable));
    }

    private Future<Void> letGo(Set<String> lost) {
        if (lost.isEmpty()) {
            return Future.succeededFuture();
        }
        notifications.forget(lost);
        return shards.release(lost).compose(v -> onHere(records.barrier())).map(seq -> {
            held.removeAll(lost);
            heldView = Set.copyOf(held);
            return null;
        });
    }

    /**
     * Takes up counties: from a collector that may still hold them (it lets go first, its records
     * committed), or from one gone, whose recent changes the webhooks hear again.
     */
    private Future<Void> takeUp(Set<String> gained, CountyRing before, Set<String> members, Set<String> reachable) {
        if (gained.isEmpty()) {
            return Future.succeededFuture();
        }
        // Who held a county before: by the ring before, or — on this collector's first view, or when
        // the ring before gave it to this one — by the ring of the others, as they saw it.
        Set<String> others = new TreeSet<>(members);
        others.remove(self);
        CountyRing withoutMe = CountyRing.of(others);
        Map<String, Set<String>> byPrevious = new HashMap<>();
        for (String c : gained) {
            String previous = before.nodes().contains(self) ? before.ownerOf(c) : withoutMe.ownerOf(c);
            if (previous.equals(self)) {
                previous = withoutMe.ownerOf(c);
            }
            byPrevious.computeIfAbsent(previous, k -> new TreeSet<>()).add(c);
        }
        List<Future<Void>> handed = new ArrayList<>();
        Set<String> ofTheDead = new TreeSet<>();
        byPrevious.forEach((previous, counties) -> {
            if (previous.isEmpty()) {
                return; // nobody held them: the record alone is the truth
            }
            if (reachable.contains(previous)) {
                handed.add(askToLetGo(previous, counties));
            } else {
                ofTheDead.addAll(counties);
            }
        });
        long now = System.currentTimeMillis();
        long since = now - settings.replayWindow().toMillis();
        takingUp.addAll(gained);
        return Future.join(handed)
                .transform(ignored -> onHere(records.silences(now)))
                .compose(inForce -> {
                    // silences set through another collector are in force before its alerts are taken up
                    silences.replace(inForce);
                    return onHere(records.activeAlertsOf(gained));
                })
                .compose(alerts -> shards.adopt(gained, alerts).map(alerts))
                .compose(alerts -> {
                    held.addAll(gained);
                    heldView = Set.copyOf(held);
                    notifications.alreadyActive(alerts);
                    // Asked to let go while taking them up: let go now.
                    Set<String> late = new TreeSet<>(gained);
                    late.retainAll(askedAway.keySet());
                    if (!ofTheDead.isEmpty()) {
                        takeovers.incrementAndGet();
                        LOG.log(Level.WARNING, "took over " + ofTheDead.size() + " counties of a collector that left,"
                                + " with " + alerts.size() + " active alerts");
                    }
                    Future<Void> replayed = ofTheDead.isEmpty() ? Future.succeededFuture()
                            : onHere(records.changesSince(since, ofTheDead, REPLAY_LIMIT)).map(changes -> {
                                if (changes.size() == REPLAY_LIMIT) {
                                    LOG.log(Level.WARNING, "more than " + REPLAY_LIMIT + " changes to tell again;"
                                            + " the newest " + REPLAY_LIMIT + " are told");
                                }
                                notifications.replay(changes);
                                return (Void) null;
                            });
                    return replayed.compose(v -> letGo(late));
                })
                .eventually(() -> {
                    takingUp.removeAll(gained);
                    return Future.succeededFuture();
                });
    }

    /** Asks a live collector to let go of counties; it answers once its ledger has all of theirs. */
    private Future<Void> askToLetGo(String owner, Set<String> counties) {
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(settings.handoverTimeout().toMillis());
        return vertx.eventBus().request(PREFIX + owner + ".release", new JsonArray(new ArrayList<>(counties)), options)
                .onFailure(f -> LOG.log(Level.WARNING, "collector " + owner + " did not confirm handing over "
                        + counties.size() + " counties (" + f.getMessage() + "); taking them up from the record"))
                .mapEmpty();
    }

    /**
     * Another collector, with a newer view of the members, takes counties this one may hold: let
     * go at once (not behind a settle in progress, which may itself be waiting on the asker), and
     * of those being taken up right now as soon as they are.
     */
    private void releaseAsked(Message<JsonArray> m) {
        Set<String> asked = new TreeSet<>();
        for (Object o : m.body()) {
            if (o instanceof String s) {
                asked.add(s);
            }
        }
        long now = System.currentTimeMillis();
        asked.forEach(c -> askedAway.put(c, now));
        Set<String> midway = new TreeSet<>(takingUp);
        midway.retainAll(asked);
        // Counties being taken up here right now are let go once that is done (the settle does
        // it), and only then is the asker told, so they are never held by two at once.
        Future<Void> first = midway.isEmpty() ? Future.succeededFuture() : settling;
        first.transform(ignored -> {
            Set<String> ours = new TreeSet<>(held);
            ours.retainAll(asked);
            return letGo(ours).map(v -> ours.size());
        }).onComplete(done -> {
            if (done.succeeded()) {
                m.reply(new JsonObject().put("released", done.result()));
            } else {
                m.fail(500, "could not let go: " + done.cause().getMessage());
            }
        });
    }

    /** The ledger's answer, on this verticle's context; a ledger that does not answer fails the settle, which is tried again. */
    private <T> Future<T> onHere(CompletionStage<T> stage) {
        return Future.fromCompletionStage(stage, context).timeout(LEDGER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    // ---- what operators see

    public String self() {
        return self;
    }

    public Set<String> members() {
        return ring.nodes();
    }

    /** The ring batches and people's actions are routed by now. */
    public CountyRing ring() {
        return ring;
    }

    /** The counties taken up here now. */
    public Set<String> held() {
        return heldView;
    }

    public long forwarded() {
        return forwarded.get();
    }

    public long refusedMoving() {
        return refusedMoving.get();
    }

    public long takeovers() {
        return takeovers.get();
    }
}
