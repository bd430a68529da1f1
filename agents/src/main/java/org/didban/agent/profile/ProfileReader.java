package org.didban.agent.profile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.didban.agent.config.SiteConfigReader;
import org.didban.model.MetricDefinition;
import org.didban.model.Metrics;
import org.snmp4j.smi.OID;
import org.didban.yaml.SafeYaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads device profile files. As the rule files: YAML is composed into nodes, never constructed
 * into objects; every field is checked and every problem reported with its file and line, all of a
 * file's problems together. Metric names must be Didban's ({@link Metrics#definition}) and carry
 * exactly the labels their definition lists. Format: {@code org/didban/agent/profiles/README.md}.
 */
public final class ProfileReader {
    public static final int MAX_FILE_CHARS = 256 * 1024;
    private static final Pattern OID_TEXT = Pattern.compile("[0-2](\\.\\d{1,10}){1,127}");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
    private static final Set<String> PROFILE_FIELDS = Set.of("profile", "include", "defaults", "scalars", "tables");
    private static final Set<String> FRAGMENT_FIELDS = Set.of("fragment", "scalars", "tables");
    private static final Set<String> DEFAULT_FIELDS = Set.of("interval", "timeout", "retries", "max-repetitions");
    private static final Set<String> SCALAR_FIELDS = Set.of("oid", "metric", "capture", "scale", "map", "otherwise",
            "labels", "optional");
    private static final Set<String> TABLE_FIELDS = Set.of("table", "index-length", "columns", "labels", "where", "match",
            "index-by-interface", "metrics");
    private static final Set<String> BY_INTERFACE_FIELDS = Set.of("aliases", "contained-in");
    private static final Set<String> COLUMN_FIELDS = Set.of("oid", "format");
    private static final Set<String> METRIC_FIELDS = Set.of("metric", "column", "sum", "count", "scale", "map", "otherwise",
            "entity-sensor", "divide-by", "labels", "where");

    /** A fragment named by {@code include}: its text and the name to report problems under; null if none. */
    public record Source(String text, String name) {
    }

    private final Function<String, Source> fragments;

    /** @param fragments finds an included fragment by name (null when there is none) */
    public ProfileReader(Function<String, Source> fragments) {
        this.fragments = fragments;
    }

    /** Reads one profile; {@code source} names it in problems (a file path or resource name). */
    public DeviceProfile read(String text, String source) throws InvalidProfileException {
        List<ProfileProblem> problems = new ArrayList<>();
        MappingNode top = compose(text, source, problems);
        if (top == null) {
            throw new InvalidProfileException(problems);
        }
        Map<String, NodeTuple> f = fields(top, source, problems);
        only(f, PROFILE_FIELDS, source, problems, "profile");
        String name = scalar(f, "profile", top, source, problems);
        if (name != null && !NAME.matcher(name).matches()) {
            problems.add(at(source, f.get("profile").getValueNode(), "profile name '" + name + "' must be lower case, like auth-device"));
        }
        List<DeviceProfile.Scalar> scalars = new ArrayList<>();
        List<DeviceProfile.Table> tables = new ArrayList<>();
        NodeTuple include = f.get("include");
        if (include != null) {
            for (Node n : list(include.getValueNode(), source, problems, "'include'")) {
                String fragment = text(n);
                Source inc = fragment == null ? null : fragments.apply(fragment);
                if (inc == null) {
                    problems.add(at(source, n, "no fragment '" + fragment + "' to include"));
                    continue;
                }
                readBody(inc.text(), inc.name(), scalars, tables, problems);
            }
        }
        readParts(f, source, scalars, tables, problems);
        DeviceProfile.Defaults defaults = defaults(f.get("defaults"), source, problems);
        check(scalars, tables, source, problems);
        if (!problems.isEmpty()) {
            throw new InvalidProfileException(problems);
        }
        return new DeviceProfile(name, defaults, scalars, tables);
    }

    private void readBody(String text, String source, List<DeviceProfile.Scalar> scalars,
                          List<DeviceProfile.Table> tables, List<ProfileProblem> problems) {
        MappingNode top = compose(text, source, problems);
        if (top == null) {
            return;
        }
        Map<String, NodeTuple> f = fields(top, source, problems);
        only(f, FRAGMENT_FIELDS, source, problems, "fragment");
        readParts(f, source, scalars, tables, problems);
    }

    private void readParts(Map<String, NodeTuple> f, String source, List<DeviceProfile.Scalar> scalars,
                           List<DeviceProfile.Table> tables, List<ProfileProblem> problems) {
        NodeTuple s = f.get("scalars");
        if (s != null) {
            for (Node n : list(s.getValueNode(), source, problems, "'scalars'")) {
                DeviceProfile.Scalar scalar = scalar(n, source, problems);
                if (scalar != null) {
                    scalars.add(scalar);
                }
            }
        }
        NodeTuple t = f.get("tables");
        if (t != null) {
            for (Node n : list(t.getValueNode(), source, problems, "'tables'")) {
                DeviceProfile.Table table = table(n, source, problems);
                if (table != null) {
                    tables.add(table);
                }
            }
        }
    }

    private DeviceProfile.Defaults defaults(NodeTuple t, String source, List<ProfileProblem> problems) {
        DeviceProfile.Defaults std = DeviceProfile.Defaults.STANDARD;
        if (t == null) {
            return std;
        }
        if (!(t.getValueNode() instanceof MappingNode m)) {
            problems.add(at(source, t.getValueNode(), "'defaults' must be a mapping of " + sorted(DEFAULT_FIELDS)));
            return std;
        }
        Map<String, NodeTuple> f = fields(m, source, problems);
        only(f, DEFAULT_FIELDS, source, problems, "defaults");
        Duration interval = duration(f.get("interval"), std.interval(), source, problems);
        Duration timeout = duration(f.get("timeout"), std.timeout(), source, problems);
        int retries = (int) number(f.get("retries"), std.retries(), 0, 10, source, problems);
        int reps = (int) number(f.get("max-repetitions"), std.maxRepetitions(), 1, 100, source, problems);
        return new DeviceProfile.Defaults(interval, timeout, retries, reps);
    }

    private DeviceProfile.Scalar scalar(Node node, String source, List<ProfileProblem> problems) {
        if (!(node instanceof MappingNode m)) {
            problems.add(at(source, node, "each scalar must be a mapping with 'oid' and 'metric' or 'capture'"));
            return null;
        }
        int before = problems.size();
        Map<String, NodeTuple> f = fields(m, source, problems);
        only(f, SCALAR_FIELDS, source, problems, "scalar");
        OID oid = oid(f.get("oid"), m, source, problems);
        String metric = metricName(f.get("metric"), source, problems);
        String capture = f.containsKey("capture") ? scalar(f, "capture", m, source, problems) : null;
        if (metric == null && capture == null && !f.containsKey("metric")) {
            problems.add(at(source, m, "a scalar needs a 'metric' or a 'capture'"));
        }
        DeviceProfile.Value value = value(f, m, source, problems);
        Map<String, List<String>> labels = labels(f.get("labels"), source, problems);
        Map<String, String> single = new LinkedHashMap<>();
        labels.forEach((k, v) -> single.put(k, v.get(0)));
        for (Map.Entry<String, List<String>> e : labels.entrySet()) {
            for (String src : e.getValue()) {
                if (!src.equals("value") && !src.startsWith("$")) {
                    problems.add(at(source, f.get("labels").getValueNode(), "scalar label '" + e.getKey()
                            + "': a scalar's label comes from 'value' (its own text) or a '$capture'"));
                }
            }
        }
        if (metric != null) {
            checkLabels(metric, labels.keySet(), f.containsKey("metric") ? f.get("metric").getValueNode() : m, source, problems);
        }
        boolean optional = bool(f.get("optional"), source, problems);
        if (problems.size() > before) {
            return null;
        }
        return new DeviceProfile.Scalar(oid, metric, capture, value, single, optional, line(m));
    }

    private DeviceProfile.Table table(Node node, String source, List<ProfileProblem> problems) {
        if (!(node instanceof MappingNode m)) {
            problems.add(at(source, node, "each table must be a mapping with 'table' and 'columns'"));
            return null;
        }
        int before = problems.size();
        Map<String, NodeTuple> f = fields(m, source, problems);
        only(f, TABLE_FIELDS, source, problems, "table");
        String name = scalar(f, "table", m, source, problems);
        int indexLength = (int) number(f.get("index-length"), 0, 0, 128, source, problems);
        Map<String, DeviceProfile.Column> columns = new LinkedHashMap<>();
        NodeTuple c = f.get("columns");
        if (c == null || !(c.getValueNode() instanceof MappingNode cm)) {
            problems.add(at(source, c == null ? m : c.getValueNode(), "table " + name + ": 'columns' must map names to OIDs"));
        } else {
            for (NodeTuple col : cm.getValue()) {
                String colName = text(col.getKeyNode());
                if (colName == null || !NAME.matcher(colName).matches()) {
                    problems.add(at(source, col.getKeyNode(), "column names are lower case words"));
                    continue;
                }
                DeviceProfile.Column column = column(col.getValueNode(), source, problems);
                if (column != null && columns.put(colName, column) != null) {
                    problems.add(at(source, col.getKeyNode(), "column '" + colName + "' given twice"));
                }
            }
        }
        Map<String, List<String>> labels = labels(f.get("labels"), source, problems);
        Map<String, List<String>> where = where(f.get("where"), columns, source, problems);
        Map<String, DeviceProfile.Regex> match = match(f.get("match"), columns, source, problems);
        DeviceProfile.InterfaceIndex byInterface = byInterface(f.get("index-by-interface"), columns, source, problems);
        List<DeviceProfile.TableMetric> metrics = new ArrayList<>();
        NodeTuple ms = f.get("metrics");
        if (ms != null) {
            for (Node n : list(ms.getValueNode(), source, problems, "'metrics'")) {
                DeviceProfile.TableMetric tm = tableMetric(n, columns, labels, source, problems);
                if (tm != null) {
                    metrics.add(tm);
                }
            }
        }
        for (Map.Entry<String, List<String>> e : labels.entrySet()) {
            checkSources(e.getKey(), e.getValue(), columns, f.get("labels").getValueNode(), source, problems);
        }
        if (problems.size() > before) {
            return null;
        }
        return new DeviceProfile.Table(name, indexLength, columns, labels, where, match, byInterface, metrics, line(m));
    }

    private DeviceProfile.Column column(Node node, String source, List<ProfileProblem> problems) {
        if (node instanceof ScalarNode) {
            OID oid = oidOf(node, source, problems);
            return oid == null ? null : new DeviceProfile.Column(oid, DeviceProfile.Format.AUTO);
        }
        if (!(node instanceof MappingNode m)) {
            problems.add(at(source, node, "a column is an OID or a mapping with 'oid' and 'format'"));
            return null;
        }
        Map<String, NodeTuple> f = fields(m, source, problems);
        only(f, COLUMN_FIELDS, source, problems, "column");
        OID oid = oid(f.get("oid"), m, source, problems);
        DeviceProfile.Format format = DeviceProfile.Format.AUTO;
        String fmt = f.containsKey("format") ? scalar(f, "format", m, source, problems) : null;
        if (fmt != null) {
            try {
                format = DeviceProfile.Format.valueOf(fmt.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                problems.add(at(source, f.get("format").getValueNode(), "unknown format '" + fmt + "'; known: auto, hex, mac-or-text"));
            }
        }
        return oid == null ? null : new DeviceProfile.Column(oid, format);
    }

    private DeviceProfile.TableMetric tableMetric(Node node, Map<String, DeviceProfile.Column> columns,
                                                  Map<String, List<String>> tableLabels, String source,
                                                  List<ProfileProblem> problems) {
        if (!(node instanceof MappingNode m)) {
            problems.add(at(source, node, "each table metric must be a mapping with 'metric' and 'column'"));
            return null;
        }
        int before = problems.size();
        Map<String, NodeTuple> f = fields(m, source, problems);
        only(f, METRIC_FIELDS, source, problems, "table metric");
        String metric = metricName(f.get("metric"), source, problems);
        if (!f.containsKey("metric")) {
            problems.add(at(source, m, "'metric' is required"));
        }
        List<String> cols = new ArrayList<>();
        boolean count = bool(f.get("count"), source, problems);
        if (f.containsKey("column")) {
            String col = scalar(f, "column", m, source, problems);
            if (col != null) {
                cols.add(col);
            }
        }
        if (f.containsKey("sum")) {
            for (Node n : list(f.get("sum").getValueNode(), source, problems, "'sum'")) {
                cols.add(text(n));
            }
        }
        MetricDefinition def = metric == null ? null : Metrics.definition(metric).orElse(null);
        boolean info = def != null && def.kind() == MetricDefinition.Kind.INFO;
        if (count == !cols.isEmpty() && !(info && cols.isEmpty() && !count)) {
            problems.add(at(source, m, "metric " + metric + ": give one of 'column', 'sum' or 'count: true'"
                    + " (info metrics may give none)"));
        }
        if (f.containsKey("column") && f.containsKey("sum")) {
            problems.add(at(source, m, "metric " + metric + ": 'column' or 'sum', not both"));
        }
        for (String col : cols) {
            if (col != null && !columns.containsKey(col)) {
                problems.add(at(source, m, "metric " + metric + ": no column '" + col + "' in this table"));
            }
        }
        DeviceProfile.Value value = value(f, m, source, problems);
        if (value.entitySensor() && !(columns.containsKey("scale") && columns.containsKey("precision"))) {
            problems.add(at(source, m, "metric " + metric + ": 'entity-sensor' needs columns 'scale' and 'precision'"));
        }
        if (value.divideBy() != null && !columns.containsKey(value.divideBy())) {
            problems.add(at(source, m, "metric " + metric + ": no column '" + value.divideBy() + "' to divide by"));
        }
        Map<String, List<String>> own = labels(f.get("labels"), source, problems);
        for (Map.Entry<String, List<String>> e : own.entrySet()) {
            checkSources(e.getKey(), e.getValue(), columns, f.get("labels").getValueNode(), source, problems);
        }
        Map<String, List<String>> where = where(f.get("where"), columns, source, problems);
        if (def != null) {
            Map<String, List<String>> effective = new LinkedHashMap<>();
            if (!count) {
                tableLabels.forEach((k, v) -> {
                    if (def.labels().contains(k)) {
                        effective.put(k, v);
                    }
                });
            }
            effective.putAll(own);
            checkLabels(metric, effective.keySet(), f.get("metric").getValueNode(), source, problems);
        }
        if (problems.size() > before) {
            return null;
        }
        return new DeviceProfile.TableMetric(metric, cols, count, value, own, where, line(m));
    }

    private DeviceProfile.Value value(Map<String, NodeTuple> f, Node owner, String source, List<ProfileProblem> problems) {
        double scale = f.containsKey("scale") ? decimal(f.get("scale").getValueNode(), source, problems) : 1;
        Map<Double, Double> map = new HashMap<>();
        NodeTuple mt = f.get("map");
        if (mt != null) {
            if (!(mt.getValueNode() instanceof MappingNode mm)) {
                problems.add(at(source, mt.getValueNode(), "'map' must map raw values to values, e.g. {1: 1, 2: 0}"));
            } else {
                for (NodeTuple e : mm.getValue()) {
                    map.put(decimal(e.getKeyNode(), source, problems), decimal(e.getValueNode(), source, problems));
                }
            }
        }
        Double otherwise = f.containsKey("otherwise") ? decimal(f.get("otherwise").getValueNode(), source, problems) : null;
        if (otherwise != null && mt == null) {
            problems.add(at(source, f.get("otherwise").getValueNode(), "'otherwise' goes with 'map'"));
        }
        boolean sensor = bool(f.get("entity-sensor"), source, problems);
        String divide = f.containsKey("divide-by") ? scalar(f, "divide-by", owner, source, problems) : null;
        return new DeviceProfile.Value(scale, map, otherwise, sensor, divide);
    }

    private Map<String, List<String>> labels(NodeTuple t, String source, List<ProfileProblem> problems) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (t == null) {
            return out;
        }
        if (!(t.getValueNode() instanceof MappingNode m)) {
            problems.add(at(source, t.getValueNode(), "'labels' must map label names to sources"));
            return out;
        }
        for (NodeTuple e : m.getValue()) {
            String label = text(e.getKeyNode());
            List<String> sources = new ArrayList<>();
            if (e.getValueNode() instanceof SequenceNode seq) {
                seq.getValue().forEach(n -> sources.add(text(n)));
            } else {
                sources.add(text(e.getValueNode()));
            }
            if (label == null || sources.isEmpty() || sources.contains(null)) {
                problems.add(at(source, e.getKeyNode(), "a label maps to a source or a list of sources"));
                continue;
            }
            if (out.put(label, sources) != null) {
                problems.add(at(source, e.getKeyNode(), "label '" + label + "' given twice"));
            }
        }
        return out;
    }

    private Map<String, List<String>> where(NodeTuple t, Map<String, DeviceProfile.Column> columns, String source,
                                            List<ProfileProblem> problems) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (t == null) {
            return out;
        }
        if (!(t.getValueNode() instanceof MappingNode m)) {
            problems.add(at(source, t.getValueNode(), "'where' must map column names to a value or a list of values"));
            return out;
        }
        for (NodeTuple e : m.getValue()) {
            String col = text(e.getKeyNode());
            if (col == null || !columns.containsKey(col)) {
                problems.add(at(source, e.getKeyNode(), "'where': no column '" + col + "' in this table"));
                continue;
            }
            List<String> values = new ArrayList<>();
            if (e.getValueNode() instanceof SequenceNode seq) {
                seq.getValue().forEach(n -> values.add(text(n)));
            } else {
                values.add(text(e.getValueNode()));
            }
            out.put(col, values);
        }
        return out;
    }

    /** {@code match}: column → regular expression, searched for in the column's text. */
    private Map<String, DeviceProfile.Regex> match(NodeTuple t, Map<String, DeviceProfile.Column> columns, String source,
                                                   List<ProfileProblem> problems) {
        Map<String, DeviceProfile.Regex> out = new LinkedHashMap<>();
        if (t == null) {
            return out;
        }
        if (!(t.getValueNode() instanceof MappingNode m) || m.getValue().isEmpty()) {
            problems.add(at(source, t.getValueNode(), "'match' must map column names to regular expressions"));
            return out;
        }
        for (NodeTuple e : m.getValue()) {
            String col = text(e.getKeyNode());
            if (col == null || !columns.containsKey(col)) {
                problems.add(at(source, e.getKeyNode(), "'match': no column '" + col + "' in this table"));
                continue;
            }
            String regex = text(e.getValueNode());
            if (regex == null || regex.isEmpty()) {
                problems.add(at(source, e.getValueNode(), "'match': column '" + col + "' needs a regular expression"));
                continue;
            }
            try {
                out.put(col, new DeviceProfile.Regex(Pattern.compile(regex)));
            } catch (java.util.regex.PatternSyntaxException x) {
                problems.add(at(source, e.getValueNode(), "'match': '" + regex + "' is not a regular expression: "
                        + x.getDescription()));
            }
        }
        return out;
    }

    /** {@code index-by-interface: {aliases: <table>, contained-in: <column>}}; the table is checked once all are read. */
    private DeviceProfile.InterfaceIndex byInterface(NodeTuple t, Map<String, DeviceProfile.Column> columns, String source,
                                                     List<ProfileProblem> problems) {
        if (t == null) {
            return null;
        }
        if (!(t.getValueNode() instanceof MappingNode m)) {
            problems.add(at(source, t.getValueNode(), "'index-by-interface' must be a mapping with 'aliases' (a table)"
                    + " and 'contained-in' (a column)"));
            return null;
        }
        int before = problems.size();
        Map<String, NodeTuple> f = fields(m, source, problems);
        only(f, BY_INTERFACE_FIELDS, source, problems, "index-by-interface");
        String aliases = scalar(f, "aliases", m, source, problems);
        String containedIn = scalar(f, "contained-in", m, source, problems);
        if (containedIn != null && !columns.containsKey(containedIn)) {
            problems.add(at(source, f.get("contained-in").getValueNode(), "'index-by-interface': no column '"
                    + containedIn + "' in this table"));
        }
        return problems.size() > before ? null : new DeviceProfile.InterfaceIndex(aliases, containedIn);
    }

    /** Sources: index, index.N, $capture, table.column, a column, or a template with {index}. */
    private void checkSources(String label, List<String> sources, Map<String, DeviceProfile.Column> columns, Node at,
                              String source, List<ProfileProblem> problems) {
        for (String s : sources) {
            if (s.contains("{") || s.equals("index") || s.matches("index\\.\\d+") || s.startsWith("$")
                    || columns.containsKey(s) || s.matches("[a-z0-9_-]+\\.[a-z0-9_-]+")) {
                continue;
            }
            problems.add(at(source, at, "label '" + label + "': '" + s + "' is not a column of this table, index,"
                    + " index.N, $capture, table.column or a template with {index}"));
        }
    }

    /** Joins and captures are checked once the whole profile is read. */
    private void check(List<DeviceProfile.Scalar> scalars, List<DeviceProfile.Table> tables, String source,
                       List<ProfileProblem> problems) {
        Set<String> captures = new HashSet<>();
        scalars.stream().filter(s -> s.capture() != null).forEach(s -> captures.add(s.capture()));
        Map<String, DeviceProfile.Table> byName = new HashMap<>();
        for (DeviceProfile.Table t : tables) {
            if (byName.put(t.name(), t) != null) {
                problems.add(new ProfileProblem(source, t.line(), "table '" + t.name() + "' appears twice"));
            }
        }
        for (DeviceProfile.Scalar s : scalars) {
            s.labels().values().stream().filter(v -> v.startsWith("$") && !captures.contains(v.substring(1)))
                    .forEach(v -> problems.add(new ProfileProblem(source, s.line(), "no scalar captures '" + v.substring(1) + "'")));
        }
        for (DeviceProfile.Table t : tables) {
            DeviceProfile.InterfaceIndex by = t.byInterface();
            if (by != null && (byName.get(by.aliases()) == null || byName.get(by.aliases()).columns().isEmpty()
                    || by.aliases().equals(t.name()))) {
                problems.add(new ProfileProblem(source, t.line(), "table " + t.name() + ": no other table '" + by.aliases()
                        + "' (entAliasMappingTable) to take interfaces from"));
            }
        }
        for (DeviceProfile.Table t : tables) {
            List<List<String>> all = new ArrayList<>(t.labels().values());
            t.metrics().forEach(m -> all.addAll(m.labels().values()));
            for (List<String> sources : all) {
                for (String s : sources) {
                    if (s.startsWith("$") && !captures.contains(s.substring(1))) {
                        problems.add(new ProfileProblem(source, t.line(), "table " + t.name() + ": no scalar captures '" + s.substring(1) + "'"));
                    } else if (!s.contains("{") && !s.startsWith("$") && s.contains(".") && !s.startsWith("index.")) {
                        String[] p = s.split("\\.", 2);
                        DeviceProfile.Table other = byName.get(p[0]);
                        if (other == null || !other.columns().containsKey(p[1])) {
                            problems.add(new ProfileProblem(source, t.line(), "table " + t.name() + ": no table column '" + s + "' to join"));
                        }
                    }
                }
            }
        }
    }

    private void checkLabels(String metric, Set<String> given, Node at, String source, List<ProfileProblem> problems) {
        MetricDefinition def = Metrics.definition(metric).orElse(null);
        if (def == null) {
            return;
        }
        for (String l : given) {
            if (!def.labels().contains(l)) {
                problems.add(at(source, at, "metric " + metric + " has no label '" + l + "'; its labels: " + def.labels()));
            }
        }
        for (String l : def.labels()) {
            if (!given.contains(l)) {
                problems.add(at(source, at, "metric " + metric + " needs label '" + l + "'"));
            }
        }
    }

    private String metricName(NodeTuple t, String source, List<ProfileProblem> problems) {
        if (t == null) {
            return null;
        }
        String name = text(t.getValueNode());
        if (name == null || Metrics.definition(name).isEmpty()) {
            problems.add(at(source, t.getValueNode(), "unknown metric '" + name + "': use a name from org.didban.model.Metrics"));
            return null;
        }
        return name;
    }

    private OID oid(NodeTuple t, Node owner, String source, List<ProfileProblem> problems) {
        if (t == null) {
            problems.add(at(source, owner, "'oid' is required"));
            return null;
        }
        return oidOf(t.getValueNode(), source, problems);
    }

    private OID oidOf(Node node, String source, List<ProfileProblem> problems) {
        String s = text(node);
        if (s == null || !OID_TEXT.matcher(s).matches()) {
            problems.add(at(source, node, "'" + s + "' is not a dotted OID like 1.3.6.1.2.1.1.3.0"));
            return null;
        }
        return new OID(s);
    }

    private Duration duration(NodeTuple t, Duration fallback, String source, List<ProfileProblem> problems) {
        if (t == null) {
            return fallback;
        }
        try {
            Duration d = SiteConfigReader.parseDuration(String.valueOf(text(t.getValueNode())));
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("must be positive");
            }
            return d;
        } catch (IllegalArgumentException e) {
            problems.add(at(source, t.getValueNode(), e.getMessage()));
            return fallback;
        }
    }

    private long number(NodeTuple t, long fallback, long min, long max, String source, List<ProfileProblem> problems) {
        if (t == null) {
            return fallback;
        }
        String s = text(t.getValueNode());
        try {
            long n = Long.parseLong(String.valueOf(s));
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            problems.add(at(source, t.getValueNode(), "'" + s + "' must be a whole number from " + min + " to " + max));
            return fallback;
        }
    }

    private double decimal(Node node, String source, List<ProfileProblem> problems) {
        String s = text(node);
        try {
            return Double.parseDouble(String.valueOf(s));
        } catch (NumberFormatException e) {
            problems.add(at(source, node, "'" + s + "' is not a number"));
            return 0;
        }
    }

    private boolean bool(NodeTuple t, String source, List<ProfileProblem> problems) {
        if (t == null) {
            return false;
        }
        String s = text(t.getValueNode());
        if ("true".equals(s) || "false".equals(s)) {
            return Boolean.parseBoolean(s);
        }
        problems.add(at(source, t.getValueNode(), "must be true or false"));
        return false;
    }

    private List<Node> list(Node node, String source, List<ProfileProblem> problems, String what) {
        if (node instanceof SequenceNode seq) {
            return seq.getValue();
        }
        problems.add(at(source, node, what + " must be a list"));
        return List.of();
    }

    private MappingNode compose(String text, String source, List<ProfileProblem> problems) {
        Node root;
        try {
            root = SafeYaml.compose(text, new SafeYaml.Limits(MAX_FILE_CHARS, 10, 20));
        } catch (SafeYaml.Invalid e) {
            problems.add(new ProfileProblem(source, e.line(), e.getMessage()));
            return null;
        }
        if (!(root instanceof MappingNode m)) {
            problems.add(new ProfileProblem(source, 1, "expected a mapping with 'profile', 'scalars' and 'tables'"));
            return null;
        }
        return m;
    }

    private static Map<String, NodeTuple> fields(MappingNode map, String source, List<ProfileProblem> problems) {
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            String key = text(t.getKeyNode());
            if (key == null) {
                problems.add(at(source, t.getKeyNode(), "field names must be plain text"));
                continue;
            }
            if (out.put(key, t) != null) {
                problems.add(at(source, t.getKeyNode(), "field '" + key + "' given twice"));
            }
        }
        return out;
    }

    private static void only(Map<String, NodeTuple> f, Set<String> allowed, String source, List<ProfileProblem> problems,
                             String where) {
        for (Map.Entry<String, NodeTuple> e : f.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                problems.add(at(source, e.getValue().getKeyNode(), "unknown field '" + e.getKey() + "' in " + where
                        + "; known: " + sorted(allowed)));
            }
        }
    }

    private static String scalar(Map<String, NodeTuple> f, String name, Node owner, String source, List<ProfileProblem> problems) {
        NodeTuple t = f.get(name);
        if (t == null) {
            problems.add(at(source, owner, "'" + name + "' is required"));
            return null;
        }
        String s = text(t.getValueNode());
        if (s == null || s.isBlank()) {
            problems.add(at(source, t.getValueNode(), "'" + name + "' must be plain text"));
            return null;
        }
        return s;
    }

    private static String text(Node node) {
        return node instanceof ScalarNode s ? s.getValue() : null;
    }

    private static String sorted(Set<String> names) {
        return String.join(", ", new TreeSet<>(names));
    }

    private static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    private static ProfileProblem at(String source, Node node, String message) {
        return new ProfileProblem(source, line(node), message);
    }

}
