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

/** Runs net-snmp's command-line tools (Debian package {@code snmp}) against a simulated device. */
final class NetSnmp {
    private NetSnmp() {
    }

    /** The tool's output; fails the test unless it exits 0. */
    static String run(String tool, String... args) throws IOException, InterruptedException {
        Result r = exec(tool, args);
        assertThat(r.exit()).as("%s exit status; output:%n%s", tool, r.output()).isZero();
        return r.output();
    }

    record Result(int exit, String output) {
    }

    static Result exec(String tool, String... args) throws IOException, InterruptedException {
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
            return new Result(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
