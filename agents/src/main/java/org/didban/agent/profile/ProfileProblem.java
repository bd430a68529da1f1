package org.didban.agent.profile;

/** One problem in a profile file, at a line (1-based). */
public record ProfileProblem(String source, int line, String message) {
    @Override
    public String toString() {
        return source + ":" + line + ": " + message;
    }
}
