package org.didban.agent.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.didban.agent.config.AuthProtocol;
import org.didban.agent.config.DeviceConfig;
import org.didban.agent.config.PrivProtocol;
import org.didban.agent.config.Secret;
import org.didban.agent.config.SnmpCredentials;
import org.didban.agent.profile.DeviceProfile;
import org.didban.agent.profile.Profiles;
import org.didban.model.DeviceRole;
import org.didban.model.Metrics;
import org.didban.model.Sample;
import org.didban.simulator.SimulatedDevice;
import org.didban.simulator.SimulatedFleet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every role's profile against a simulated device of that role: every metric the profile declares comes back. */
class ProfilePollTest {
    static final SnmpCredentials.Usm USM = SnmpCredentials.Usm.of("didban", "auth-pass-1", "priv-pass-1");
    static SimulatedFleet fleet;
    static SnmpSession session;

    @BeforeAll
    static void start() throws Exception {
        fleet = SimulatedFleet.start();
        session = SnmpSession.open();
    }

    @AfterAll
    static void stop() {
        if (session != null) {
            session.close();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void everyRoleAnswersEveryMetricItsProfileDeclares() throws Exception {
        List<SimulatedDevice> devices = new ArrayList<>();
        for (DeviceRole role : DeviceRole.values()) {
            devices.add(fleet.addDevice("ALL-" + role.wireName(), role, USM));
        }
        SimulatedDevice ups = devices.get(DeviceRole.UPS.ordinal());
        ups.batteryBad(true);
        devices.get(DeviceRole.SWITCH.ordinal()).neighbor(devices.get(0).mac());
        PollRound round = new SitePoller(session, devices.stream().map(SimulatedDevice::deviceConfig).toList())
                .poll().get(30, TimeUnit.SECONDS);
        for (SimulatedDevice d : devices) {
            DeviceReading r = round.reading(d.id());
            DeviceProfile profile = Profiles.forRole(d.role());
            Set<String> optional = new TreeSet<>();
            profile.scalars().stream().filter(DeviceProfile.Scalar::optional).forEach(s -> optional.add(s.metric()));
            Set<String> got = new TreeSet<>(r.samples().stream().map(Sample::metric).toList());
            assertThat(r.answered()).as(d.id()).isTrue();
            assertThat(r.oddValues()).as(d.id() + " " + r.samples() + r.tables().keySet() + r.tables().values().stream().map(t -> t.rows().keySet().toString()).toList()).isZero();
            for (String metric : profile.metrics()) {
                if (!optional.contains(metric)) {
                    assertThat(got).as(d.id() + " declares " + metric).contains(metric);
                }
            }
            assertThat(got).as(d.id()).contains(Metrics.DEVICE_UP, Metrics.SNMP_WEAK_SECURITY);
            assertThat(value(r, Metrics.SNMP_WEAK_SECURITY)).isZero();
        }
        DeviceReading router = round.reading("ALL-router");
        assertThat(value(router, Metrics.TEMPERATURE_CELSIUS)).isEqualTo(SimulatedDevice.HEALTHY_TEMPERATURE_CELSIUS);
        assertThat(value(router, Metrics.OPTICAL_RX_POWER_DBM)).isEqualTo(SimulatedDevice.HEALTHY_OPTICAL_RX_DBM);
        assertThat(router.samples()).filteredOn(s -> s.metric().equals(Metrics.OPTICAL_RX_POWER_DBM)).singleElement()
                .satisfies(s -> assertThat(s.labels().get(Metrics.LABEL_IF_NAME)).isEqualTo("wan0"));
        assertThat(router.samples()).filteredOn(s -> s.metric().equals(Metrics.LLDP_NEIGHBOR_INFO)).singleElement()
                .satisfies(s -> {
                    assertThat(s.labels().get(Metrics.LABEL_CHASSIS_ID)).isEqualTo(SimulatedDevice.PROVIDER_CHASSIS_ID);
                    assertThat(s.labels().get(Metrics.LABEL_LOCAL_PORT)).isEqualTo("1");
                });
        assertThat(router.samples()).filteredOn(s -> s.metric().equals(Metrics.DEVICE_INFO)).singleElement()
                .satisfies(s -> {
                    assertThat(s.labels().get(Metrics.LABEL_SERIAL)).isEqualTo(devices.get(0).serial());
                    assertThat(s.labels().get(Metrics.LABEL_SOFTWARE)).isEqualTo(SimulatedDevice.SOFTWARE_REVISION);
                    assertThat(s.labels().get(Metrics.LABEL_SYS_OBJECT_ID)).startsWith("1.3.6.1.4.1.99999.1.");
                });
        assertThat(router.samples()).filteredOn(s -> s.metric().equals(Metrics.IF_ADMIN_STATUS))
                .allSatisfy(s -> assertThat(s.labels().asMap()).containsKeys(Metrics.LABEL_IF_INDEX,
                        Metrics.LABEL_IF_NAME, Metrics.LABEL_IF_ALIAS));
        assertThat(value(router, Metrics.CELLULAR_RSRP_DBM)).isEqualTo(SimulatedDevice.HEALTHY_RSRP_DBM);
        assertThat(value(router, Metrics.IF_NUMBER)).isEqualTo(3.0);
        assertThat(router.table("mau").rows()).hasSize(2);
        DeviceReading upsReading = round.reading(ups.id());
        assertThat(value(upsReading, Metrics.UPS_ALARM_BATTERY_BAD)).isEqualTo(1.0);
        assertThat(value(upsReading, Metrics.UPS_SELF_TEST_FAILED)).isEqualTo(0.0);
        DeviceReading voting = round.reading("ALL-voting-device");
        assertThat(voting.samples()).filteredOn(s -> s.metric().equals(Metrics.DEVICE_SOFTWARE_INFO)).singleElement()
                .satisfies(s -> assertThat(s.labels().get(Metrics.LABEL_HASH)).isEqualTo(SimulatedDevice.APPROVED_SOFTWARE_HASH));
        assertThat(value(voting, Metrics.LOG_CHAIN_INTACT)).isEqualTo(1.0);
        assertThat(voting.samples()).filteredOn(s -> s.metric().equals(Metrics.TAMPER_INPUT_ACTIVE))
                .extracting(s -> s.labels().get(Metrics.LABEL_INPUT)).containsExactly("enclosure", "door");
        DeviceReading sw = round.reading("ALL-switch");
        assertThat(sw.table("bridge_ports").rows()).hasSize(8);
    }

    @Test
    void weakSecurityIsReportedForV2cAndForSha1Md5Des() throws Exception {
        SimulatedDevice v2c = fleet.addDevice("WEAK-v2c", DeviceRole.SWITCH, SnmpCredentials.Community.of("weak-community"));
        SnmpCredentials.Usm sha1 = new SnmpCredentials.Usm("old-sha1", AuthProtocol.SHA_1, Secret.of("auth-pass-1"),
                PrivProtocol.AES_128, Secret.of("priv-pass-1"));
        SimulatedDevice old = fleet.addDevice("WEAK-sha1", DeviceRole.ROUTER, sha1);
        SnmpCredentials.Usm aes256 = new SnmpCredentials.Usm("strong-256", AuthProtocol.SHA_512, Secret.of("auth-pass-1"),
                PrivProtocol.AES_256, Secret.of("priv-pass-1"));
        SimulatedDevice strong = fleet.addDevice("STRONG-aes256", DeviceRole.ROUTER, aes256);
        PollRound round = new SitePoller(session, List.of(v2c.deviceConfig(), old.deviceConfig(), strong.deviceConfig()))
                .poll().get(30, TimeUnit.SECONDS);
        assertThat(round.reading(v2c.id()).answered()).isTrue();
        assertThat(round.reading(old.id()).answered()).isTrue();
        assertThat(round.reading(strong.id()).answered()).isTrue();
        assertThat(value(round.reading(v2c.id()), Metrics.SNMP_WEAK_SECURITY)).isEqualTo(1.0);
        assertThat(value(round.reading(old.id()), Metrics.SNMP_WEAK_SECURITY)).isEqualTo(1.0);
        assertThat(value(round.reading(strong.id()), Metrics.SNMP_WEAK_SECURITY)).isEqualTo(0.0);
    }

    @Test
    void profileDefaultsApplyUnlessTheEntryGivesItsOwnAndLongIntervalsSkipRounds() throws Exception {
        SimulatedDevice cam = fleet.addDevice("INT-camera", DeviceRole.CAMERA, USM);
        SimulatedDevice r = fleet.addDevice("INT-router", DeviceRole.ROUTER, USM);
        DeviceConfig camera = cam.deviceConfig();
        DeviceConfig router = r.deviceConfig().withOptions(new DeviceConfig.Options(null, Duration.ofSeconds(10),
                true, false, false, List.of()));
        SitePoller poller = new SitePoller(session, List.of(camera, router), java.time.Clock.systemUTC(), Duration.ofSeconds(10));
        assertThat(poller.settings().get(camera.id()).interval()).isEqualTo(Duration.ofSeconds(30)); // camera profile
        assertThat(poller.settings().get(router.id()).timeout()).isEqualTo(DeviceConfig.DEFAULT_TIMEOUT);
        List<Integer> cameraPolled = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            PollRound round = poller.poll().get(30, TimeUnit.SECONDS);
            cameraPolled.add((int) round.readings().stream().filter(x -> x.device().equals(camera.id())).count());
            assertThat(round.readings()).extracting(DeviceReading::device).contains(router.id());
        }
        assertThat(cameraPolled).containsExactly(1, 0, 0, 1, 0, 0);
    }

    static Double value(DeviceReading r, String metric) {
        return r.samples().stream().filter(s -> s.metric().equals(metric)).map(Sample::value).findFirst().orElse(null);
    }
}
