package org.didban.agent.uplink;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter between retries of one batch: the ceiling doubles from
 * {@code initial} up to {@code max}, and the delay is drawn between half the ceiling and the
 * ceiling, so that hundreds of agents behind one recovering collector do not retry in step.
 */
public record Backoff(Duration initial, Duration max) {
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30));

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max");
        }
    }

    /** The wait before retry number {@code attempt} (0 for the first retry). */
    public Duration delay(int attempt) {
        long ceiling = initial.toMillis() << Math.min(Math.max(attempt, 0), 20);
        ceiling = Math.min(ceiling, max.toMillis());
        long half = ceiling / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
    }
}
