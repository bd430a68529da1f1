package org.didban.wire;

import java.util.List;
import java.util.Objects;
import org.didban.model.Event;
import org.didban.model.Sample;

/**
 * What a site agent sends to the collector in one request: its identity, the branch it speaks
 * for, a per-agent sequence number that makes retries idempotent and gaps visible, and the
 * samples and events gathered since the previous batch.
 *
 * <p>{@code epoch} names one run of the agent (its start time in epoch milliseconds): sequence
 * numbers count within a run, so a restarted agent that starts again at 1 is a new run, not a
 * replay of the old one.
 */
public record SiteBatch(String agent, String branch, long epoch, long seq, long sentAt,
                        List<Sample> samples, List<Event> events) {
    public SiteBatch {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(branch, "branch");
        samples = samples == null ? List.of() : List.copyOf(samples);
        events = events == null ? List.of() : List.copyOf(events);
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch must be positive, got " + epoch);
        }
        if (seq < 1) {
            throw new IllegalArgumentException("sequence numbers start at 1, got " + seq);
        }
    }

    public int size() {
        return samples.size() + events.size();
    }
}
