package org.didban.rules;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.didban.model.DeviceRole;
import org.didban.model.ElectionPhase;
import org.didban.model.Severity;
import org.didban.yaml.SafeYaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads rule files. YAML is composed into nodes (never constructed into objects, so a file
 * cannot instantiate anything) and every field is checked with its line number; all problems
 * of a file are reported together. The format is documented in {@code docs/RULES.md}:
 *
 * <pre>
 * rules:
 *   - id: NET-01
 *     title: {en: Uplink down, fa: قطع لینک ارتباطی}
 *     category: network
 *     roles: [router, modem]
 *     metric: if_oper_status
 *     condition: value == 2.0 &amp;&amp; now.if_admin_status == 1.0
 *     for: 60s
 *     severity: high
 *     runbook: Check the branch's fiber and 4G links.
 * </pre>
 */
public final class RuleFileReader {
    /** Rule files are small; a larger one is refused before parsing. */
    public static final int MAX_FILE_CHARS = 1 << 20;
    private static final SafeYaml.Limits LIMITS = new SafeYaml.Limits(MAX_FILE_CHARS, 10, 20);
    private static final Pattern ID = Pattern.compile("[A-Z][A-Z0-9]{1,9}-[0-9]{2,3}[A-Za-z0-9-]{0,20}");
    private static final Pattern METRIC = Pattern.compile("[a-z_][a-z0-9_]{0,99}");
    private static final Set<String> RULE_FIELDS = Set.of(
            "id", "title", "category", "roles", "metric", "metrics", "event", "events", "inventory", "area", "condition",
            "for", "absent", "count", "window", "hold", "changed", "by", "severity", "escalation", "runbook");

    private final Vocabulary vocabulary;

    /** A reader that accepts any metric or event name. */
    public RuleFileReader() {
        this(Vocabulary.ANY);
    }

    /** A reader that refuses metric and event names outside {@code vocabulary}. */
    public RuleFileReader(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    public RuleSet read(Path file) throws InvalidRulesException, IOException {
        // Checked before reading, so a huge file is refused without being loaded into memory;
        // four bytes per character at most in UTF-8.
        if (Files.size(file) > 4L * MAX_FILE_CHARS) {
            throw new InvalidRulesException(List.of(new RuleProblem(file.toString(), 1,
                    "file is larger than " + MAX_FILE_CHARS + " characters")));
        }
        return read(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    public RuleSet readResource(String resource) throws InvalidRulesException, IOException {
        try (InputStream in = RuleFileReader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no such resource " + resource);
            }
            return read(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource);
        }
    }

    /** The rules shipped in the jar: the catalogue. */
    public static RuleSet catalogue() {
        try {
            return new RuleFileReader().readResource("/org/didban/rules/catalogue.yaml");
        } catch (IOException | InvalidRulesException e) {
            throw new IllegalStateException("the shipped catalogue does not load: " + e.getMessage(), e);
        }
    }

    public RuleSet read(String text, String source) throws InvalidRulesException {
        List<RuleProblem> problems = new ArrayList<>();
        Node root;
        try {
            root = SafeYaml.compose(text, LIMITS);
        } catch (SafeYaml.Invalid e) {
            throw new InvalidRulesException(List.of(new RuleProblem(source, e.line(), e.getMessage())));
        }
        if (!(root instanceof MappingNode top)) {
            throw new InvalidRulesException(List.of(new RuleProblem(source, 1, "expected a mapping with a 'rules' list")));
        }
        Map<String, NodeTuple> fields = fields(top, source, problems);
        for (String name : fields.keySet()) {
            if (!name.equals("rules")) {
                problems.add(at(source, fields.get(name).getKeyNode(), "unknown top-level field '" + name + "'"));
            }
        }
        NodeTuple rulesField = fields.get("rules");
        List<Rule> rules = new ArrayList<>();
        if (rulesField == null) {
            problems.add(new RuleProblem(source, 1, "no 'rules' list"));
        } else if (!(rulesField.getValueNode() instanceof SequenceNode list)) {
            problems.add(at(source, rulesField.getValueNode(), "'rules' must be a list"));
        } else {
            Set<String> ids = new HashSet<>();
            for (Node item : list.getValue()) {
                Rule rule = readRule(item, source, problems);
                if (rule != null && !ids.add(rule.id())) {
                    problems.add(at(source, item, "duplicate rule id " + rule.id()));
                }
                if (rule != null) {
                    rules.add(rule);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRulesException(problems);
        }
        try {
            return new RuleSet(rules);
        } catch (IllegalArgumentException e) {
            throw new InvalidRulesException(List.of(new RuleProblem(source, 1, e.getMessage())));
        }
    }

    private Rule readRule(Node node, String source, List<RuleProblem> problems) {
        if (!(node instanceof MappingNode map)) {
            problems.add(at(source, node, "each rule must be a mapping"));
            return null;
        }
        int before = problems.size();
        Map<String, NodeTuple> f = fields(map, source, problems);
        for (String name : f.keySet()) {
            if (!RULE_FIELDS.contains(name)) {
                problems.add(at(source, f.get(name).getKeyNode(), "unknown field '" + name + "'; known: "
                        + String.join(", ", new java.util.TreeSet<>(RULE_FIELDS))));
            }
        }
        String id = scalar(f, "id", true, map, source, problems);
        if (id != null && !ID.matcher(id).matches()) {
            problems.add(at(source, f.get("id").getValueNode(), "rule id '" + id + "' is not like NET-01"));
        }
        String where = id == null ? "rule" : "rule " + id;
        String titleEn = null;
        String titleFa = null;
        NodeTuple title = f.get("title");
        if (title == null) {
            problems.add(at(source, map, where + ": 'title' with 'en' and 'fa' is required"));
        } else if (!(title.getValueNode() instanceof MappingNode titleMap)) {
            problems.add(at(source, title.getValueNode(), where + ": 'title' must have 'en' and 'fa'"));
        } else {
            Map<String, NodeTuple> t = fields(titleMap, source, problems);
            titleEn = scalar(t, "en", true, titleMap, source, problems);
            titleFa = scalar(t, "fa", true, titleMap, source, problems);
            t.keySet().stream().filter(k -> !k.equals("en") && !k.equals("fa")).forEach(k ->
                    problems.add(at(source, t.get(k).getKeyNode(), where + ": title languages are 'en' and 'fa', not '" + k + "'")));
        }
        RuleCategory category = null;
        String categoryText = scalar(f, "category", true, map, source, problems);
        if (categoryText != null) {
            try {
                category = RuleCategory.valueOf(categoryText.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(at(source, f.get("category").getValueNode(), where + ": unknown category '" + categoryText
                        + "'; known: network, cyber, physical, power, device, readiness"));
            }
        }
        Set<DeviceRole> roles = EnumSet.noneOf(DeviceRole.class);
        NodeTuple rolesField = f.get("roles");
        if (rolesField != null) {
            if (!(rolesField.getValueNode() instanceof SequenceNode roleList)) {
                problems.add(at(source, rolesField.getValueNode(), where + ": 'roles' must be a list"));
            } else {
                for (Node r : roleList.getValue()) {
                    try {
                        roles.add(DeviceRole.parse(text(r)));
                    } catch (IllegalArgumentException e) {
                        problems.add(at(source, r, where + ": " + e.getMessage()));
                    }
                }
            }
        }
        RuleInput input = readInput(f, map, where, source, problems);
        Condition condition = null;
        String conditionText = scalar(f, "condition", false, map, source, problems);
        if (conditionText != null) {
            try {
                condition = Condition.compile(conditionText);
            } catch (IllegalArgumentException e) {
                problems.add(at(source, f.get("condition").getValueNode(), where + ": condition does not compile: "
                        + e.getMessage().replace('\n', ' ')));
            }
        }
        PhaseDurations forDuration = phaseDurations(f, "for", where, source, problems);
        PhaseDurations absent = phaseDurations(f, "absent", where, source, problems);
        long window = duration(f, "window", where, source, problems);
        long hold = duration(f, "hold", where, source, problems);
        int count = 0;
        String countText = scalar(f, "count", false, map, source, problems);
        if (countText != null) {
            try {
                count = Integer.parseInt(countText.trim());
                if (count < 2 || count > 100_000) {
                    problems.add(at(source, f.get("count").getValueNode(), where + ": 'count' must be between 2 and 100000"));
                }
            } catch (NumberFormatException e) {
                problems.add(at(source, f.get("count").getValueNode(), where + ": 'count' must be a whole number"));
            }
        }
        ChangeTracking changed = ChangeTracking.NONE;
        String changedText = scalar(f, "changed", false, map, source, problems);
        if (changedText != null) {
            switch (changedText.trim()) {
                case "value" -> changed = ChangeTracking.VALUE;
                case "labels" -> changed = ChangeTracking.LABELS;
                default -> problems.add(at(source, f.get("changed").getValueNode(),
                        where + ": 'changed' is 'value' or 'labels', not '" + changedText + "'"));
            }
        }
        Escalation escalation = Escalation.STANDARD;
        String escalationText = scalar(f, "escalation", false, map, source, problems);
        if (escalationText != null) {
            try {
                escalation = Escalation.valueOf(escalationText.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(at(source, f.get("escalation").getValueNode(),
                        where + ": 'escalation' is standard, integrity or none, not '" + escalationText + "'"));
            }
        }
        List<String> by = null;
        NodeTuple byField = f.get("by");
        if (byField != null) {
            if (!(byField.getValueNode() instanceof SequenceNode byList)) {
                problems.add(at(source, byField.getValueNode(), where + ": 'by' is a list of label names, [] for one alert per device"));
            } else {
                by = new ArrayList<>();
                for (Node n : byList.getValue()) {
                    try {
                        String name = text(n);
                        if (!METRIC.matcher(name).matches()) {
                            problems.add(at(source, n, where + ": '" + name + "' is not a label name"));
                        }
                        by.add(name);
                    } catch (IllegalArgumentException e) {
                        problems.add(at(source, n, where + ": a label name must be text"));
                    }
                }
                if (input instanceof RuleInput.Inventory || input instanceof RuleInput.Area) {
                    problems.add(at(source, byField.getKeyNode(), where + ": 'by' does not apply here"));
                }
            }
        }
        checkTiming(input, condition != null || conditionText != null, forDuration, absent, count, window, hold, changed,
                !roles.isEmpty(), f, map, where, source, problems);
        Severity severity = null;
        String severityText = scalar(f, "severity", true, map, source, problems);
        if (severityText != null) {
            try {
                severity = Severity.parse(severityText);
            } catch (IllegalArgumentException e) {
                problems.add(at(source, f.get("severity").getValueNode(), where + ": " + e.getMessage()));
            }
        }
        String runbook = scalar(f, "runbook", false, map, source, problems);
        if (problems.size() > before) {
            return null;
        }
        return new Rule(id, titleEn, titleFa, category, roles, input, condition, forDuration, absent, count, window, hold,
                changed, by, severity, escalation, runbook);
    }

    /** Exactly one of metric, event(s), inventory or area says what drives the rule. */
    private RuleInput readInput(Map<String, NodeTuple> f, MappingNode map, String where, String source,
                                List<RuleProblem> problems) {
        List<String> given = new ArrayList<>();
        for (String k : List.of("metric", "metrics", "event", "events", "inventory", "area")) {
            if (f.containsKey(k)) {
                given.add(k);
            }
        }
        if (given.size() != 1) {
            problems.add(at(source, given.isEmpty() ? map : f.get(given.get(1)).getKeyNode(), where
                    + ": give exactly one of 'metric', 'event', 'inventory' or 'area'"
                    + (given.isEmpty() ? "" : ", not " + String.join(" and ", given))));
            return null;
        }
        String kind = given.get(0);
        NodeTuple t = f.get(kind);
        switch (kind) {
            case "metric", "metrics" -> {
                Set<String> names = new java.util.LinkedHashSet<>();
                List<Node> nodes = t.getValueNode() instanceof SequenceNode seq ? seq.getValue() : List.of(t.getValueNode());
                for (Node n : nodes) {
                    String metric;
                    try {
                        metric = text(n);
                    } catch (IllegalArgumentException e) {
                        problems.add(at(source, n, where + ": a metric name must be text"));
                        continue;
                    }
                    if (!METRIC.matcher(metric).matches()) {
                        problems.add(at(source, n, where + ": metric '" + metric + "' is not a snake_case name"));
                    } else if (!vocabulary.knowsMetric(metric)) {
                        problems.add(at(source, n, where + ": unknown metric '" + metric
                                + "' (not among the metrics agents report; see docs/METRICS.md)"));
                    }
                    names.add(metric);
                }
                if (names.isEmpty()) {
                    problems.add(at(source, t.getValueNode(), where + ": no metric given"));
                    return null;
                }
                return new RuleInput.Metric(names);
            }
            case "event", "events" -> {
                Set<String> types = new java.util.LinkedHashSet<>();
                List<Node> nodes = t.getValueNode() instanceof SequenceNode seq ? seq.getValue() : List.of(t.getValueNode());
                for (Node n : nodes) {
                    try {
                        String type = text(n);
                        if (!METRIC.matcher(type).matches()) {
                            problems.add(at(source, n, where + ": event type '" + type + "' is not a snake_case name"));
                        } else if (!vocabulary.knowsEvent(type)) {
                            problems.add(at(source, n, where + ": unknown event type '" + type
                                    + "' (not among the events agents report; see docs/METRICS.md)"));
                        }
                        types.add(type);
                    } catch (IllegalArgumentException e) {
                        problems.add(at(source, n, where + ": an event type must be text"));
                    }
                }
                if (types.isEmpty()) {
                    problems.add(at(source, t.getValueNode(), where + ": no event types given"));
                    return null;
                }
                return new RuleInput.Events(types);
            }
            case "inventory" -> {
                String v = scalar(f, "inventory", true, map, source, problems);
                if (!"branch".equals(v)) {
                    problems.add(at(source, t.getValueNode(), where + ": 'inventory' is evaluated per 'branch'"));
                    return null;
                }
                return new RuleInput.Inventory();
            }
            default -> {
                if (!(t.getValueNode() instanceof MappingNode areaMap)) {
                    problems.add(at(source, t.getValueNode(), where + ": 'area' needs 'of', 'min_branches' and 'within'"));
                    return null;
                }
                Map<String, NodeTuple> a = fields(areaMap, source, problems);
                for (String k : a.keySet()) {
                    if (!Set.of("of", "per", "min_branches", "within").contains(k)) {
                        problems.add(at(source, a.get(k).getKeyNode(), where + ": unknown field '" + k + "' in 'area'"));
                    }
                }
                String of = scalar(a, "of", true, areaMap, source, problems);
                String per = scalar(a, "per", false, areaMap, source, problems);
                if (per != null && !per.equals("county")) {
                    problems.add(at(source, a.get("per").getValueNode(), where + ": areas are counted per 'county'"));
                }
                String min = scalar(a, "min_branches", true, areaMap, source, problems);
                long within = duration(a, "within", where, source, problems);
                int minBranches = 0;
                try {
                    minBranches = min == null ? 0 : Integer.parseInt(min.trim());
                } catch (NumberFormatException e) {
                    problems.add(at(source, a.get("min_branches").getValueNode(), where + ": 'min_branches' must be a whole number"));
                }
                if (min != null && minBranches < 2) {
                    problems.add(at(source, a.get("min_branches").getValueNode(), where + ": an area needs 'min_branches' of 2 or more"));
                }
                if (within <= 0 && !a.containsKey("within")) {
                    problems.add(at(source, areaMap, where + ": 'area' needs a 'within' duration"));
                }
                return of == null ? null : new RuleInput.Area(of, minBranches, within);
            }
        }
    }

    /** Timings that cannot mean anything are refused here, with the line that says them. */
    private static void checkTiming(RuleInput input, boolean hasCondition, PhaseDurations forDuration, PhaseDurations absent,
                                    int count, long window, long hold, ChangeTracking changed, boolean hasRoles,
                                    Map<String, NodeTuple> f, MappingNode map, String where, String source,
                                    List<RuleProblem> problems) {
        boolean metric = input instanceof RuleInput.Metric;
        boolean events = input instanceof RuleInput.Events;
        boolean occurrences = events || changed != ChangeTracking.NONE || count > 0;
        java.util.function.BiConsumer<String, String> refuse = (field, why) ->
                problems.add(at(source, f.containsKey(field) ? f.get(field).getKeyNode() : map, where + ": " + why));
        if (input instanceof RuleInput.Inventory || input instanceof RuleInput.Area) {
            for (String k : List.of("for", "absent", "count", "window", "hold", "changed", "roles")) {
                if (f.containsKey(k)) {
                    refuse.accept(k, "'" + k + "' does not apply to " + (input instanceof RuleInput.Area ? "an area" : "an inventory") + " rule");
                }
            }
            if (input instanceof RuleInput.Inventory && !hasCondition) {
                refuse.accept("inventory", "an inventory rule needs a 'condition'");
            }
            if (input instanceof RuleInput.Area && f.containsKey("condition")) {
                refuse.accept("condition", "an area rule counts alerts; it takes no 'condition'");
            }
            return;
        }
        if (f.containsKey("for") && !hasCondition) {
            refuse.accept("for", "'for' needs a 'condition' to hold");
        }
        if (f.containsKey("for") && occurrences) {
            refuse.accept("for", "'for' holds a condition; a rule that counts occurrences uses 'count' and 'window' or 'hold'");
        }
        if (absent.isSet() && !metric) {
            refuse.accept("absent", "'absent' watches a metric's samples; events have no absence");
        }
        if (absent.isSet() && occurrences) {
            refuse.accept("absent", "'absent' goes with a held condition, not with counted occurrences");
        }
        if (metric && !hasCondition && !absent.isSet() && changed == ChangeTracking.NONE) {
            refuse.accept(f.containsKey("metric") ? "metric" : "metrics", "needs a 'condition', an 'absent' duration, or 'changed'");
        }
        if (count > 0 && window <= 0) {
            refuse.accept("count", "'count' needs a 'window' to count in");
        }
        if (window > 0 && count == 0) {
            refuse.accept("window", "'window' needs a 'count'");
        }
        if (hold > 0 && (!occurrences || count > 0)) {
            refuse.accept("hold", "'hold' keeps a single occurrence firing; it does not go with 'count' or a held condition");
        }
        if (changed != ChangeTracking.NONE && !metric) {
            refuse.accept("changed", "'changed' compares samples of a metric");
        }
        if (count > 0 && !hasCondition && metric && changed == ChangeTracking.NONE) {
            refuse.accept("count", "counting samples needs a 'condition' saying which ones count");
        }
        if (!hasRoles && f.containsKey("roles")) {
            refuse.accept("roles", "'roles' is empty; leave it out to apply to every role");
        }
    }

    private static PhaseDurations phaseDurations(Map<String, NodeTuple> f, String name, String where, String source,
                                                 List<RuleProblem> problems) {
        NodeTuple t = f.get(name);
        if (t == null) {
            return PhaseDurations.NONE;
        }
        if (!(t.getValueNode() instanceof MappingNode m)) {
            return PhaseDurations.of(duration(f, name, where, source, problems));
        }
        long dflt = 0;
        Map<ElectionPhase, Long> byPhase = new java.util.EnumMap<>(ElectionPhase.class);
        for (NodeTuple e : m.getValue()) {
            String key;
            long millis;
            try {
                key = text(e.getKeyNode());
                millis = Durations.parseMillis(text(e.getValueNode()));
            } catch (IllegalArgumentException ex) {
                problems.add(at(source, e.getValueNode(), where + ": '" + name + "': " + ex.getMessage()));
                continue;
            }
            if (key.equals("default")) {
                dflt = millis;
            } else {
                try {
                    byPhase.put(ElectionPhase.parse(key), millis);
                } catch (IllegalArgumentException ex) {
                    problems.add(at(source, e.getKeyNode(), where + ": '" + name + "': " + ex.getMessage()));
                }
            }
        }
        return new PhaseDurations(dflt, byPhase);
    }

    private static long duration(Map<String, NodeTuple> f, String name, String where, String source, List<RuleProblem> problems) {
        NodeTuple t = f.get(name);
        if (t == null) {
            return 0;
        }
        try {
            return Durations.parseMillis(text(t.getValueNode()));
        } catch (IllegalArgumentException e) {
            problems.add(at(source, t.getValueNode(), where + ": '" + name + "': " + e.getMessage()));
            return 0;
        }
    }

    private static Map<String, NodeTuple> fields(MappingNode map, String source, List<RuleProblem> problems) {
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            String key;
            try {
                key = text(t.getKeyNode());
            } catch (IllegalArgumentException e) {
                problems.add(at(source, t.getKeyNode(), "field names must be plain text"));
                continue;
            }
            if (out.put(key, t) != null) {
                problems.add(at(source, t.getKeyNode(), "field '" + key + "' given twice"));
            }
        }
        return out;
    }

    private static String scalar(Map<String, NodeTuple> f, String name, boolean required, Node owner,
                                 String source, List<RuleProblem> problems) {
        NodeTuple t = f.get(name);
        if (t == null) {
            if (required) {
                problems.add(at(source, owner, "'" + name + "' is required"));
            }
            return null;
        }
        try {
            String s = text(t.getValueNode());
            if (s.isBlank()) {
                problems.add(at(source, t.getValueNode(), "'" + name + "' is empty"));
                return null;
            }
            return s;
        } catch (IllegalArgumentException e) {
            problems.add(at(source, t.getValueNode(), "'" + name + "' must be text"));
            return null;
        }
    }

    private static String text(Node node) {
        if (node instanceof ScalarNode s) {
            return s.getValue();
        }
        throw new IllegalArgumentException("not a scalar");
    }

    private static RuleProblem at(String source, Node node, String message) {
        return new RuleProblem(source, node.getStartMark().getLine() + 1, message);
    }


}
