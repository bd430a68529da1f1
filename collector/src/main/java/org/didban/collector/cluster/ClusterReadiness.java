package org.didban.collector.cluster;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.didban.collector.readiness.CountyTallies;
import org.didban.collector.readiness.ReadinessBoard;
import org.didban.collector.readiness.ReadinessEndpoint;
import org.didban.model.Branch;
import org.didban.model.Inventory;

/**
 * Readiness across the cluster: each collector assesses only the counties it evaluates, so after
 * each of its computations it tells the others its counties' counts, and people on any collector
 * see the whole nation (the others' counties as they last told them, at most a few computations
 * old; of two collectors telling of a county while it moves, the one the ring gives it to). A
 * county's or a branch's page is assessed by the collector that holds it. Its metrics stay its
 * own, so that summing over collectors counts each branch once. The counts (about 1 MB
 * nationally) are written and read on worker threads, never on an event loop.
 */
public final class ClusterReadiness extends VerticleBase {
    private static final long ASK_TIMEOUT_MS = 10_000;

    private final CountyOwnership ownership;
    private final Inventory inventory;
    private final PeerReports<CountyTallies> heard;
    private final List<MessageConsumer<?>> consumers = new ArrayList<>();
    private volatile boolean started;
    private volatile ReadinessBoard board;
    private volatile ReadinessEndpoint endpoint;
    private volatile org.didban.collector.readiness.BranchTrendEndpoint trends;

    public ClusterReadiness(Vertx vertx, CountyOwnership ownership, Inventory inventory) {
        this.ownership = ownership;
        this.inventory = inventory;
        this.heard = new PeerReports<>(vertx, ownership, "readiness.counts",
                json -> CountyTallies.fromJson(json, inventory, ReadinessBoard.DEFAULT_WORST));
    }

    /** Joins this collector's readiness to the others': before the verticle is deployed. */
    public void serve(ReadinessBoard board, ReadinessEndpoint endpoint) {
        this.board = board;
        this.endpoint = endpoint;
        board.withElsewhere(this::elsewhere);
        board.onSnapshot(snapshot -> tellOthers());
        endpoint.askThrough(this::county, this::branch);
    }

    /** Joins the branches' trend pages to the others': before the verticle is deployed. */
    public void joinTrends(org.didban.collector.readiness.BranchTrendEndpoint trends) {
        this.trends = trends;
        trends.askThrough(this::trend);
    }

    /** Counts from the others refused as malformed or not matching this inventory. */
    public long refused() {
        return heard.refused();
    }

    @Override
    public Future<?> start() {
        if (board == null) {
            return Future.failedFuture("cluster readiness deployed before it was joined to a board");
        }
        String at = CountyOwnership.PREFIX + ownership.self();
        consumers.add(heard.listen());
        consumers.add(vertx.eventBus().<String>consumer(at + ".readiness.county", m -> answer(m, countyHere(m.body()))));
        consumers.add(vertx.eventBus().<String>consumer(at + ".readiness.branch", m -> answer(m, branchHere(m.body()))));
        consumers.add(vertx.eventBus().<String>consumer(at + ".readiness.trend", m -> answer(m, trendHere(m.body()))));
        List<Future<Void>> registered = new ArrayList<>();
        consumers.forEach(c -> registered.add(c.completion()));
        return Future.all(registered).onSuccess(ignored -> started = true);
    }

    @Override
    public Future<?> stop() {
        started = false;
        List<Future<Void>> gone = new ArrayList<>();
        consumers.forEach(c -> gone.add(c.unregister()));
        return Future.join(gone);
    }

    private void tellOthers() {
        if (!started) {
            return; // a snapshot may complete before this verticle is deployed, or after it stopped
        }
        heard.tell(board.own().toJson(), board.interval().toMillis());
    }

    /** The other collectors' counts: each county from the collector the ring gives it to, else the newest. */
    CountyTallies elsewhere() {
        List<PeerReports.Report<CountyTallies>> live = heard.current();
        CountyRing ring = ownership.ring();
        List<CountyTallies> parts = new ArrayList<>(live.size() * 2);
        live.forEach(r -> parts.add(r.report().only(county -> ring.ownerOf(county).equals(r.node()))));
        live.forEach(r -> parts.add(r.report()));
        return CountyTallies.merge(parts);
    }

    private Future<JsonObject> county(String code) {
        return fromHolder(code, "county", code, this::countyHere);
    }

    private Future<JsonObject> branch(String code) {
        return fromHolder(countyOf(code), "branch", code, this::branchHere);
    }

    private Future<JsonObject> trend(String code) {
        return fromHolder(countyOf(code), "trend", code, this::trendHere);
    }

    private String countyOf(String branch) {
        Branch b = inventory.branch(branch);
        return b == null ? "" : b.countyCode();
    }

    /** A page answered here when this collector holds the county (or nobody does), else by its holder. */
    private Future<JsonObject> fromHolder(String county, String page, String code,
                                          java.util.function.Function<String, Future<JsonObject>> here) {
        String holder = county.isEmpty() ? "" : ownership.ring().ownerOf(county);
        if (holder.isEmpty() || holder.equals(ownership.self())) {
            return here.apply(code);
        }
        return vertx.eventBus().<JsonObject>request(CountyOwnership.PREFIX + holder + ".readiness." + page, code,
                new DeliveryOptions().setSendTimeout(ASK_TIMEOUT_MS)).map(Message::body);
    }

    /** The trend kept here (from when this collector took the branch up; null when none yet). */
    private Future<JsonObject> trendHere(String code) {
        org.didban.collector.readiness.BranchTrendEndpoint kept = trends;
        return kept == null ? Future.failedFuture("trends are not kept here") : Future.succeededFuture(kept.local(code));
    }

    /** Only while the county is taken up here: else its branches would look unheard of. */
    private Future<JsonObject> countyHere(String code) {
        if (inventory.county(code) != null && !ownership.held().contains(code)) {
            return Future.failedFuture("county " + code + " is moving between collectors; ask again shortly");
        }
        return endpoint.localCounty(code);
    }

    private Future<JsonObject> branchHere(String code) {
        Branch b = inventory.branch(code);
        if (b != null && !ownership.held().contains(b.countyCode())) {
            return Future.failedFuture("branch " + code + " is moving between collectors; ask again shortly");
        }
        return endpoint.localBranch(code);
    }

    private static void answer(Message<String> m, Future<JsonObject> body) {
        body.onComplete(done -> {
            if (done.failed()) {
                m.fail(500, String.valueOf(done.cause().getMessage()));
            } else {
                m.reply(done.result());
            }
        });
    }
}
