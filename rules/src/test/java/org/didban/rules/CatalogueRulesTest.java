package org.didban.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.didban.model.AlertState;
import org.didban.rules.testing.ExpectedAlert;
import org.didban.rules.testing.InvalidTestFileException;
import org.didban.rules.testing.RuleTestFile;
import org.didban.rules.testing.RuleTestRunner;
import org.junit.jupiter.api.Test;

/**
 * Runs the rule tests of the shipped catalogue (every YAML file under
 * {@code src/test/resources/org/didban/rules/catalogue/}, format in docs/RULES.md "Testing rules")
 * and checks that every rule of the catalogue is tested firing somewhere, so a rule added to the
 * catalogue without tests fails the build.
 */
class CatalogueRulesTest {
    private static final String FOLDER = "/org/didban/rules/catalogue/";

    private static List<Path> testFiles() throws IOException {
        URL url = CatalogueRulesTest.class.getResource(FOLDER);
        assertThat(url).as("test resource folder %s", FOLDER).isNotNull();
        Path dir;
        try {
            dir = Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> out = files
                    .filter(p -> p.getFileName().toString().endsWith(".yaml") || p.getFileName().toString().endsWith(".yml"))
                    .sorted()
                    .toList();
            assertThat(out).as("rule test files in %s", dir).isNotEmpty();
            return out;
        }
    }

    @Test
    void everyCatalogueRuleTestPasses() throws IOException {
        StringWriter text = new StringWriter();
        int exit = new RuleTestRunner().runFiles(testFiles(), new PrintWriter(text));
        assertThat(exit)
                .as("didban rules test %s*.yaml exited with %d:%n%s", FOLDER, exit, text)
                .isEqualTo(RuleTestRunner.ALL_PASSED);
    }

    @Test
    void everyRuleOfTheCatalogueIsTestedFiring() throws IOException {
        List<String> catalogue = RuleFileReader.catalogue().all().stream().map(Rule::id).toList();
        Set<String> testedFiring = new TreeSet<>();
        Map<String, String> unreadable = new TreeMap<>();
        for (Path path : testFiles()) {
            RuleTestFile file;
            try {
                file = RuleTestFile.read(path);
            } catch (InvalidTestFileException e) {
                unreadable.put(path.getFileName().toString(), e.problems().toString());
                continue;
            }
            assertThat(file.rules().all()).extracting(Rule::id)
                    .as("%s tests the shipped catalogue (rule_files: [catalogue])", path.getFileName())
                    .containsAll(catalogue);
            for (RuleTestFile.RuleTest test : file.tests()) {
                for (RuleTestFile.Expectation expectation : test.expectations()) {
                    for (ExpectedAlert alert : expectation.alerts() == null ? List.<ExpectedAlert>of() : expectation.alerts()) {
                        if (alert.rule() != null && alert.state() == AlertState.FIRING) {
                            testedFiring.add(alert.rule());
                        }
                    }
                }
            }
        }
        assertThat(unreadable).as("rule test files that cannot be read").isEmpty();
        List<String> untested = new ArrayList<>();
        for (String id : catalogue) {
            if (!testedFiring.contains(id)) {
                untested.add(id);
            }
        }
        assertThat(untested)
                .as("catalogue rules that no test under %s expects firing ({rule: ID, ..., state: firing})", FOLDER)
                .isEmpty();
    }
}
