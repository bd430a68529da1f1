package org.didban.rules;

/** One thing wrong with a rule file, located for the person who must fix it. */
public record RuleProblem(String source, int line, String message) {
    @Override
    public String toString() {
        return source + ":" + line + ": " + message;
    }
}
