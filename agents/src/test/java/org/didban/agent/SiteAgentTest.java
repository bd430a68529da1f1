package org.didban.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.agent.testing.FakeCollector.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.didban.agent.http.UrlConnectionHttp;
import org.didban.agent.config.DeviceConfig;
import org.didban.agent.config.Secret;
import org.didban.agent.config.SiteConfig;
import org.didban.agent.config.SnmpCredentials;
import org.didban.agent.snmp.SnmpSession;
import org.didban.agent.snmp.StandardMib;
import org.didban.model.DeviceRole;
import org.didban.agent.testing.FakeCollector;
import org.didban.model.EventTypes;
import org.didban.model.Metrics;
import org.didban.model.Sample;
import org.didban.simulator.SimulatedBranch;
import org.didban.simulator.SimulatedFleet;
import org.didban.wire.SiteBatch;
import org.didban.wire.SiteBatchCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;

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
        try (UrlConnectionHttp http = UrlConnectionHttp.shared(2, Duration.ofSeconds(2));
             SnmpSession session = SnmpSession.open()) {
            List<SiteAgent> agents = new java.util.ArrayList<>();
            for (int b = 1; b <= 5; b++) {
                SimulatedBranch branch = fleet.addBranch("ISF-000" + b, V3);
                SiteConfig config = new SiteConfig("ISF-000" + b + "-a", branch.code(), collector.uri(),
                        Secret.of("t"), Duration.ofSeconds(1), branch.devices().stream()
                        .map(d -> d.deviceConfig().withTimeout(Duration.ofMillis(300), 0)).toList());
                agents.add(SiteAgent.builder(config).http(http).scheduler(scheduler).snmpSession(session)
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

    @Test
    void aDeadDeviceSlowerThanTheIntervalDoesNotSilenceTheOthers() throws Exception {
        SimulatedBranch branch = fleet.addBranch("MSH-0001", V3);
        branch.votingDevice().unreachable();
        // the dead device takes 2s × (1 + 1 retry), and more for v3 discovery, to fail: four intervals
        SiteConfig config = new SiteConfig("MSH-0001-a", branch.code(), collector.uri(), Secret.of("t"),
                Duration.ofSeconds(1), branch.devices().stream()
                .map(d -> d.deviceConfig().withTimeout(Duration.ofSeconds(2), 1)).toList());
        List<String> healthy = List.of("MSH-0001-router", "MSH-0001-switch", "MSH-0001-ups", "MSH-0001-auth");
        try (SiteAgent agent = SiteAgent.builder(config).build()) {
            agent.start();
            // one batch per interval with every healthy device up: 4 batches by ~3s; waiting on the
            // dead device would give the first only after 4s and one per 4s after
            await("four batches with every healthy device in each, within 7s", Duration.ofSeconds(7),
                    () -> collector.accepted().stream()
                            .filter(b -> healthy.stream().allMatch(d -> has(b, d, Metrics.DEVICE_UP, 1)))
                            .count() >= 4);
            await("the dead device reported down", WAIT, () -> collector.accepted().stream()
                    .anyMatch(b -> has(b, "MSH-0001-voting", Metrics.DEVICE_UP, 0) && b.events().stream()
                            .anyMatch(e -> e.device().equals("MSH-0001-voting")
                                    && e.type().equals(EventTypes.POLL_FAILED))));
            assertThat(agent.stats().skippedPolls()).isPositive();
            assertThat(collector.accepted()).allSatisfy(b -> assertThat(b.samples().stream()
                    .filter(x -> x.device().equals("MSH-0001-voting") && x.metric().equals(Metrics.DEVICE_UP))
                    .count()).isLessThanOrEqualTo(1));
        }
    }

    @Test
    void aDeviceNameThatDoesNotResolveDoesNotStopTheAgent() throws Exception {
        SimulatedBranch branch = fleet.addBranch("YZD-0001", V3);
        List<DeviceConfig> devices = new java.util.ArrayList<>(branch.deviceConfigs());
        devices.add(DeviceConfig.of("YZD-0001-ghost", DeviceRole.CAMERA, "camera.branch.invalid", 161, V3));
        SiteConfig config = new SiteConfig("YZD-0001-a", branch.code(), collector.uri(), Secret.of("t"),
                Duration.ofSeconds(1), devices);
        try (SiteAgent agent = SiteAgent.builder(config).build()) {
            agent.start();
            await("a batch with the ghost down and the router up", WAIT, () -> collector.accepted().stream()
                    .anyMatch(b -> has(b, "YZD-0001-ghost", Metrics.DEVICE_UP, 0)
                            && has(b, "YZD-0001-router", Metrics.DEVICE_UP, 1)));
            SiteBatch batch = collector.accepted().stream()
                    .filter(b -> has(b, "YZD-0001-ghost", Metrics.DEVICE_UP, 0)).findFirst().orElseThrow();
            assertThat(batch.events()).anySatisfy(e -> {
                assertThat(e.device()).isEqualTo("YZD-0001-ghost");
                assertThat(e.type()).isEqualTo(EventTypes.POLL_FAILED);
                assertThat(e.attributes().get("reason")).isEqualTo("unknown host camera.branch.invalid");
            });
        }
    }

    @Test
    void aThousandCharacterIfNameReachesTheCollectorCutToFit() throws Exception {
        SimulatedBranch branch = fleet.addBranch("KRJ-0002", V3);
        String longName = "x".repeat(1000);
        branch.router().setValue(new OID(StandardMib.IF_NAME).append(1), new OctetString(longName));
        SiteConfig config = branch.siteConfig("KRJ-0002-a", collector.uri(), Secret.of("t"), Duration.ofSeconds(1));
        try (SiteAgent agent = SiteAgent.builder(config).build()) {
            agent.start();
            await("a batch", WAIT, () -> agent.stats().batchesSent() + agent.stats().batchesRefused() >= 1);
            assertThat(agent.stats().batchesRefused()).isZero();
            assertThat(collector.received()).allSatisfy(r -> assertThat(r.batch()).as("decoded").isNotNull());
            assertThat(collector.accepted().get(0).samples())
                    .filteredOn(x -> x.device().equals("KRJ-0002-router") && x.metric().equals(Metrics.IF_OPER_STATUS))
                    .extracting(x -> x.labels().get(Metrics.LABEL_IF_NAME))
                    .contains("x".repeat(SiteBatchCodec.Limits.DEFAULT.maxTextLength()));
        }
    }

    static boolean threadNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    static boolean has(SiteBatch batch, String device, String metric, double value) {
        return batch.samples().stream()
                .anyMatch(s -> s.device().equals(device) && s.metric().equals(metric) && s.value() == value);
    }
}
