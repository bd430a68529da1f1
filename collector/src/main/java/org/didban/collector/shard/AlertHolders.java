package org.didban.collector.shard;

import io.vertx.core.Future;
import java.util.List;
import org.didban.collector.alerts.AlertBook;
import org.didban.collector.alerts.AlertQuery;
import org.didban.collector.alerts.TrackedAlert;

/**
 * Where the live alerts people look at and act on are held: this collector's shards
 * ({@link Shards}), or, in a cluster, every collector's.
 */
public interface AlertHolders {
    /** The live alerts (active and recently resolved) that {@code query} selects, unordered. */
    Future<List<TrackedAlert>> alerts(AlertQuery query);

    /** The live alert with this id, or null when no holder has it. */
    Future<TrackedAlert> alert(String id);

    /** A person acknowledges the alert where it is held; completes when the ledger has it. */
    Future<AlertBook.Action> acknowledge(TrackedAlert alert, String by, String note);

    /** A person resolves the alert where it is held; completes when the ledger has it. */
    Future<AlertBook.Action> resolveByHand(TrackedAlert alert, String by, String note);
}
