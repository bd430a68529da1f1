package org.didban.collector.readiness;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicReference;
import org.didban.collector.alerts.AlertQuery;
import org.didban.collector.alerts.TrackedAlert;
import org.didban.collector.shard.Shard;
import org.didban.collector.shard.ShardView;
import org.didban.collector.shard.Shards;
import org.didban.model.Branch;
import org.didban.model.County;
import org.didban.model.ElectionPhase;
import org.didban.model.Inventory;
import org.didban.model.Province;

/**
 * Readiness for the whole collector: every {@code interval} it visits each shard in turn, on the
 * shard's own event loop, to assess the branches it owns a slice at a time and count them per
 * county (nothing per branch is kept but each county's worst few, as summaries), merges the
 * counts into provinces and the nation, and keeps the result as the {@link #latest()} snapshot.
 * One shard at a time and a few milliseconds per visit: readiness never holds more than one event
 * loop, and never for long (docs/READINESS.md has the figures). The endpoint's national and
 * provincial views and the Prometheus metrics read the snapshot, so a scrape or a request never
 * sets off a national computation; computations that would overlap are joined into one. A county
 * or a single branch is assessed afresh when asked (one short visit to one shard).
 *
 * <pre>
 * ReadinessBoard readiness = new ReadinessBoard(vertx, shards, inventory).start();
 * ...
 * readiness.stop();   // before the shards are undeployed
 * </pre>
 */
public final class ReadinessBoard {
    private static final System.Logger LOG = System.getLogger(ReadinessBoard.class.getName());
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    /** Branches kept per area in its worst list. */
    public static final int DEFAULT_WORST = 20;
    /** Branches assessed per visit to a shard's event loop: a few milliseconds of its time. */
    public static final int DEFAULT_BRANCHES_PER_VISIT = 500;

    private final Vertx vertx;
    private final Shards shards;
    private final Inventory inventory;
    private final ReadinessAssessor assessor;
    private final Duration interval;
    private final int worstPerArea;
    private final int branchesPerVisit;
    private volatile ReadinessSnapshot latest;
    /** In a cluster: the latest with the other collectors' counties in; else the latest itself. */
    private volatile ReadinessSnapshot national;
    private volatile CountyTallies own = CountyTallies.NONE;
    private volatile java.util.function.Supplier<CountyTallies> elsewhere;
    private final AtomicReference<Future<ReadinessSnapshot>> inFlight = new AtomicReference<>();
    private final AtomicLong computations = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile long timer = -1;
    private final List<Consumer<ReadinessSnapshot>> listeners = new CopyOnWriteArrayList<>();

    public ReadinessBoard(Vertx vertx, Shards shards, Inventory inventory) {
        this(vertx, shards, inventory, new ReadinessAssessor(), DEFAULT_INTERVAL, DEFAULT_WORST, DEFAULT_BRANCHES_PER_VISIT);
    }

    /**
     * @param interval         how often the nation is computed
     * @param worstPerArea     branches kept in each area's worst list
     * @param branchesPerVisit branches assessed per visit to a shard's event loop
     */
    public ReadinessBoard(Vertx vertx, Shards shards, Inventory inventory, ReadinessAssessor assessor, Duration interval,
                          int worstPerArea, int branchesPerVisit) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.shards = Objects.requireNonNull(shards, "shards");
        this.inventory = Objects.requireNonNull(inventory, "inventory");
        this.assessor = Objects.requireNonNull(assessor, "assessor");
        this.interval = Objects.requireNonNull(interval, "interval");
        if (interval.toMillis() < 1 || worstPerArea < 0 || branchesPerVisit < 1) {
            throw new IllegalArgumentException("interval of at least 1 ms, a worst list of 0 or more, 1 or more branches per visit");
        }
        this.worstPerArea = worstPerArea;
        this.branchesPerVisit = branchesPerVisit;
    }

    /** Tells {@code listener} of every new snapshot, on the thread that completed it; it must not block. */
    public void onSnapshot(Consumer<ReadinessSnapshot> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Computes now, then every interval. */
    public ReadinessBoard start() {
        if (timer < 0) {
            refresh();
            timer = vertx.setPeriodic(interval.toMillis(), id -> refresh());
        }
        return this;
    }

    public void stop() {
        long t = timer;
        if (t >= 0) {
            vertx.cancelTimer(t);
            timer = -1;
        }
    }

    public Inventory inventory() {
        return inventory;
    }

    public Duration interval() {
        return interval;
    }

    /**
     * The last snapshot computed, or null before the first: of the branches this collector
     * evaluates (all of them, unless it is one of a cluster). What its metrics and history export,
     * so that summing over a cluster's collectors counts each branch once.
     */
    public ReadinessSnapshot latest() {
        return latest;
    }

    /**
     * In a cluster: where the other collectors' latest counts of their counties are found. Each
     * snapshot is then also made {@link #national() nationally}, with them in.
     */
    public void withElsewhere(java.util.function.Supplier<CountyTallies> elsewhere) {
        this.elsewhere = elsewhere;
    }

    /** This collector's counts of the counties it holds, as of its last snapshot (for the others of a cluster). */
    public CountyTallies own() {
        return own;
    }

    /** The nation's last snapshot (with a cluster's other collectors' counties in), or null before the first. */
    public ReadinessSnapshot latestNational() {
        return national;
    }

    /** What people see: the nation, with a cluster's other collectors' counties in; the first once computed. */
    public Future<ReadinessSnapshot> national() {
        ReadinessSnapshot s = national;
        return s != null ? Future.succeededFuture(s) : refresh().map(ignored -> national);
    }

    /** The last snapshot, or the first one once computed. */
    public Future<ReadinessSnapshot> current() {
        ReadinessSnapshot s = latest;
        return s != null ? Future.succeededFuture(s) : refresh();
    }

    /** National computations finished, and failed, since start. */
    public long computations() {
        return computations.get();
    }

    public long failures() {
        return failures.get();
    }

    /** Computes a new snapshot, or joins the computation under way. */
    public Future<ReadinessSnapshot> refresh() {
        Promise<ReadinessSnapshot> promise = Promise.promise();
        Future<ReadinessSnapshot> mine = promise.future();
        Future<ReadinessSnapshot> running = inFlight.compareAndExchange(null, mine);
        if (running != null) {
            return running;
        }
        long started = System.nanoTime();
        Future<List<Sweep>> sweeps;
        try {
            // askAll with an answer at hand lists the shards; they are then swept one after the other
            sweeps = shards.askAll(Future::succeededFuture).compose(this::sweepInTurn);
        } catch (RuntimeException e) {
            sweeps = Future.failedFuture(e);
        }
        // The merge builds every branch's mark and every area's roll-up (half a second nationally):
        // on a worker, not on the event loop the shards and HTTP share.
        sweeps.compose(all -> vertx.executeBlocking(() -> snapshot(all, started), false)).onComplete(computed -> {
            io.vertx.core.AsyncResult<ReadinessSnapshot> done = computed.map(Computed::own);
            if (done.succeeded()) {
                latest = done.result();
                national = computed.result().national();
                own = computed.result().tallies();
                computations.incrementAndGet();
                for (Consumer<ReadinessSnapshot> l : listeners) {
                    try {
                        l.accept(latest);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "a readiness listener failed", e);
                    }
                }
            } else {
                failures.incrementAndGet();
                LOG.log(Level.WARNING, "readiness not computed: " + done.cause());
            }
            inFlight.set(null);
            promise.handle(done);
        });
        return mine;
    }

    /** One county, assessed now; null when the inventory has no such county. */
    public Future<CountyReadiness> county(String code) {
        County c = inventory.county(code);
        if (c == null) {
            return Future.succeededFuture(null);
        }
        Shard shard = shards.ofCounty(code);
        AlertQuery ofCounty = new AlertQuery(Set.of(), Set.of(code), Set.of(), Set.of(), Set.of(), Set.of());
        return sweepOf(shard, ofCounty, code).map(sweep -> {
            AreaTally t = sweep.counties.getOrDefault(code, new AreaTally(worstPerArea));
            List<BranchReadiness> all = sweep.branches;
            all.sort(AreaTally.WORST_FIRST_FULL);
            return new CountyReadiness(
                    ReadinessRollup.of(ReadinessRollup.Level.COUNTY, c.code(), c.nameFa(), c.nameEn(), t), all);
        });
    }

    /** One branch, assessed now; null when the inventory has no such branch. */
    public Future<BranchReadiness> branch(String code) {
        Branch b = inventory.branch(code);
        if (b == null) {
            return Future.succeededFuture(null);
        }
        return shards.of(code).inspect(view ->
                assessor.assess(b, inventory.devicesOf(code), ShardLiveState.of(view), Moment.of(view)));
    }

    // ---- on the shards

    /** What one shard found: tallies per county, and every branch when one county was asked for. */
    private static final class Sweep {
        final String onlyCounty;
        final Map<String, AreaTally> counties = new HashMap<>();
        List<Branch> todo;
        List<BranchReadiness> branches;
        /** Every branch's numbers, on a national sweep (not when one county was asked for). */
        List<BranchMark> marks;
        final Map<AlertCount, Integer> alerts = new HashMap<>();
        Moment moment;
        long busyNanos;
        long longestVisitNanos;

        Sweep(String onlyCounty) {
            this.onlyCounty = onlyCounty;
        }
    }

    /**
     * One shard after the other, so that readiness keeps at most one event loop busy at a time
     * and the others ingest and evaluate undisturbed (sweeping all at once gains nothing on a
     * machine with fewer cores than shards, and makes every visit wait for a core).
     */
    private Future<List<Sweep>> sweepInTurn(List<Shard> all) {
        List<Sweep> done = new ArrayList<>(all.size());
        Future<Void> chain = Future.succeededFuture();
        for (Shard shard : all) {
            chain = chain.compose(ignored -> sweepOf(shard, AlertQuery.all(), null).map(s -> {
                done.add(s);
                return null;
            }));
        }
        return chain.map(ignored -> done);
    }

    /**
     * The shard's active alerts (one visit), grouped by branch here on the caller, then its
     * branches assessed {@code branchesPerVisit} at a time, one visit to the shard's event loop
     * each, so that batches and rule timers get their turn in between.
     */
    private Future<Sweep> sweepOf(Shard shard, AlertQuery alerts, String onlyCounty) {
        return shard.alerts(alerts).compose(active -> {
            Map<String, List<TrackedAlert>> byBranch = ShardLiveState.byBranch(active);
            Sweep s = new Sweep(onlyCounty);
            if (onlyCounty == null) {
                for (TrackedAlert t : active) {
                    if (t.active()) {
                        s.alerts.merge(AlertCount.of(t), 1, Integer::sum);
                    }
                }
            }
            return visit(shard, s, byBranch, 0);
        });
    }

    private Future<Sweep> visit(Shard shard, Sweep s, Map<String, List<TrackedAlert>> alerts, int from) {
        return shard.inspect(view -> sweep(view, s, alerts, from))
                .compose(next -> next < 0 ? Future.succeededFuture(s) : visit(shard, s, alerts, next));
    }

    /** Runs on the shard's event loop: assesses the next slice of its branches; answers where to go on, or -1 when done. */
    private int sweep(ShardView view, Sweep s, Map<String, List<TrackedAlert>> alerts, int from) {
        long started = System.nanoTime();
        if (from == 0) {
            s.moment = Moment.of(view);
            s.todo = new ArrayList<>(s.onlyCounty == null ? view.branches().size() : 200);
            for (Branch b : view.branches()) {
                if (s.onlyCounty == null || s.onlyCounty.equals(b.countyCode())) {
                    s.todo.add(b);
                }
            }
            if (s.onlyCounty != null) {
                s.branches = new ArrayList<>(s.todo.size());
            } else {
                s.marks = new ArrayList<>(s.todo.size());
            }
        }
        LiveState live = ShardLiveState.of(view, alerts);
        Assessment a = new Assessment();
        int to = Math.min(s.todo.size(), from + branchesPerVisit);
        String county = null;
        AreaTally tally = null;
        for (int i = from; i < to; i++) {
            Branch b = s.todo.get(i);
            assessor.assess(b, inventory.devicesOf(b.code()), live, s.moment, a);
            if (!b.countyCode().equals(county)) {
                county = b.countyCode();
                tally = s.counties.get(county);
                if (tally == null) {
                    tally = new AreaTally(worstPerArea);
                    s.counties.put(county, tally);
                }
            }
            tally.add(a);
            if (s.branches != null) {
                s.branches.add(a.toReadiness());
            }
            if (s.marks != null) {
                s.marks.add(a.toMark(live.alertsOf(b.code()).size()));
            }
        }
        long took = System.nanoTime() - started;
        s.busyNanos += took;
        s.longestVisitNanos = Math.max(s.longestVisitNanos, took);
        return to < s.todo.size() ? to : -1;
    }

    // ---- merging, on the caller

    /** A computation's results: this collector's snapshot, the nation's, and its counties' counts for the others. */
    private record Computed(ReadinessSnapshot own, ReadinessSnapshot national, CountyTallies tallies) {
    }

    private Computed snapshot(List<Sweep> sweeps, long started) {
        Map<String, AreaTally> counties = new HashMap<>();
        long now = 0;
        long busiest = 0;
        long longestVisit = 0;
        ElectionPhase phase = ElectionPhase.NONE;
        List<BranchMark> marks = new ArrayList<>(inventory.branches().size());
        Map<AlertCount, Integer> alerts = new HashMap<>();
        for (Sweep s : sweeps) {
            counties.putAll(s.counties); // a county lives on one shard
            if (s.marks != null) {
                marks.addAll(s.marks);
            }
            s.alerts.forEach((k, n) -> alerts.merge(k, n, Integer::sum));
            if (s.moment != null && s.moment.now() >= now) {
                now = s.moment.now();
                phase = s.moment.phase();
            }
            busiest = Math.max(busiest, s.busyNanos);
            longestVisit = Math.max(longestVisit, s.longestVisitNanos);
        }
        double took = (System.nanoTime() - started) / 1e6;
        ReadinessSnapshot mine = assemble(counties, now, phase, took, busiest, longestVisit, marks, alerts);
        CountyTallies tallies = new CountyTallies(counties);
        java.util.function.Supplier<CountyTallies> others = elsewhere;
        if (others == null) {
            return new Computed(mine, mine, tallies);
        }
        Map<String, AreaTally> all = new HashMap<>(counties);
        CountyTallies theirs = others.get();
        for (String county : theirs.counties()) {
            all.putIfAbsent(county, theirs.tally(county)); // what this collector assessed itself comes first
        }
        return new Computed(mine, assemble(all, now, phase, took, busiest, longestVisit, marks, alerts), tallies);
    }

    /** The roll-ups of provinces and the nation from each county's counts. */
    private ReadinessSnapshot assemble(Map<String, AreaTally> counties, long now, ElectionPhase phase, double took,
                                       long busiest, long longestVisit, List<BranchMark> marks,
                                       Map<AlertCount, Integer> alerts) {
        Map<String, AreaTally> provinceTallies = new HashMap<>();
        Map<String, List<ReadinessRollup>> countiesOf = new HashMap<>();
        Map<String, ReadinessRollup> countyRollups = new HashMap<>();
        for (County c : inventory.counties()) {
            AreaTally t = counties.getOrDefault(c.code(), new AreaTally(worstPerArea));
            ReadinessRollup r = ReadinessRollup.of(ReadinessRollup.Level.COUNTY, c.code(), c.nameFa(), c.nameEn(), t);
            countyRollups.put(c.code(), r);
            countiesOf.computeIfAbsent(c.provinceCode(), k -> new ArrayList<>()).add(r.shallow());
            provinceTallies.computeIfAbsent(c.provinceCode(), k -> new AreaTally(worstPerArea)).merge(t);
        }
        AreaTally nationTally = new AreaTally(worstPerArea);
        Map<String, ReadinessRollup> provinceRollups = new HashMap<>();
        List<ReadinessRollup> provinceParts = new ArrayList<>();
        for (Province p : inventory.provinces()) {
            AreaTally t = provinceTallies.getOrDefault(p.code(), new AreaTally(worstPerArea));
            nationTally.merge(t);
            List<ReadinessRollup> parts = countiesOf.getOrDefault(p.code(), new ArrayList<>());
            parts.sort(Comparator.comparing(ReadinessRollup::code));
            ReadinessRollup r = ReadinessRollup.of(ReadinessRollup.Level.PROVINCE, p.code(), p.nameFa(), p.nameEn(), t)
                    .withParts(parts);
            provinceRollups.put(p.code(), r);
            provinceParts.add(r.shallow());
        }
        provinceParts.sort(Comparator.comparing(ReadinessRollup::code));
        ReadinessRollup nation = ReadinessRollup.of(ReadinessRollup.Level.NATION, "", "کشور", "Nation", nationTally)
                .withParts(provinceParts);
        return new ReadinessSnapshot(now, phase, took, busiest / 1e6, longestVisit / 1e6, nation, provinceRollups,
                countyRollups, marks, alerts);
    }
}
