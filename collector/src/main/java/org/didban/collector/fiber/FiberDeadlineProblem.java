package org.didban.collector.fiber;

/** One thing wrong with a fiber deadlines file, located for the person who must fix it. */
public record FiberDeadlineProblem(String source, int line, String message) {
    @Override
    public String toString() {
        return source + ":" + line + ": " + message;
    }
}
