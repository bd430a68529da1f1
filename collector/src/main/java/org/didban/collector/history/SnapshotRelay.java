package org.didban.collector.history;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.didban.collector.fiber.FiberPicture;
import org.didban.collector.readiness.ReadinessSnapshot;

/**
 * Hands each new readiness snapshot and fiber picture to the history once, as they are computed.
 * History writes them as the day's point of each area, so the last one of a day stands for it and
 * the "progress over the days" panels have today's point from the first computation on. Looks
 * every {@code every} on the event loop; what it does there is a reference comparison and a hand-off.
 */
public final class SnapshotRelay {
    private final Vertx vertx;
    private final History history;
    private final Supplier<ReadinessSnapshot> readiness;
    private final Supplier<FiberPicture> fiber;
    private final Duration every;
    private ReadinessSnapshot lastReadiness;
    private FiberPicture lastFiber;
    private long timer = -1;

    public SnapshotRelay(Vertx vertx, History history, Supplier<ReadinessSnapshot> readiness, Supplier<FiberPicture> fiber,
                         Duration every) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.history = Objects.requireNonNull(history, "history");
        this.readiness = Objects.requireNonNull(readiness, "readiness");
        this.fiber = Objects.requireNonNull(fiber, "fiber");
        this.every = Objects.requireNonNull(every, "every");
    }

    public synchronized SnapshotRelay start() {
        if (timer < 0) {
            timer = vertx.setPeriodic(every.toMillis(), id -> relay());
        }
        return this;
    }

    public synchronized void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    /** Hands over whatever is new since the last look. */
    public synchronized void relay() {
        ReadinessSnapshot r = readiness.get();
        if (r != null && r != lastReadiness) {
            lastReadiness = r;
            history.readiness(r);
        }
        FiberPicture f = fiber.get();
        if (f != null && f != lastFiber) {
            lastFiber = f;
            history.fiber(f);
        }
    }
}
