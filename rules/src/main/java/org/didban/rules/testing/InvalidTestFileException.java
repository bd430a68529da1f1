package org.didban.rules.testing;

import java.util.List;
import java.util.stream.Collectors;
import org.didban.rules.RuleProblem;

/** A rule test file that cannot be run: every problem found, each with file and line. */
public final class InvalidTestFileException extends Exception {
    private final List<RuleProblem> problems;

    public InvalidTestFileException(List<RuleProblem> problems) {
        super(problems.stream().map(RuleProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<RuleProblem> problems() {
        return problems;
    }
}
