package org.didban.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.didban.agent.config.SnmpCredentials;
import org.didban.agent.snmp.PollRound;
import org.didban.agent.snmp.SitePoller;
import org.didban.agent.snmp.SnmpSession;
import org.junit.jupiter.api.Test;

/**
 * The demo's shape in small: hundreds of branches in one JVM, each device on its own UDP port, all
 * served by one simulator thread and polled through one SNMP session — threads do not grow with
 * devices.
 */
class FleetScaleTest {
    static final int BRANCHES = 200;

    @Test
    void aThousandDevicesOnOneThreadAllAnswerOverV3() throws Exception {
        int threadsBefore = Thread.activeCount();
        try (SimulatedFleet fleet = SimulatedFleet.start(); SnmpSession session = SnmpSession.open()) {
            SnmpCredentials.Usm v3 = SnmpCredentials.Usm.of("didban", "auth-pass-123", "priv-pass-456");
            List<SitePoller> pollers = new ArrayList<>();
            for (int b = 0; b < BRANCHES; b++) {
                SimulatedBranch branch = fleet.addBranch(String.format("B-%04d", b), v3);
                pollers.add(new SitePoller(session, branch.deviceConfigs()));
            }
            assertThat(fleet.devices()).hasSize(BRANCHES * 5);
            assertThat(fleet.devices().stream().map(d -> d.address().getPort()).distinct()).hasSize(BRANCHES * 5);
            // the fleet's selector thread, the session's socket and timer threads, a little slack
            assertThat(Thread.activeCount() - threadsBefore).isLessThan(10);

            // rounds start a few milliseconds apart, as agents spread over the poll interval do: a
            // thousand answers at once would overflow one socket's receive buffer on hosts with a
            // small net.core.rmem_max
            ScheduledExecutorService starter = Executors.newSingleThreadScheduledExecutor();
            List<CompletableFuture<PollRound>> rounds = new ArrayList<>();
            try {
                for (int i = 0; i < pollers.size(); i++) {
                    SitePoller poller = pollers.get(i);
                    rounds.add(CompletableFuture.supplyAsync(poller::poll,
                            CompletableFuture.delayedExecutor(5L * i, TimeUnit.MILLISECONDS, starter))
                            .thenCompose(f -> f));
                }
                CompletableFuture.allOf(rounds.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            } finally {
                starter.shutdownNow();
            }
            int failures = rounds.stream().mapToInt(r -> r.join().failures()).sum();
            int samples = rounds.stream().mapToInt(r -> r.join().samples().size()).sum();
            assertThat(failures).as("failure reasons: %s", rounds.stream().flatMap(r -> r.join().events().stream())
                    .collect(java.util.stream.Collectors.groupingBy(e -> e.attributes().get("reason"),
                            java.util.stream.Collectors.counting()))).isZero();
            assertThat(samples).isGreaterThan(BRANCHES * 50);
        }
    }
}
