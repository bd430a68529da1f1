package org.didban.collector.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Prometheus' {@code promtool check metrics}, from Debian's prometheus package, on an exposition text. */
public final class Promtool {
    private Promtool() {
    }

    /**
     * Runs {@code promtool check metrics} on the text; fails the test when promtool is missing,
     * hangs or exits non-zero, and returns its complaints (blank when it has none).
     */
    public static String checkMetrics(String text) throws IOException, InterruptedException {
        String onPath = System.getenv("PATH") == null ? "" : System.getenv("PATH");
        boolean found = Files.isExecutable(Path.of("/usr/bin/promtool")) || List.of(onPath.split(":")).stream()
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, "promtool")));
        if (!found) {
            fail("promtool is not installed (Debian package 'prometheus'); run scripts/test, which installs the test tools");
        }
        Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // promtool may close its input early on fatal errors; its output says why.
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("promtool check metrics did not finish within 30 s");
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }
}
