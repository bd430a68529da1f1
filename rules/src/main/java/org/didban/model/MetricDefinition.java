package org.didban.model;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What one metric means: its name, kind, unit, the labels every sample of it carries, a one-line
 * help text and where its value comes from (MIB objects, "agent" for values the agent works out,
 * "inventory"). The registry of all of them is {@link Metrics#ALL}.
 *
 * <p>Conventions (checked here): names are snake_case; a {@link Kind#COUNTER} ends in
 * {@code _total}; an {@link Kind#INFO} metric ends in {@code _info}, always has the value 1 and
 * carries what it describes in its labels (Prometheus' convention, as {@code device_info}).
 */
public record MetricDefinition(String name, Kind kind, String unit, List<String> labels, String help, String source) {
    /** A metric or label name: snake_case, starting with a letter. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");

    public enum Kind {
        /** A value that goes up and down (a status, a temperature, a ratio). */
        GAUGE,
        /** A count that only grows (it restarts at zero when the device restarts); rules read its rate. */
        COUNTER,
        /** Value 1; the labels are the information (identity, a hash, a neighbour). */
        INFO
    }

    public MetricDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(help, "help");
        Objects.requireNonNull(source, "source");
        labels = List.copyOf(labels);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name '" + name + "' is not snake_case");
        }
        if ((kind == Kind.COUNTER) != name.endsWith("_total")) {
            throw new IllegalArgumentException("metric '" + name + "': counters, and only counters, end in _total");
        }
        if ((kind == Kind.INFO) != name.endsWith("_info")) {
            throw new IllegalArgumentException("metric '" + name + "': info metrics, and only they, end in _info");
        }
        if (kind == Kind.INFO && labels.isEmpty()) {
            throw new IllegalArgumentException("info metric '" + name + "' has no labels to carry its information");
        }
        for (String label : labels) {
            if (!NAME.matcher(label).matches()) {
                throw new IllegalArgumentException("metric '" + name + "': label '" + label + "' is not snake_case");
            }
        }
        if (labels.size() != new HashSet<>(labels).size()) {
            throw new IllegalArgumentException("metric '" + name + "' names a label twice: " + labels);
        }
        if (help.isBlank() || source.isBlank()) {
            throw new IllegalArgumentException("metric '" + name + "' needs a help text and a source");
        }
    }
}
