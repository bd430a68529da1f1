package org.didban.collector.ingest;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One token bucket per agent. Keys are ids of authenticated agents only, so the table is bounded
 * by the agent registry. Thread-safe.
 */
final class AgentBuckets {
    private final double burst;
    private final double perNano;
    private final LongSupplier nanos;
    private final Map<String, double[]> buckets = new HashMap<>();

    AgentBuckets(long burst, double perSecond, LongSupplier nanos) {
        this.burst = burst;
        this.perNano = perSecond / 1e9;
        this.nanos = nanos;
    }

    /** 0 if the agent had a token, else the nanoseconds until it will. */
    synchronized long take(String agentId) {
        long now = nanos.getAsLong();
        double[] b = buckets.computeIfAbsent(agentId, k -> new double[] {burst, now});
        b[0] = Math.min(burst, b[0] + (now - (long) b[1]) * perNano);
        b[1] = now;
        if (b[0] >= 1.0) {
            b[0] -= 1.0;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1.0 - b[0]) / perNano));
    }
}
