package org.didban.rules.calendar;

/** One thing wrong with an election calendar file, located for the person who must fix it. */
public record CalendarProblem(String source, int line, String message) {
    @Override
    public String toString() {
        return source + ":" + line + ": " + message;
    }
}
