package org.didban.collector.shard;

import io.vertx.core.Future;
import org.didban.wire.SiteBatch;

/**
 * Where an accepted batch is applied: the local shard of its branch ({@link Shards}) or, in a
 * cluster, whichever collector owns the branch's county. Fails with {@link BranchMovingException}
 * while the branch has no owner able to take it, so the agent retries later.
 */
@FunctionalInterface
public interface BatchDestination {
    Future<BatchOutcome> apply(String agentId, SiteBatch batch);
}
