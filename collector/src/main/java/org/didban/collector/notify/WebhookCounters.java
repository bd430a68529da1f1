package org.didban.collector.notify;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What happened to one webhook target's notifications, for metrics: read from any thread. Every
 * change offered to the target ends up counted once in {@code delivered}, {@code deadLettered}
 * or {@code droppedOverflow}; {@code retried} counts the sends after a first one.
 */
public final class WebhookCounters {
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong retried = new AtomicLong();
    final AtomicLong deadLettered = new AtomicLong();
    final AtomicLong droppedOverflow = new AtomicLong();
    final AtomicInteger waiting = new AtomicInteger();

    public long delivered() {
        return delivered.get();
    }

    public long retried() {
        return retried.get();
    }

    /** Given up on after its attempts or its age ran out, refused by the receiver, or left when the collector stopped. */
    public long deadLettered() {
        return deadLettered.get();
    }

    /** Never sent: the target's queue was full. Also dead-lettered, but counted only here. */
    public long droppedOverflow() {
        return droppedOverflow.get();
    }

    /** Changes waiting behind the one being delivered, now. */
    public int waiting() {
        return waiting.get();
    }

    @Override
    public String toString() {
        return "delivered=" + delivered() + ", retried=" + retried() + ", deadLettered=" + deadLettered()
                + ", droppedOverflow=" + droppedOverflow() + ", waiting=" + waiting();
    }
}
