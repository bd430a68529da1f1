package org.didban.agent.offline;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.didban.rules.Scheduler;

/**
 * The rule engine's real-time {@link Scheduler} and the executor every call into the engine goes
 * through. Tasks and timers run one at a time, in submission order, on the agent's
 * {@link ScheduledExecutorService}: serial even when that executor is shared and has more than one
 * thread (the demo shares one among many agents), so the single-threaded engine never sees two
 * callers at once.
 */
final class SerialScheduler implements Scheduler, Executor {
    private static final System.Logger LOG = System.getLogger(SerialScheduler.class.getName());

    private final ScheduledExecutorService executor;
    private final Clock clock;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean draining;

    SerialScheduler(ScheduledExecutorService executor, Clock clock) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public long now() {
        return clock.millis();
    }

    /** Runs {@code task} after every task submitted before it; throws if the executor is shut down. */
    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        synchronized (queue) {
            queue.add(task);
            if (draining) {
                return;
            }
            draining = true;
        }
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            synchronized (queue) {
                queue.clear();
                draining = false;
            }
            throw e;
        }
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (queue) {
                next = queue.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "local rule task failed", e);
            }
        }
    }

    @Override
    public Timer schedule(long delayMillis, Runnable task) {
        SerialTimer timer = new SerialTimer(task);
        try {
            timer.future = executor.schedule(() -> {
                try {
                    execute(timer);
                } catch (RejectedExecutionException e) {
                    // shutting down
                }
            }, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.log(System.Logger.Level.DEBUG, "local rule timer not scheduled: executor shut down");
        }
        return timer;
    }

    private static final class SerialTimer implements Timer, Runnable {
        private final Runnable task;
        private volatile boolean cancelled;
        private volatile ScheduledFuture<?> future;

        SerialTimer(Runnable task) {
            this.task = task;
        }

        @Override
        public void run() {
            if (!cancelled) {
                task.run();
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            ScheduledFuture<?> f = future;
            if (f != null) {
                f.cancel(false);
            }
        }
    }
}
