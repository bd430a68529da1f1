package org.didban.collector.notify;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How hard Didban tries to deliver one notification: at most {@code attempts} sends, waiting
 * between them an exponential backoff with jitter from {@code firstDelay} up to {@code maxDelay};
 * never past {@code maxAge} after the change was queued.
 *
 * @param timeout       how long one send may take, connecting included
 * @param retryAfterCap the longest a receiver's {@code Retry-After} is honoured for
 */
public record RetryPolicy(int attempts, Duration firstDelay, Duration maxDelay, Duration maxAge, Duration timeout,
                          Duration retryAfterCap) {
    /**
     * Ten attempts over roughly ten minutes (waits of 1–2 s, 2–4 s, … up to 5 min) before giving up on one change:
     * long enough to ride out a receiver's restart, short enough that a queue behind it drains.
     */
    public static final RetryPolicy DEFAULT = new RetryPolicy(10, Duration.ofSeconds(2), Duration.ofMinutes(5),
            Duration.ofHours(1), Duration.ofSeconds(10), Duration.ofMinutes(10));

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        positive(firstDelay, "first delay");
        positive(maxDelay, "max delay");
        positive(maxAge, "max age");
        positive(timeout, "timeout");
        positive(retryAfterCap, "retry-after cap");
        if (maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("max delay is shorter than the first delay");
        }
    }

    private static void positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be longer than zero");
        }
    }

    /**
     * The wait after the {@code failed}-th failed attempt (1-based): the {@link Backoff} step, but
     * at least what the receiver asked for in {@code Retry-After}, up to the cap.
     *
     * @param retryAfterMillis the receiver's {@code Retry-After}, or a negative number for none
     */
    public long delayMillis(int failed, long retryAfterMillis, RandomGenerator random) {
        long backoff = new Backoff(firstDelay.toMillis(), maxDelay.toMillis()).delayMillis(failed, random);
        long asked = retryAfterMillis < 0 ? 0 : Math.min(retryAfterMillis, retryAfterCap.toMillis());
        return Math.max(backoff, asked);
    }
}
