package org.didban.rules.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.didban.model.AlertState;
import org.didban.model.Branch;
import org.didban.model.County;
import org.didban.model.Device;
import org.didban.model.DeviceIdentity;
import org.didban.model.DeviceRole;
import org.didban.model.ElectionPhase;
import org.didban.model.FiberStatus;
import org.didban.model.Inventory;
import org.didban.model.Labels;
import org.didban.model.Province;
import org.didban.model.Severity;
import org.didban.rules.Durations;
import org.didban.rules.InvalidRulesException;
import org.didban.rules.PhaseSchedule;
import org.didban.rules.Rule;
import org.didban.rules.RuleFileReader;
import org.didban.rules.RuleProblem;
import org.didban.rules.RuleSet;
import org.didban.rules.testing.RuleTestFile.EventInput;
import org.didban.rules.testing.RuleTestFile.Expectation;
import org.didban.rules.testing.RuleTestFile.Input;
import org.didban.rules.testing.RuleTestFile.RuleTest;
import org.didban.rules.testing.RuleTestFile.SampleInput;
import org.didban.yaml.SafeYaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads one rule test file; see {@link RuleTestFile}. Collects every problem before giving up. */
final class TestFileParser {
    static final int MAX_FILE_CHARS = 4 << 20;
    private static final Set<String> TOP = Set.of("rule_files", "start", "phases", "inventory", "expect_devices", "tests");
    private static final Set<String> INVENTORY = Set.of("provinces", "counties", "branches", "devices");
    private static final Set<String> PROVINCE = Set.of("code", "fa", "en");
    private static final Set<String> COUNTY = Set.of("code", "province", "fa", "en");
    private static final Set<String> BRANCH = Set.of("code", "county", "fa", "en", "sensitive", "sensitive_reason",
            "mobile", "fiber", "fiber_planned", "cameras", "inspector");
    private static final Set<String> DEVICE = Set.of("id", "branch", "role", "address", "credential", "serial", "model",
            "firmware", "config_hash");
    private static final Set<String> PHASE = Set.of("phase", "from", "to");
    private static final Set<String> TEST = Set.of("name", "input", "expect");
    private static final Set<String> AT_INPUT = Set.of("at", "samples", "events");
    private static final Set<String> SERIES_INPUT = Set.of("series", "values", "from", "every");
    private static final Set<String> SAMPLE = Set.of("device", "metric", "labels", "value");
    private static final Set<String> SERIES = Set.of("device", "metric", "labels");
    private static final Set<String> EVENT = Set.of("device", "type", "attributes");
    private static final Set<String> EXPECT = Set.of("at", "alerts", "resolved");
    private static final Set<String> EXPECTED_ALERT = Set.of("rule", "device", "labels", "branch", "county", "state",
            "severity", "grouped_under", "value");
    private static final long DEFAULT_EVERY = 60_000;

    private final String source;
    private final Path baseDir;
    private final List<RuleProblem> problems = new ArrayList<>();
    /** Problems of the rule files themselves, reported in their own file's terms. */
    private final List<RuleProblem> ruleFileProblems = new ArrayList<>();

    TestFileParser(String source, Path baseDir) {
        this.source = source;
        this.baseDir = baseDir == null ? Path.of(".") : baseDir;
    }

    RuleTestFile parse(String text) throws InvalidTestFileException {
        Node root;
        try {
            root = SafeYaml.compose(text, new SafeYaml.Limits(MAX_FILE_CHARS, 50, 30));
        } catch (SafeYaml.Invalid e) {
            throw fail(new RuleProblem(source, e.line(), e.getMessage()));
        }
        if (!(root instanceof MappingNode top)) {
            throw fail(new RuleProblem(source, 1, "expected a mapping with 'rule_files' and 'tests'"));
        }
        Map<String, NodeTuple> f = fields(top, TOP, "top-level field");
        RuleSet rules = ruleFiles(f.get("rule_files"), top);
        long start = start(f.get("start"));
        PhaseSchedule phases = phases(f.get("phases"), start);
        Inventory inventory = inventory(f.get("inventory"));
        boolean expectDevices = f.containsKey("expect_devices") ? bool(f.get("expect_devices").getValueNode(), "expect_devices") : true;
        List<RuleTest> tests = new ArrayList<>();
        NodeTuple testsField = f.get("tests");
        if (testsField == null) {
            problem(top, "no 'tests' list");
        } else {
            SequenceNode list = sequence(testsField.getValueNode(), "'tests'");
            if (list != null && list.getValue().isEmpty()) {
                problem(list, "'tests' is empty");
            }
            Set<String> names = new java.util.HashSet<>();
            for (Node item : list == null ? List.<Node>of() : list.getValue()) {
                RuleTest t = test(item, rules, inventory);
                if (t != null && !names.add(t.name())) {
                    problem(item, "two tests are named '" + t.name() + "'");
                }
                if (t != null) {
                    tests.add(t);
                }
            }
        }
        List<RuleProblem> all = new ArrayList<>(ruleFileProblems);
        all.addAll(problems);
        if (!all.isEmpty()) {
            throw new InvalidTestFileException(all);
        }
        return new RuleTestFile(source, rules, start, phases, inventory, expectDevices, tests);
    }

    // ── rule files, start, phases ─────────────────────────────────────────────────────────────

    private RuleSet ruleFiles(NodeTuple field, MappingNode top) {
        if (field == null) {
            problem(top, "no 'rule_files' list (write [catalogue] for the shipped rules)");
            return null;
        }
        SequenceNode list = sequence(field.getValueNode(), "'rule_files'");
        if (list == null) {
            return null;
        }
        if (list.getValue().isEmpty()) {
            problem(list, "'rule_files' is empty");
            return null;
        }
        Map<String, Rule> rules = new LinkedHashMap<>();
        boolean ok = true;
        for (Node n : list.getValue()) {
            String name = text(n, "a rule file");
            if (name == null) {
                ok = false;
                continue;
            }
            RuleSet set;
            try {
                RuleFileReader reader = new RuleFileReader();
                if (name.equals("catalogue")) {
                    set = reader.readResource(RuleTestFile.CATALOGUE_RESOURCE);
                } else {
                    Path p = baseDir.resolve(name);
                    if (!Files.isRegularFile(p)) {
                        problem(n, "rule file '" + name + "' not found (looked at " + p + ")");
                        ok = false;
                        continue;
                    }
                    set = reader.read(p);
                }
            } catch (InvalidRulesException e) {
                problem(n, "rule file '" + name + "' does not load (" + e.problems().size() + " problem"
                        + (e.problems().size() == 1 ? "" : "s") + ", below)");
                ruleFileProblems.addAll(e.problems());
                ok = false;
                continue;
            } catch (IOException e) {
                problem(n, "cannot read rule file '" + name + "': " + e.getMessage());
                ok = false;
                continue;
            }
            for (Rule r : set.all()) {
                if (rules.putIfAbsent(r.id(), r) != null) {
                    problem(n, "rule " + r.id() + " of '" + name + "' is also in an earlier rule file");
                    ok = false;
                }
            }
        }
        if (!ok) {
            return null;
        }
        try {
            return new RuleSet(new ArrayList<>(rules.values()));
        } catch (IllegalArgumentException e) {
            problem(list, e.getMessage());
            return null;
        }
    }

    private long start(NodeTuple field) {
        String text = field == null ? RuleTestFile.DEFAULT_START : text(field.getValueNode(), "'start'");
        if (text == null) {
            return Instant.parse(RuleTestFile.DEFAULT_START).toEpochMilli();
        }
        try {
            return OffsetDateTime.parse(text.trim()).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            problem(field.getValueNode(), "'start' must be a time like 2026-06-29T04:30:00Z, not '" + text + "'");
            return Instant.parse(RuleTestFile.DEFAULT_START).toEpochMilli();
        }
    }

    private PhaseSchedule phases(NodeTuple field, long start) {
        if (field == null) {
            return PhaseSchedule.NONE;
        }
        SequenceNode list = sequence(field.getValueNode(), "'phases'");
        if (list == null) {
            return PhaseSchedule.NONE;
        }
        List<PhaseTimeline.Interval> intervals = new ArrayList<>();
        for (Node n : list.getValue()) {
            MappingNode m = mapping(n, "each phase", "{phase: voting, from: 0s, to: 10h}");
            if (m == null) {
                continue;
            }
            Map<String, NodeTuple> f = fields(m, PHASE, "field of a phase");
            ElectionPhase phase = null;
            String name = required(f, "phase", m);
            if (name != null) {
                try {
                    phase = ElectionPhase.parse(name);
                } catch (IllegalArgumentException e) {
                    problem(f.get("phase").getValueNode(), e.getMessage());
                }
            }
            Long from = f.containsKey("from") ? duration(f.get("from").getValueNode(), "'from'") : Long.valueOf(0);
            Long to = f.containsKey("to") ? duration(f.get("to").getValueNode(), "'to'") : null;
            if (phase == null || from == null || (f.containsKey("to") && to == null)) {
                continue;
            }
            long end = to == null ? Long.MAX_VALUE : start + to;
            if (end <= start + from) {
                problem(m, "phase " + phase.wireName() + " must end after it starts");
                continue;
            }
            intervals.add(new PhaseTimeline.Interval(phase, start + from, end));
        }
        try {
            return new PhaseTimeline(intervals);
        } catch (IllegalArgumentException e) {
            problem(list, e.getMessage());
            return PhaseSchedule.NONE;
        }
    }

    // ── inventory ─────────────────────────────────────────────────────────────────────────────

    private Inventory inventory(NodeTuple field) {
        if (field == null) {
            return Inventory.empty();
        }
        MappingNode inv = mapping(field.getValueNode(), "'inventory'", "provinces, counties, branches and devices");
        if (inv == null) {
            return Inventory.empty();
        }
        Map<String, NodeTuple> f = fields(inv, INVENTORY, "field of 'inventory'");
        Inventory.Builder b = Inventory.builder();
        Map<String, String> countyProvince = new HashMap<>();
        Set<String> branchCodes = new java.util.HashSet<>();
        Set<String> deviceIds = new java.util.HashSet<>();
        for (MappingNode m : items(f.get("provinces"), "'provinces'")) {
            Map<String, NodeTuple> p = fields(m, PROVINCE, "field of a province");
            String code = required(p, "code", m);
            if (code != null) {
                add(m, () -> b.province(new Province(code, opt(p, "fa", code), opt(p, "en", code))), "province", code,
                        b.hasProvince(code));
            }
        }
        for (MappingNode m : items(f.get("counties"), "'counties'")) {
            Map<String, NodeTuple> c = fields(m, COUNTY, "field of a county");
            String code = required(c, "code", m);
            String province = required(c, "province", m);
            if (province != null && !b.hasProvince(province)) {
                problem(c.get("province").getValueNode(), "county " + code + " names unknown province '" + province + "'");
                continue;
            }
            if (code != null && province != null) {
                countyProvince.put(code, province);
                add(m, () -> b.county(new County(code, province, opt(c, "fa", code), opt(c, "en", code))), "county", code,
                        b.hasCounty(code));
            }
        }
        for (MappingNode m : items(f.get("branches"), "'branches'")) {
            Map<String, NodeTuple> br = fields(m, BRANCH, "field of a branch");
            String code = required(br, "code", m);
            String county = required(br, "county", m);
            if (county != null && !countyProvince.containsKey(county)) {
                problem(br.get("county").getValueNode(), "branch " + code + " names unknown county '" + county + "'");
                continue;
            }
            boolean sensitive = br.containsKey("sensitive") && bool(br.get("sensitive").getValueNode(), "'sensitive'");
            boolean mobile = br.containsKey("mobile") && bool(br.get("mobile").getValueNode(), "'mobile'");
            FiberStatus fiber = FiberStatus.CONNECTED;
            if (br.containsKey("fiber")) {
                String t = text(br.get("fiber").getValueNode(), "'fiber'");
                try {
                    fiber = t == null ? fiber : FiberStatus.parse(t);
                } catch (IllegalArgumentException e) {
                    problem(br.get("fiber").getValueNode(), "'fiber' is connected, planned or none, not '" + t + "'");
                }
            }
            LocalDate planned = null;
            if (br.containsKey("fiber_planned")) {
                String t = text(br.get("fiber_planned").getValueNode(), "'fiber_planned'");
                try {
                    planned = t == null ? null : LocalDate.parse(t.trim());
                } catch (DateTimeParseException e) {
                    problem(br.get("fiber_planned").getValueNode(), "'fiber_planned' must be a date like 2026-05-01");
                }
            }
            int cameras = 0;
            if (br.containsKey("cameras")) {
                Double n = number(br.get("cameras").getValueNode(), "'cameras'");
                if (n != null && (n < 0 || n != Math.rint(n) || n > 10_000)) {
                    problem(br.get("cameras").getValueNode(), "'cameras' must be a whole number from 0");
                } else if (n != null) {
                    cameras = n.intValue();
                }
            }
            if (code == null || county == null) {
                continue;
            }
            Branch branch = new Branch(code, county, countyProvince.get(county), opt(br, "fa", code), opt(br, "en", code),
                    mobile, sensitive, opt(br, "sensitive_reason", sensitive ? "sensitive" : ""), null, fiber, planned,
                    cameras, opt(br, "inspector", ""));
            add(m, () -> b.branch(branch), "branch", code, !branchCodes.add(code));
        }
        for (MappingNode m : items(f.get("devices"), "'devices'")) {
            Map<String, NodeTuple> d = fields(m, DEVICE, "field of a device");
            String id = required(d, "id", m);
            String branch = required(d, "branch", m);
            String roleText = required(d, "role", m);
            if (branch != null && !branchCodes.contains(branch)) {
                problem(d.get("branch").getValueNode(), "device " + id + " names unknown branch '" + branch + "'");
                continue;
            }
            DeviceRole role = null;
            if (roleText != null) {
                try {
                    role = DeviceRole.parse(roleText);
                } catch (IllegalArgumentException e) {
                    problem(d.get("role").getValueNode(), e.getMessage());
                }
            }
            if (id == null || branch == null || role == null) {
                continue;
            }
            Device device = new Device(id, branch, role, opt(d, "address", ""), opt(d, "credential", ""),
                    new DeviceIdentity(opt(d, "serial", ""), opt(d, "model", ""), opt(d, "firmware", ""),
                            opt(d, "config_hash", "")));
            add(m, () -> b.device(device), "device", id, !deviceIds.add(id));
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            problem(inv, "inventory: " + e.getMessage());
            return Inventory.empty();
        }
    }

    private void add(Node at, Runnable put, String what, String code, boolean duplicate) {
        if (duplicate) {
            problem(at, "duplicate " + what + " " + code);
            return;
        }
        try {
            put.run();
        } catch (IllegalArgumentException | NullPointerException e) {
            problem(at, what + " " + code + ": " + e.getMessage());
        }
    }

    // ── tests ─────────────────────────────────────────────────────────────────────────────────

    private RuleTest test(Node node, RuleSet rules, Inventory inventory) {
        MappingNode m = mapping(node, "each test", "name, input and expect");
        if (m == null) {
            return null;
        }
        int before = problems.size();
        Map<String, NodeTuple> f = fields(m, TEST, "field of a test");
        String name = required(f, "name", m);
        List<Input> inputs = new ArrayList<>();
        if (f.containsKey("input")) {
            SequenceNode list = sequence(f.get("input").getValueNode(), "'input'");
            for (Node item : list == null ? List.<Node>of() : list.getValue()) {
                input(item, inventory, inputs);
            }
        }
        List<Expectation> expectations = new ArrayList<>();
        NodeTuple expect = f.get("expect");
        if (expect == null) {
            problem(m, "test '" + name + "' has no 'expect' list");
        } else {
            SequenceNode list = sequence(expect.getValueNode(), "'expect'");
            if (list != null && list.getValue().isEmpty()) {
                problem(list, "'expect' is empty");
            }
            for (Node item : list == null ? List.<Node>of() : list.getValue()) {
                Expectation e = expectation(item, rules, inventory);
                if (e != null) {
                    expectations.add(e);
                }
            }
        }
        if (problems.size() > before || name == null) {
            return null;
        }
        return new RuleTest(name, line(m), inputs, expectations);
    }

    private void input(Node node, Inventory inventory, List<Input> out) {
        MappingNode m = mapping(node, "each input", "'at' with 'samples'/'events', or 'series' with 'values'");
        if (m == null) {
            return;
        }
        boolean series = m.getValue().stream().anyMatch(t -> t.getKeyNode() instanceof ScalarNode s && s.getValue().equals("series"));
        if (series) {
            seriesInput(m, inventory, out);
            return;
        }
        Map<String, NodeTuple> f = fields(m, AT_INPUT, "field of an input (or write 'series' with 'values')");
        Long at = at(f, m);
        if (!f.containsKey("samples") && !f.containsKey("events")) {
            problem(m, "an input at a time gives 'samples' or 'events'");
        }
        for (MappingNode s : items(f.get("samples"), "'samples'")) {
            Map<String, NodeTuple> sf = fields(s, SAMPLE, "field of a sample");
            String device = device(sf, s, inventory);
            String metric = required(sf, "metric", s);
            Labels labels = labels(sf.get("labels"));
            Double value = sf.containsKey("value") ? number(sf.get("value").getValueNode(), "'value'") : null;
            if (!sf.containsKey("value")) {
                problem(s, "'value' is required");
            }
            if (at != null && device != null && metric != null && labels != null && value != null) {
                out.add(new SampleInput(at, line(s), device, metric, labels, value));
            }
        }
        for (MappingNode e : items(f.get("events"), "'events'")) {
            Map<String, NodeTuple> ef = fields(e, EVENT, "field of an event");
            String device = device(ef, e, inventory);
            String type = required(ef, "type", e);
            Labels attributes = labels(ef.get("attributes"));
            if (at != null && device != null && type != null && attributes != null) {
                out.add(new EventInput(at, line(e), device, type, attributes.asMap()));
            }
        }
    }

    private void seriesInput(MappingNode m, Inventory inventory, List<Input> out) {
        Map<String, NodeTuple> f = fields(m, SERIES_INPUT, "field of a series input");
        MappingNode s = mapping(f.get("series").getValueNode(), "'series'", "{device: D, metric: M, labels: {...}}");
        if (s == null) {
            return;
        }
        Map<String, NodeTuple> sf = fields(s, SERIES, "field of a series");
        String device = device(sf, s, inventory);
        String metric = required(sf, "metric", s);
        Labels labels = labels(sf.get("labels"));
        Long from = f.containsKey("from") ? duration(f.get("from").getValueNode(), "'from'") : Long.valueOf(0);
        Long every = f.containsKey("every") ? duration(f.get("every").getValueNode(), "'every'") : Long.valueOf(DEFAULT_EVERY);
        if (every != null && every <= 0) {
            problem(f.get("every").getValueNode(), "'every' must be longer than 0s");
            every = null;
        }
        List<Double> values = null;
        String text = required(f, "values", m);
        if (text != null) {
            try {
                values = SeriesNotation.expand(text);
            } catch (IllegalArgumentException e) {
                problem(f.get("values").getValueNode(), "'values': " + e.getMessage());
            }
        }
        if (device == null || metric == null || labels == null || from == null || every == null || values == null) {
            return;
        }
        if (from + every * (values.size() - 1L) > Durations.MAX_MILLIS) {
            problem(f.get("values").getValueNode(), "the series runs past 30 days");
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) != null) {
                out.add(new SampleInput(from + i * every, line(f.get("values").getValueNode()), device, metric, labels,
                        values.get(i)));
            }
        }
    }

    private Expectation expectation(Node node, RuleSet rules, Inventory inventory) {
        MappingNode m = mapping(node, "each expectation", "'at' with 'alerts' and/or 'resolved'");
        if (m == null) {
            return null;
        }
        Map<String, NodeTuple> f = fields(m, EXPECT, "field of an expectation");
        Long at = at(f, m);
        if (!f.containsKey("alerts") && !f.containsKey("resolved")) {
            problem(m, "an expectation gives 'alerts' (exactly the active ones) and/or 'resolved'");
        }
        List<ExpectedAlert> alerts = f.containsKey("alerts") ? expectedAlerts(f.get("alerts"), false, rules, inventory) : null;
        List<ExpectedAlert> resolved = f.containsKey("resolved") ? expectedAlerts(f.get("resolved"), true, rules, inventory) : null;
        if (at == null) {
            return null;
        }
        return new Expectation(at, text(f.get("at").getValueNode(), "'at'").trim(), line(m), alerts, resolved);
    }

    private List<ExpectedAlert> expectedAlerts(NodeTuple field, boolean resolved, RuleSet rules, Inventory inventory) {
        List<ExpectedAlert> out = new ArrayList<>();
        if (isNull(field.getValueNode())) {
            return out;
        }
        for (MappingNode m : items(field, resolved ? "'resolved'" : "'alerts'")) {
            Map<String, NodeTuple> f = fields(m, EXPECTED_ALERT, "field of an expected alert");
            String rule = opt(f, "rule", null);
            if (rule != null && rules != null && rules.rule(rule) == null) {
                problem(f.get("rule").getValueNode(), "no rule " + rule + " in the rule files");
            }
            String device = opt(f, "device", null);
            if (device != null && !device.isEmpty() && inventory.device(device) == null) {
                problem(f.get("device").getValueNode(), "unknown device '" + device + "' (not in the inventory)");
            }
            String branch = opt(f, "branch", null);
            if (branch != null && inventory.branch(branch) == null) {
                problem(f.get("branch").getValueNode(), "unknown branch '" + branch + "' (not in the inventory)");
            }
            String county = opt(f, "county", null);
            if (county != null && inventory.county(county) == null) {
                problem(f.get("county").getValueNode(), "unknown county '" + county + "' (not in the inventory)");
            }
            Labels labels = labels(f.get("labels"));
            AlertState state = null;
            if (f.containsKey("state")) {
                String t = text(f.get("state").getValueNode(), "'state'");
                try {
                    state = t == null ? null : AlertState.parse(t);
                } catch (IllegalArgumentException e) {
                    problem(f.get("state").getValueNode(), e.getMessage());
                }
                if (state != null && !resolved && state != AlertState.PENDING && state != AlertState.FIRING) {
                    problem(f.get("state").getValueNode(), "an active alert is pending or firing, not " + state.wireName());
                    state = null;
                }
                if (state != null && resolved && state != AlertState.RESOLVED) {
                    problem(f.get("state").getValueNode(), "an alert under 'resolved' is resolved; leave 'state' out");
                    state = null;
                }
            }
            Severity severity = null;
            if (f.containsKey("severity")) {
                String t = text(f.get("severity").getValueNode(), "'severity'");
                try {
                    severity = t == null ? null : Severity.parse(t);
                } catch (IllegalArgumentException e) {
                    problem(f.get("severity").getValueNode(), e.getMessage());
                }
            }
            String groupedUnder = f.containsKey("grouped_under") ? textOrEmpty(f.get("grouped_under").getValueNode()) : null;
            Double value = f.containsKey("value") ? number(f.get("value").getValueNode(), "'value'") : null;
            if (f.isEmpty()) {
                problem(m, "an expected alert names at least its 'rule'");
            }
            out.add(new ExpectedAlert(line(m), rule, device, labels == null ? Map.of() : labels.asMap(), branch, county,
                    state, severity, groupedUnder, value));
        }
        return out;
    }

    private String device(Map<String, NodeTuple> f, Node owner, Inventory inventory) {
        String device = required(f, "device", owner);
        if (device != null && inventory.device(device) == null) {
            problem(f.get("device").getValueNode(), "unknown device '" + device + "' (not in the inventory)");
            return null;
        }
        return device;
    }

    private Long at(Map<String, NodeTuple> f, Node owner) {
        NodeTuple t = f.get("at");
        if (t == null) {
            problem(owner, "'at' is required (a time after the start, e.g. 90s)");
            return null;
        }
        return duration(t.getValueNode(), "'at'");
    }

    // ── YAML nodes ────────────────────────────────────────────────────────────────────────────

    private Map<String, NodeTuple> fields(MappingNode map, Set<String> known, String what) {
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode key)) {
                problem(t.getKeyNode(), "field names must be plain text");
                continue;
            }
            String name = key.getValue();
            if (!known.contains(name)) {
                problem(key, "unknown " + what + " '" + name + "'; known: " + String.join(", ", new TreeSet<>(known)));
                continue;
            }
            if (out.put(name, t) != null) {
                problem(key, "field '" + name + "' given twice");
            }
        }
        return out;
    }

    /** The mappings of a list field; problems for the rest. */
    private List<MappingNode> items(NodeTuple field, String what) {
        if (field == null || isNull(field.getValueNode())) {
            return List.of();
        }
        SequenceNode list = sequence(field.getValueNode(), what);
        if (list == null) {
            return List.of();
        }
        List<MappingNode> out = new ArrayList<>();
        for (Node n : list.getValue()) {
            MappingNode m = mapping(n, "each entry of " + what, "a mapping");
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

    private SequenceNode sequence(Node node, String what) {
        if (node instanceof SequenceNode s) {
            return s;
        }
        problem(node, what + " must be a list");
        return null;
    }

    private MappingNode mapping(Node node, String what, String shape) {
        if (node instanceof MappingNode m) {
            return m;
        }
        problem(node, what + " must be a mapping (" + shape + ")");
        return null;
    }

    private Labels labels(NodeTuple field) {
        if (field == null || isNull(field.getValueNode())) {
            return Labels.EMPTY;
        }
        MappingNode m = mapping(field.getValueNode(), "'" + ((ScalarNode) field.getKeyNode()).getValue() + "'",
                "{name: \"value\", ...}");
        if (m == null) {
            return null;
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        boolean ok = true;
        for (NodeTuple t : m.getValue()) {
            String k = text(t.getKeyNode(), "a label name");
            String v = textOrEmpty(t.getValueNode());
            if (k == null || v == null) {
                ok = false;
            } else if (pairs.put(k, v) != null) {
                problem(t.getKeyNode(), "label '" + k + "' given twice");
                ok = false;
            }
        }
        return ok ? Labels.of(pairs) : null;
    }

    private String required(Map<String, NodeTuple> f, String name, Node owner) {
        NodeTuple t = f.get(name);
        if (t == null) {
            problem(owner, "'" + name + "' is required");
            return null;
        }
        String s = text(t.getValueNode(), "'" + name + "'");
        if (s != null && s.isBlank()) {
            problem(t.getValueNode(), "'" + name + "' is empty");
            return null;
        }
        return s == null ? null : s.trim();
    }

    private String opt(Map<String, NodeTuple> f, String name, String dflt) {
        NodeTuple t = f.get(name);
        if (t == null) {
            return dflt;
        }
        String s = textOrEmpty(t.getValueNode());
        return s == null ? dflt : s;
    }

    private String text(Node node, String what) {
        if (node instanceof ScalarNode s && !isNull(s)) {
            return s.getValue();
        }
        problem(node, what + " must be text");
        return null;
    }

    /** A scalar's text, "" for an explicit null (`device: ""` and `device:` alike). */
    private String textOrEmpty(Node node) {
        if (node instanceof ScalarNode s) {
            return isNull(s) ? "" : s.getValue();
        }
        problem(node, "expected text, not a " + (node instanceof MappingNode ? "mapping" : "list"));
        return null;
    }

    private Long duration(Node node, String what) {
        String t = text(node, what);
        if (t == null) {
            return null;
        }
        if (t.trim().equals("0")) {
            return 0L;
        }
        try {
            return Durations.parseMillis(t);
        } catch (IllegalArgumentException e) {
            problem(node, what + ": " + e.getMessage());
            return null;
        }
    }

    private Double number(Node node, String what) {
        String t = text(node, what);
        if (t == null) {
            return null;
        }
        String s = t.trim();
        switch (s) {
            case ".nan", ".NaN", "NaN" -> {
                return Double.NaN;
            }
            case ".inf", "+.inf", ".Inf", "+Inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-.inf", "-.Inf", "-Inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
            }
        }
        try {
            if (!s.matches("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?")) {
                throw new NumberFormatException();
            }
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            problem(node, what + " must be a number, not '" + t + "'");
            return null;
        }
    }

    private boolean bool(Node node, String what) {
        String t = text(node, what);
        if ("true".equals(t)) {
            return true;
        }
        if (t != null && !"false".equals(t)) {
            problem(node, what + " is true or false, not '" + t + "'");
        }
        return false;
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    private static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    private void problem(Node node, String message) {
        problems.add(new RuleProblem(source, line(node), message));
    }

    private InvalidTestFileException fail(RuleProblem p) {
        return new InvalidTestFileException(List.of(p));
    }

}
