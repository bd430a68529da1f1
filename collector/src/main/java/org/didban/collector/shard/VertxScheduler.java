package org.didban.collector.shard;

import io.vertx.core.Vertx;
import java.util.Arrays;
import org.didban.rules.Scheduler;

/**
 * The rule engine's clock and timers on Vert.x, for one shard. The engine keeps a timer for every
 * device it watches for absence (half a million nationally) and for every pending alert; a Vert.x
 * timer each would cost ~190 bytes, so the shard's timers are instead entries of 32 bytes in one
 * binary heap by deadline, and a single Vert.x timer is armed for the earliest of them. It fires
 * on the shard's context, so the engine stays single-threaded; the engine only schedules while it
 * runs there. Deadlines are on the monotonic clock: a wall clock stepped back by NTP delays no
 * alert. A cancelled timer stays in the heap until it is due, or until cancelled ones are the
 * majority and the heap is rebuilt without them.
 */
final class VertxScheduler implements Scheduler {
    /**
     * How long one turn may run due timers before it yields to the event loop's sockets: at start
     * every device's absence watch falls due in the same millisecond, and running half a million
     * of them at once would hold ingest for a second.
     */
    static final long TURN_NANOS = 10_000_000;
    private static final int CHECK_EVERY = 256;

    /** Below this many entries the heap is never rebuilt for its cancelled ones. */
    static final int COMPACT_FROM = 256;

    private final Vertx vertx;
    private Entry[] heap = new Entry[64];
    private int size;
    private int cancelled;
    private final java.util.ArrayList<Entry> scheduledWhileFiring = new java.util.ArrayList<>();
    private long armedId = -1;
    private long armedFor = Long.MAX_VALUE;
    private boolean firing;

    VertxScheduler(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public long now() {
        return System.currentTimeMillis();
    }

    @Override
    public Timer schedule(long delayMillis, Runnable task) {
        // Rounded up: a timer may run late by the loop's turn, never early.
        Entry e = new Entry(this, (System.nanoTime() + 999_999) / 1_000_000 + Math.max(0, delayMillis), task);
        if (firing) {
            // Run on a later turn, never in this one: a task that schedules another at once
            // (delay 0) cannot keep the loop below going.
            scheduledWhileFiring.add(e);
        } else {
            push(e);
            if (e.due < armedFor) {
                arm(e.due);
            }
        }
        return e;
    }

    /** Timers waiting, cancelled ones included until they leave the heap. */
    int pending() {
        return size;
    }

    static long monotonic() {
        return System.nanoTime() / 1_000_000;
    }

    private void arm(long due) {
        if (armedId >= 0) {
            vertx.cancelTimer(armedId);
        }
        armedFor = due;
        // Vert.x refuses timers under 1 ms; a due task runs on the next turn of the loop instead.
        armedId = vertx.setTimer(Math.max(1, due - monotonic()), id -> fire());
    }

    private void fire() {
        armedId = -1;
        armedFor = Long.MAX_VALUE;
        firing = true;
        try {
            long started = System.nanoTime();
            long now = started / 1_000_000;
            int ran = 0;
            while (size > 0 && heap[0].due <= now) {
                if ((++ran & (CHECK_EVERY - 1)) == 0 && System.nanoTime() - started > TURN_NANOS) {
                    break; // the rest on the next turn, after the loop has served its sockets
                }
                Entry e = pop();
                Runnable task = e.task;
                if (task == null) {
                    cancelled--;
                    continue;
                }
                e.task = null;
                try {
                    task.run();
                } catch (RuntimeException ex) {
                    // One task's failure must not stop the others due now; the context reports it.
                    vertx.runOnContext(ignored -> {
                        throw ex;
                    });
                }
            }
        } finally {
            firing = false;
            for (Entry e : scheduledWhileFiring) {
                if (e.task != null) {
                    push(e);
                }
            }
            scheduledWhileFiring.clear();
            if (size > 0) {
                arm(heap[0].due); // even after an Error: the timers left must not wait for the next schedule
            }
        }
    }

    private void cancel(Entry e) {
        if (e.task == null) {
            return; // ran or cancelled already
        }
        e.task = null;
        if (!e.queued) {
            return; // scheduled in this turn, not in the heap yet: it is dropped when the turn ends
        }
        cancelled++;
        if (cancelled > size / 2 && size >= COMPACT_FROM) {
            compact();
        }
    }

    private void compact() {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (heap[i].task != null) {
                heap[kept++] = heap[i];
            }
        }
        Arrays.fill(heap, kept, size, null);
        size = kept;
        cancelled = 0;
        for (int i = size / 2 - 1; i >= 0; i--) {
            down(i);
        }
        if (heap.length > 64 && size < heap.length / 4) {
            heap = Arrays.copyOf(heap, Math.max(64, size * 2));
        }
    }

    private void push(Entry e) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size + (size >> 1));
        }
        e.queued = true;
        heap[size] = e;
        up(size++);
    }

    private Entry pop() {
        Entry top = heap[0];
        top.queued = false;
        heap[0] = heap[--size];
        heap[size] = null;
        if (size > 0) {
            down(0);
        }
        return top;
    }

    private void up(int i) {
        Entry e = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!e.before(heap[parent])) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = e;
    }

    private void down(int i) {
        Entry e = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            if (child + 1 < size && heap[child + 1].before(heap[child])) {
                child++;
            }
            if (!heap[child].before(e)) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = e;
    }

    /** One timer, due on the monotonic clock; timers due in the same millisecond run in no set order. */
    private static final class Entry implements Timer {
        final VertxScheduler owner;
        final long due;
        Runnable task; // null once run or cancelled
        boolean queued; // in the heap

        Entry(VertxScheduler owner, long due, Runnable task) {
            this.owner = owner;
            this.due = due;
            this.task = task;
        }

        boolean before(Entry other) {
            return due < other.due;
        }

        @Override
        public void cancel() {
            owner.cancel(this);
        }
    }
}
