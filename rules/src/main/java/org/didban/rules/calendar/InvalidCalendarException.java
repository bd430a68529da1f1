package org.didban.rules.calendar;

import java.util.List;
import java.util.stream.Collectors;

/** An election calendar file that cannot be loaded; lists every problem found, each with file and line. */
public final class InvalidCalendarException extends Exception {
    private final List<CalendarProblem> problems;

    public InvalidCalendarException(List<CalendarProblem> problems) {
        super(problems.stream().map(CalendarProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<CalendarProblem> problems() {
        return problems;
    }
}
