package org.didban.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.didban.agent.config.SnmpCredentials;
import org.didban.model.DeviceRole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator checked by a second, independent SNMP stack: net-snmp's command-line tools
 * (Debian package {@code snmp}), so that it speaks SNMP and not only "what SNMP4J accepts".
 */
class NetSnmpToolsTest {
    SimulatedFleet fleet;

    @BeforeEach
    void start() throws IOException {
        fleet = SimulatedFleet.start();
    }

    @AfterEach
    void stop() {
        fleet.close();
    }

    @Test
    void snmpbulkwalkReadsTheInterfaceNamesOverV3() throws Exception {
        SimulatedDevice sw = fleet.addDevice("sw", DeviceRole.SWITCH,
                SnmpCredentials.Usm.of("didban", "auth-pass-123", "priv-pass-456"));
        String out = run("snmpbulkwalk", "-v3", "-l", "authPriv", "-u", "didban", "-a", "SHA-256", "-A", "auth-pass-123",
                "-x", "AES", "-X", "priv-pass-456", "-On", "-t", "2", "-r", "1", target(sw), "1.3.6.1.2.1.31.1.1.1.1");
        assertThat(out).contains(".1.3.6.1.2.1.31.1.1.1.1.1 = STRING: \"ge1\"")
                .contains(".1.3.6.1.2.1.31.1.1.1.1.8 = STRING: \"ge8\"");
    }

    @Test
    void snmpgetAndGetnextOverV2c() throws Exception {
        SimulatedDevice ups = fleet.addDevice("ups", DeviceRole.UPS, SnmpCredentials.Community.of("branch-ro"));
        ups.onBattery();
        String get = run("snmpget", "-v2c", "-c", "branch-ro", "-On", target(ups), "1.3.6.1.2.1.33.1.4.1.0",
                "1.3.6.1.2.1.1.99.0");
        assertThat(get).contains(".1.3.6.1.2.1.33.1.4.1.0 = INTEGER: 5").contains("No Such Object");
        String next = run("snmpgetnext", "-v2c", "-c", "branch-ro", "-On", target(ups), "1.3.6.1.2.1.1.3");
        assertThat(next).contains(".1.3.6.1.2.1.1.3.0 = Timeticks");
    }

    private static String target(SimulatedDevice d) {
        return "udp:127.0.0.1:" + d.address().getPort();
    }

    private static String run(String tool, String... args) throws IOException, InterruptedException {
        NetSnmp.Result r = NetSnmp.exec(tool, args);
        assertThat(r.exit()).as("%s exit status; output:%n%s", tool, r.output()).isZero();
        return r.output();
    }
}
