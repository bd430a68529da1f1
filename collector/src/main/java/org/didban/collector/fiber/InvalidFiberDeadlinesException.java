package org.didban.collector.fiber;

import java.util.List;
import java.util.stream.Collectors;

/** A fiber deadlines file that cannot be loaded; lists every problem found, each with file and line. */
public final class InvalidFiberDeadlinesException extends Exception {
    private final List<FiberDeadlineProblem> problems;

    public InvalidFiberDeadlinesException(List<FiberDeadlineProblem> problems) {
        super(problems.stream().map(FiberDeadlineProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<FiberDeadlineProblem> problems() {
        return problems;
    }
}
