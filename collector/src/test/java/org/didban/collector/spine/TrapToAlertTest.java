package org.didban.collector.spine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.collector.RunningCollector.eventually;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.didban.agent.SiteAgent;
import org.didban.agent.config.DeviceConfig;
import org.didban.agent.config.Secret;
import org.didban.agent.config.SiteConfig;
import org.didban.agent.config.SnmpCredentials;
import org.didban.agent.trap.TrapSettings;
import org.didban.collector.CollectorConfig;
import org.didban.collector.RunningCollector;
import org.didban.collector.inventory.Agent;
import org.didban.collector.inventory.AgentRegistry;
import org.didban.model.Branch;
import org.didban.model.County;
import org.didban.model.Device;
import org.didban.model.DeviceRole;
import org.didban.model.FiberStatus;
import org.didban.model.Inventory;
import org.didban.model.Province;
import org.didban.rules.RuleFileReader;
import org.didban.simulator.SimulatedDevice;
import org.didban.simulator.SimulatedFleet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real net-snmp {@code snmptrap} → the site agent's trap receiver → the collector → an alert:
 * a v2c linkDown/linkUp storm from the router (NET-02), and a v3 authPriv tamper notification from
 * the voting device (PHY-02). Traps travel at once, not with the next poll.
 */
class TrapToAlertTest {
    private static final String BRANCH = "KRN-0009";
    private static final String TOKEN = "trap-test-token";
    private static final String COMMUNITY = "branch-traps";
    private static final String VOTING_ADDRESS = "127.0.0.3";
    private static final String VOTING_ENGINE = "0x80001f8880a1b2c3d4e5f60708";
    private static final SnmpCredentials.Usm USM = SnmpCredentials.Usm.of("didban", "trap-auth-pass", "trap-priv-pass");

    @TempDir
    Path dir;
    private Vertx vertx;
    private SimulatedFleet fleet;
    private RunningCollector collector;
    private SiteAgent agent;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        fleet = SimulatedFleet.start();
        SimulatedDevice router = fleet.addDevice(BRANCH + "-router", DeviceRole.ROUTER, USM);
        DeviceConfig voting = DeviceConfig.of(BRANCH + "-voting-device", DeviceRole.VOTING_DEVICE, VOTING_ADDRESS, 16161, USM)
                .withTimeout(Duration.ofMillis(200), 0);
        Inventory inventory = Inventory.builder()
                .province(new Province("KRN", "کرمان", "Kerman"))
                .county(new County("KRN-03", "KRN", "بم", "Bam"))
                .branch(new Branch(BRANCH, "KRN-03", "KRN", "شعبه ۹ بم", "Bam branch 9", false, false, "", null,
                        FiberStatus.CONNECTED, null, 2, "Maryam Rostami"))
                .device(new Device(router.id(), BRANCH, DeviceRole.ROUTER, "127.0.0.1:" + router.address().getPort(), "t"))
                .device(new Device(voting.id(), BRANCH, DeviceRole.VOTING_DEVICE, VOTING_ADDRESS + ":16161", "t"))
                .build();
        collector = RunningCollector.start(vertx, CollectorConfig.builder().port(0).shards(1).people(org.didban.collector.TestPeople.all())
                .inventory(inventory, AgentRegistry.of(List.of(Agent.withToken(BRANCH + "-a", BRANCH, TOKEN))))
                .rules(RuleFileReader.catalogue())
                .build());
        TrapSettings traps = TrapSettings.builder()
                .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .community(router.id(), InetAddress.getByName("127.0.0.1"), SnmpCredentials.Community.of(COMMUNITY))
                .usm(voting.id(), InetAddress.getByName(VOTING_ADDRESS), USM,
                        org.didban.agent.trap.TrapSource.parseEngineId(VOTING_ENGINE))
                .build();
        // A long interval: whatever reaches the collector within the test came with the trap, not a poll.
        agent = SiteAgent.builder(new SiteConfig(BRANCH + "-a", BRANCH, URI.create(collector.collector().baseUrl()),
                Secret.of(TOKEN), Duration.ofMinutes(10), List.of(router.deviceConfig(), voting))).traps(traps)
                .firstPollDelay(Duration.ofMinutes(10)).build();
        agent.start();
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.stop();
        }
        if (collector != null) {
            collector.close();
        }
        if (fleet != null) {
            fleet.close();
        }
        if (vertx != null) {
            RunningCollector.await(vertx.close());
        }
    }

    private void snmptrap(String from, String... args) throws Exception {
        Path snmptrap = Path.of("/usr/bin/snmptrap");
        assertThat(Files.isExecutable(snmptrap)).as("net-snmp's snmptrap (Debian package 'snmp') is missing: run scripts/test").isTrue();
        List<String> command = new ArrayList<>(List.of(snmptrap.toString(), "--clientaddr=" + from));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("snmptrap.log").toFile());
        pb.environment().put("MIBS", "");
        Process p = pb.start();
        try {
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("snmptrap finished").isTrue();
            assertThat(p.exitValue()).as("snmptrap: " + Files.readString(dir.resolve("snmptrap.log"))).isZero();
        } finally {
            p.destroyForcibly();
        }
    }

    private JsonObject firing(String rule) {
        return collector.alerts("?branch=" + BRANCH + "&state=firing").stream().map(JsonObject.class::cast)
                .filter(a -> a.getString("rule").equals(rule)).findFirst().orElse(null);
    }

    @Test
    void aLinkDownStormFromTheRouterRaisesNet02() throws Exception {
        String target = "127.0.0.1:" + agent.trapAddress().getPort();
        for (String trap : new String[] {"1.3.6.1.6.3.1.1.5.3", "1.3.6.1.6.3.1.1.5.4", "1.3.6.1.6.3.1.1.5.3"}) {
            snmptrap("127.0.0.1", "-v2c", "-c", COMMUNITY, target, "", trap, "1.3.6.1.2.1.2.2.1.1.1", "i", "1");
        }
        long sent = System.nanoTime();
        JsonObject alert = eventually(() -> firing("NET-02"), a -> a != null, "NET-02 from three link traps");
        System.out.printf("trap → alert visible at the collector: %d ms%n", (System.nanoTime() - sent) / 1_000_000);
        assertThat(alert.getString("device")).isEqualTo(BRANCH + "-router");
        assertThat(alert.getJsonObject("labels").getString("if_index")).isEqualTo("1");
    }

    @Test
    void aV3AuthPrivTamperNotificationFromTheVotingDeviceRaisesPhy02() throws Exception {
        String target = "127.0.0.1:" + agent.trapAddress().getPort();
        snmptrap(VOTING_ADDRESS, "-v3", "-e", VOTING_ENGINE, "-u", "didban", "-l", "authPriv", "-a", "SHA-256",
                "-A", "trap-auth-pass", "-x", "AES", "-X", "trap-priv-pass", target, "", "1.3.6.1.4.1.99999.2.0.1",
                "1.3.6.1.4.1.99999.2.1.3.1.1.2.1", "s", "enclosure", "1.3.6.1.4.1.99999.2.1.3.1.1.3.1", "i", "2");
        JsonObject alert = eventually(() -> firing("PHY-02"), a -> a != null, "PHY-02 from the tamper notification");
        assertThat(alert.getString("device")).isEqualTo(BRANCH + "-voting-device");
    }

    @Test
    void aTrapWithTheWrongCommunityIsAnAuthenticationFailureNotAnEvent() throws Exception {
        String target = "127.0.0.1:" + agent.trapAddress().getPort();
        for (int i = 0; i < 5; i++) {
            snmptrap("127.0.0.1", "-v2c", "-c", "guess-" + i, target, "", "1.3.6.1.6.3.1.1.5.3", "1.3.6.1.2.1.2.2.1.1.1", "i", "1");
        }
        JsonObject alert = eventually(() -> firing("SEC-04"), a -> a != null, "SEC-04 from five untrusted traps");
        assertThat(alert.getString("device")).isEqualTo(BRANCH + "-router");
        assertThat(firing("NET-02")).as("the forged link traps are not believed").isNull();
    }
}
