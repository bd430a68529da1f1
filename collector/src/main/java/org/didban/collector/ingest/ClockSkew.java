package org.didban.collector.ingest;

import java.util.HashMap;
import java.util.Map;

/**
 * Judges an agent's clock from the {@code sent_at} of its batches against the collector's receive
 * time (docs/SECURITY.md, "Replay, time and input limits").
 *
 * <p>{@code sent_at} is stamped when the agent made the batch, and a spooled batch keeps it: a
 * batch that waited out a 12-hour WAN outage arrives 12 hours "behind" with a perfect clock. So:
 * <ul>
 *   <li><b>ahead</b> — {@code sent_at} more than the bound after the receive time — can only be
 *       the agent's clock, and is judged on every batch;</li>
 *   <li><b>behind</b> is judged per agent over a window (10 minutes): the least delayed batch of
 *       the window (the largest offset) stands for the clock, because a connected agent sends at
 *       least one batch per window as soon as it makes it. A backlog being drained ends with fresh
 *       batches, so it is not taken for skew; an agent that sends fewer than two batches in a
 *       window is not judged behind.</li>
 * </ul>
 * Per-agent state is keyed by authenticated agent ids only, so it is bounded by the registry.
 * Thread-safe.
 */
final class ClockSkew {
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
        long windowStart;
        long freshest;
        int batches;
        long lastReport = Long.MIN_VALUE;
    }

    /** @param sentAt the batch's {@code sent_at}, 0 or less when the agent did not say */
    synchronized Verdict observe(String agentId, long sentAt, long receivedAt) {
        if (sentAt <= 0) {
            return Verdict.NONE;
        }
        long offset = sentAt - receivedAt;
        State s = agents.computeIfAbsent(agentId, k -> {
            State n = new State();
            n.windowStart = receivedAt;
            n.freshest = Long.MIN_VALUE;
            return n;
        });
        long skew = 0;
        if (offset > bound) {
            skew = offset;
        }
        if (receivedAt - s.windowStart >= window) {
            if (s.batches >= 2 && s.freshest < -bound && skew == 0) {
                skew = s.freshest;
            }
            s.windowStart = receivedAt;
            s.freshest = Long.MIN_VALUE;
            s.batches = 0;
        }
        s.freshest = Math.max(s.freshest, offset);
        s.batches++;
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
