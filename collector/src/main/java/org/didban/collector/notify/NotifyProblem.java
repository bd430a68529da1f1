package org.didban.collector.notify;

/** One thing wrong with a notification settings file, located for the person who must fix it. */
public record NotifyProblem(String source, int line, String message) {
    @Override
    public String toString() {
        return source + ":" + line + ": " + message;
    }
}
