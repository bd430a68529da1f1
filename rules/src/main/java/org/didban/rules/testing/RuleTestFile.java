package org.didban.rules.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.didban.model.Inventory;
import org.didban.model.Labels;
import org.didban.rules.PhaseSchedule;
import org.didban.rules.RuleProblem;
import org.didban.rules.RuleSet;

/**
 * A rule test file, read and checked: the rules under test, a small inventory, an election
 * calendar and the tests, each a list of timed inputs and timed expectations. The format is
 * documented in docs/RULES.md ("Testing rules"); {@link RuleTestRunner} runs it.
 *
 * <p>Reading composes the YAML into nodes (never into objects) and checks every field with its
 * line, like {@link org.didban.rules.RuleFileReader}; all problems of a file are reported together.
 *
 * @param startMillis virtual time 0s, epoch milliseconds
 */
public record RuleTestFile(
        String source,
        RuleSet rules,
        long startMillis,
        PhaseSchedule phases,
        Inventory inventory,
        boolean expectDevices,
        List<RuleTest> tests) {

    /** Where {@code rule_files: [catalogue]} points: the catalogue shipped in the jar. */
    public static final String CATALOGUE_RESOURCE = "/org/didban/rules/catalogue.yaml";
    /** Virtual time 0s when the file gives no {@code start}. */
    public static final String DEFAULT_START = "2026-01-01T00:00:00Z";

    public RuleTestFile {
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(phases, "phases");
        Objects.requireNonNull(inventory, "inventory");
        tests = List.copyOf(tests);
    }

    /** One test: run on a fresh engine. */
    public record RuleTest(String name, int line, List<Input> inputs, List<Expectation> expectations) {
        public RuleTest {
            inputs = List.copyOf(inputs);
            expectations = List.copyOf(expectations);
        }
    }

    /** Something offered to the engine at a time ({@code at}: milliseconds after the start). */
    public sealed interface Input {
        long at();

        int line();
    }

    public record SampleInput(long at, int line, String device, String metric, Labels labels, double value)
            implements Input {
    }

    public record EventInput(long at, int line, String device, String type, Map<String, String> attributes)
            implements Input {
        public EventInput {
            attributes = Map.copyOf(attributes);
        }
    }

    /**
     * What must hold at a time. {@code alerts}: exactly the active alerts (null: not checked);
     * {@code resolved}: each among the alerts resolved so far in the test (null: not checked).
     */
    public record Expectation(long at, String atText, int line, List<ExpectedAlert> alerts,
                              List<ExpectedAlert> resolved) {
        public Expectation {
            alerts = alerts == null ? null : List.copyOf(alerts);
            resolved = resolved == null ? null : List.copyOf(resolved);
        }
    }

    public static RuleTestFile read(Path file) throws InvalidTestFileException {
        String text;
        try {
            if (Files.size(file) > 4L * TestFileParser.MAX_FILE_CHARS) {
                throw new InvalidTestFileException(List.of(new RuleProblem(file.toString(), 1,
                        "file is larger than " + TestFileParser.MAX_FILE_CHARS + " characters")));
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidTestFileException(List.of(new RuleProblem(file.toString(), 1,
                    "cannot read: " + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.toString()))));
        }
        Path dir = file.toAbsolutePath().getParent();
        return read(text, file.toString(), dir);
    }

    /** @param baseDir where rule file paths are relative to */
    public static RuleTestFile read(String text, String source, Path baseDir) throws InvalidTestFileException {
        return new TestFileParser(source, baseDir).parse(text);
    }
}
