package org.didban.collector.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.didban.rules.Scheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VertxSchedulerTest {
    private Vertx vertx;
    private Context context;
    private VertxScheduler scheduler;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
        scheduler = new VertxScheduler(vertx);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Runs {@code work} on the shard's context, as the engine does, and waits for it. */
    private <T> T onContext(java.util.function.Supplier<T> work) throws Exception {
        CompletableFuture<T> done = new CompletableFuture<>();
        context.runOnContext(ignored -> {
            try {
                done.complete(work.get());
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done.get(10, TimeUnit.SECONDS);
    }

    @Test
    void timersRunOnceInTheOrderOfTheirDeadlinesOnTheShardsContext() throws Exception {
        List<Integer> ran = new CopyOnWriteArrayList<>();
        List<Boolean> onContext = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> last = new CompletableFuture<>();
        int[] delays = {120, 0, 60, 30, 90, 10, 150};
        onContext(() -> {
            for (int delay : delays) {
                scheduler.schedule(delay, () -> {
                    ran.add(delay);
                    onContext.add(Vertx.currentContext() == context);
                    if (delay == 150) {
                        last.complete(null);
                    }
                });
            }
            return null;
        });
        last.get(10, TimeUnit.SECONDS);
        assertEquals(List.of(0, 10, 30, 60, 90, 120, 150), ran);
        assertTrue(onContext.stream().allMatch(b -> b), "every task ran on the shard's context");
        assertEquals(0, onContext(scheduler::pending));
    }

    @Test
    void aCancelledTimerNeverRunsAndManyCancelledOnesLeaveTheHeap() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        CompletableFuture<Void> kept = new CompletableFuture<>();
        int many = VertxScheduler.COMPACT_FROM * 4;
        onContext(() -> {
            List<Scheduler.Timer> timers = new ArrayList<>();
            for (int i = 0; i < many; i++) {
                timers.add(scheduler.schedule(60_000 + i, ran::incrementAndGet));
            }
            scheduler.schedule(50, () -> kept.complete(null));
            timers.forEach(Scheduler.Timer::cancel);
            timers.get(0).cancel(); // twice is harmless
            return null;
        });
        assertTrue(onContext(scheduler::pending) < many / 2, "the heap was rebuilt without the cancelled timers");
        kept.get(10, TimeUnit.SECONDS);
        assertEquals(0, ran.get());
    }

    @Test
    void aTaskThatSchedulesAnotherAtOnceRunsItOnALaterTurn() throws Exception {
        AtomicInteger rounds = new AtomicInteger();
        CompletableFuture<Void> done = new CompletableFuture<>();
        onContext(() -> {
            Runnable[] again = new Runnable[1];
            again[0] = () -> {
                if (rounds.incrementAndGet() == 500) {
                    done.complete(null);
                } else {
                    scheduler.schedule(0, again[0]);
                }
            };
            scheduler.schedule(0, again[0]);
            return null;
        });
        done.get(10, TimeUnit.SECONDS);
        assertEquals(500, rounds.get());
    }

    @Test
    void aTaskCancelledWhileOthersRunDoesNotRun() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        CompletableFuture<Void> after = new CompletableFuture<>();
        onContext(() -> {
            Scheduler.Timer[] victim = new Scheduler.Timer[1];
            scheduler.schedule(20, () -> {
                // one scheduled and cancelled within this turn, and one waiting in the queue scheduled and cancelled within this turn, and one already queued
                scheduler.schedule(0, ran::incrementAndGet).cancel();
                victim[0].cancel();
            });
            victim[0] = scheduler.schedule(60, ran::incrementAndGet);
            scheduler.schedule(100, () -> after.complete(null));
            return null;
        });
        after.get(10, TimeUnit.SECONDS);
        assertEquals(0, ran.get());
        assertEquals(0, onContext(scheduler::pending));
    }

    @Test
    void manyTimersDueAtOnceLeaveTheLoopFreeInBetween() throws Exception {
        int many = 400_000; // a shard's absence watches, all armed at start
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger ranWhenOtherWorkRan = new AtomicInteger(-1);
        CompletableFuture<Void> all = new CompletableFuture<>();
        onContext(() -> {
            long dueAt = VertxScheduler.monotonic() + 100; // all due together, however long this loop takes
            for (int i = 0; i < many; i++) {
                scheduler.schedule(dueAt - VertxScheduler.monotonic(), () -> {
                    int n = ran.incrementAndGet();
                    if (n == 1) {
                        // other work arrives on the loop (a batch from an agent) as the first one runs
                        context.runOnContext(ignored -> ranWhenOtherWorkRan.set(ran.get()));
                    }
                    if (n == many) {
                        all.complete(null);
                    }
                });
            }
            return null;
        });
        all.get(30, TimeUnit.SECONDS);
        assertEquals(many, ran.get());
        int between = ranWhenOtherWorkRan.get();
        assertTrue(between >= 0 && between < many,
                "work queued on the loop ran before the last due timer, not after all of them: " + between);
    }

    @Test
    void oneFailingTaskDoesNotStopTheOthersDueWithIt() throws Exception {
        CompletableFuture<Void> second = new CompletableFuture<>();
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        context.exceptionHandler(reported::add);
        onContext(() -> {
            scheduler.schedule(10, () -> {
                throw new IllegalStateException("broken rule");
            });
            scheduler.schedule(10, () -> second.complete(null));
            return null;
        });
        second.get(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (reported.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals("broken rule", reported.get(0).getMessage());
    }
}
