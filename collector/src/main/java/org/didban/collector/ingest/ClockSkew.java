package org.didban.collector.ingest;

import java.util.HashMap;
import java.util.Map;

/**
 * Judges an agent's clock against the collector's receive time (docs/SECURITY.md, "Replay, time
 * and input limits").
 *
 * <p>A batch's {@code sent_at} is stamped when the agent made it, and a spooled batch keeps it: a
 * batch that waited out a 12-hour WAN outage arrives 12 hours "behind" with a perfect clock, and a
 * backlog drains one batch at a time for many minutes. So the agent also says when it sends each
 * request (header {@value #SEND_CLOCK_HEADER}, its clock at that moment), which no spool ages:
 * <ul>
 *   <li><b>ahead</b> — the send clock, or else {@code sent_at}, more than the bound after the
 *       receive time — can only be the agent's clock;</li>
 *   <li><b>behind</b> is judged on the send clock only; without it (an older agent) it is not
 *       judged at all, so that a branch coming back from an outage never raises a false alarm.</li>
 * </ul>
 * A skew is reported at most once per agent and window. Per-agent state is keyed by
 * authenticated agent ids only, so it is bounded by the registry. Thread-safe.
 */
final class ClockSkew {
    /** The agent's clock when it sent the request, epoch milliseconds. */
    static final String SEND_CLOCK_HEADER = "X-Didban-Sent-At";

    /** What one batch showed. {@code skewMillis} is signed (positive: the agent is ahead); 0 when none was found. */
    record Verdict(long offsetMillis, long skewMillis, boolean report) {
        static final Verdict NONE = new Verdict(0, 0, false);

        boolean skewed() {
            return skewMillis != 0;
        }

        String direction() {
            return skewMillis > 0 ? "ahead" : "behind";
        }
    }

    private final long bound;
    private final long window;
    private final Map<String, State> agents = new HashMap<>();

    ClockSkew(long boundMillis, long windowMillis) {
        this.bound = boundMillis;
        this.window = windowMillis;
    }

    private static final class State {
        long lastReport = Long.MIN_VALUE;
    }

    /** Without a send clock: only "ahead" can be told. */
    Verdict observe(String agentId, long sentAt, long receivedAt) {
        return observe(agentId, sentAt, 0, receivedAt);
    }

    /**
     * @param sentAt    the batch's {@code sent_at}, 0 or less when the agent did not say
     * @param sendClock the agent's clock when it sent this request, 0 or less when it did not say
     */
    synchronized Verdict observe(String agentId, long sentAt, long sendClock, long receivedAt) {
        long clock = sendClock > 0 ? sendClock : sentAt;
        if (clock <= 0) {
            return Verdict.NONE;
        }
        long offset = clock - receivedAt;
        long skew = 0;
        if (offset > bound || (sendClock > 0 && offset < -bound)) {
            skew = offset;
        }
        State s = agents.computeIfAbsent(agentId, k -> new State());
        boolean report = false;
        if (skew != 0 && (s.lastReport == Long.MIN_VALUE || receivedAt - s.lastReport >= window)) {
            s.lastReport = receivedAt;
            report = true;
        }
        return new Verdict(offset, skew, report);
    }

    long bound() {
        return bound;
    }
}
