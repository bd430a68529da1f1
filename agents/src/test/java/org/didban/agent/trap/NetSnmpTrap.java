package org.didban.agent.trap;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs net-snmp's {@code snmptrap} (Debian package {@code snmp}) with no MIBs and its state in a temp folder. */
final class NetSnmpTrap {
    static final Path BINARY = Path.of("/usr/bin/snmptrap");

    private final Path home;

    NetSnmpTrap(Path home) {
        this.home = home;
        if (!Files.isExecutable(BINARY)) {
            fail(BINARY + " is not installed (Debian package snmp); run scripts/test, which installs what the tests need");
        }
    }

    record Result(int exit, String output) {
    }

    /** Runs snmptrap from {@code clientAddress} (a 127.x.y.z address) with the given arguments. */
    Result run(String clientAddress, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--clientaddr=" + clientAddress));
        command.addAll(List.of(args));
        Path output = Files.createTempFile(home, "snmptrap", ".out");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().put("MIBS", "");
        pb.environment().put("HOME", home.toString());
        pb.environment().put("SNMP_PERSISTENT_DIR", home.resolve("persist").toString());
        pb.environment().put("SNMPCONFPATH", home.resolve("conf").toString());
        Process p = pb.start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                fail("snmptrap did not finish within 30s; output so far:\n" + Files.readString(output));
            }
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        return new Result(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    /** As {@link #run}, failing unless snmptrap exits 0. */
    String ok(String clientAddress, String... args) throws IOException, InterruptedException {
        Result r = run(clientAddress, args);
        if (r.exit() != 0) {
            fail("snmptrap exited " + r.exit() + ":\n" + r.output());
        }
        return r.output();
    }
}
