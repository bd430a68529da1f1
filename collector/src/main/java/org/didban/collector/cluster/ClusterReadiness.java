package org.didban.collector.cluster;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.didban.collector.readiness.CountyTallies;
import org.didban.collector.readiness.ReadinessBoard;
import org.didban.collector.readiness.ReadinessEndpoint;
import org.didban.model.Branch;
import org.didban.model.Inventory;

/**
 * Readiness across the cluster: each collector assesses only the counties it evaluates, so after
 * each of its computations it tells the others its counties' counts, and people on any collector
 * see the whole nation (the others' counties as they last told them, at most a few computations
 * old). A county's or a branch's page is assessed by the collector that holds it. Its metrics and
 * history stay its own, so that summing over collectors counts each branch once.
 */
public final class ClusterReadiness extends VerticleBase {
    private static final System.Logger LOG = System.getLogger(ClusterReadiness.class.getName());
    static final String NEWS = CountyOwnership.PREFIX + "readiness";
    private static final long ASK_TIMEOUT_MS = 10_000;

    private final CountyOwnership ownership;
    private final Inventory inventory;
    private final PeerReports<CountyTallies> heard = new PeerReports<>();
    private final AtomicLong refused = new AtomicLong();
    private final List<MessageConsumer<?>> consumers = new ArrayList<>();
    private volatile ReadinessBoard board;
    private volatile ReadinessEndpoint endpoint;

    public ClusterReadiness(CountyOwnership ownership, Inventory inventory) {
        this.ownership = ownership;
        this.inventory = inventory;
    }

    /** Joins this collector's readiness to the others': before the verticle is deployed. */
    public void serve(ReadinessBoard board, ReadinessEndpoint endpoint) {
        this.board = board;
        this.endpoint = endpoint;
        board.withElsewhere(this::elsewhere);
        board.onSnapshot(snapshot -> {
            io.vertx.core.Vertx deployed = vertx;
            if (deployed != null) { // a snapshot may complete before this verticle is deployed
                deployed.eventBus().publish(NEWS,
                        new JsonObject().put("node", ownership.self()).put("tallies", board.own().toJson()));
            }
        });
        endpoint.askThrough(this::county, this::branch);
    }

    /** Counts from the others refused as malformed or not matching this inventory. */
    public long refused() {
        return refused.get();
    }

    @Override
    public Future<?> start() {
        if (board == null) {
            return Future.failedFuture("cluster readiness deployed before it was joined to a board");
        }
        String at = CountyOwnership.PREFIX + ownership.self();
        consumers.add(vertx.eventBus().<JsonObject>consumer(NEWS, this::heard));
        consumers.add(vertx.eventBus().<String>consumer(at + ".readiness.county", m -> answer(m, countyHere(m.body()))));
        consumers.add(vertx.eventBus().<String>consumer(at + ".readiness.branch", m -> answer(m, branchHere(m.body()))));
        List<Future<Void>> registered = new ArrayList<>();
        consumers.forEach(c -> registered.add(c.completion()));
        return Future.all(registered);
    }

    @Override
    public Future<?> stop() {
        List<Future<Void>> gone = new ArrayList<>();
        consumers.forEach(c -> gone.add(c.unregister()));
        return Future.join(gone);
    }

    /** The other collectors' counts, newest first where two claim a county; none older than three computations. */
    CountyTallies elsewhere() {
        return CountyTallies.merge(heard.current(ownership.ring().nodes(), ownership.self(), System.currentTimeMillis(),
                3 * board.interval().toMillis() + ASK_TIMEOUT_MS));
    }

    private void heard(Message<JsonObject> m) {
        String node;
        CountyTallies tallies;
        try {
            node = m.body().getString("node");
            if (node == null || node.equals(ownership.self())) {
                return;
            }
            tallies = CountyTallies.fromJson(m.body().getJsonObject("tallies"), inventory, ReadinessBoard.DEFAULT_WORST);
        } catch (RuntimeException e) {
            refused.incrementAndGet();
            LOG.log(Level.WARNING, "readiness counts from another collector refused: " + e.getMessage());
            return;
        }
        heard.heard(node, tallies, System.currentTimeMillis());
    }

    private Future<JsonObject> county(String code) {
        String owner = ownership.ring().ownerOf(code);
        if (owner.isEmpty() || owner.equals(ownership.self())) {
            return countyHere(code);
        }
        return vertx.eventBus().<JsonObject>request(CountyOwnership.PREFIX + owner + ".readiness.county", code,
                new DeliveryOptions().setSendTimeout(ASK_TIMEOUT_MS)).map(Message::body);
    }

    private Future<JsonObject> branch(String code) {
        Branch b = inventory.branch(code);
        String owner = b == null ? "" : ownership.ring().ownerOf(b.countyCode());
        if (owner.isEmpty() || owner.equals(ownership.self())) {
            return branchHere(code);
        }
        return vertx.eventBus().<JsonObject>request(CountyOwnership.PREFIX + owner + ".readiness.branch", code,
                new DeliveryOptions().setSendTimeout(ASK_TIMEOUT_MS)).map(Message::body);
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
