package org.didban.collector.fiber;

import io.vertx.core.Vertx;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Takes the rollout's daily snapshot: once a day at {@link Settings#at()} local time (in the
 * deadlines' zone), and once after start when today's is missing — after
 * {@link Settings#startDelay()}, so that the agents have reported their uplinks by then and the
 * day is not recorded as "unknown" everywhere. The database work runs on {@link FiberHistory}'s
 * thread, the branches are read through {@link FiberRollout#refresh()}: no event loop waits.
 *
 * <pre>
 * DailySnapshots daily = new DailySnapshots(vertx, rollout, history, DailySnapshots.Settings.standard());
 * daily.start();
 * daily.stop();
 * </pre>
 */
public final class DailySnapshots {
    private static final System.Logger LOG = System.getLogger(DailySnapshots.class.getName());
    /** After a failed attempt (the database away), the next try comes this much later. */
    static final Duration RETRY = Duration.ofMinutes(10);

    /** When the day's snapshot is taken, and how long after start a missing one waits. */
    public record Settings(LocalTime at, Duration startDelay) {
        public Settings {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(startDelay, "startDelay");
            if (startDelay.isNegative()) {
                throw new IllegalArgumentException("start delay below zero");
            }
        }

        /** At 00:05 local time; a missing day 15 minutes after start. */
        public static Settings standard() {
            return new Settings(LocalTime.of(0, 5), Duration.ofMinutes(15));
        }
    }

    private final Vertx vertx;
    private final FiberRollout rollout;
    private final FiberHistory history;
    private final Settings settings;
    private final AtomicLong taken = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile long lastTakenAt;
    private long timer = -1;
    private boolean running;

    public DailySnapshots(Vertx vertx, FiberRollout rollout, FiberHistory history, Settings settings) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.rollout = Objects.requireNonNull(rollout, "rollout");
        this.history = Objects.requireNonNull(history, "history");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Looks for today's snapshot after the start delay (taking it if missing), then daily. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        timer = vertx.setTimer(Math.max(1, settings.startDelay().toMillis()), id -> takeThenWait());
    }

    public synchronized void stop() {
        running = false;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    private void takeThenWait() {
        takeIfMissing().whenComplete((stored, e) -> {
            if (e != null) {
                LOG.log(Level.WARNING, "fiber snapshot not taken, trying again in " + RETRY + ": " + e.getMessage(), e);
            }
            scheduleNext(e == null ? millisToNext() : Math.min(RETRY.toMillis(), millisToNext()));
        });
    }

    private synchronized void scheduleNext(long delay) {
        if (!running) {
            return;
        }
        timer = vertx.setTimer(Math.max(1, delay), id -> takeThenWait());
    }

    /** Until the next {@link Settings#at()} in the deadlines' zone (java.time does the zone's arithmetic). */
    long millisToNext() {
        ZonedDateTime now = ZonedDateTime.now(rollout.clock().withZone(rollout.deadlines().zone()));
        ZonedDateTime next = now.with(settings.at());
        if (!next.isAfter(now)) {
            next = now.toLocalDate().plusDays(1).atTime(settings.at()).atZone(now.getZone());
        }
        return Duration.between(now, next).toMillis();
    }

    /**
     * Takes today's snapshot unless it is stored already; completes with true when this call stored
     * it. Callable at any time (an operator's "take it now").
     */
    public CompletableFuture<Boolean> takeIfMissing() {
        LocalDate today = rollout.today();
        return history.hasDay(today).thenCompose(has -> {
            if (has) {
                return CompletableFuture.completedFuture(false);
            }
            // the nation's (in a cluster, the other collectors' branches in): the first collector
            // to store a day stores it for all, so never before it has heard from all of them
            return rollout.refresh().thenCompose(ignored -> {
                FiberPicture nation = rollout.nationalPicture();
                int expected = rollout.inventory().branches().size();
                if (nation.branches().size() < expected) {
                    return CompletableFuture.failedFuture(new IllegalStateException("the picture covers "
                            + nation.branches().size() + " of " + expected + " branches (the cluster's other"
                            + " collectors not all heard from yet)"));
                }
                return history.store(nation);
            });
        }).whenComplete((stored, e) -> {
            if (e != null) {
                failures.incrementAndGet();
            } else if (stored) {
                taken.incrementAndGet();
                lastTakenAt = rollout.clock().millis();
            }
        });
    }

    /** Snapshots this instance stored. */
    public long taken() {
        return taken.get();
    }

    /** Attempts that failed (database unreachable, say); the next day's attempt is made anyway. */
    public long failures() {
        return failures.get();
    }

    /** When this instance last stored one (epoch ms), 0 never. */
    public long lastTakenAt() {
        return lastTakenAt;
    }
}
