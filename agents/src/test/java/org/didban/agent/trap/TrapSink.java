package org.didban.agent.trap;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.didban.model.Event;

/** Collects what a receiver hands out; waits on conditions with a deadline, never a guessed sleep. */
final class TrapSink {
    static final Duration DEADLINE = Duration.ofSeconds(10);

    final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<UntrustedTrap> untrusted = new LinkedBlockingQueue<>();

    Consumer<Event> eventConsumer() {
        return events::add;
    }

    Consumer<UntrustedTrap> untrustedConsumer() {
        return untrusted::add;
    }

    Event nextEvent() throws InterruptedException {
        Event e = events.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        if (e == null) {
            fail("no event within " + DEADLINE + "; untrusted so far: " + untrusted);
        }
        return e;
    }

    UntrustedTrap nextUntrusted() throws InterruptedException {
        UntrustedTrap t = untrusted.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        if (t == null) {
            fail("no untrusted trap within " + DEADLINE + "; events so far: " + events);
        }
        return t;
    }

    List<Event> drainEvents() {
        List<Event> out = new ArrayList<>();
        events.drainTo(out);
        return out;
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(what, condition, DEADLINE);
    }

    static void await(String what, BooleanSupplier condition, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("timed out after " + deadline + " waiting for " + what);
            }
            Thread.sleep(5); // polling interval of a condition, not a guess at how long anything takes
        }
    }
}
