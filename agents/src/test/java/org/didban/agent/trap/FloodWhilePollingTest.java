package org.didban.agent.trap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.didban.agent.SiteAgent;
import org.didban.agent.config.Secret;
import org.didban.agent.config.SiteConfig;
import org.didban.agent.config.SnmpCredentials;
import org.didban.agent.testing.FakeCollector;
import org.didban.model.DeviceRole;
import org.didban.simulator.SimulatedDevice;
import org.didban.simulator.SimulatedFleet;
import org.junit.jupiter.api.Test;

/** 10,000 traps a second from one source must not stop the agent polling its devices. */
class FloodWhilePollingTest {
    private static final SnmpCredentials.Usm V3 = SnmpCredentials.Usm.of("didban", "flood-auth-pass", "flood-priv-pass");
    private static final int RATE = 10_000;
    private static final Duration FLOOD = Duration.ofSeconds(3);

    @Test
    void pollingGoesOnThroughATrapFlood() throws Exception {
        try (SimulatedFleet fleet = SimulatedFleet.start(); FakeCollector collector = new FakeCollector()) {
            SimulatedDevice router = fleet.addDevice("FLD-0001-router", DeviceRole.ROUTER, V3);
            SiteConfig config = new SiteConfig("FLD-0001-a", "FLD-0001", collector.uri(), Secret.of("flood-token"),
                    Duration.ofSeconds(1), List.of(router.deviceConfig()));
            TrapSettings traps = TrapSettings.builder()
                    .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .community(router.id(), InetAddress.getByName("127.0.0.7"), SnmpCredentials.Community.of("flood"))
                    .build();
            try (SiteAgent agent = SiteAgent.builder(config).traps(traps).build()) {
                agent.start();
                FakeCollector.await("polling under way", Duration.ofSeconds(15), () -> agent.stats().polls() >= 2);
                long pollsBefore = agent.stats().polls();
                try (Snmp4jSender flood = new Snmp4jSender("127.0.0.7", agent.trapAddress(), "flood")) {
                    long start = System.nanoTime();
                    long end = start + FLOOD.toNanos();
                    for (int i = 0; i < RATE * FLOOD.toSeconds() && System.nanoTime() < end; i++) {
                        if (i % 100 == 0) {
                            long wait = start + (long) (i * 1e9 / RATE) - System.nanoTime();
                            if (wait > 0) {
                                LockSupport.parkNanos(wait);
                            }
                        }
                        flood.send(Snmp4jSender.linkTrap(i % 2 == 0, 1));
                    }
                }
                long pollsDuring = agent.stats().polls() - pollsBefore;
                assertThat(pollsDuring).as("polls during a %d s flood at 1 s intervals", FLOOD.toSeconds())
                        .isGreaterThanOrEqualTo(FLOOD.toSeconds() - 1);
                // The flood reached the collector only as far as the source's rate limit lets it.
                FakeCollector.await("some of the flood's events delivered", Duration.ofSeconds(15),
                        () -> collector.accepted().stream().mapToLong(b -> b.events().size()).sum() > 0);
                long events = collector.accepted().stream().mapToLong(b -> b.events().size()).sum();
                assertThat(events).isLessThan((long) RATE * FLOOD.toSeconds() / 4);
                long pollsAfter = agent.stats().polls();
                FakeCollector.await("polling still under way after the flood", Duration.ofSeconds(15),
                        () -> agent.stats().polls() >= pollsAfter + 2);
            }
        }
    }
}
