package org.didban.rules;

import java.util.Set;

/** What drives a rule. */
public sealed interface RuleInput {
    /** Samples of one metric, or of several that mean the same thing (a camera's own reachability and an NVR's channel state). */
    record Metric(Set<String> names) implements RuleInput {
        public Metric {
            names = Set.copyOf(names);
        }

        public Metric(String name) {
            this(Set.of(name));
        }
    }

    /** Events of the given types (a trap, a change, a login…). */
    record Events(Set<String> types) implements RuleInput {
        public Events {
            types = Set.copyOf(types);
        }
    }

    /** The inventory itself, evaluated per branch when it is loaded: readiness facts. */
    record Inventory() implements RuleInput {
    }

    /**
     * Other alerts across an area: fires for a county when at least {@code minBranches} of its
     * branches have {@code ofRule} firing, opened within {@code withinMillis} of each other.
     */
    record Area(String ofRule, int minBranches, long withinMillis) implements RuleInput {
    }
}
