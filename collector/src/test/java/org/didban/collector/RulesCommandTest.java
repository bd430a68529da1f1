package org.didban.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RulesCommandTest {
    @TempDir
    Path dir;

    private static final String RULES = """
            rules:
              - id: PWR-01
                title: {en: On battery, fa: روی باتری}
                category: power
                roles: [ups]
                metric: ups_output_source
                condition: value == 5.0
                for: 30s
                severity: medium
            """;

    private static final String HEADER = """
            rule_files: [rules.yaml]
            inventory:
              provinces: [{code: KRN}]
              counties: [{code: KRN-03, province: KRN}]
              branches: [{code: B1, county: KRN-03}]
              devices: [{id: B1-ups, branch: B1, role: ups}]
            tests:
              - name: on battery for 30s
                input:
                  - series: {device: B1-ups, metric: ups_output_source}
                    values: "5x3"
                    every: 10s
                expect:
                  - at: 29s
                    alerts: [{rule: PWR-01, device: B1-ups, state: pending}]
                  - at: 30s
            """;

    private record Result(int exit, String out, String err) {
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = CollectorMain.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    private String write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8).toString();
    }

    @BeforeEach
    void rules() throws IOException {
        write("rules.yaml", RULES);
    }

    @Test
    void passingTests() throws IOException {
        String file = write("ok.yaml", HEADER + "        alerts: [{rule: PWR-01, device: B1-ups, state: firing, severity: medium}]\n");
        Result r = run("rules", "test", file);
        assertThat(r.out()).isEqualTo("ok   on battery for 30s\n1 passed, 0 failed\n");
        assertThat(r.exit()).isZero();
    }

    @Test
    void failingTestShowsTheDiff() throws IOException {
        String file = write("bad.yaml", HEADER + "        alerts: [{rule: PWR-01, device: B1-ups, state: firing, severity: high}]\n");
        Result r = run("rules", "test", file);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains(
                "FAIL on battery for 30s  (" + file + ":8)\n",
                "     at 30s (2026-01-01T00:00:30Z, phase none, " + file + ":16), alerts:\n",
                "       missing:    {rule: PWR-01, device: B1-ups, state: firing, severity: high}  (line 17)\n",
                "       unexpected: PWR-01 B1-ups firing medium value=5\n");
        assertThat(r.out()).endsWith("\n0 passed, 1 failed\n");
    }

    @Test
    void unreadableTestFileExitsTwo() throws IOException {
        String file = write("typo.yaml", HEADER.replace("device: B1-ups, metric", "device: B1-usp, metric")
                + "        alerts: []\n");
        Result r = run("rules", "test", file);
        assertThat(r.out()).isEqualTo(file + ":10: unknown device 'B1-usp' (not in the inventory)\n0 passed, 0 failed\n");
        assertThat(r.exit()).isEqualTo(2);
    }

    @Test
    void checkGoodAndBadFiles() throws IOException {
        String good = dir.resolve("rules.yaml").toString();
        String bad = write("bad-rules.yaml", RULES.replace("ups_output_source", "ups_output_sauce"));
        Result r = run("rules", "check", good);
        assertThat(r.out()).isEqualTo("ok " + good + " (1 rule)\n");
        assertThat(r.exit()).isZero();

        r = run("rules", "check", good, bad);
        assertThat(r.out()).contains("ok " + good + " (1 rule)\n",
                bad + ":6: rule PWR-01: unknown metric 'ups_output_sauce'");
        assertThat(r.exit()).isEqualTo(1);
    }

    @Test
    void checkReportsACelTypeError() throws IOException {
        String bad = write("cel.yaml", RULES.replace("value == 5.0", "value == 'five'"));
        Result r = run("rules", "check", bad);
        assertThat(r.out()).startsWith(bad + ":7: rule PWR-01: condition does not compile:");
        assertThat(r.exit()).isEqualTo(1);
    }

    @Test
    void help() {
        Result r = run("rules", "--help");
        assertThat(r.out()).contains("Usage: didban rules", "test", "check");
        assertThat(r.exit()).isZero();
        r = run("rules", "test", "--help");
        assertThat(r.out()).contains("Usage: didban rules test", "FILE...", "Exit status: 0 all passed");
        r = run("rules", "test");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required parameter");
    }
}
