package org.didban.collector.fiber;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.didban.model.County;
import org.didban.model.Inventory;
import org.didban.model.Province;
import org.didban.yaml.SafeYaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads {@code fiber-deadlines.yaml} (docs/FIBER.md) through {@link SafeYaml}: composed into
 * nodes, never constructed into objects; tags refused, aliases not allowed, every value checked
 * with its line, and every problem of a file reported together in one
 * {@link InvalidFiberDeadlinesException}; a file with any problem sets no deadline.
 *
 * <pre>
 * timezone: Asia/Tehran      # optional; which day "today" is
 * national: 1404/06/31       # required: the default for every branch
 * provinces:                 # optional, by province code
 *   THR: 1404/05/31
 * counties:                  # optional, by county code; wins over its province's
 *   THR-02: 1404/08/30
 * </pre>
 *
 * <p>Dates are Solar Hijri {@code YYYY/MM/DD} (or with '-', Latin or Persian digits), converted by
 * ICU4J; a year from 1700 on is Gregorian. A day the calendar does not have is refused.
 */
public final class FiberDeadlinesReader {
    /** A national file has a few hundred entries; a larger one is refused before parsing. */
    public static final int MAX_FILE_CHARS = 1 << 20;
    private static final SafeYaml.Limits LIMITS = new SafeYaml.Limits(MAX_FILE_CHARS, 0, 8);
    private static final Set<String> FIELDS = Set.of("timezone", "national", "provinces", "counties");
    private static final Pattern CODE = Pattern.compile("[0-9A-Za-z][0-9A-Za-z_.-]{0,63}");

    private final Set<String> provinces;
    private final Set<String> counties;

    /** A reader that takes any well-formed province and county code. */
    public FiberDeadlinesReader() {
        this.provinces = null;
        this.counties = null;
    }

    /** A reader that refuses province and county codes outside these. */
    public FiberDeadlinesReader(Set<String> provinceCodes, Set<String> countyCodes) {
        this.provinces = Set.copyOf(provinceCodes);
        this.counties = Set.copyOf(countyCodes);
    }

    /** A reader that refuses province and county codes the inventory does not have. */
    public static FiberDeadlinesReader against(Inventory inventory) {
        return new FiberDeadlinesReader(
                inventory.provinces().stream().map(Province::code).collect(Collectors.toSet()),
                inventory.counties().stream().map(County::code).collect(Collectors.toSet()));
    }

    /** Reads a file. Blocking: call it from a worker thread. */
    public FiberDeadlines read(Path file) throws InvalidFiberDeadlinesException, IOException {
        // checked before reading, so a huge file is refused without being loaded; 4 bytes a character at most
        if (Files.size(file) > 4L * MAX_FILE_CHARS) {
            throw tooLarge(file.toString());
        }
        return read(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    public FiberDeadlines readResource(String resource) throws InvalidFiberDeadlinesException, IOException {
        try (InputStream in = FiberDeadlinesReader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no such resource " + resource);
            }
            byte[] bytes = in.readNBytes(4 * MAX_FILE_CHARS + 1);
            if (bytes.length > 4 * MAX_FILE_CHARS) {
                throw tooLarge(resource);
            }
            return read(new String(bytes, StandardCharsets.UTF_8), resource);
        }
    }

    /** Reads text; {@code source} names it in problems. */
    public FiberDeadlines read(String text, String source) throws InvalidFiberDeadlinesException {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1); // a BOM that an editor on Windows put there
        }
        Node root;
        try {
            root = SafeYaml.compose(text, LIMITS);
        } catch (SafeYaml.Invalid e) {
            throw new InvalidFiberDeadlinesException(List.of(new FiberDeadlineProblem(source, e.line(), e.getMessage())));
        }
        return new Reading(source).deadlines(root);
    }

    private static InvalidFiberDeadlinesException tooLarge(String source) {
        return new InvalidFiberDeadlinesException(List.of(new FiberDeadlineProblem(source, 1,
                "file is larger than " + MAX_FILE_CHARS + " characters")));
    }

    /** One file being read: where it came from, and what is wrong with it so far. */
    private final class Reading {
        private final String source;
        private final List<FiberDeadlineProblem> problems = new ArrayList<>();

        Reading(String source) {
            this.source = source;
        }

        FiberDeadlines deadlines(Node root) throws InvalidFiberDeadlinesException {
            if (root == null) {
                throw new InvalidFiberDeadlinesException(List.of(new FiberDeadlineProblem(source, 1,
                        "the file is empty; it needs at least 'national: YYYY/MM/DD'")));
            }
            refuseTags(root, Collections.newSetFromMap(new IdentityHashMap<>()));
            if (!(root instanceof MappingNode)) {
                problems.add(problem(root, "expected a mapping with 'national' and optional 'provinces', 'counties', 'timezone'"));
                throw new InvalidFiberDeadlinesException(problems);
            }
            MappingNode top = (MappingNode) root;
            Map<String, NodeTuple> f = fields(top);
            ZoneId zone = FiberDeadlines.DEFAULT_ZONE;
            NodeTuple zoneField = f.get("timezone");
            if (zoneField != null) {
                String z = text(zoneField.getValueNode(), "'timezone'");
                if (z != null) {
                    if (ZoneId.getAvailableZoneIds().contains(z.strip())) {
                        zone = ZoneId.of(z.strip());
                    } else {
                        problems.add(problem(zoneField.getValueNode(), "'timezone': '" + z.strip()
                                + "' is not an IANA time zone name such as Asia/Tehran"));
                    }
                }
            }
            LocalDate national = null;
            NodeTuple nationalField = f.get("national");
            if (nationalField == null) {
                problems.add(problem(top, "'national' is required: the deadline for every branch that no province"
                        + " or county entry covers, e.g. 'national: 1404/06/31'"));
            } else {
                national = date(nationalField.getValueNode(), "'national'");
            }
            Map<String, LocalDate> byProvince = overrides(f.get("provinces"), "province", provinces);
            Map<String, LocalDate> byCounty = overrides(f.get("counties"), "county", counties);
            if (!problems.isEmpty()) {
                problems.sort(Comparator.comparingInt(FiberDeadlineProblem::line));
                throw new InvalidFiberDeadlinesException(problems);
            }
            return new FiberDeadlines(zone, national, byProvince, byCounty);
        }

        /** A {@code code: date} mapping; each code well-formed, known when a set is given, and given once. */
        private Map<String, LocalDate> overrides(NodeTuple field, String what, Set<String> known) {
            Map<String, LocalDate> out = new LinkedHashMap<>();
            if (field == null) {
                return out;
            }
            Node value = field.getValueNode();
            if (value instanceof ScalarNode && ((ScalarNode) value).getValue().isBlank()) {
                return out; // "provinces:" with nothing under it
            }
            if (!(value instanceof MappingNode)) {
                problems.add(problem(value, "'" + what + "s' must map " + what + " codes to dates, e.g. "
                        + (what.equals("province") ? "THR: 1404/05/31" : "THR-02: 1404/08/30")));
                return out;
            }
            Map<String, Integer> lines = new LinkedHashMap<>();
            for (NodeTuple t : ((MappingNode) value).getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode)) {
                    problems.add(problem(t.getKeyNode(), what + " codes must be plain text"));
                    continue;
                }
                String code = ((ScalarNode) t.getKeyNode()).getValue().strip();
                LocalDate d = date(t.getValueNode(), what + " " + code);
                if (!CODE.matcher(code).matches()) {
                    problems.add(problem(t.getKeyNode(), "'" + code + "' is not a " + what
                            + " code (letters, digits, '-', '_', '.')"));
                    continue;
                }
                Integer first = lines.putIfAbsent(code, line(t.getKeyNode()));
                if (first != null) {
                    problems.add(problem(t.getKeyNode(), what + " " + code + " given twice (first on line " + first + ")"));
                    continue;
                }
                if (known != null && !known.contains(code)) {
                    problems.add(problem(t.getKeyNode(), "no " + what + " '" + code + "' in the inventory"));
                    continue;
                }
                if (d != null) {
                    out.put(code, d);
                }
            }
            return out;
        }

        private LocalDate date(Node node, String what) {
            String t = text(node, what);
            if (t == null) {
                return null;
            }
            try {
                return FiberDates.parse(t);
            } catch (IllegalArgumentException e) {
                problems.add(problem(node, what + ": " + e.getMessage()));
                return null;
            }
        }

        private String text(Node node, String what) {
            if (!(node instanceof ScalarNode)) {
                problems.add(problem(node, what + " must be text, not a list or mapping"));
                return null;
            }
            String v = ((ScalarNode) node).getValue();
            if (v.isBlank()) {
                problems.add(problem(node, what + " is empty"));
                return null;
            }
            return v;
        }

        /** The top mapping's fields by name; unknown, duplicate and non-text names are reported. */
        private Map<String, NodeTuple> fields(MappingNode map) {
            Map<String, NodeTuple> out = new LinkedHashMap<>();
            for (NodeTuple t : map.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode)) {
                    problems.add(problem(t.getKeyNode(), "field names must be plain text"));
                    continue;
                }
                String name = ((ScalarNode) t.getKeyNode()).getValue();
                if (!FIELDS.contains(name)) {
                    problems.add(problem(t.getKeyNode(), "unknown field '" + name + "'; known: "
                            + String.join(", ", new TreeSet<>(FIELDS))));
                } else if (out.containsKey(name)) {
                    problems.add(problem(t.getKeyNode(), "field '" + name + "' given twice (first on line "
                            + line(out.get(name).getKeyNode()) + ")"));
                } else {
                    out.put(name, t);
                }
            }
            return out;
        }

        /** Only YAML's own types: a tag asks a loader to build something, and this file holds only text. */
        private void refuseTags(Node node, Set<Node> seen) {
            if (!seen.add(node)) {
                return;
            }
            if (!node.getTag().getValue().startsWith(Tag.PREFIX)) {
                problems.add(problem(node, "tag " + node.getTag().getValue() + " is not allowed"));
            }
            if (node instanceof MappingNode) {
                for (NodeTuple t : ((MappingNode) node).getValue()) {
                    refuseTags(t.getKeyNode(), seen);
                    refuseTags(t.getValueNode(), seen);
                }
            } else if (node instanceof SequenceNode) {
                for (Node n : ((SequenceNode) node).getValue()) {
                    refuseTags(n, seen);
                }
            }
        }

        private FiberDeadlineProblem problem(Node node, String message) {
            return new FiberDeadlineProblem(source, line(node), message);
        }
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
    }
}
