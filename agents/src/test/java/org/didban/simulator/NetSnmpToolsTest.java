package org.didban.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
        Path binary = Path.of("/usr/bin", tool);
        if (!Files.isExecutable(binary)) {
            fail(binary + " is not installed (Debian package snmp); run scripts/test, which installs what the tests need");
        }
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        command.addAll(List.of(args));
        // output to a file, read after the exit: a pipe nobody reads while the tool runs could fill and block it
        Path output = Files.createTempFile("didban-" + tool, ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            pb.environment().put("MIBS", "");
            Process p = pb.start();
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    fail(tool + " did not finish within 20s; output so far:\n" + Files.readString(output));
                }
            } finally {
                if (p.isAlive()) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
            String out = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("%s exit status; output:%n%s", tool, out).isZero();
            return out;
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
