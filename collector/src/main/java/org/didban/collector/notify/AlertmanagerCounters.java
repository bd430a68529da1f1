package org.didban.collector.notify;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What the Alertmanager notifier did, for metrics: read from any thread. */
public final class AlertmanagerCounters {
    final AtomicLong postsOk = new AtomicLong();
    final AtomicLong postsFailed = new AtomicLong();
    final AtomicLong alertsSent = new AtomicLong();
    final AtomicInteger firing = new AtomicInteger();

    public long postsOk() {
        return postsOk.get();
    }

    /** POSTs that got no 2xx answer: each is covered by a retry or the next resend. */
    public long postsFailed() {
        return postsFailed.get();
    }

    /** Alerts (firing or ended) in POSTs that Alertmanager took; the firing ones again on every resend. */
    public long alertsSent() {
        return alertsSent.get();
    }

    /** Alerts Didban tells Alertmanager are firing, now. */
    public int firing() {
        return firing.get();
    }

    @Override
    public String toString() {
        return "postsOk=" + postsOk() + ", postsFailed=" + postsFailed() + ", alertsSent=" + alertsSent()
                + ", firing=" + firing();
    }
}
