package org.didban.collector.console;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Keeps a password from being guessed online: after {@code maxFailures} failed sign-ins for one
 * name, or from one client address, within {@code windowMillis}, further attempts are refused
 * until the oldest of those failures is out of the window. Attempts still being checked count as
 * failures until they are known, so that a burst sent at once is cut at the limit too.
 *
 * <p>A success clears the name's failures (its person knew the password) but not the address's
 * (one valid account must not reset the count of an address that guesses at others). Each map
 * holds at most {@code maxKeys} names or addresses, the least recently seen dropped first.
 * Thread-safe.
 */
final class SignInThrottle {
    /** Which count stopped an attempt. */
    enum Limit { NAME, ADDRESS }

    /**
     * One attempt: let through ({@link #limitedBy} null) or refused. {@code firstRefusal} is true
     * for the first refusal of a lock, the one worth recording (the rest are only counted).
     */
    record Attempt(String nameKey, String address, Limit limitedBy, long retryAfterMillis, boolean firstRefusal) {
        boolean refused() {
            return limitedBy != null;
        }
    }

    private static final class Counts {
        final ArrayDeque<Long> failures = new ArrayDeque<>();
        int inFlight;
        boolean lockReported;

        boolean idle() {
            return failures.isEmpty() && inFlight == 0;
        }
    }

    private final int maxFailures;
    private final long windowMillis;
    private final LongSupplier clock;
    private final Map<String, Counts> byName;
    private final Map<String, Counts> byAddress;

    SignInThrottle(int maxFailures, long windowMillis, int maxKeys, LongSupplier clock) {
        this.maxFailures = maxFailures;
        this.windowMillis = windowMillis;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.byName = bounded(maxKeys);
        this.byAddress = bounded(maxKeys);
    }

    private static Map<String, Counts> bounded(int maxKeys) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Counts> eldest) {
                return size() > maxKeys;
            }
        };
    }

    /** Refused, or let through and counted as in flight until {@link #failed} or {@link #succeeded}. */
    synchronized Attempt begin(String nameKey, String address) {
        long now = clock.getAsLong();
        Counts name = byName.computeIfAbsent(nameKey, k -> new Counts());
        Counts from = byAddress.computeIfAbsent(address, k -> new Counts());
        prune(name, now);
        prune(from, now);
        Limit limit = full(name) ? Limit.NAME : full(from) ? Limit.ADDRESS : null;
        if (limit != null) {
            Counts c = limit == Limit.NAME ? name : from;
            boolean first = !c.lockReported;
            c.lockReported = true;
            // in-flight attempts alone may fill the count: they are settled within a second
            long retry = c.failures.size() >= maxFailures ? c.failures.peekFirst() + windowMillis - now : 1_000;
            if (name.idle()) {
                byName.remove(nameKey);
            }
            if (from.idle()) {
                byAddress.remove(address);
            }
            return new Attempt(nameKey, address, limit, Math.max(1_000, retry), first);
        }
        name.inFlight++;
        from.inFlight++;
        return new Attempt(nameKey, address, null, 0, false);
    }

    synchronized void failed(Attempt a) {
        long now = clock.getAsLong();
        settle(byName, a.nameKey(), now, true);
        settle(byAddress, a.address(), now, true);
    }

    synchronized void succeeded(Attempt a) {
        long now = clock.getAsLong();
        Counts name = byName.get(a.nameKey());
        if (name != null) {
            name.failures.clear();
            name.lockReported = false;
        }
        settle(byName, a.nameKey(), now, false);
        settle(byAddress, a.address(), now, false);
    }

    /** An attempt let through that was not checked after all (e.g. the checks were too many at once). */
    synchronized void withdrawn(Attempt a) {
        long now = clock.getAsLong();
        settle(byName, a.nameKey(), now, false);
        settle(byAddress, a.address(), now, false);
    }

    private void settle(Map<String, Counts> map, String key, long now, boolean failure) {
        Counts c = map.get(key);
        if (c == null) {
            return; // dropped meanwhile as least recently seen
        }
        c.inFlight = Math.max(0, c.inFlight - 1);
        if (failure) {
            c.failures.addLast(now);
            while (c.failures.size() > maxFailures) {
                c.failures.removeFirst(); // the last few decide; older ones never matter again
            }
        }
        prune(c, now);
        if (c.idle()) {
            map.remove(key);
        }
    }

    private void prune(Counts c, long now) {
        while (!c.failures.isEmpty() && c.failures.peekFirst() <= now - windowMillis) {
            c.failures.removeFirst();
        }
        if (!full(c)) {
            c.lockReported = false;
        }
    }

    private boolean full(Counts c) {
        return c.failures.size() + c.inFlight >= maxFailures;
    }

    /** Names and addresses with something counted (for tests). */
    synchronized int keys() {
        return byName.size() + byAddress.size();
    }
}
