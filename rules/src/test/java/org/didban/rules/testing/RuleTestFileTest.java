package org.didban.rules.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.didban.model.ElectionPhase;
import org.didban.rules.RuleProblem;
import org.didban.rules.testing.RuleTestFile.SampleInput;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleTestFileTest {
    @TempDir
    Path dir;

    private static final String GOOD_TEST = """
            tests:
              - name: t
                expect:
                  - at: 0s
                    alerts: []
            """;

    @BeforeEach
    void rules() throws IOException {
        Files.copy(Resources.path("rules.yaml"), dir.resolve("rules.yaml"));
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private List<RuleProblem> problems(String text) throws IOException {
        Path file = write("t.yaml", text);
        InvalidTestFileException e = catchThrowableOfType(InvalidTestFileException.class, () -> RuleTestFile.read(file));
        assertThat(e).as("refused").isNotNull();
        return e.problems();
    }

    private static String header(String inventoryExtra) {
        return RuleTestRunnerTest.Files.HEADER.replace("expect_devices: false\n", inventoryExtra + "expect_devices: false\n");
    }

    @Test
    void readsAGoodFile() throws Exception {
        RuleTestFile f = RuleTestFile.read(write("t.yaml", RuleTestRunnerTest.Files.text("""
                tests:
                  - name: series
                    input:
                      - series: {device: B1-router, metric: if_oper_status, labels: {if_index: 1}}
                        values: "2 _ 1x1"
                        from: 1m
                        every: 15s
                    expect:
                      - {at: 2m, alerts: []}
                """)));
        assertThat(f.rules().size()).isEqualTo(5);
        assertThat(f.inventory().device("B1-ups")).isNotNull();
        assertThat(f.phases().phaseAt(f.startMillis())).isEqualTo(ElectionPhase.VOTING);
        assertThat(f.phases().phaseAt(f.startMillis() + 10 * 3_600_000L)).isEqualTo(ElectionPhase.NONE);
        assertThat(f.tests().get(0).inputs()).extracting(i -> ((SampleInput) i).at(), i -> ((SampleInput) i).value())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(60_000L, 2.0),
                        org.assertj.core.groups.Tuple.tuple(90_000L, 1.0),
                        org.assertj.core.groups.Tuple.tuple(105_000L, 1.0));
        assertThat(((SampleInput) f.tests().get(0).inputs().get(0)).labels().get("if_index")).isEqualTo("1");
    }

    @Test
    void badYaml() throws IOException {
        List<RuleProblem> p = problems("rule_files: [rules.yaml]\ntests:\n  - name: x\n   expect: [\n");
        assertThat(p).hasSize(1);
        assertThat(p.get(0).source()).endsWith("t.yaml");
        assertThat(p.get(0).message()).startsWith("not valid YAML");
        assertThat(p.get(0).line()).isBetween(3, 5);
    }

    @Test
    void unknownDeviceInInput() throws IOException {
        List<RuleProblem> p = problems(RuleTestRunnerTest.Files.text("""
                tests:
                  - name: t
                    input:
                      - at: 0s
                        samples:
                          - {device: B9-router, metric: if_oper_status, value: 2}
                    expect: [{at: 0s, alerts: []}]
                """));
        int h = RuleTestRunnerTest.Files.HEADER_LINES;
        assertThat(p).extracting(RuleProblem::toString)
                .containsExactly(dir.resolve("t.yaml") + ":" + (h + 6) + ": unknown device 'B9-router' (not in the inventory)");
    }

    @Test
    void unknownFieldsAnywhere() throws IOException {
        List<RuleProblem> p = problems(RuleTestRunnerTest.Files.text("""
                tests:
                  - name: t
                    imput: []
                    expect:
                      - at: 0s
                        alerts: [{rule: NET-01, sevrity: high}]
                """));
        int h = RuleTestRunnerTest.Files.HEADER_LINES;
        assertThat(p).extracting(RuleProblem::line, RuleProblem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(h + 3, "unknown field of a test 'imput'; known: expect, input, name"),
                org.assertj.core.groups.Tuple.tuple(h + 6, "unknown field of an expected alert 'sevrity'; known: branch, county, "
                        + "device, grouped_under, labels, rule, severity, state, value"));
    }

    @Test
    void unknownTopLevelField() throws IOException {
        List<RuleProblem> p = problems("rule_file: [rules.yaml]\n" + GOOD_TEST);
        assertThat(p).extracting(RuleProblem::line, RuleProblem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, "unknown top-level field 'rule_file'; known: expect_devices, inventory, "
                        + "phases, rule_files, start, tests"),
                org.assertj.core.groups.Tuple.tuple(1, "no 'rule_files' list (write [catalogue] for the shipped rules)"));
    }

    @Test
    void expectationWithoutAt() throws IOException {
        List<RuleProblem> p = problems(RuleTestRunnerTest.Files.text("""
                tests:
                  - name: t
                    expect:
                      - alerts: []
                      - at: soon
                        alerts: []
                """));
        int h = RuleTestRunnerTest.Files.HEADER_LINES;
        assertThat(p).extracting(RuleProblem::line, RuleProblem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(h + 4, "'at' is required (a time after the start, e.g. 90s)"),
                org.assertj.core.groups.Tuple.tuple(h + 5, "'at': 'soon' is not a duration (write e.g. 30s, 5m, 1h30m)"));
    }

    @Test
    void unknownRuleFileAndUnknownRule() throws IOException {
        List<RuleProblem> p = problems("rule_files:\n  - rules.yaml\n  - missing.yaml\n" + GOOD_TEST);
        assertThat(p).extracting(RuleProblem::line).containsExactly(3);
        assertThat(p.get(0).message()).startsWith("rule file 'missing.yaml' not found");

        p = problems(RuleTestRunnerTest.Files.text("""
                tests:
                  - name: t
                    expect:
                      - at: 0s
                        alerts: [{rule: NET-99}]
                """));
        assertThat(p).extracting(RuleProblem::message).containsExactly("no rule NET-99 in the rule files");
    }

    @Test
    void problemsOfARuleFileAreReportedInItsOwnLines() throws IOException {
        write("broken.yaml", "rules:\n  - id: NET-01\n    title: {en: a, fa: b}\n    category: network\n"
                + "    metric: if_oper_status\n    condition: value == 2\n    severity: high\n");
        List<RuleProblem> p = problems("rule_files: [broken.yaml]\n" + GOOD_TEST);
        assertThat(p).extracting(RuleProblem::source, RuleProblem::line).containsExactly(
                org.assertj.core.groups.Tuple.tuple(dir.resolve("broken.yaml").toString(), 6),
                org.assertj.core.groups.Tuple.tuple(dir.resolve("t.yaml").toString(), 1));
    }

    @Test
    void badInventoryReferences() throws IOException {
        List<RuleProblem> p = problems("""
                rule_files: [rules.yaml]
                inventory:
                  provinces: [{code: KRN}]
                  counties: [{code: KRN-03, province: KRM}]
                  branches: [{code: B1, county: KRN-03}]
                  devices:
                    - {id: X, branch: B7, role: router}
                    - {id: Y, branch: B1, role: toaster}
                """ + GOOD_TEST);
        assertThat(p).extracting(RuleProblem::line).containsExactly(4, 5, 7, 8); // 5 and 8: knock-on of 4
        assertThat(p.get(0).message()).isEqualTo("county KRN-03 names unknown province 'KRM'");
        assertThat(p.get(2).message()).isEqualTo("device X names unknown branch 'B7'");
    }

    @Test
    void badRoleAndFiber() throws IOException {
        List<RuleProblem> p = problems("""
                rule_files: [rules.yaml]
                inventory:
                  provinces: [{code: KRN}]
                  counties: [{code: KRN-03, province: KRN}]
                  branches: [{code: B1, county: KRN-03, fiber: copper, sensitive: yes}]
                  devices:
                    - {id: Y, branch: B1, role: toaster}
                """ + GOOD_TEST);
        assertThat(p).extracting(RuleProblem::line).containsExactly(5, 5, 7);
        assertThat(p.get(2).message()).startsWith("unknown device role 'toaster'");
    }

    @Test
    void badPhasesAndSeries() throws IOException {
        List<RuleProblem> p = problems(header("").replace("phases: [{phase: voting, from: 0s, to: 10h}]",
                "phases:\n  - {phase: voting, from: 1h, to: 2h}\n  - {phase: count, from: 90m, to: 3h}\n  - {phase: lunch, from: 0s}")
                + """
                tests:
                  - name: t
                    input:
                      - series: {device: B1-router, metric: device_up}
                        values: "1 2 stale"
                    expect: [{at: 0s, alerts: []}]
                """);
        assertThat(p).extracting(RuleProblem::message).containsExactly(
                "unknown election phase 'lunch'; known: none, preparation, opening_ceremony, voting, closing_ceremony, count, closed",
                "phases voting and count overlap",
                "'values': 'stale' is not a value (write 2, _, 2x3, 0+10x3 or 5-1x4)");
    }

    @Test
    void testsAreRequired() throws IOException {
        assertThat(problems("rule_files: [rules.yaml]\n")).extracting(RuleProblem::message).containsExactly("no 'tests' list");
        assertThat(problems("rule_files: [rules.yaml]\ntests: []\n")).extracting(RuleProblem::message)
                .containsExactly("'tests' is empty");
        assertThat(problems("- just\n- a list\n")).extracting(RuleProblem::message)
                .containsExactly("expected a mapping with 'rule_files' and 'tests'");
    }

    @Test
    void catalogueIsTheShippedRules() throws Exception {
        RuleTestFile f = RuleTestFile.read(write("t.yaml", "rule_files: [catalogue]\n" + GOOD_TEST));
        assertThat(f.rules().size()).isPositive();
        assertThat(f.rules().rule("NET-01")).isNotNull();
    }

    @Test
    void unreadableFilesExitTwoAndTheOthersStillRun() throws IOException {
        Path bad = write("bad.yaml", "rule_files: [rules.yaml]\ntests: [\n");
        Path good = write("good.yaml", "rule_files: [rules.yaml]\n" + GOOD_TEST);
        Resources.Run run = Resources.run(new RuleTestRunner()::runFiles, bad, good, dir.resolve("nowhere.yaml"));
        assertThat(run.exit()).isEqualTo(RuleTestRunner.UNREADABLE);
        assertThat(run.out()).contains(bad + ":3: not valid YAML", "ok   t\n",
                dir.resolve("nowhere.yaml") + ":1: cannot read: no such file");
        assertThat(run.out()).endsWith("1 passed, 0 failed\n");
    }
}
