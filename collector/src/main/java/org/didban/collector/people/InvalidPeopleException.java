package org.didban.collector.people;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A people file that cannot be loaded. Lists every problem found (each with file and line) so
 * that an operator fixes them in one pass; nobody of the file was loaded.
 */
public final class InvalidPeopleException extends Exception {
    private final List<PeopleProblem> problems;

    public InvalidPeopleException(List<PeopleProblem> problems) {
        super(problems.stream().map(PeopleProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<PeopleProblem> problems() {
        return problems;
    }
}
