package org.didban.collector.fiber;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.didban.collector.shard.Shard;
import org.didban.collector.shard.ShardView;
import org.didban.collector.shard.Shards;
import org.didban.model.Branch;
import org.didban.model.Inventory;

/**
 * The fiber rollout across the fleet: every branch's paper status beside what its devices report,
 * judged against the deadlines. The picture is recomputed every {@link Settings#refreshEvery()}
 * and kept ({@link #picture()}), so that endpoints and metric scrapes read it and never trigger a
 * national recomputation.
 *
 * <p>Each shard is read through {@link Shard#inspect} in slices of {@link Settings#slice()}
 * branches, so a shard's event loop is held for a few milliseconds at a time, never for its whole
 * share of the country; the results are ordered and counted on a worker thread. A national
 * refresh (58,640 branches, 6 devices each) takes about a quarter of a second.
 *
 * <pre>
 * FiberRollout rollout = new FiberRollout(vertx, shards, inventory, deadlines);
 * rollout.start();                 // first picture now, then every 5 minutes
 * rollout.current()                // CompletableFuture of the latest (or first) picture
 * rollout.stop();
 * </pre>
 */
public final class FiberRollout {
    private static final System.Logger LOG = System.getLogger(FiberRollout.class.getName());

    /** How often the picture is recomputed, and how many branches a shard judges per hop onto its loop. */
    public record Settings(Duration refreshEvery, int slice) {
        public Settings {
            Objects.requireNonNull(refreshEvery, "refreshEvery");
            if (refreshEvery.toMillis() < 1 || slice < 1) {
                throw new IllegalArgumentException("refresh interval and slice must be positive");
            }
        }

        /** Every 5 minutes, 500 branches a slice (about 2 ms on a shard's loop). */
        public static Settings standard() {
            return new Settings(Duration.ofMinutes(5), 500);
        }
    }

    private final Vertx vertx;
    private final Context context;
    private final Shards shards;
    private final Supplier<Inventory> inventory;
    private final Settings settings;
    private final Clock clock;
    private volatile FiberDeadlines deadlines;
    private volatile FiberPicture latest;
    /** In a cluster: the latest with the other collectors' branches in; else the latest itself. */
    private volatile FiberPicture national;
    private volatile BranchDetections own = BranchDetections.NONE;
    private volatile Supplier<BranchDetections> elsewhere;
    private final java.util.List<java.util.function.Consumer<FiberPicture>> listeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicReference<CompletableFuture<FiberPicture>> inflight = new AtomicReference<>();
    private final AtomicLong refreshes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private long timer = -1;

    public FiberRollout(Vertx vertx, Shards shards, Inventory inventory, FiberDeadlines deadlines) {
        this(vertx, shards, () -> inventory, deadlines, Settings.standard(), Clock.systemUTC());
    }

    /**
     * @param inventory asked at every refresh, so that a replaced inventory is taken up (the shards
     *                  decide which branches exist; the inventory gives their devices)
     * @param clock     decides "today" (in the deadlines' zone) and the pictures' times
     */
    public FiberRollout(Vertx vertx, Shards shards, Supplier<Inventory> inventory, FiberDeadlines deadlines,
                        Settings settings, Clock clock) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.shards = Objects.requireNonNull(shards, "shards");
        this.inventory = Objects.requireNonNull(inventory, "inventory");
        this.deadlines = Objects.requireNonNull(deadlines, "deadlines");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        // The context the slices are gathered on (the caller's, or a new one off Vert.x threads).
        this.context = vertx.getOrCreateContext();
    }

    /** Computes the first picture now and then every {@link Settings#refreshEvery()}. */
    public synchronized void start() {
        if (timer >= 0) {
            return;
        }
        long every = settings.refreshEvery().toMillis();
        timer = vertx.setPeriodic(every, id -> refreshLogged());
        refreshLogged();
    }

    /** Stops refreshing; the last picture stays readable. */
    public synchronized void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    private void refreshLogged() {
        refresh().whenComplete((p, e) -> {
            if (e != null) {
                LOG.log(Level.WARNING, "fiber rollout not recomputed: " + e.getMessage(), e);
            }
        });
    }

    /**
     * The latest picture, or null before the first one is done: of the branches this collector
     * evaluates (all of them, unless it is one of a cluster). What its metrics export, so that
     * summing over a cluster's collectors counts each branch once.
     */
    public FiberPicture picture() {
        return latest;
    }

    /**
     * In a cluster: where the other collectors' latest uplink detections are found. Each picture
     * is then also made {@link #national() nationally}, their branches judged here from them.
     */
    public void withElsewhere(Supplier<BranchDetections> elsewhere) {
        this.elsewhere = elsewhere;
    }

    /** What this collector's branches report, as of its last picture (for the others of a cluster). */
    public BranchDetections own() {
        return own;
    }

    /** Tells {@code listener} of every new picture (its own), on no particular thread; it must not block. */
    public void onPicture(java.util.function.Consumer<FiberPicture> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** The nation's latest picture (a cluster's other collectors' branches in), or null before the first. */
    public FiberPicture nationalPicture() {
        return national;
    }

    /** What people see: the nation's latest picture, or the first once done. Completes on no particular thread. */
    public CompletableFuture<FiberPicture> national() {
        FiberPicture p = national;
        return p != null ? CompletableFuture.completedFuture(p) : refresh().thenApply(ignored -> national);
    }

    /** The latest picture, or the first one once it is done. Completes on no particular thread. */
    public CompletableFuture<FiberPicture> current() {
        FiberPicture p = latest;
        return p != null ? CompletableFuture.completedFuture(p) : refresh();
    }

    /**
     * A new picture; while one is being computed, that one. Completes on no particular thread:
     * from Vert.x, continue with {@code Future.fromCompletionStage(f, context)}.
     */
    public CompletableFuture<FiberPicture> refresh() {
        CompletableFuture<FiberPicture> mine = new CompletableFuture<>();
        CompletableFuture<FiberPicture> running = inflight.compareAndExchange(null, mine);
        if (running != null) {
            return running;
        }
        context.runOnContext(ignored -> {
            Future<Pictures> computed;
            try {
                computed = compute();
            } catch (RuntimeException e) {
                computed = Future.failedFuture(e);
            }
            computed.onComplete(done -> {
                inflight.set(null);
                if (done.succeeded()) {
                    latest = done.result().own();
                    national = done.result().national();
                    own = done.result().detections();
                    refreshes.incrementAndGet();
                    for (java.util.function.Consumer<FiberPicture> l : listeners) {
                        try {
                            l.accept(latest);
                        } catch (RuntimeException e) {
                            LOG.log(Level.WARNING, "a fiber picture listener failed", e);
                        }
                    }
                    mine.complete(latest);
                } else {
                    failures.incrementAndGet();
                    mine.completeExceptionally(done.cause());
                }
            });
        });
        return mine;
    }

    /** A refresh's results: this collector's picture, the nation's, and its branches' detections for the others. */
    private record Pictures(FiberPicture own, FiberPicture national, BranchDetections detections) {
    }

    private Future<Pictures> compute() {
        long started = clock.millis();
        long startedNanos = System.nanoTime();
        FiberDeadlines d = deadlines;
        LocalDate today = today();
        Inventory inv = inventory.get();
        return shards.askAll(shard -> judgeShard(shard, inv, d, today)).compose(parts -> vertx.executeBlocking(() -> {
            List<BranchFiber> all = new ArrayList<>();
            parts.forEach(all::addAll);
            long took = (System.nanoTime() - startedNanos) / 1_000_000;
            FiberPicture mine = FiberPicture.of(all, today, started, took);
            BranchDetections detections = BranchDetections.of(all);
            Supplier<BranchDetections> others = elsewhere;
            if (others == null) {
                return new Pictures(mine, mine, detections);
            }
            List<BranchFiber> nation = new ArrayList<>(all);
            others.get().byBranch().forEach((code, detection) -> {
                Branch b = inv.branch(code);
                // what this collector judged itself comes first
                if (b != null && !detections.byBranch().containsKey(code)) {
                    nation.add(FiberAssessor.assess(b, detection, d, today));
                }
            });
            return new Pictures(mine, FiberPicture.of(nation, today, started, took), detections);
        }, false));
    }

    private Future<List<BranchFiber>> judgeShard(Shard shard, Inventory inv, FiberDeadlines d, LocalDate today) {
        // Branch records are immutable: the list of a shard's branches may be kept off its loop.
        return shard.inspect(view -> List.copyOf(view.branches()))
                .compose(branches -> judgeSlices(shard, branches, 0, new ArrayList<>(branches.size()), inv, d, today));
    }

    private Future<List<BranchFiber>> judgeSlices(Shard shard, List<Branch> branches, int from, List<BranchFiber> done,
                                                  Inventory inv, FiberDeadlines d, LocalDate today) {
        if (from >= branches.size()) {
            return Future.succeededFuture(done);
        }
        int to = Math.min(branches.size(), from + settings.slice());
        return shard.inspect(view -> {
            List<BranchFiber> part = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                part.add(judge(view, inv, branches.get(i), d, today));
            }
            return part;
        }).compose(part -> {
            done.addAll(part);
            return judgeSlices(shard, branches, to, done, inv, d, today);
        });
    }

    private static BranchFiber judge(ShardView view, Inventory inv, Branch b, FiberDeadlines d, LocalDate today) {
        return FiberAssessor.assess(b, Detection.read(inv.devicesOf(b.code()), view::readings), d, today);
    }

    /**
     * One branch judged now, from inside {@link Shard#inspect} on the branch's own shard (the
     * sensitive-branches view uses this for live answers).
     */
    public BranchFiber judge(ShardView view, Branch branch) {
        return judge(view, inventory.get(), branch, deadlines, today());
    }

    /** Today in the deadlines' zone. */
    public LocalDate today() {
        return LocalDate.now(clock.withZone(deadlines.zone()));
    }

    public FiberDeadlines deadlines() {
        return deadlines;
    }

    /** Puts new deadlines in force (a reloaded file); the next refresh judges by them. */
    public void replaceDeadlines(FiberDeadlines next) {
        this.deadlines = Objects.requireNonNull(next, "deadlines");
    }

    public Inventory inventory() {
        return inventory.get();
    }

    public Shards shards() {
        return shards;
    }

    public Vertx vertx() {
        return vertx;
    }

    public Clock clock() {
        return clock;
    }

    /** Pictures computed since start. */
    public long refreshes() {
        return refreshes.get();
    }

    /** Refreshes that failed (a shard gone, say). */
    public long failures() {
        return failures.get();
    }
}
