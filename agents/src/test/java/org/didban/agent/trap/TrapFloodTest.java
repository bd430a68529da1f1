package org.didban.agent.trap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.didban.agent.config.SnmpCredentials;
import org.didban.model.Event;
import org.didban.model.EventTypes;
import org.junit.jupiter.api.Test;

/** One source floods 10,000 traps per second for two seconds; another's few all arrive; the receiver stays responsive. */
class TrapFloodTest {
    static final String FLOOD = "THR-0002-switch";
    static final String QUIET = "THR-0002-router";
    static final String COMMUNITY = "branch-traps";
    static final int RATE = 200;
    static final int BURST = 400;
    static final int FLOOD_RATE = 10_000;
    static final int FLOOD_COUNT = 20_000;
    static final Duration FLOOD_TIME = Duration.ofSeconds(4);
    static final int QUIET_COUNT = 20;

    @Test
    void floodFromOneSourceDoesNotStarveAnother() throws Exception {
        TrapSink sink = new TrapSink();
        TrapSettings settings = TrapSettings.builder()
                .listen(InetAddress.getByName("127.0.0.1"), 0)
                .community(FLOOD, InetAddress.getByName("127.0.0.5"), SnmpCredentials.Community.of(COMMUNITY))
                .community(QUIET, InetAddress.getByName("127.0.0.6"), SnmpCredentials.Community.of(COMMUNITY))
                .rateLimit(RATE, BURST)
                .build();
        try (TrapReceiver receiver = TrapReceiver.start(settings, sink.eventConsumer(), sink.untrustedConsumer());
             Snmp4jSender flood = new Snmp4jSender("127.0.0.5", receiver.localAddress(), COMMUNITY);
             Snmp4jSender quiet = new Snmp4jSender("127.0.0.6", receiver.localAddress(), COMMUNITY)) {
            AtomicInteger sent = new AtomicInteger();
            long start = System.nanoTime();
            CompletableFuture<Void> flooding = CompletableFuture.runAsync(() -> {
                long end = start + FLOOD_TIME.toNanos();
                try {
                    // FLOOD_RATE a second, in batches of 100 every 100/FLOOD_RATE seconds
                    for (int i = 0; i < FLOOD_COUNT && System.nanoTime() < end; i++) {
                        if (i % 100 == 0) {
                            long due = start + (long) (i * 1e9 / FLOOD_RATE);
                            long wait = due - System.nanoTime();
                            if (wait > 0) {
                                LockSupport.parkNanos(wait);
                            }
                        }
                        flood.send(Snmp4jSender.linkTrap(false, 1));
                        sent.incrementAndGet();
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            // the quiet device's traps go out while the flood runs, a few milliseconds apart
            TrapSink.await("the flood to start", () -> sent.get() >= 1_000);
            for (int i = 1; i <= QUIET_COUNT; i++) {
                quiet.send(Snmp4jSender.linkTrap(true, 100 + i));
                int before = sent.get();
                TrapSink.await("the flood to go on", () -> sent.get() >= before + 50 || flooding.isDone());
            }
            flooding.get(FLOOD_TIME.toSeconds() + 10, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - start) / 1e9;
            double floodRate = sent.get() / seconds;

            // every quiet trap arrives
            Set<String> quietIfs = new TreeSet<>();
            long floodEvents = 0;
            long deadline = System.nanoTime() + TrapSink.DEADLINE.toNanos();
            while (quietIfs.size() < QUIET_COUNT && System.nanoTime() < deadline) {
                Event e = sink.events.poll(100, TimeUnit.MILLISECONDS);
                if (e == null) {
                    continue;
                }
                if (e.device().equals(QUIET)) {
                    assertThat(e.type()).isEqualTo(EventTypes.LINK_UP);
                    quietIfs.add(e.attributes().get(EventTypes.ATTR_IF_INDEX));
                } else {
                    floodEvents++;
                }
            }
            assertThat(quietIfs).as("quiet device's traps (flood sent %d at %.0f/s)", sent.get(), floodRate)
                    .hasSize(QUIET_COUNT);
            assertThat(floodRate).as("the flood must be a flood").isGreaterThan(FLOOD_RATE / 2.0);

            // a marker from the quiet device: the worker is in order, so once it is out, the flood was handled
            quiet.send(Snmp4jSender.linkTrap(false, 998));
            while (true) {
                Event e = sink.nextEvent();
                if (e.device().equals(QUIET)) {
                    assertThat(e.attributes()).containsEntry(EventTypes.ATTR_IF_INDEX, "998");
                    break;
                }
                floodEvents++;
            }
            // the flooder got its bucket's worth, no more; the rest was counted as rate limited. The
            // bucket refilled until the last flood trap was taken, which is before the marker came out.
            double secondsToMarker = (System.nanoTime() - start) / 1e9;
            TrapStats s = receiver.stats();
            double allowed = BURST + RATE * (secondsToMarker + 1);
            assertThat(floodEvents).isLessThanOrEqualTo((long) allowed).isGreaterThanOrEqualTo(BURST / 2);
            assertThat(s.eventCount(EventTypes.LINK_DOWN)).isEqualTo(floodEvents + 1);
            assertThat(s.rateLimited()).isGreaterThan(0);
            assertThat(s.rateLimitedBySource()).containsKey(FLOOD).doesNotContainKey(QUIET);
            assertThat(s.rateLimitedBySource().get(FLOOD) + floodEvents + s.queueOverflows())
                    .isLessThanOrEqualTo(sent.get());

            // and it answers once the flood is over (within the sink's deadline: no backlog left)
            quiet.send(Snmp4jSender.linkTrap(false, 999));
            Event late = sink.nextEvent();
            assertThat(late.device()).isEqualTo(QUIET);
            assertThat(late.attributes()).containsEntry(EventTypes.ATTR_IF_INDEX, "999");
            System.out.printf("flood: %d traps in %.2fs (%.0f/s); %d accepted, %d rate limited, %d queue overflows%n",
                    sent.get(), seconds, floodRate, floodEvents, s.rateLimitedBySource().get(FLOOD), s.queueOverflows());
        }
    }
}
