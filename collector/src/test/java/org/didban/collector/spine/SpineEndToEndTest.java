package org.didban.collector.spine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.collector.RunningCollector.eventually;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.didban.agent.SiteAgent;
import org.didban.agent.config.DeviceConfig;
import org.didban.agent.config.Secret;
import org.didban.agent.config.SiteConfig;
import org.didban.agent.config.SnmpCredentials;
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
import org.didban.rules.InvalidRulesException;
import org.didban.rules.RuleFileReader;
import org.didban.rules.RuleSet;
import org.didban.simulator.SimulatedDevice;
import org.didban.simulator.SimulatedFleet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole spine over real sockets: simulated devices answering SNMPv3 on loopback UDP, a real
 * site agent polling them and pushing over HTTP, the collector evaluating the shipped catalogue
 * (its timings shortened) — a fault injected at the device must come out as an alert that fires
 * and then resolves when the fault clears.
 */
class SpineEndToEndTest {
    private static final String BRANCH = "KRN-0007";
    private static final String TOKEN = "spine-test-token";

    private Vertx vertx;
    private SimulatedFleet fleet;
    private RunningCollector collector;
    private SiteAgent agent;

    /** The shipped catalogue, with every duration cut so a test sees the whole life of an alert. */
    static RuleSet fastCatalogue() throws Exception {
        String text;
        try (var in = RuleFileReader.class.getResourceAsStream("/org/didban/rules/catalogue.yaml")) {
            text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String fast = text
                .replace("for: {default: 5m, voting: 60s}", "for: 1s")
                .replace("for: {default: 15m, voting: 60s}", "for: 1s")
                .replace("absent: {default: 15m, voting: 60s}", "absent: 3s")
                .replace("for: 30s", "for: 1s");
        assertThat(fast).doesNotContain("voting: 60s").doesNotContain("30s");
        try {
            return new RuleFileReader().read(fast, "fast-catalogue.yaml");
        } catch (InvalidRulesException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        fleet = SimulatedFleet.start();
        SnmpCredentials credentials = SnmpCredentials.Usm.of("didban", "spine-auth-pass", "spine-priv-pass");
        Inventory.Builder inventory = Inventory.builder()
                .province(new Province("KRN", "کرمان", "Kerman"))
                .county(new County("KRN-03", "KRN", "بم", "Bam"))
                .branch(new Branch(BRANCH, "KRN-03", "KRN", "شعبه ۷ بم", "Bam branch 7", false, false, "", null,
                        FiberStatus.CONNECTED, null, 2, "Maryam Rostami"));
        List<DeviceConfig> devices = new ArrayList<>();
        for (DeviceRole role : List.of(DeviceRole.ROUTER, DeviceRole.UPS, DeviceRole.AUTH_DEVICE, DeviceRole.VOTING_DEVICE)) {
            SimulatedDevice d = fleet.addDevice(BRANCH + "-" + role.wireName(), role, credentials);
            inventory.device(new Device(d.id(), BRANCH, role, "127.0.0.1:" + d.address().getPort(), "test"));
            // A dead device must not hold up the site's round past the 1 s interval of this test.
            devices.add(d.deviceConfig().withTimeout(Duration.ofMillis(300), 1));
        }
        collector = RunningCollector.start(vertx, CollectorConfig.builder().port(0).shards(2).people(org.didban.collector.TestPeople.all())
                .inventory(inventory.build(), AgentRegistry.of(List.of(Agent.withToken(BRANCH + "-a", BRANCH, TOKEN))))
                .rules(fastCatalogue())
                .build());
        agent = SiteAgent.builder(new SiteConfig(BRANCH + "-a", BRANCH, URI.create(collector.collector().baseUrl()),
                Secret.of(TOKEN), Duration.ofSeconds(1), devices)).build();
        agent.start();
        eventually(() -> collector.getObject("/api/v1/branches/" + BRANCH).getJsonArray("devices"),
                ds -> ds.stream().allMatch(d -> ((JsonObject) d).getString("lastSeen") != null),
                "every device of the branch polled and reported");
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

    private JsonObject alert(String state, String rule) {
        JsonArray alerts = collector.alerts("?branch=" + BRANCH + "&state=" + state);
        return alerts.stream().map(JsonObject.class::cast).filter(a -> a.getString("rule").equals(rule))
                .findFirst().orElse(null);
    }

    private void firesThenResolves(String rule, Runnable fault, Runnable mend) {
        assertThat(collector.alerts("?branch=" + BRANCH)).as("nothing active before the fault").isEmpty();
        fault.run();
        JsonObject firing = eventually(() -> alert("firing", rule), a -> a != null, rule + " firing");
        assertThat(firing.getString("branch")).isEqualTo(BRANCH);
        assertThat(firing.getString("county")).isEqualTo("KRN-03");
        assertThat(firing.getString("province")).isEqualTo("KRN");
        mend.run();
        JsonObject resolved = eventually(() -> alert("resolved", rule), a -> a != null, rule + " resolved");
        assertThat(resolved.getString("id")).isEqualTo(firing.getString("id"));
        assertThat(collector.alerts("?branch=" + BRANCH)).as("nothing active after the fault clears").isEmpty();
    }

    @Test
    void uplinkCutAtTheRouterRaisesNet01AndClears() {
        SimulatedDevice router = fleet.device(BRANCH + "-router");
        firesThenResolves("NET-01", () -> router.linkDown(1), () -> router.linkUp(1));
        JsonObject resolved = alert("resolved", "NET-01");
        assertThat(resolved.getJsonObject("labels").getString("if_name")).isEqualTo("wan0");
        assertThat(resolved.getString("severity")).isEqualTo("high");
    }

    @Test
    void mainsLostRaisesPwr01AndClears() {
        SimulatedDevice ups = fleet.device(BRANCH + "-ups");
        firesThenResolves("PWR-01", ups::onBattery, ups::mainsRestored);
    }

    @Test
    void votingDeviceThatStopsAnsweringRaisesDev01AndClears() {
        SimulatedDevice voting = fleet.device(BRANCH + "-voting-device");
        firesThenResolves("DEV-01", voting::unreachable, voting::reachable);
        assertThat(alert("resolved", "DEV-01").getString("device")).isEqualTo(BRANCH + "-voting-device");
    }

    @Test
    void agentThatGoesQuietMakesEveryDeviceSilent() {
        agent.stop();
        JsonArray silent = eventually(() -> collector.alerts("?branch=" + BRANCH + "&state=firing"),
                a -> a.size() == 4, "DEV-01 for each of the four devices");
        assertThat(silent.stream().map(o -> ((JsonObject) o).getString("rule"))).containsOnly("DEV-01");
    }
}
