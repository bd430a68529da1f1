package org.didban.agent.profile;

import java.util.List;
import java.util.stream.Collectors;

/** A profile file that does not load; every problem found, each with its file and line. */
public final class InvalidProfileException extends Exception {
    private final List<ProfileProblem> problems;

    public InvalidProfileException(List<ProfileProblem> problems) {
        super(problems.stream().map(ProfileProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<ProfileProblem> problems() {
        return problems;
    }
}
