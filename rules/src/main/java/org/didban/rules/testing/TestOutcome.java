package org.didban.rules.testing;

import java.util.List;

/** The result of one test: passed when {@code diff} is empty; otherwise what went wrong, line by line. */
public record TestOutcome(String source, String name, int line, List<String> diff) {
    public TestOutcome {
        diff = List.copyOf(diff);
    }

    public boolean passed() {
        return diff.isEmpty();
    }
}
