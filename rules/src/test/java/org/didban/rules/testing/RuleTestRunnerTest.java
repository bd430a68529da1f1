package org.didban.rules.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.didban.model.Alert;
import org.didban.model.AlertKey;
import org.didban.model.AlertState;
import org.didban.model.Labels;
import org.didban.model.Severity;
import org.junit.jupiter.api.Test;

class RuleTestRunnerTest {
    private final RuleTestRunner runner = new RuleTestRunner();

    private static String lastLine(String out) {
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void passingFile() {
        Resources.Run run = Resources.run(runner::runFiles, Resources.path("passing.yaml"));
        assertThat(run.exit()).isEqualTo(RuleTestRunner.ALL_PASSED);
        assertThat(run.out()).contains(
                "ok   uplink down outside voting hours waits 5m at medium\n",
                "ok   uplink down in voting hours fires after 60s one level higher\n",
                "ok   a sensitive branch in voting hours waits half as long, two levels higher\n",
                "ok   a pending alert fires when voting starts\n",
                "ok   an event fires at once and resolves after its hold\n");
        assertThat(lastLine(run.out())).isEqualTo("5 passed, 0 failed");
    }

    @Test
    void absenceInventoryAndAreaRules() {
        Resources.Run run = Resources.run(runner::runFiles, Resources.path("fleet.yaml"));
        assertThat(run.out()).contains("ok   silent devices fire, an area goes dark and groups them, and a later one too");
        assertThat(run.exit()).isZero();
    }

    @Test
    void failingFileShowsADiffAtTheFailingTime() throws Exception {
        Path file = Resources.path("failing.yaml");
        List<TestOutcome> outcomes = runner.run(RuleTestFile.read(file));
        assertThat(outcomes).extracting(TestOutcome::name, TestOutcome::passed).containsExactly(
                org.assertj.core.groups.Tuple.tuple("passes", true),
                org.assertj.core.groups.Tuple.tuple("wrong severity", false),
                org.assertj.core.groups.Tuple.tuple("missing alert", false),
                org.assertj.core.groups.Tuple.tuple("unexpected alert", false),
                org.assertj.core.groups.Tuple.tuple("never resolved", false));

        assertThat(outcomes.get(1).diff()).containsExactly(
                "     at 60s (2026-06-29T04:31:00Z, phase voting, " + file + ":27), alerts:",
                "       missing:    {rule: NET-01, device: B1-router, labels: {if_index: \"1\"}, state: firing, severity: medium}  (line 29)",
                "         closest:  NET-01 B1-router {if_index=1} firing high value=2 — severity is high, not medium",
                "       unexpected: NET-01 B1-router {if_index=1} firing high value=2");
        assertThat(outcomes.get(2).diff()).containsExactly(
                "     at 10s (2026-06-29T04:30:10Z, phase voting, " + file + ":33), alerts:",
                "       missing:    {rule: PWR-02, device: B1-ups}  (line 35)",
                "       (no alert was active)");
        assertThat(outcomes.get(3).diff()).containsExactly(
                "     at 5s (2026-06-29T04:30:05Z, phase voting, " + file + ":42), alerts:",
                "       unexpected: PWR-02 B1-ups firing high value=1");
        assertThat(outcomes.get(4).diff()).containsExactly(
                "     at 1m (2026-06-29T04:31:00Z, phase voting, " + file + ":50), resolved:",
                "       not resolved: {rule: PWR-02}  (line 51)",
                "       (no alert had resolved)");
    }

    @Test
    void failingFileExitsOneWithCounts() {
        Resources.Run run = Resources.run(runner::runFiles, Resources.path("failing.yaml"));
        assertThat(run.exit()).isEqualTo(RuleTestRunner.SOME_FAILED);
        assertThat(run.out()).startsWith("ok   passes\nFAIL wrong severity  (");
        assertThat(run.out()).contains("FAIL missing alert", "FAIL unexpected alert", "FAIL never resolved");
        assertThat(lastLine(run.out())).isEqualTo("1 passed, 4 failed");
    }

    @Test
    void severalFilesAddUp() {
        Resources.Run run = Resources.run(runner::runFiles, Resources.path("passing.yaml"), Resources.path("failing.yaml"),
                Resources.path("fleet.yaml"));
        assertThat(lastLine(run.out())).isEqualTo("7 passed, 4 failed");
        assertThat(run.exit()).isEqualTo(1);
    }

    @Test
    void resolvedListsAreCheckedAgainstWhatResolvedSoFar() throws Exception {
        String text = Files.text("""
                tests:
                  - name: resolved too early
                    input:
                      - at: 0s
                        events: [{device: B1-ups, type: ups_on_battery}]
                    expect:
                      - at: 4m59s
                        resolved: [{rule: PWR-02, device: B1-ups}]
                      - at: 5m
                        resolved: [{rule: PWR-02, device: B1-ups}]
                """);
        TestOutcome o = runner.run(RuleTestFile.read(text, "t.yaml", Resources.path("rules.yaml").getParent())).get(0);
        assertThat(o.passed()).isFalse();
        assertThat(o.diff()).hasSize(3);
        assertThat(o.diff().get(0)).startsWith("     at 4m59s (");
        assertThat(o.diff().get(1)).isEqualTo("       not resolved: {rule: PWR-02, device: B1-ups}  (line " + (Files.HEADER_LINES + 8) + ")");
    }

    @Test
    void resolvedShowsWhatDidResolve() throws Exception {
        String text = Files.text("""
                tests:
                  - name: other device
                    input:
                      - at: 0s
                        events: [{device: B1-ups, type: ups_on_battery}]
                    expect:
                      - at: 10m
                        resolved: [{rule: PWR-02, device: B1-router}]
                """);
        TestOutcome o = runner.run(RuleTestFile.read(text, "t.yaml", Resources.path("rules.yaml").getParent())).get(0);
        assertThat(o.diff()).last().isEqualTo("       resolved at 5m: PWR-02 B1-ups resolved high value=1");
    }

    @Test
    void samplesAtTheSameTimeAsAnExpectationComeFirst() throws Exception {
        String text = Files.text("""
                tests:
                  - name: same time
                    expect:
                      - at: 30s
                        alerts: [{rule: PWR-02, state: firing}]
                    input:
                      - at: 30s
                        events: [{device: B1-ups, type: ups_on_battery}]
                """);
        assertThat(runner.run(RuleTestFile.read(text, "t.yaml", Resources.path("rules.yaml").getParent())).get(0).diff())
                .isEmpty();
    }

    @Test
    void eachExpectedAlertNeedsItsOwnActiveAlert() {
        Alert b1 = alert("B1-router");
        Alert b2 = alert("B2-router");
        ExpectedAlert any = expected(null);
        ExpectedAlert onB1 = expected("B1-router");
        // A greedy match would give `any` the first alert (B1) and leave nothing for `onB1`.
        assertThat(RuleTestRunner.match(List.of(any, onB1), List.of(b1, b2))).containsExactly(1, 0);
        assertThat(RuleTestRunner.match(List.of(any, any), List.of(b1))).containsExactlyInAnyOrder(0, -1);
    }

    private static ExpectedAlert expected(String device) {
        return new ExpectedAlert(1, "DEV-01", device, Map.of(), null, null, null, null, null, null);
    }

    private static Alert alert(String device) {
        return new Alert(new AlertKey("DEV-01", device, Labels.EMPTY), "B1", "KRN-03", "KRN", Severity.HIGH,
                AlertState.FIRING, "t", "t", 0, 1, 1, 0, "");
    }

    @Test
    void formatsOffsets() {
        assertThat(RuleTestRunner.format(0)).isEqualTo("0s");
        assertThat(RuleTestRunner.format(90_000)).isEqualTo("1m30s");
        assertThat(RuleTestRunner.format(3_600_500)).isEqualTo("1h500ms");
    }

    /** Test files written inline, with a fixed header of rules and inventory. */
    static final class Files {
        static final String HEADER = """
                rule_files: [rules.yaml]
                start: 2026-06-29T04:30:00Z
                phases: [{phase: voting, from: 0s, to: 10h}]
                inventory:
                  provinces: [{code: KRN}]
                  counties: [{code: KRN-03, province: KRN}]
                  branches: [{code: B1, county: KRN-03}]
                  devices:
                    - {id: B1-router, branch: B1, role: router}
                    - {id: B1-ups, branch: B1, role: ups}
                expect_devices: false
                """;
        static final int HEADER_LINES = (int) HEADER.lines().count();

        static String text(String tests) {
            return HEADER + tests;
        }
    }
}
