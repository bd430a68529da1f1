package org.didban.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the rule loader with arbitrary text (the bytes read as UTF-8, as a rule file is): it
 * returns a rule set or throws {@link InvalidRulesException} with at least one problem; anything
 * else fails — including a YAML bomb or deep nesting getting past SafeYaml's bounds (that shows as
 * an OutOfMemoryError, a StackOverflowError or a timeout).
 *
 * <p>A normal build runs only the seeds in {@code RuleFileReaderFuzzTestInputs/}; with
 * {@code JAZZER_FUZZ=1} it fuzzes (docs/SECURITY.md, section Fuzzing).
 */
class RuleFileReaderFuzzTest {
    private static final RuleFileReader READER = new RuleFileReader();

    @FuzzTest(maxDuration = "3m")
    void readArbitraryYaml(byte[] file) {
        String text = new String(file, StandardCharsets.UTF_8);
        try {
            RuleSet rules = READER.read(text, "fuzz.yaml");
            assertThat(rules).isNotNull();
        } catch (InvalidRulesException e) {
            assertThat(e.problems()).isNotEmpty();
        }
    }
}
