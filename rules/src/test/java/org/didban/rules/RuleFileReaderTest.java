package org.didban.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.didban.model.DeviceRole;
import org.didban.model.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleFileReaderTest {
    private final RuleFileReader reader = new RuleFileReader();

    private static final String GOOD = """
            rules:
              - id: NET-01
                title: {en: Uplink down, fa: قطع لینک}
                category: network
                roles: [router, modem]
                metric: if_oper_status
                condition: value == 2.0
                for: 1m30s
                severity: high
                runbook: Call the provider.
            """;

    @Test
    void shippedCatalogueLoadsEveryRuleOfTheCatalogue() {
        RuleSet catalogue = RuleFileReader.catalogue();
        assertThat(catalogue.all()).extracting(Rule::id).contains("NET-01", "DEV-01", "PWR-01");
        Rule dev01 = catalogue.rule("DEV-01");
        assertThat(dev01.absentMillis(org.didban.model.ElectionPhase.VOTING)).isEqualTo(60_000);
        assertThat(dev01.absentMillis(org.didban.model.ElectionPhase.PREPARATION)).isEqualTo(15 * 60_000);
        assertThat(dev01.appliesTo(org.didban.model.DeviceRole.CAMERA)).as("cameras are PHY-01's").isFalse();
        assertThat(catalogue.forMetric("ups_output_source")).extracting(Rule::id).containsExactly("PWR-01");
        assertThat(catalogue.rule("NET-01").titleFa()).isEqualTo("قطع لینک ارتباطی شعبه");
        assertThat(catalogue.all()).extracting(Rule::id).contains(
                "NET-01", "NET-02", "NET-03", "NET-04", "NET-05", "NET-06", "NET-07", "NET-08", "NET-09",
                "DEV-01", "DEV-02", "DEV-03", "DEV-04", "DEV-05", "DEV-06", "DEV-07", "DEV-08", "DEV-09", "DEV-10",
                "DEV-11", "DEV-12", "DEV-13", "SEC-01", "SEC-02", "SEC-03", "SEC-04", "SEC-05", "SEC-06", "SEC-07",
                "SEC-08", "SEC-09", "SEC-10", "SEC-11", "PWR-01", "PWR-02", "PWR-03", "PHY-01", "PHY-02", "PHY-03",
                "RDY-01", "RDY-02", "RDY-03", "RDY-05", "RDY-06", "RDY-07", "RDY-08");
    }

    @Test
    void readsEveryField(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("net.yaml");
        Files.writeString(file, GOOD);
        Rule r = reader.read(file).rule("NET-01");
        assertThat(r.titleEn()).isEqualTo("Uplink down");
        assertThat(r.titleFa()).isEqualTo("قطع لینک");
        assertThat(r.category()).isEqualTo(RuleCategory.NETWORK);
        assertThat(r.roles()).containsExactlyInAnyOrder(DeviceRole.ROUTER, DeviceRole.MODEM);
        assertThat(r.forDuration().defaultMillis()).isEqualTo(90_000);
        assertThat(r.absent().isSet()).isFalse();
        assertThat(r.severity()).isEqualTo(Severity.HIGH);
        assertThat(r.condition().source()).isEqualTo("value == 2.0");
        assertThat(r.runbook()).isEqualTo("Call the provider.");
    }

    private InvalidRulesException refused(String yaml) {
        try {
            reader.read(yaml, "test.yaml");
        } catch (InvalidRulesException e) {
            return e;
        }
        throw new AssertionError("accepted:\n" + yaml);
    }

    @Test
    void malformedYamlNamesTheLine() {
        InvalidRulesException e = refused("rules:\n  - id: NET-01\n    title: [unclosed\n");
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo("test.yaml");
            assertThat(p.line()).isGreaterThanOrEqualTo(3);
            assertThat(p.message()).startsWith("not valid YAML");
        });
    }

    @Test
    void unknownFieldIsRefusedWithItsLine() {
        InvalidRulesException e = refused(GOOD.replace("    runbook:", "    runbok: x\n    runbook:"));
        assertThat(e.getMessage()).contains("test.yaml:10: unknown field 'runbok'");
    }

    @Test
    void celSyntaxErrorIsRefused() {
        InvalidRulesException e = refused(GOOD.replace("value == 2.0", "value == = 2.0"));
        assertThat(e.getMessage()).contains("test.yaml:7:").contains("condition does not compile");
    }

    @Test
    void celTypeErrorIsRefused() {
        InvalidRulesException e = refused(GOOD.replace("value == 2.0", "value == 'down'"));
        assertThat(e.getMessage()).contains("test.yaml:7:").contains("condition does not compile");
    }

    @Test
    void conditionThatIsNotBooleanIsRefused() {
        InvalidRulesException e = refused(GOOD.replace("value == 2.0", "value + 1.0"));
        assertThat(e.getMessage()).contains("condition does not compile");
    }

    @Test
    void unknownVariableIsRefused() {
        InvalidRulesException e = refused(GOOD.replace("value == 2.0", "valu == 2.0"));
        assertThat(e.getMessage()).contains("condition does not compile").contains("valu");
    }

    @Test
    void duplicateIdsAreRefused() {
        String twice = GOOD + GOOD.substring("rules:\n".length());
        assertThat(refused(twice).getMessage()).contains("duplicate rule id NET-01");
    }

    @Test
    void absurdWindowsAreRefused() {
        assertThat(refused(GOOD.replace("for: 1m30s", "for: 400d")).getMessage()).contains("longer than 30 days");
        assertThat(refused(GOOD.replace("for: 1m30s", "for: soon")).getMessage()).contains("'soon' is not a duration");
        assertThat(refused(GOOD.replace("for: 1m30s", "for: -5s")).getMessage()).contains("not a duration");
    }

    @Test
    void unknownRoleSeverityAndCategoryAreNamed() {
        String bad = GOOD.replace("[router, modem]", "[router, toaster]")
                .replace("severity: high", "severity: urgent")
                .replace("category: network", "category: weather");
        InvalidRulesException e = refused(bad);
        assertThat(e.problems()).hasSize(3);
        assertThat(e.getMessage()).contains("unknown device role 'toaster'").contains("unknown severity 'urgent'")
                .contains("unknown category 'weather'");
    }

    @Test
    void missingRequiredFieldsAreEachNamed() {
        InvalidRulesException e = refused("rules:\n  - id: NET-01\n");
        assertThat(e.getMessage()).contains("'title' with 'en' and 'fa' is required", "'category' is required",
                "give exactly one of 'metric', 'event', 'inventory' or 'area'", "'severity' is required");
        InvalidRulesException noCondition = refused(GOOD.replace("    condition: value == 2.0\n", "").replace("    for: 1m30s\n", ""));
        assertThat(noCondition.getMessage()).contains("needs a 'condition', an 'absent' duration, or 'changed'");
    }

    @Test
    void forWithoutConditionIsImpossibleTiming() {
        String bad = GOOD.replace("    condition: value == 2.0\n", "    absent: 1m\n");
        assertThat(refused(bad).getMessage()).contains("'for' needs a 'condition'");
    }

    @Test
    void hostileYamlIsRefusedNotObeyed() {
        // A type tag would construct an arbitrary object under a naive loader; here it is just a node.
        InvalidRulesException e = refused("!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[]]]\n");
        assertThat(e.getMessage()).contains("test.yaml:1: not valid YAML: Global tag is not allowed");
        StringBuilder bomb = new StringBuilder("a: &a [x,x,x,x,x,x,x,x,x]\n");
        for (int i = 0; i < 12; i++) {
            bomb.append((char) ('b' + i)).append(": &").append((char) ('b' + i)).append(" [")
                    .append(("*" + (char) ('a' + i) + ",").repeat(9)).append("]\n");
        }
        assertThat(refused(bomb.toString()).getMessage()).contains("not valid YAML");
    }

    @Test
    void oversizedFileIsRefusedBeforeParsing() {
        String huge = "# " + "x".repeat(RuleFileReader.MAX_FILE_CHARS) + "\n" + GOOD;
        assertThat(refused(huge).getMessage()).contains("larger than");
    }

    @Test
    void fieldGivenTwiceIsRefused() {
        assertThat(refused(GOOD.replace("    for: 1m30s\n", "    for: 1m30s\n    for: 2m\n")).getMessage())
                .contains("field 'for' given twice");
    }
}
