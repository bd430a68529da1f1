package org.didban.collector.ingest;

import java.security.SecureRandom;
import java.util.function.LongSupplier;

/**
 * A fixed table of token buckets, keyed by hashing a string (a source address, an agent id) with
 * a seed drawn at start: memory is {@code slots × 16} bytes whatever the number of keys, nothing
 * is evicted (so a sprayer cannot reset its own bucket by pushing it out), and a key cannot be
 * aimed at another's bucket without the seed. Two keys that share a slot share a bucket: size the
 * table well above the number of keys that are expected to be busy at once. Thread-safe.
 */
public final class TokenBuckets {
    private final double burst;
    private final double perNano;
    private final double[] tokens;
    private final long[] stamp;
    private final boolean[] used;
    private final long seed;
    private final LongSupplier nanos;

    public TokenBuckets(int slots, long burst, double perSecond, LongSupplier nanos) {
        this(slots, burst, perSecond, nanos, new SecureRandom().nextLong());
    }

    TokenBuckets(int slots, long burst, double perSecond, LongSupplier nanos, long seed) {
        this.burst = burst;
        this.perNano = perSecond / 1e9;
        this.tokens = new double[slots];
        this.stamp = new long[slots];
        this.used = new boolean[slots];
        this.seed = seed;
        this.nanos = nanos;
    }

    /** Takes a token for {@code key}: 0 if there was one, else the nanoseconds until there will be. */
    public synchronized long take(String key) {
        int i = slot(key);
        long now = nanos.getAsLong();
        if (!used[i]) {
            used[i] = true;
            tokens[i] = burst;
        } else {
            tokens[i] = Math.min(burst, tokens[i] + (now - stamp[i]) * perNano);
        }
        stamp[i] = now;
        if (tokens[i] >= 1.0) {
            tokens[i] -= 1.0;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1.0 - tokens[i]) / perNano));
    }

    int slots() {
        return tokens.length;
    }

    int slot(String key) {
        long h = seed ^ 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h = (h ^ key.charAt(i)) * 0x100000001b3L;
            h ^= h >>> 29;
        }
        h ^= seed;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 31;
        return (int) Math.floorMod(h, (long) tokens.length);
    }
}
