package org.didban.collector.people;

/** One thing wrong with a people file, located for the person who must fix it. */
public record PeopleProblem(String source, int line, String message) {
    @Override
    public String toString() {
        return source + ":" + line + ": " + message;
    }
}
