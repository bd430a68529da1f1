package org.didban.collector.shard;

/**
 * What a shard did with a batch: applied it, or recognised it as a retry of one it already had.
 * {@code missedBatches} counts the sequence numbers skipped since the agent's previous batch.
 */
public record BatchOutcome(boolean duplicate, long seq, int samples, int events, long missedBatches) {
    static BatchOutcome duplicateOf(long seq) {
        return new BatchOutcome(true, seq, 0, 0, 0);
    }
}
