package org.didban.rules;

import java.util.PriorityQueue;

/**
 * A {@link Scheduler} whose clock moves only through {@link #advance}: timers due on the way run
 * in time order, each seeing {@link #now()} at its own deadline. Not thread-safe, like the
 * evaluator it drives.
 */
public final class ManualScheduler implements Scheduler {
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long now;
    private long nextSeq;

    public ManualScheduler(long startMillis) {
        this.now = startMillis;
    }

    @Override
    public long now() {
        return now;
    }

    @Override
    public Timer schedule(long delayMillis, Runnable action) {
        Task task = new Task(now + Math.max(0, delayMillis), nextSeq++, action);
        queue.add(task);
        return () -> task.cancelled = true;
    }

    /** Moves the clock forward, running every timer that falls due on the way. */
    public void advance(long millis) {
        advanceTo(now + millis);
    }

    public void advanceTo(long target) {
        if (target < now) {
            throw new IllegalArgumentException("time does not go backwards: " + target + " < " + now);
        }
        while (!queue.isEmpty() && queue.peek().due <= target) {
            Task task = queue.poll();
            if (!task.cancelled) {
                now = task.due;
                task.action.run();
            }
        }
        now = target;
    }

    /** Timers scheduled and not yet run or cancelled. */
    public int pending() {
        return (int) queue.stream().filter(t -> !t.cancelled).count();
    }

    private static final class Task implements Comparable<Task> {
        final long due;
        final long seq;
        final Runnable action;
        boolean cancelled;

        Task(long due, long seq, Runnable action) {
            this.due = due;
            this.seq = seq;
            this.action = action;
        }

        @Override
        public int compareTo(Task o) {
            return due != o.due ? Long.compare(due, o.due) : Long.compare(seq, o.seq);
        }
    }
}
