package org.didban.model;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * What one event type means: its name, the attributes it carries, a one-line help text and where
 * it comes from (a trap, a change the agent sees between polls, a feed). The registry of all of
 * them is {@link EventTypes#ALL}.
 */
public record EventDefinition(String type, List<String> attributes, String help, String source) {
    public EventDefinition {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(help, "help");
        Objects.requireNonNull(source, "source");
        attributes = List.copyOf(attributes);
        if (!MetricDefinition.NAME.matcher(type).matches()) {
            throw new IllegalArgumentException("event type '" + type + "' is not snake_case");
        }
        for (String a : attributes) {
            if (!MetricDefinition.NAME.matcher(a).matches()) {
                throw new IllegalArgumentException("event '" + type + "': attribute '" + a + "' is not snake_case");
            }
        }
        if (attributes.size() != new HashSet<>(attributes).size()) {
            throw new IllegalArgumentException("event '" + type + "' names an attribute twice: " + attributes);
        }
        if (help.isBlank() || source.isBlank()) {
            throw new IllegalArgumentException("event '" + type + "' needs a help text and a source");
        }
    }
}
