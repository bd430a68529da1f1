package org.didban.rules.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RuleCheckerTest {
    private final RuleChecker checker = new RuleChecker();

    @Test
    void goodFile() {
        Path rules = Resources.path("rules.yaml");
        Resources.Run run = Resources.run(checker::check, rules);
        assertThat(run.out()).isEqualTo("ok " + rules + " (5 rules)\n");
        assertThat(run.exit()).isEqualTo(RuleChecker.OK);
    }

    @Test
    void unknownMetricWithItsLine() {
        Path file = Resources.path("check-unknown-metric.yaml");
        Resources.Run run = Resources.run(checker::check, file);
        assertThat(run.out()).isEqualTo(file + ":12: rule NET-09: unknown metric 'if_oper_stauts'"
                + " (not among the metrics agents report; see docs/METRICS.md)\n");
        assertThat(run.exit()).isEqualTo(RuleChecker.PROBLEMS);
    }

    @Test
    void celTypeError() {
        Path file = Resources.path("check-cel-type-error.yaml");
        Resources.Run run = Resources.run(checker::check, file);
        assertThat(run.out()).startsWith(file + ":7: rule PWR-01: condition does not compile: ")
                .contains("found no matching overload for '_==_' applied to '(double, int)'");
        assertThat(run.exit()).isEqualTo(1);
    }

    @Test
    void everyFileIsChecked() {
        Path good = Resources.path("rules.yaml");
        Path bad = Resources.path("check-unknown-metric.yaml");
        Resources.Run run = Resources.run(checker::check, bad, good);
        assertThat(run.out()).contains(bad + ":12:", "ok " + good + " (5 rules)");
        assertThat(run.exit()).isEqualTo(1);
    }

    @Test
    void missingFile() {
        Resources.Run run = Resources.run(checker::check, Path.of("no/such/rules.yaml"));
        assertThat(run.out()).isEqualTo("no/such/rules.yaml:1: cannot read: no such file\n");
        assertThat(run.exit()).isEqualTo(RuleChecker.UNREADABLE);
    }

    @Test
    void vocabularyKnowsWhatAgentsReport() {
        assertThat(CatalogueVocabulary.metrics()).contains("if_oper_status", "device_up", "ups_output_source")
                .doesNotContain("if_index", "if_name");
        assertThat(CatalogueVocabulary.events()).contains("ups_on_battery", "link_down");
        assertThat(CatalogueVocabulary.get().knowsMetric("if_oper_stauts")).isFalse();
    }
}
