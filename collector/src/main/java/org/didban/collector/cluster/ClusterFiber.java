package org.didban.collector.cluster;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;
import org.didban.collector.fiber.BranchDetections;
import org.didban.collector.fiber.FiberRollout;
import org.didban.model.Inventory;

/**
 * The fiber rollout across the cluster: the paper side is in every collector's inventory, but
 * only the collector evaluating a branch knows what its devices report. After each of its
 * pictures a collector tells the others its branches' uplink detections, and each judges the
 * whole nation for planners (the others' branches as they last told them). Its metrics stay its
 * own; the daily snapshot, stored once a day by whichever collector comes first, is the nation's.
 */
public final class ClusterFiber extends VerticleBase {
    private static final System.Logger LOG = System.getLogger(ClusterFiber.class.getName());
    static final String NEWS = CountyOwnership.PREFIX + "fiber";

    private final CountyOwnership ownership;
    private final Inventory inventory;
    private final FiberRollout rollout;
    private final long staleMillis;
    private final PeerReports<BranchDetections> heard = new PeerReports<>();
    private final AtomicLong refused = new AtomicLong();
    private MessageConsumer<JsonObject> consumer;

    /** @param refreshMillis how often the collectors' pictures are made; three of them unheard and a report is stale */
    public ClusterFiber(CountyOwnership ownership, Inventory inventory, FiberRollout rollout, long refreshMillis) {
        this.ownership = ownership;
        this.inventory = inventory;
        this.rollout = rollout;
        this.staleMillis = 3 * refreshMillis + 10_000;
        rollout.withElsewhere(this::elsewhere);
        rollout.onPicture(picture -> {
            io.vertx.core.Vertx deployed = vertx;
            if (deployed != null) { // a picture may be done before this verticle is deployed
                deployed.eventBus().publish(NEWS,
                        new JsonObject().put("node", ownership.self()).put("detections", rollout.own().toJson()));
            }
        });
    }

    /** Detections from the others refused as malformed or not matching this inventory. */
    public long refused() {
        return refused.get();
    }

    @Override
    public Future<?> start() {
        consumer = vertx.eventBus().consumer(NEWS, this::heard);
        return consumer.completion();
    }

    @Override
    public Future<?> stop() {
        return consumer == null ? Future.succeededFuture() : consumer.unregister();
    }

    BranchDetections elsewhere() {
        return BranchDetections.merge(heard.current(ownership.ring().nodes(), ownership.self(),
                System.currentTimeMillis(), staleMillis));
    }

    private void heard(Message<JsonObject> m) {
        String node;
        BranchDetections detections;
        try {
            node = m.body().getString("node");
            if (node == null || node.equals(ownership.self())) {
                return;
            }
            detections = BranchDetections.fromJson(m.body().getJsonObject("detections"), inventory);
        } catch (RuntimeException e) {
            refused.incrementAndGet();
            LOG.log(Level.WARNING, "uplink detections from another collector refused: " + e.getMessage());
            return;
        }
        heard.heard(node, detections, System.currentTimeMillis());
    }
}
