package org.didban.collector.shard;

import io.vertx.core.Vertx;
import org.didban.rules.Scheduler;

/**
 * The rule engine's clock and timers on Vert.x. Timers set from a shard's context fire on that
 * context, so the engine stays single-threaded; the engine only schedules while it runs there.
 */
final class VertxScheduler implements Scheduler {
    private final Vertx vertx;

    VertxScheduler(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public long now() {
        return System.currentTimeMillis();
    }

    @Override
    public Timer schedule(long delayMillis, Runnable task) {
        // Vert.x refuses timers under 1 ms; a due task runs on the next turn of the loop instead.
        long id = vertx.setTimer(Math.max(1, delayMillis), ignored -> task.run());
        return () -> vertx.cancelTimer(id);
    }
}
