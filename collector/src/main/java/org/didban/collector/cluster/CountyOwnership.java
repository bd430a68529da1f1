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
import java.util.concurrent.atomic.AtomicLong;
import org.didban.collector.alerts.TrackedAlert;
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

    private final Membership membership;
    private final Shards shards;
    private final Inventory inventory;
    private final CountyRecords records;
    private final Notifications notifications;
    private final ClusterSettings settings;
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
                           Notifications notifications, ClusterSettings settings) {
        this.membership = membership;
        this.shards = shards;
        this.inventory = inventory;
        this.records = records;
        this.notifications = notifications;
        this.settings = settings;
        this.self = membership.self();
    }

    @Override
    public Future<?> start() {
        consumers.add(vertx.eventBus().<Buffer>consumer(PREFIX + self + ".batch", this::applyForwarded));
        consumers.add(vertx.eventBus().<JsonArray>consumer(PREFIX + self + ".release", this::releaseAsked));
        listening = membership.onChange(() -> context.runOnContext(v -> rebalance()));
        // The consumers must be known cluster-wide before others hand batches or ask for counties.
        List<Future<Void>> registered = new ArrayList<>();
        consumers.forEach(c -> registered.add(c.completion()));
        return Future.all(registered).compose(v -> {
            rebalance();
            return settling;
        });
    }

    @Override
    public Future<?> stop() throws Exception {
        if (listening != null) {
            listening.close();
        }
        List<Future<Void>> gone = new ArrayList<>();
        consumers.forEach(c -> gone.add(c.unregister()));
        return Future.join(gone);
    }

    // ---- routing

    @Override
    public Future<BatchOutcome> apply(String agentId, SiteBatch batch) {
        Branch b = inventory.branch(batch.branch());
        String owner = b == null ? self : ring.ownerOf(b.countyCode());
        if (owner.equals(self) || owner.isEmpty()) {
            return shards.apply(agentId, batch).onFailure(f -> countMoving(f));
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
        shards.apply(agent, batch).onComplete(done -> {
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
        settling = settling.eventually(this::settle);
    }

    private Future<Void> settle() {
        Set<String> members = membership.members();
        CountyRing before = ring;
        CountyRing next = CountyRing.of(members);
        if (next.nodes().equals(before.nodes()) && !held.isEmpty()) {
            return Future.succeededFuture();
        }
        ring = next; // batches route by the new ring from now on
        Set<String> all = new TreeSet<>();
        inventory.counties().forEach(c -> all.add(c.code()));
        Set<String> mine = next.ownedBy(self, all);
        Set<String> lost = new TreeSet<>(held);
        lost.removeAll(mine);
        Set<String> gained = new TreeSet<>(mine);
        gained.removeAll(held);
        LOG.log(Level.INFO, "cluster of " + members.size() + ": this collector owns " + mine.size() + " of " + all.size()
                + " counties (" + gained.size() + " to take up, " + lost.size() + " to let go)");
        return letGo(lost).compose(v -> takeUp(gained, before, members));
    }

    private Future<Void> letGo(Set<String> lost) {
        if (lost.isEmpty()) {
            return Future.succeededFuture();
        }
        return shards.release(lost).compose(v -> onHere(records.barrier())).map(seq -> {
            held.removeAll(lost);
            heldView = Set.copyOf(held);
            return null;
        });
    }

    private Future<Void> takeUp(Set<String> gained, CountyRing before, Set<String> members) {
        if (gained.isEmpty()) {
            return Future.succeededFuture();
        }
        Map<String, Set<String>> byPrevious = new HashMap<>();
        for (String c : gained) {
            byPrevious.computeIfAbsent(before.ownerOf(c), k -> new TreeSet<>()).add(c);
        }
        List<Future<Void>> handed = new ArrayList<>();
        Set<String> ofTheDead = new TreeSet<>();
        byPrevious.forEach((previous, counties) -> {
            if (previous.isEmpty() || previous.equals(self)) {
                return; // first owner since start: the record alone is the truth
            }
            if (members.contains(previous)) {
                handed.add(askToLetGo(previous, counties));
            } else {
                ofTheDead.addAll(counties);
            }
        });
        long since = System.currentTimeMillis() - settings.replayWindow().toMillis();
        return Future.join(handed)
                .transform(ignored -> onHere(records.activeAlertsOf(gained)))
                .compose(alerts -> shards.adopt(gained, alerts).map(alerts))
                .compose(alerts -> {
                    held.addAll(gained);
                    heldView = Set.copyOf(held);
                    notifications.alreadyActive(alerts);
                    if (!ofTheDead.isEmpty()) {
                        takeovers.incrementAndGet();
                        LOG.log(Level.WARNING, "took over " + ofTheDead.size() + " counties of a collector that left,"
                                + " with " + alerts.size() + " active alerts");
                        return onHere(records.changesSince(since, ofTheDead, REPLAY_LIMIT))
                                .map(changes -> {
                                    notifications.replay(changes);
                                    return (Void) null;
                                });
                    }
                    return Future.succeededFuture();
                })
                .onFailure(f -> LOG.log(Level.ERROR, "taking up " + gained.size() + " counties failed: " + f.getMessage()
                        + "; trying again", f))
                .recover(f -> {
                    // Nothing is held that was not taken up whole: look again shortly.
                    vertx.setTimer(1_000, id -> {
                        ring = CountyRing.of(List.of()); // force a full settle
                        rebalance();
                    });
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

    private void releaseAsked(Message<JsonArray> m) {
        Set<String> asked = new TreeSet<>();
        for (Object o : m.body()) {
            if (o instanceof String s) {
                asked.add(s);
            }
        }
        // Ours by our own view still: go by the asker's, which has the newer membership.
        Set<String> ours = new TreeSet<>(held);
        ours.retainAll(asked);
        settling = settling.eventually(() -> letGo(ours)).onComplete(done -> {
            if (done.succeeded()) {
                m.reply(new JsonObject().put("released", ours.size()));
            } else {
                m.fail(500, "could not let go: " + done.cause().getMessage());
            }
        });
    }

    private <T> Future<T> onHere(CompletionStage<T> stage) {
        return Future.fromCompletionStage(stage, context);
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
