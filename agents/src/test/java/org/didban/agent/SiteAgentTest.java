package org.didban.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.agent.testing.FakeCollector.await;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.didban.agent.config.Secret;
import org.didban.agent.config.SiteConfig;
import org.didban.agent.config.SnmpCredentials;
import org.didban.agent.snmp.SnmpSession;
import org.didban.agent.testing.FakeCollector;
import org.didban.model.EventTypes;
import org.didban.model.Metrics;
import org.didban.model.Sample;
import org.didban.simulator.SimulatedBranch;
import org.didban.simulator.SimulatedFleet;
import org.didban.wire.SiteBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whole spine: simulated devices → agent (SNMP over UDP) → batches over HTTP → a collector. */
class SiteAgentTest {
    static final Duration WAIT = Duration.ofSeconds(15);
    static final SnmpCredentials.Usm V3 = SnmpCredentials.Usm.of("didban", "auth-pass-123", "priv-pass-456");

    SimulatedFleet fleet;
    FakeCollector collector;

    @BeforeEach
    void start() throws Exception {
        fleet = SimulatedFleet.start();
        collector = new FakeCollector();
    }

    @AfterEach
    void stop() {
        collector.close();
        fleet.close();
    }

    @Test
    void pollsEveryIntervalAndDeliversNumberedBatchesWithFaultsInThem() throws Exception {
        SimulatedBranch branch = fleet.addBranch("THR-0001", V3);
        SiteConfig config = branch.siteConfig("THR-0001-a", collector.uri(), Secret.of("token-1"), Duration.ofSeconds(1));
        try (SiteAgent agent = SiteAgent.builder(config).build()) {
            agent.start();
            await("a first batch", WAIT, () -> agent.stats().batchesSent() >= 1);
            branch.ups().onBattery();
            await("a batch with the UPS on battery", WAIT, () -> collector.accepted().stream()
                    .anyMatch(b -> has(b, "THR-0001-ups", Metrics.UPS_OUTPUT_SOURCE, 5)));

            List<SiteBatch> batches = collector.accepted();
            for (int i = 0; i < batches.size(); i++) {
                assertThat(batches.get(i).seq()).isEqualTo(i + 1);
            }
            SiteBatch first = batches.get(0);
            assertThat(first.agent()).isEqualTo("THR-0001-a");
            assertThat(first.branch()).isEqualTo("THR-0001");
            assertThat(first.samples()).filteredOn(s -> s.metric().equals(Metrics.DEVICE_UP))
                    .extracting(Sample::device)
                    .containsExactlyInAnyOrder("THR-0001-router", "THR-0001-switch", "THR-0001-ups", "THR-0001-auth",
                            "THR-0001-voting");
            assertThat(collector.received()).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer token-1"));
            AgentStats stats = agent.stats();
            assertThat(stats.polls()).isGreaterThanOrEqualTo(10);
            assertThat(stats.pollFailures()).isZero();
            assertThat(stats.oddValues()).isZero();
        }
    }

    @Test
    void sharedResourcesServeManyAgentsAndAnUnreachableDeviceIsReported() throws Exception {
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        HttpClient http = HttpClient.newHttpClient();
        try (SnmpSession session = SnmpSession.open()) {
            List<SiteAgent> agents = new java.util.ArrayList<>();
            for (int b = 1; b <= 5; b++) {
                SimulatedBranch branch = fleet.addBranch("ISF-000" + b, V3);
                SiteConfig config = new SiteConfig("ISF-000" + b + "-a", branch.code(), collector.uri(),
                        Secret.of("t"), Duration.ofSeconds(1), branch.devices().stream()
                        .map(d -> d.deviceConfig().withTimeout(Duration.ofMillis(300), 0)).toList());
                agents.add(SiteAgent.builder(config).httpClient(http).scheduler(scheduler).snmpSession(session)
                        .firstPollDelay(Duration.ofMillis(100L * b)).build());
            }
            fleet.device("ISF-0003-router").unreachable();
            for (SiteAgent a : agents) {
                a.start();
            }
            await("two batches from every agent", WAIT,
                    () -> agents.stream().allMatch(a -> a.stats().batchesSent() >= 2));
            for (SiteAgent a : agents) {
                a.stop();
            }

            assertThat(collector.accepted()).anySatisfy(b -> {
                assertThat(b.branch()).isEqualTo("ISF-0003");
                assertThat(has(b, "ISF-0003-router", Metrics.DEVICE_UP, 0)).isTrue();
                assertThat(b.events()).anySatisfy(e -> {
                    assertThat(e.device()).isEqualTo("ISF-0003-router");
                    assertThat(e.type()).isEqualTo(EventTypes.POLL_FAILED);
                });
            });
            assertThat(agents.get(2).stats().pollFailures()).isPositive();
            assertThat(agents.get(0).stats().pollFailures()).isZero();
            // shared resources are still usable: the agents did not close them
            assertThat(scheduler.isShutdown()).isFalse();
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void stopEndsTheThreadsTheAgentStarted() throws Exception {
        SimulatedBranch branch = fleet.addBranch("KRJ-0001", V3);
        SiteAgent agent = SiteAgent.builder(
                branch.siteConfig("KRJ-0001-a", collector.uri(), Secret.of("t"), Duration.ofSeconds(1))).build();
        agent.start();
        await("a batch", WAIT, () -> agent.stats().batchesSent() >= 1);
        assertThat(threadNamed("didban-agent-KRJ-0001-a")).isTrue();
        agent.stop();
        await("the agent's scheduler thread to end", WAIT, () -> !threadNamed("didban-agent-KRJ-0001-a"));
    }

    static boolean threadNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    static boolean has(SiteBatch batch, String device, String metric, double value) {
        return batch.samples().stream()
                .anyMatch(s -> s.device().equals(device) && s.metric().equals(metric) && s.value() == value);
    }
}
