package org.didban.collector.ingest;

/**
 * Rate limits and the clock-skew bound of the ingest route (docs/SECURITY.md, "Replay, time and
 * input limits"). Request size is {@code CollectorConfig.bodyLimitBytes}; JSON limits are the
 * codec's ({@link org.didban.wire.SiteBatchCodec}).
 *
 * @param agentBurst        batches one agent may send at once (token bucket size)
 * @param agentPerSecond    batches per second one agent earns back
 * @param addressBurst      requests one source address may send at once, authenticated or not
 * @param addressPerSecond  requests per second one source address earns back
 * @param addressSlots      buckets for source addresses: a fixed table, addresses hashed (with a
 *                          secret seed) onto it, so a spray from a million addresses costs no memory
 * @param clockSkewMillis   how far an agent's clock ({@code sent_at}) may be from the collector's
 *                          before it is reported; timestamps further in the future are clamped
 * @param skewWindowMillis  the window over which "behind" is judged (the freshest batch of the
 *                          window counts), and the least time between two skew events of one agent
 */
public record IngestLimits(long agentBurst, double agentPerSecond, long addressBurst, double addressPerSecond,
                           int addressSlots, long clockSkewMillis, long skewWindowMillis) {
    /** ±2 minutes: NTP-synchronised hosts are within a second; two minutes is a broken or unsynchronised clock. */
    public static final long CLOCK_SKEW_BOUND_MILLIS = 120_000;
    /** Ten minutes. */
    public static final long SKEW_WINDOW_MILLIS = 600_000;

    /**
     * An agent normally sends one batch per poll interval (10–60 s). After a 12-hour outage at one
     * batch per 15 s it holds 2,880 batches: 1,200 go at once and the rest at 5 a second, so the
     * backlog is drained in under 6 minutes, and a 429 only makes the agent wait (it honours
     * Retry-After and keeps the batch). A source address sends for every agent behind it — a
     * carrier's NAT may hide thousands of branches, and the demo runs every agent from one — so
     * the address limit is a flood guard above any real fleet, not a quota: the whole country
     * behind one address sends about 4,000 batches a second (58,640 agents every 15 s).
     */
    public static final IngestLimits DEFAULT = new IngestLimits(1_200, 5.0, 60_000, 10_000.0, 65_536,
            CLOCK_SKEW_BOUND_MILLIS, SKEW_WINDOW_MILLIS);

    public IngestLimits {
        if (agentBurst < 1 || addressBurst < 1 || agentPerSecond <= 0 || addressPerSecond <= 0 || addressSlots < 1
                || clockSkewMillis < 0 || skewWindowMillis < 1) {
            throw new IllegalArgumentException("ingest limits must be positive");
        }
    }

    public IngestLimits withAgent(long burst, double perSecond) {
        return new IngestLimits(burst, perSecond, addressBurst, addressPerSecond, addressSlots, clockSkewMillis, skewWindowMillis);
    }

    public IngestLimits withAddress(long burst, double perSecond, int slots) {
        return new IngestLimits(agentBurst, agentPerSecond, burst, perSecond, slots, clockSkewMillis, skewWindowMillis);
    }
}
