package org.didban.collector.shard;

/**
 * The branch's county is between owners (a cluster node died or joined) or its owner cannot be
 * reached: nothing of the batch was applied, and the agent should send it again shortly — to this
 * collector or another.
 */
public final class BranchMovingException extends RuntimeException {
    public BranchMovingException(String message) {
        super(message, null, false, false);
    }
}
