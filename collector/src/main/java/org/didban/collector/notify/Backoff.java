package org.didban.collector.notify;

import java.util.random.RandomGenerator;

/**
 * Exponentially growing waits between attempts, from {@code firstMillis} doubling up to
 * {@code maxMillis}, with "equal jitter": a random point in the upper half of the step, so that
 * many senders recovering together spread out, yet no wait collapses to nothing.
 */
record Backoff(long firstMillis, long maxMillis) {
    Backoff {
        if (firstMillis < 1 || maxMillis < firstMillis) {
            throw new IllegalArgumentException("backoff needs 1 <= first <= max, not " + firstMillis + ".." + maxMillis);
        }
    }

    /** The wait after the {@code failed}-th failure in a row (1-based). */
    long delayMillis(int failed, RandomGenerator random) {
        int doublings = Math.min(Math.max(failed - 1, 0), 62);
        long step = firstMillis > (maxMillis >> doublings) ? maxMillis : Math.min(maxMillis, firstMillis << doublings);
        long half = step / 2;
        return Math.max(1, half + random.nextLong(step - half + 1));
    }
}
