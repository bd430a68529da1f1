package org.didban.rules.calendar;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.didban.model.ElectionPhase;
import org.didban.yaml.SafeYaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads an election calendar file (docs/CALENDAR.md). As with rule files, YAML is composed into
 * nodes, never constructed into objects, so a file cannot instantiate anything; tags are refused,
 * aliases are capped, every field is checked with its line, and all problems of a file are
 * reported together in one {@link InvalidCalendarException}:
 *
 * <pre>
 * timezone: Asia/Tehran
 * elections:
 *   - id: 1405-presidential
 *     title: {en: 14th presidential election, fa: چهاردهمین انتخابات ریاست جمهوری}
 *     phases:
 *       - {phase: voting, from: 1405-04-08 08:00, to: 1405-04-08 18:00}
 * </pre>
 *
 * <p>Dates are {@code YYYY-MM-DD} (00:00) or {@code YYYY-MM-DD HH:MM}, local time in
 * {@code timezone}. A year below {@value #FIRST_GREGORIAN_YEAR} is Solar Hijri (Jalali), converted
 * by ICU4J; from {@value #FIRST_GREGORIAN_YEAR} on it is Gregorian.
 */
public final class ElectionCalendarReader {
    /** Calendar files are small; a larger one is refused before parsing. */
    public static final int MAX_FILE_CHARS = 1 << 16;
    /** Years from this one on are Gregorian; years below are Solar Hijri. */
    public static final int FIRST_GREGORIAN_YEAR = 1700;

    private static final Pattern DATE = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})(?: (\\d{2}):(\\d{2}))?");
    private static final Pattern ID = Pattern.compile("[0-9A-Za-z][0-9A-Za-z_-]{0,63}");
    private static final Set<String> TOP_FIELDS = Set.of("timezone", "elections");
    private static final Set<String> ELECTION_FIELDS = Set.of("id", "title", "phases");
    private static final Set<String> PHASE_FIELDS = Set.of("phase", "from", "to");

    public ElectionCalendar read(Path file) throws InvalidCalendarException, IOException {
        // Checked before reading, so a huge file is refused without being loaded into memory;
        // four bytes per character at most in UTF-8.
        if (Files.size(file) > 4L * MAX_FILE_CHARS) {
            throw tooLarge(file.toString());
        }
        return read(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    public ElectionCalendar readResource(String resource) throws InvalidCalendarException, IOException {
        try (InputStream in = ElectionCalendarReader.class.getResourceAsStream(resource)) {
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

    /** Reads calendar text; {@code source} names it in problems. */
    public ElectionCalendar read(String text, String source) throws InvalidCalendarException {
        Node root;
        try {
            root = SafeYaml.compose(text, new SafeYaml.Limits(MAX_FILE_CHARS, 10, 20));
        } catch (SafeYaml.Invalid e) {
            throw new InvalidCalendarException(List.of(new CalendarProblem(source, e.line(), e.getMessage())));
        }
        return new Reading(source).calendar(root);
    }

    private static InvalidCalendarException tooLarge(String source) {
        return new InvalidCalendarException(List.of(new CalendarProblem(source, 1,
                "file is larger than " + MAX_FILE_CHARS + " characters")));
    }


    /** One file being read: where it came from, and what is wrong with it so far. */
    private static final class Reading {
        private final String source;
        private final List<CalendarProblem> problems = new ArrayList<>();

        Reading(String source) {
            this.source = source;
        }

        ElectionCalendar calendar(Node root) throws InvalidCalendarException {
            if (root == null) {
                throw new InvalidCalendarException(List.of(new CalendarProblem(source, 1, "the file is empty")));
            }
            refuseTags(root, Collections.newSetFromMap(new IdentityHashMap<>()));
            if (!(root instanceof MappingNode top)) {
                problems.add(problem(root, "expected a mapping with 'timezone' and an 'elections' list"));
                throw new InvalidCalendarException(problems);
            }
            Map<String, NodeTuple> f = fields(top, TOP_FIELDS, "");
            ZoneId zone = ElectionCalendar.DEFAULT_ZONE;
            String zoneText = scalar(f, "timezone", false, top, "");
            if (zoneText != null) {
                zone = zone(zoneText.trim(), f.get("timezone").getValueNode());
            }
            List<Located> elections = new ArrayList<>();
            NodeTuple list = f.get("elections");
            if (list == null) {
                problems.add(problem(top, "no 'elections' list (write 'elections: []' for none)"));
            } else if (!(list.getValueNode() instanceof SequenceNode seq)) {
                problems.add(problem(list.getValueNode(), "'elections' must be a list"));
            } else if (zone != null) {
                Map<String, Node> ids = new HashMap<>();
                for (Node item : seq.getValue()) {
                    Located e = election(item, zone);
                    if (e == null) {
                        continue;
                    }
                    Node first = ids.putIfAbsent(e.election.id(), item);
                    if (first != null) {
                        problems.add(problem(item, "election id " + e.election.id() + " given twice (first on line "
                                + line(first) + ")"));
                    } else {
                        elections.add(e);
                    }
                }
                elections.sort(Comparator.comparingLong(l -> l.election.fromMillis()));
                for (int i = 1; i < elections.size(); i++) {
                    Located before = elections.get(i - 1);
                    Located e = elections.get(i);
                    if (e.election.fromMillis() < before.election.toMillis()) {
                        problems.add(problem(e.node, "election " + e.election.id() + " overlaps election "
                                + before.election.id() + " (line " + line(before.node) + "): it begins before that one's '"
                                + before.election.phases().get(before.election.phases().size() - 1).phase().wireName()
                                + "' ends"));
                    }
                }
            }
            if (!problems.isEmpty()) {
                problems.sort(Comparator.comparingInt(CalendarProblem::line));
                throw new InvalidCalendarException(problems);
            }
            try {
                return ElectionCalendar.of(zone, elections.stream().map(l -> l.election).toList());
            } catch (IllegalArgumentException e) {
                throw new InvalidCalendarException(List.of(new CalendarProblem(source, 1, e.getMessage())));
            }
        }

        private ZoneId zone(String text, Node node) {
            if (!ZoneId.getAvailableZoneIds().contains(text)) {
                problems.add(problem(node, "'timezone': '" + text
                        + "' is not an IANA time zone name such as Asia/Tehran"));
                return null;
            }
            return ZoneId.of(text);
        }

        private Located election(Node node, ZoneId zone) {
            if (!(node instanceof MappingNode map)) {
                problems.add(problem(node, "each election must be a mapping with 'id', 'title' and 'phases'"));
                return null;
            }
            int before = problems.size();
            Map<String, NodeTuple> f = fields(map, ELECTION_FIELDS, "election: ");
            String id = scalar(f, "id", true, map, "election: ");
            if (id != null && !ID.matcher(id).matches()) {
                problems.add(problem(f.get("id").getValueNode(), "election id '" + id
                        + "' must be letters, digits, '-' and '_', like 1405-presidential"));
            }
            String where = id == null ? "election: " : "election " + id + ": ";
            String titleEn = null;
            String titleFa = null;
            NodeTuple title = f.get("title");
            if (title == null) {
                problems.add(problem(map, where + "'title' with 'en' and 'fa' is required"));
            } else if (!(title.getValueNode() instanceof MappingNode titleMap)) {
                problems.add(problem(title.getValueNode(), where + "'title' must have 'en' and 'fa'"));
            } else {
                Map<String, NodeTuple> t = fields(titleMap, Set.of("en", "fa"), where + "title: ");
                titleEn = scalar(t, "en", true, titleMap, where + "title: ");
                titleFa = scalar(t, "fa", true, titleMap, where + "title: ");
            }
            List<PhasePeriod> phases = new ArrayList<>();
            NodeTuple phaseList = f.get("phases");
            if (phaseList == null) {
                problems.add(problem(map, where + "'phases' is required"));
            } else if (!(phaseList.getValueNode() instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
                problems.add(problem(phaseList.getValueNode(), where + "'phases' must be a list of at least one phase"));
            } else {
                PhasePeriod previous = null;
                for (Node item : seq.getValue()) {
                    PhasePeriod p = phase(item, zone, where);
                    if (p == null) {
                        previous = null; // nothing sound to compare the next one with
                        continue;
                    }
                    if (previous != null) {
                        if (p.fromMillis() < previous.toMillis()) {
                            problems.add(problem(item, where + p.phase().wireName() + " begins before "
                                    + previous.phase().wireName() + " ends; phases are listed in order and do not overlap"));
                        } else if (p.phase().ordinal() <= previous.phase().ordinal()) {
                            problems.add(problem(item, where + p.phase().wireName() + " cannot follow "
                                    + previous.phase().wireName() + "; phases go preparation, opening_ceremony, voting,"
                                    + " closing_ceremony, count, closed, each at most once"));
                        }
                    }
                    phases.add(p);
                    previous = p;
                }
            }
            if (problems.size() > before) {
                return null;
            }
            return new Located(new Election(id, titleEn, titleFa, phases), node);
        }

        private PhasePeriod phase(Node node, ZoneId zone, String where) {
            if (!(node instanceof MappingNode map)) {
                problems.add(problem(node, where + "each phase must be a mapping with 'phase', 'from' and 'to'"));
                return null;
            }
            int before = problems.size();
            // The phase names the others' problems, so it is looked up first.
            String written = map.getValue().stream()
                    .filter(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("phase"))
                    .map(t -> t.getValueNode() instanceof ScalarNode v ? v.getValue().trim() : "")
                    .findFirst().orElse("");
            Map<String, NodeTuple> f = fields(map, PHASE_FIELDS,
                    where + (written.matches("[a-z_]{1,30}") ? written + ": " : ""));
            String name = scalar(f, "phase", true, map, where);
            ElectionPhase phase = null;
            if (name != null) {
                try {
                    phase = ElectionPhase.parse(name);
                    if (phase == ElectionPhase.NONE) {
                        problems.add(problem(f.get("phase").getValueNode(), where
                                + "'none' is not written; it is any time no phase covers, so leave a gap"));
                        phase = null;
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(problem(f.get("phase").getValueNode(), where + e.getMessage()));
                }
            }
            String what = where + (phase == null ? "" : phase.wireName() + ": ");
            Long from = instant(f, "from", map, zone, what);
            Long to = instant(f, "to", map, zone, what);
            if (from != null && to != null && to <= from) {
                problems.add(problem(f.get("to").getValueNode(), what + "'to' must be after 'from'"));
            }
            if (problems.size() > before || phase == null || from == null || to == null) {
                return null;
            }
            return new PhasePeriod(phase, from, to);
        }

        /** A local date (and time) in {@code zone}, as UTC epoch milliseconds. */
        private Long instant(Map<String, NodeTuple> f, String name, MappingNode owner, ZoneId zone, String where) {
            String text = scalar(f, name, true, owner, where);
            if (text == null) {
                return null;
            }
            Node at = f.get(name).getValueNode();
            Matcher m = DATE.matcher(text.trim());
            if (!m.matches()) {
                problems.add(problem(at, where + "'" + name + "': '" + text
                        + "' is not a date like 1405-04-08 or 1405-04-08 08:00 (YYYY-MM-DD or YYYY-MM-DD HH:MM)"));
                return null;
            }
            int year = Integer.parseInt(m.group(1));
            int month = Integer.parseInt(m.group(2));
            int day = Integer.parseInt(m.group(3));
            LocalTime time = LocalTime.MIDNIGHT;
            if (m.group(4) != null) {
                int hour = Integer.parseInt(m.group(4));
                int minute = Integer.parseInt(m.group(5));
                if (hour > 23 || minute > 59) {
                    problems.add(problem(at, where + "'" + name + "': " + m.group(4) + ":" + m.group(5)
                            + " is not a time of day (00:00 to 23:59; for midnight at the end of a day write the next day)"));
                    return null;
                }
                time = LocalTime.of(hour, minute);
            }
            if (year < 1000) {
                problems.add(problem(at, where + "'" + name + "': year " + m.group(1) + " is not a plausible year"));
                return null;
            }
            LocalDate date;
            try {
                date = year < FIRST_GREGORIAN_YEAR ? JalaliDates.toGregorian(year, month, day) : LocalDate.of(year, month, day);
            } catch (IllegalArgumentException | DateTimeException e) {
                String calendar = year < FIRST_GREGORIAN_YEAR ? "Solar Hijri" : "Gregorian";
                String why = month < 1 || month > 12 ? "month " + month + " does not exist"
                        : "month " + month + " of " + year + " has no day " + day;
                problems.add(problem(at, where + "'" + name + "': " + text.trim() + " is not a " + calendar + " date: " + why
                        + " (years below " + FIRST_GREGORIAN_YEAR + " are Solar Hijri)"));
                return null;
            }
            LocalDateTime local = LocalDateTime.of(date, time);
            ZoneRules rules = zone.getRules();
            List<ZoneOffset> offsets = rules.getValidOffsets(local);
            if (offsets.size() != 1) {
                problems.add(problem(at, where + "'" + name + "': " + text.trim() + " "
                        + (offsets.isEmpty() ? "does not exist in " + zone + " (the clocks skipped it)"
                                : "happens twice in " + zone + " (the clocks went back); choose another time")));
                return null;
            }
            return local.toInstant(offsets.get(0)).toEpochMilli();
        }

        /** The mapping's fields by name; unknown, duplicate and non-text names are reported. */
        private Map<String, NodeTuple> fields(MappingNode map, Set<String> known, String where) {
            Map<String, NodeTuple> out = new LinkedHashMap<>();
            for (NodeTuple t : map.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode key)) {
                    problems.add(problem(t.getKeyNode(), where + "field names must be plain text"));
                    continue;
                }
                String name = key.getValue();
                if (!known.contains(name)) {
                    problems.add(problem(key, where + "unknown field '" + name + "'; known: "
                            + String.join(", ", new TreeSet<>(known))));
                } else if (out.containsKey(name)) {
                    problems.add(problem(key, where + "field '" + name + "' given twice"));
                } else {
                    out.put(name, t);
                }
            }
            return out;
        }

        private String scalar(Map<String, NodeTuple> f, String name, boolean required, Node owner, String where) {
            NodeTuple t = f.get(name);
            if (t == null) {
                if (required) {
                    problems.add(problem(owner, where + "'" + name + "' is required"));
                }
                return null;
            }
            if (!(t.getValueNode() instanceof ScalarNode s)) {
                problems.add(problem(t.getValueNode(), where + "'" + name + "' must be text"));
                return null;
            }
            if (s.getValue().isBlank()) {
                problems.add(problem(s, where + "'" + name + "' is empty"));
                return null;
            }
            return s.getValue();
        }

        /**
         * Only YAML's own types may be named: a tag asks a loader to build something, and this
         * file only ever holds text, lists and mappings. (Global tags are already refused by the
         * parser; this catches local ones such as {@code !thing}.)
         */
        private void refuseTags(Node node, Set<Node> seen) {
            if (!seen.add(node)) {
                return; // an alias to a node already looked at, perhaps one that contains itself
            }
            if (!node.getTag().getValue().startsWith(Tag.PREFIX)) {
                problems.add(problem(node, "tag " + node.getTag().getValue() + " is not allowed"));
            }
            if (node instanceof MappingNode map) {
                for (NodeTuple t : map.getValue()) {
                    refuseTags(t.getKeyNode(), seen);
                    refuseTags(t.getValueNode(), seen);
                }
            } else if (node instanceof SequenceNode seq) {
                for (Node n : seq.getValue()) {
                    refuseTags(n, seen);
                }
            }
        }

        private CalendarProblem problem(Node node, String message) {
            return new CalendarProblem(source, line(node), message);
        }

        private static int line(Node node) {
            return node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
        }
    }

    /** An election with the node it was read from, for pointing at it. */
    private record Located(Election election, Node node) {
    }
}
