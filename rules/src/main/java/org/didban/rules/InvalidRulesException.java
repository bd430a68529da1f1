package org.didban.rules;

import java.util.List;
import java.util.stream.Collectors;

/** A rule file that cannot be loaded; lists every problem found, each with file and line. */
public final class InvalidRulesException extends Exception {
    private final List<RuleProblem> problems;

    public InvalidRulesException(List<RuleProblem> problems) {
        super(problems.stream().map(RuleProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<RuleProblem> problems() {
        return problems;
    }
}
