package org.didban.rules.testing;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.didban.rules.InvalidRulesException;
import org.didban.rules.RuleFileReader;
import org.didban.rules.RuleProblem;
import org.didban.rules.RuleSet;
import org.didban.rules.Vocabulary;

/**
 * Lints rule files ({@code didban rules check}), the equivalent of {@code promtool check rules}:
 * loads each with a {@link RuleFileReader} that knows the metric and event names agents report,
 * so a typo in a name is caught with its line as well as every other problem of the file.
 */
public final class RuleChecker {
    public static final int OK = 0;
    public static final int PROBLEMS = 1;
    public static final int UNREADABLE = 2;

    private final Vocabulary vocabulary;

    public RuleChecker() {
        this(CatalogueVocabulary.get());
    }

    public RuleChecker(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    /**
     * Checks each file, printing {@code file:line: message} for each problem and {@code ok FILE (N rules)}
     * for a good file. {@code catalogue}, when no such file exists, is the shipped catalogue.
     *
     * @return {@link #OK}, {@link #PROBLEMS}, or {@link #UNREADABLE} when a file could not be read at all
     */
    public int check(List<Path> files, PrintWriter out) {
        boolean problems = false;
        boolean unreadable = false;
        RuleFileReader reader = new RuleFileReader(vocabulary);
        for (Path file : files) {
            try {
                RuleSet rules = file.toString().equals("catalogue") && !Files.exists(file)
                        ? reader.readResource(RuleTestFile.CATALOGUE_RESOURCE)
                        : reader.read(file);
                out.println("ok " + file + " (" + rules.size() + " rule" + (rules.size() == 1 ? "" : "s") + ")");
            } catch (InvalidRulesException e) {
                problems = true;
                for (RuleProblem p : e.problems()) {
                    out.println(p);
                }
            } catch (IOException e) {
                unreadable = true;
                out.println(file + ":1: cannot read: "
                        + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
            }
        }
        out.flush();
        return unreadable ? UNREADABLE : problems ? PROBLEMS : OK;
    }
}
