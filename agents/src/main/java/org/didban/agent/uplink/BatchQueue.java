package org.didban.agent.uplink;

import org.didban.wire.SiteBatch;

/**
 * Batches waiting for the collector, oldest first. The uplink sends the head and removes it only
 * once the collector has taken it (or refused it for good), so a queue that survives restarts (the
 * disk spool, a later issue) can implement this same interface.
 *
 * <p>A bounded queue may drop older content to take new batches, but never from the head: that
 * batch may be on the wire, and a retry must carry exactly what its sequence number first carried.
 */
public interface BatchQueue {
    /** Appends a batch; may drop older samples (a whole device at a time), then events, to stay within bounds. */
    void add(SiteBatch batch);

    /** The oldest batch, still in the queue; null when empty. */
    SiteBatch peek();

    /** Removes the head once it was delivered or refused; a batch that is not the head is ignored. */
    void remove(SiteBatch batch);

    /** Batches waiting, including the head. */
    int size();

    long droppedSamples();

    long droppedEvents();
}
