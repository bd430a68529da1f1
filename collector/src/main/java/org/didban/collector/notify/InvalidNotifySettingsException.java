package org.didban.collector.notify;

import java.util.List;
import java.util.stream.Collectors;

/** A notification settings file that cannot be used; lists every problem found, each with file and line. */
public final class InvalidNotifySettingsException extends Exception {
    private final List<NotifyProblem> problems;

    public InvalidNotifySettingsException(List<NotifyProblem> problems) {
        super(problems.stream().map(NotifyProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<NotifyProblem> problems() {
        return problems;
    }
}
