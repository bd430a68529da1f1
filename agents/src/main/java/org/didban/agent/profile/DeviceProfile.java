package org.didban.agent.profile;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.snmp4j.smi.OID;

/**
 * What the agent reads from a device of one role and which metric each object becomes, as loaded
 * from a profile file ({@code org/didban/agent/profiles/<role>.yaml}, format in the README beside
 * them). Immutable; {@link OID}s inside are never handed out to be changed (copy before changing).
 *
 * @param name     the profile's name (a role's wire name, or any name a device config picks)
 * @param defaults poll settings a device entry may override
 * @param scalars  objects fetched with GET, in file order
 * @param tables   tables walked with GETBULK, one after the other, in file order
 */
public record DeviceProfile(String name, Defaults defaults, List<Scalar> scalars, List<Table> tables) {
    public DeviceProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(defaults, "defaults");
        scalars = List.copyOf(scalars);
        tables = List.copyOf(tables);
    }

    /** Per-profile poll settings; a device entry's own values win. */
    public record Defaults(Duration interval, Duration timeout, int retries, int maxRepetitions) {
        public static final Defaults STANDARD = new Defaults(Duration.ofSeconds(10), Duration.ofSeconds(2), 1, 10);
    }

    /**
     * One scalar object.
     *
     * @param capture  a name the value is kept under for labels of other metrics ({@code $name}), or null
     * @param metric   what it becomes, or null (capture only)
     * @param optional a device may lack it: not counted as an odd value, not expected by tests
     */
    public record Scalar(OID oid, String metric, String capture, Value value, Map<String, String> labels,
                         boolean optional, int line) {
        public Scalar {
            labels = Map.copyOf(labels);
        }
    }

    /**
     * A table walked column by column.
     *
     * @param name        referred to by label sources of other tables ({@code interfaces.name}) and by
     *                    the agent's stages (LAN watch: {@code fdb}, {@code arp}…; uplink: {@code mau})
     * @param indexLength sub-identifiers every row index has (0: any); rows with another length are odd
     * @param columns     column name → OID and format, in walk order
     * @param labels      label → sources (first non-empty wins), applied to every row metric that defines the label
     * @param where       only rows whose column has one of these values (decimal, or dotted OID text)
     * @param match       only rows where at least one of these columns' text contains a match of its
     *                    regular expression (empty: every row)
     * @param byInterface rows re-indexed by the ifIndex of their ENTITY-MIB entity, or null (keep the index)
     */
    public record Table(String name, int indexLength, Map<String, Column> columns, Map<String, List<String>> labels,
                        Map<String, List<String>> where, Map<String, Regex> match,
                        InterfaceIndex byInterface, List<TableMetric> metrics, int line) {
        public Table {
            columns = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(columns));
            labels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
            where = Map.copyOf(where);
            match = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(match));
            metrics = List.copyOf(metrics);
        }

        public Table(String name, int indexLength, Map<String, Column> columns, Map<String, List<String>> labels,
                     Map<String, List<String>> where, List<TableMetric> metrics, int line) {
            this(name, indexLength, columns, labels, where, Map.of(), null, metrics, line);
        }

        public List<String> columnNames() {
            return List.copyOf(columns.keySet());
        }
    }

    /**
     * How the rows of a table indexed by entPhysicalIndex (ENTITY-MIB) are re-indexed by ifIndex
     * ({@code index-by-interface}): the entity's own entAliasMappingIdentifier when it points at an
     * ifIndex instance (1.3.6.1.2.1.2.2.1.1.N), else that of the entity containing it, and so on up
     * ({@link #MAX_DEPTH} levels). Rows of no interface are left out; of several rows landing on one
     * interface the first (lowest entPhysicalIndex) is kept.
     *
     * @param aliases     a walked table indexed entPhysicalIndex.logicalIndex whose first column is
     *                    entAliasMappingIdentifier
     * @param containedIn a column of this table holding entPhysicalContainedIn
     */
    public record InterfaceIndex(String aliases, String containedIn) {
        public static final int MAX_DEPTH = 8;

        public InterfaceIndex {
            Objects.requireNonNull(aliases, "aliases");
            Objects.requireNonNull(containedIn, "containedIn");
        }
    }

    /** A regular expression (Java syntax), equal to another of the same text and flags. */
    public record Regex(java.util.regex.Pattern pattern) {
        public Regex {
            Objects.requireNonNull(pattern, "pattern");
        }

        /** Whether the text contains a match. */
        public boolean foundIn(String text) {
            return pattern.matcher(text).find();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Regex r && r.pattern.pattern().equals(pattern.pattern()) && r.pattern.flags() == pattern.flags();
        }

        @Override
        public int hashCode() {
            return pattern.pattern().hashCode();
        }

        @Override
        public String toString() {
            return pattern.pattern();
        }
    }

    /** A column: its OID (without index) and how its text is shown in a label. */
    public record Column(OID oid, Format format) {
    }

    /** How an OCTET STRING becomes label text. */
    public enum Format {
        /** Printable UTF-8 as is, anything else as colon hex. */
        AUTO,
        /** Colon hex always (MAC addresses). */
        HEX,
        /** Six octets as a MAC (aa:bb:…), else as {@link #AUTO}. */
        MAC_OR_TEXT
    }

    /**
     * A metric from a table: one sample per (matching) row, or one sample for the table ({@code count}).
     *
     * @param columns one column, or several summed ({@code sum})
     * @param count   the number of matching rows, one sample without row labels
     * @param where   only rows matching (in addition to the table's own filter)
     */
    public record TableMetric(String metric, List<String> columns, boolean count, Value value,
                              Map<String, List<String>> labels, Map<String, List<String>> where, int line) {
        public TableMetric {
            columns = List.copyOf(columns);
            labels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
            where = Map.copyOf(where);
        }
    }

    /**
     * How a raw number becomes the metric's value: {@code map} first (a raw value not in it: the
     * {@code otherwise} value, or skipped as odd when there is none), then {@code scale}; or the
     * ENTITY-SENSOR rule (value × 10^(3·(scale − 9)) / 10^precision, from the row's {@code scale}
     * and {@code precision} columns; a precision of 0 or below means an integer value, not shifted);
     * or divided by another column (a ratio).
     */
    public record Value(double scale, Map<Double, Double> map, Double otherwise, boolean entitySensor, String divideBy) {
        public static final Value PLAIN = new Value(1, Map.of(), null, false, null);

        public Value {
            map = Map.copyOf(map);
        }
    }

    /** Every metric name this profile can emit (not counting what the agent adds itself). */
    public List<String> metrics() {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        scalars.stream().filter(s -> s.metric() != null).forEach(s -> out.add(s.metric()));
        tables.forEach(t -> t.metrics().forEach(m -> out.add(m.metric())));
        return List.copyOf(out);
    }

    public Table table(String tableName) {
        return tables.stream().filter(t -> t.name().equals(tableName)).findFirst().orElse(null);
    }
}
