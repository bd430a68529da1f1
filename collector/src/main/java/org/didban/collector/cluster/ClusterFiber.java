package org.didban.collector.cluster;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.List;
import org.didban.collector.fiber.BranchDetections;
import org.didban.collector.fiber.FiberRollout;
import org.didban.model.Branch;
import org.didban.model.Inventory;

/**
 * The fiber rollout across the cluster: the paper side is in every collector's inventory, but
 * only the collector evaluating a branch knows what its devices report. After each of its
 * pictures a collector tells the others its branches' uplink detections (about 2 MB nationally,
 * written and read on worker threads), and each judges the whole nation for planners (the
 * others' branches as they last told them; a branch told of by two while its county moves, from
 * the one the ring gives it to). Its metrics stay its own; the daily snapshot, stored once a day
 * by whichever collector comes first, is the nation's.
 */
public final class ClusterFiber extends VerticleBase {

    private final CountyOwnership ownership;
    private final Inventory inventory;
    private final FiberRollout rollout;
    private final long refreshMillis;
    private final PeerReports<BranchDetections> heard;
    private volatile boolean started;
    private MessageConsumer<Buffer> consumer;

    /** @param refreshMillis how often this collector's pictures are made (told to the others with each) */
    public ClusterFiber(Vertx vertx, CountyOwnership ownership, Inventory inventory, FiberRollout rollout,
                        long refreshMillis) {
        this.ownership = ownership;
        this.inventory = inventory;
        this.rollout = rollout;
        this.refreshMillis = refreshMillis;
        this.heard = new PeerReports<>(vertx, ownership, "fiber.detections", json -> BranchDetections.fromJson(json, inventory));
        rollout.withElsewhere(this::elsewhere);
        rollout.onPicture(picture -> tellOthers());
    }

    /** Detections from the others refused as malformed or not matching this inventory. */
    public long refused() {
        return heard.refused();
    }

    @Override
    public Future<?> start() {
        consumer = heard.listen();
        return consumer.completion().onSuccess(ignored -> started = true);
    }

    @Override
    public Future<?> stop() {
        started = false;
        return consumer == null ? Future.succeededFuture() : consumer.unregister();
    }

    private void tellOthers() {
        if (!started) {
            return; // a picture may be done before this verticle is deployed, or after it stopped
        }
        heard.tell(rollout.own().toJson(), refreshMillis);
    }

    /** The other collectors' detections: each branch from the collector the ring gives its county to, else the newest. */
    BranchDetections elsewhere() {
        List<PeerReports.Report<BranchDetections>> live = heard.current();
        CountyRing ring = ownership.ring();
        List<BranchDetections> parts = new ArrayList<>(live.size() * 2);
        live.forEach(r -> parts.add(r.report().only(code -> {
            Branch b = inventory.branch(code);
            return b != null && ring.ownerOf(b.countyCode()).equals(r.node());
        })));
        live.forEach(r -> parts.add(r.report()));
        return BranchDetections.merge(parts);
    }
}
