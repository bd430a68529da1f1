package org.didban.yaml;

import java.io.StringReader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * How Didban reads every YAML file people write (rules, rule tests, calendars, device profiles):
 * composed into nodes with line numbers, never constructed into objects — so a file cannot
 * instantiate anything — within bounds on size, aliases and nesting. Duplicate keys are left for
 * the reader to report with its own line and words.
 */
public final class SafeYaml {
    /** Bounds on one file. */
    public record Limits(int maxChars, int maxAliases, int maxDepth) {
    }

    /** Text that is not YAML, or breaks a bound; {@link #line()} is 1-based. */
    public static final class Invalid extends Exception {
        private final int line;

        Invalid(int line, String message) {
            super(message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    private SafeYaml() {
    }

    /** The root node of {@code text}; null for an empty document. */
    public static Node compose(String text, Limits limits) throws Invalid {
        if (text.length() > limits.maxChars()) {
            throw new Invalid(1, "file is larger than " + limits.maxChars() + " characters");
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true);
        options.setMaxAliasesForCollections(limits.maxAliases());
        options.setNestingDepthLimit(limits.maxDepth());
        options.setCodePointLimit(limits.maxChars());
        options.setAllowRecursiveKeys(false);
        try {
            return new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
            throw new Invalid(line, "not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new Invalid(1, "not valid YAML: " + e.getMessage());
        }
    }
}
