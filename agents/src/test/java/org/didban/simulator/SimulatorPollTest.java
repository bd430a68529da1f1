package org.didban.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.didban.agent.config.DeviceConfig;
import org.didban.agent.config.SnmpCredentials;
import org.didban.agent.snmp.DeviceReading;
import org.didban.agent.snmp.PollRound;
import org.didban.agent.snmp.SitePoller;
import org.didban.agent.snmp.SnmpSession;
import org.didban.agent.snmp.StandardMib;
import org.didban.model.DeviceRole;
import org.didban.model.EventTypes;
import org.didban.model.Metrics;
import org.didban.model.Sample;
import org.didban.wire.SiteBatch;
import org.didban.wire.SiteBatchCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;

/** The agent's poller against the simulator over real UDP, and faults showing in the samples. */
class SimulatorPollTest {
    static final SnmpCredentials.Usm V3 = SnmpCredentials.Usm.of("didban", "auth-pass-123", "priv-pass-456");
    static final SnmpCredentials V2C = SnmpCredentials.Community.of("branch-ro");
    /** Far beyond any poll here (timeouts of at most 2s × 3): a hang fails the test instead. */
    static final Duration POLL_WAIT = Duration.ofSeconds(30);

    SimulatedFleet fleet;
    SnmpSession session;

    @BeforeEach
    void start() throws Exception {
        fleet = SimulatedFleet.start();
        session = SnmpSession.open();
    }

    @AfterEach
    void stop() {
        session.close();
        fleet.close();
    }

    @Test
    void pollsABranchOverV3() throws Exception {
        SimulatedBranch branch = fleet.addBranch("THR-0001", V3);
        PollRound round = poll(branch.deviceConfigs());

        assertThat(round.failures()).isZero();
        assertThat(round.oddValues()).isZero();
        for (SimulatedDevice d : branch.devices()) {
            DeviceReading r = round.reading(d.id());
            assertThat(value(r, Metrics.DEVICE_UP, null)).as(d.id()).isEqualTo(1.0);
            assertThat(value(r, Metrics.SYS_UPTIME_SECONDS, null)).as(d.id()).isGreaterThanOrEqualTo(0.0);
            assertThat(r.identity().sysDescr()).contains(d.id());
        }
        DeviceReading router = round.reading("THR-0001-router");
        assertThat(value(router, Metrics.IF_OPER_STATUS, "wan0")).isEqualTo(1.0);
        assertThat(value(router, Metrics.IF_TYPE, "wwan0")).isEqualTo(243.0);
        assertThat(value(router, Metrics.IF_SPEED_MBPS, "wan0")).isEqualTo(1000.0);
        assertThat(router.samples()).filteredOn(s -> s.metric().equals(Metrics.IF_IN_OCTETS_TOTAL)).hasSize(3);
        assertThat(value(round.reading("THR-0001-switch"), Metrics.IF_ADMIN_STATUS, "ge8")).isEqualTo(2.0);
        assertThat(value(round.reading("THR-0001-ups"), Metrics.UPS_OUTPUT_SOURCE, null)).isEqualTo(3.0);
        assertThat(value(round.reading("THR-0001-ups"), Metrics.UPS_CHARGE_PERCENT, null)).isEqualTo(100.0);
    }

    @Test
    void pollsOverV2cAndRefusesAWrongCommunity() throws Exception {
        SimulatedDevice sw = fleet.addDevice("sw", org.didban.model.DeviceRole.SWITCH, V2C);
        DeviceReading ok = poll(List.of(sw.deviceConfig())).reading("sw");
        assertThat(ok.answered()).isTrue();
        assertThat(ok.samples()).filteredOn(s -> s.metric().equals(Metrics.IF_OPER_STATUS)).hasSize(8);

        DeviceConfig wrong = new DeviceConfig("sw", sw.role(), "127.0.0.1", sw.address().getPort(),
                SnmpCredentials.Community.of("guess"), Duration.ofMillis(200), 0, 10);
        DeviceReading refused = poll(List.of(wrong)).reading("sw");
        assertThat(refused.answered()).isFalse();
        assertThat(fleet.refused()).isPositive();
    }

    @Test
    void linkDownShowsAsOperStatusTwoAndCountersStandStill() throws Exception {
        SimulatedBranch branch = fleet.addBranch("THR-0002", V3);
        SimulatedDevice router = branch.router();
        router.linkDown(1);

        DeviceReading r = poll(List.of(router.deviceConfig())).reading(router.id());
        assertThat(value(r, Metrics.IF_OPER_STATUS, "wan0")).isEqualTo(2.0);
        assertThat(value(r, Metrics.IF_ADMIN_STATUS, "wan0")).isEqualTo(1.0);
        assertThat(value(r, Metrics.IF_OPER_STATUS, "lan0")).isEqualTo(1.0);

        router.linkUp(1);
        assertThat(value(poll(List.of(router.deviceConfig())).reading(router.id()), Metrics.IF_OPER_STATUS, "wan0"))
                .isEqualTo(1.0);
    }

    @Test
    void onBatteryShowsAsOutputSourceFiveUntilMainsReturn() throws Exception {
        SimulatedDevice ups = fleet.addBranch("THR-0003", V3).ups();
        ups.onBattery();
        DeviceReading r = poll(List.of(ups.deviceConfig())).reading(ups.id());
        assertThat(value(r, Metrics.UPS_OUTPUT_SOURCE, null)).isEqualTo(5.0);
        assertThat(value(r, Metrics.UPS_MINUTES_REMAINING, null)).isPositive();

        ups.mainsRestored();
        assertThat(value(poll(List.of(ups.deviceConfig())).reading(ups.id()), Metrics.UPS_OUTPUT_SOURCE, null))
                .isEqualTo(3.0);
    }

    @Test
    void unreachableDeviceIsDownWithAPollFailedEventWhileTheOthersAnswer() throws Exception {
        SimulatedBranch branch = fleet.addBranch("THR-0004", V3);
        branch.votingDevice().unreachable();
        List<DeviceConfig> configs = branch.devices().stream()
                .map(d -> d.deviceConfig().withTimeout(Duration.ofMillis(300), 0)).toList();

        PollRound round = poll(configs);
        DeviceReading voting = round.reading("THR-0004-voting");
        assertThat(voting.answered()).isFalse();
        assertThat(value(voting, Metrics.DEVICE_UP, null)).isEqualTo(0.0);
        assertThat(voting.events()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventTypes.POLL_FAILED);
            assertThat(e.attributes()).containsEntry("reason", "timeout");
        });
        assertThat(round.failures()).isEqualTo(1);

        branch.votingDevice().reachable();
        assertThat(poll(configs).reading("THR-0004-voting").answered()).isTrue();
    }

    @Test
    void aLostRequestIsRetriedOverV3AndV2c() throws Exception {
        for (SnmpCredentials credentials : List.of(V3, V2C)) {
            SimulatedDevice sw = fleet.addDevice("sw-" + credentials.describe().charAt(1),
                    org.didban.model.DeviceRole.SWITCH, credentials);
            DeviceConfig config = sw.deviceConfig().withTimeout(Duration.ofMillis(200), 2);
            sw.dropRequests(2); // for v3 the very first contact: engine discovery must be retried too
            DeviceReading r = poll(List.of(config)).reading(sw.id());
            assertThat(r.answered()).as(credentials.describe()).isTrue();
        }
    }

    @Test
    void uptimeAndOctetCountersMove() throws Exception {
        SimulatedDevice router = fleet.addBranch("THR-0005", V3).router();
        DeviceReading first = poll(List.of(router.deviceConfig())).reading(router.id());
        double firstOctets = value(first, Metrics.IF_IN_OCTETS_TOTAL, "wan0");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        double octets = firstOctets;
        while (octets <= firstOctets && System.nanoTime() < deadline) {
            octets = value(poll(List.of(router.deviceConfig())).reading(router.id()), Metrics.IF_IN_OCTETS_TOTAL, "wan0");
        }
        assertThat(octets).isGreaterThan(firstOctets);
    }

    @Test
    void ifAdminStatusOfAnInterfaceComesBeforeItsIfOperStatus() throws Exception {
        SimulatedBranch branch = fleet.addBranch("THR-0006", V3);
        PollRound round = poll(branch.deviceConfigs());
        int interfaces = 0;
        for (DeviceReading r : round.readings()) {
            List<Sample> samples = r.samples();
            for (int i = 0; i < samples.size(); i++) {
                Sample oper = samples.get(i);
                if (!oper.metric().equals(Metrics.IF_OPER_STATUS)) {
                    continue;
                }
                interfaces++;
                int admin = -1;
                for (int j = 0; j < samples.size(); j++) {
                    Sample s = samples.get(j);
                    if (s.metric().equals(Metrics.IF_ADMIN_STATUS) && s.labels().equals(oper.labels())) {
                        admin = j;
                    }
                }
                assertThat(admin).as("%s %s: if_admin_status before if_oper_status", r.device(), oper.labels())
                        .isBetween(0, i - 1);
            }
        }
        assertThat(interfaces).isGreaterThan(8);
    }

    @Test
    void aThousandCharacterIfNameIsCutSoTheBatchDecodes() throws Exception {
        SimulatedDevice router = fleet.addBranch("THR-0007", V3).router();
        String longName = "wan-" + "x".repeat(996);
        router.setValue(new OID(StandardMib.IF_NAME).append(1), new OctetString(longName));
        DeviceReading r = poll(List.of(router.deviceConfig())).reading(router.id());

        SiteBatchCodec codec = new SiteBatchCodec();
        SiteBatch decoded = codec.decode(codec.encode(new SiteBatch("THR-0007-a", "THR-0007", 1, 1, 1,
                r.samples(), r.events())));
        assertThat(decoded.samples()).filteredOn(s -> s.metric().equals(Metrics.IF_OPER_STATUS))
                .extracting(s -> s.labels().get(Metrics.LABEL_IF_NAME))
                .contains(longName.substring(0, SiteBatchCodec.Limits.DEFAULT.maxTextLength()), "lan0");
    }

    @Test
    void aNameThatDoesNotResolveIsThatDevicesPollFailureNotTheAgents() throws Exception {
        SimulatedDevice router = fleet.addBranch("THR-0008", V3).router();
        // RFC 6761: .invalid never resolves; a 300-character label makes the reason itself too long
        DeviceConfig ghost = DeviceConfig.of("ghost", DeviceRole.ROUTER, "g".repeat(300) + ".invalid", 161, V3);
        DeviceConfig ghost2 = DeviceConfig.of("ghost2", DeviceRole.SWITCH, "no-such-switch.invalid", 161, V3);
        PollRound round = poll(List.of(router.deviceConfig(), ghost, ghost2));

        assertThat(round.reading(router.id()).answered()).isTrue();
        for (String id : List.of("ghost", "ghost2")) {
            DeviceReading r = round.reading(id);
            assertThat(r.answered()).isFalse();
            assertThat(value(r, Metrics.DEVICE_UP, null)).isEqualTo(0.0);
            assertThat(r.events()).singleElement().satisfies(e -> {
                assertThat(e.type()).isEqualTo(EventTypes.POLL_FAILED);
                assertThat(e.attributes().get("reason")).startsWith("unknown host ")
                        .hasSizeLessThanOrEqualTo(SiteBatchCodec.Limits.DEFAULT.maxTextLength());
            });
        }
        SiteBatchCodec codec = new SiteBatchCodec();
        codec.decode(codec.encode(new SiteBatch("a", "b", 1, 1, 1, round.samples(), round.events())));
    }

    PollRound poll(List<DeviceConfig> devices) throws Exception {
        return new SitePoller(session, devices).poll().get(POLL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    static Double value(DeviceReading reading, String metric, String ifName) {
        return reading.samples().stream()
                .filter(s -> s.metric().equals(metric))
                .filter(s -> ifName == null || ifName.equals(s.labels().get(Metrics.LABEL_IF_NAME)))
                .map(Sample::value)
                .findFirst().orElse(null);
    }
}
