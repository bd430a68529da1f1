package org.didban.collector.people;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.didban.collector.alerts.AlertChange;
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
 * Reads the people file: who may use the API, in which role, over which area, the SHA-256 of
 * their bearer token and the BCrypt hash of their console password (one of the two, or both).
 * Read through {@link SafeYaml} (composed, never constructed; bounded),
 * with no anchors, aliases or explicit tags. Every problem is reported with file and line, all
 * in one pass; a file with any problem loads nobody.
 *
 * <pre>
 * people:
 *   - name: Sara Ahmadi
 *     role: county            # hq | province | county | planner | admin
 *     county: "2301"          # county IT: their county; province officer: province: "23"
 *     token-sha256: 3f5c…     # hex SHA-256 of their token (didban people token)
 *     password-bcrypt: "$2b$12$…"   # their console password's hash (didban people password)
 *   - name: Old Account
 *     role: hq
 *     token-sha256: 9a0b…
 *     disabled: true          # refused at the door, kept for the record
 * </pre>
 */
public final class PeopleFileReader {
    /** A national people file is a few thousand entries; a larger file is refused before parsing. */
    public static final int MAX_FILE_CHARS = 1 << 22;
    public static final int MAX_NAME_CHARS = 100;
    private static final int MAX_CODE_CHARS = 64;
    private static final SafeYaml.Limits LIMITS = new SafeYaml.Limits(MAX_FILE_CHARS, 0, 8);
    private static final Set<String> FIELDS = Set.of("name", "role", "province", "county", "token-sha256", "password-bcrypt",
            "disabled");
    private static final Set<Tag> PLAIN_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL,
            Tag.TIMESTAMP, Tag.SEQ, Tag.MAP);
    /** SHA-256 of the empty string: a token nobody can present (and a sign of a copy-paste slip). */
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private final Set<String> provinces;
    private final Set<String> counties;

    /** A reader that takes any well-formed province and county code. */
    public PeopleFileReader() {
        this.provinces = null;
        this.counties = null;
    }

    /** A reader that refuses province and county codes outside these. */
    public PeopleFileReader(Set<String> provinceCodes, Set<String> countyCodes) {
        this.provinces = Set.copyOf(provinceCodes);
        this.counties = Set.copyOf(countyCodes);
    }

    /** A reader that refuses province and county codes the inventory does not have. */
    public static PeopleFileReader against(Inventory inventory) {
        return new PeopleFileReader(
                inventory.provinces().stream().map(Province::code).collect(Collectors.toSet()),
                inventory.counties().stream().map(County::code).collect(Collectors.toSet()));
    }

    /** Blocking: reads the file. */
    public People read(Path file) throws InvalidPeopleException, IOException {
        // Checked before reading, so a huge file is refused without being loaded; at most four
        // bytes per character in UTF-8.
        if (Files.size(file) > 4L * MAX_FILE_CHARS) {
            throw new InvalidPeopleException(List.of(new PeopleProblem(file.toString(), 1,
                    "file is larger than " + MAX_FILE_CHARS + " characters")));
        }
        return read(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** {@code source} names the text in problems, usually its file. */
    public People read(String text, String source) throws InvalidPeopleException {
        Objects.requireNonNull(text, "text");
        Node root;
        try {
            root = SafeYaml.compose(text, LIMITS);
        } catch (SafeYaml.Invalid e) {
            throw new InvalidPeopleException(List.of(new PeopleProblem(source, e.line(), e.getMessage())));
        }
        List<PeopleProblem> problems = new ArrayList<>();
        if (!(root instanceof MappingNode)) {
            throw new InvalidPeopleException(List.of(new PeopleProblem(source, 1,
                    "expected a mapping with a 'people' list")));
        }
        MappingNode top = (MappingNode) root;
        if (!plain(top, source, problems)) {
            throw new InvalidPeopleException(problems);
        }
        Map<String, NodeTuple> fields = fields(top, source, problems);
        for (Map.Entry<String, NodeTuple> f : fields.entrySet()) {
            if (!f.getKey().equals("people")) {
                problems.add(at(source, f.getValue().getKeyNode(), "unknown top-level field '" + f.getKey()
                        + "'; the file holds one 'people' list"));
            }
        }
        List<Read> read = new ArrayList<>();
        NodeTuple list = fields.get("people");
        if (list == null) {
            problems.add(new PeopleProblem(source, 1, "no 'people' list"));
        } else if (list.getValueNode() instanceof SequenceNode) {
            for (Node item : ((SequenceNode) list.getValueNode()).getValue()) {
                Read r = readEntry(item, source, problems);
                if (r != null) {
                    read.add(r);
                }
            }
        } else if (!isNull(list.getValueNode())) {
            problems.add(at(source, list.getValueNode(), "'people' must be a list"));
        }
        checkUnique(read, source, problems);
        if (!problems.isEmpty()) {
            problems.sort((a, b) -> Integer.compare(a.line(), b.line()));
            throw new InvalidPeopleException(problems);
        }
        return People.of(read.stream().map(Read::account).collect(Collectors.toList()));
    }

    /** What an entry gave: its name and token hash when well-formed (for the uniqueness checks), and the account when all of it was. */
    private record Read(String name, String hash, int line, Account account) {
    }

    private Read readEntry(Node node, String source, List<PeopleProblem> problems) {
        if (!(node instanceof MappingNode)) {
            problems.add(at(source, node, "each person must be a mapping (name, role, token-sha256, …)"));
            return null;
        }
        MappingNode map = (MappingNode) node;
        int before = problems.size();
        Map<String, NodeTuple> f = fields(map, source, problems);
        for (Map.Entry<String, NodeTuple> e : f.entrySet()) {
            if (!FIELDS.contains(e.getKey())) {
                problems.add(at(source, e.getValue().getKeyNode(), "unknown field '" + e.getKey() + "'; known: "
                        + String.join(", ", new TreeSet<>(FIELDS))));
            }
        }
        String name = scalar(f, "name", map, source, problems);
        if (name != null) {
            String problem = nameProblem(name);
            if (problem != null) {
                problems.add(at(source, f.get("name").getValueNode(), problem));
                name = null;
            }
        }
        String who = name == null ? "person" : name;
        Role role = null;
        String roleText = scalar(f, "role", map, source, problems);
        if (roleText != null) {
            try {
                role = Role.parse(roleText);
            } catch (IllegalArgumentException e) {
                problems.add(at(source, f.get("role").getValueNode(), who + ": " + e.getMessage()));
            }
        }
        String area = role == null ? null : area(role, who, f, map, source, problems);
        boolean hasToken = f.containsKey("token-sha256");
        boolean hasPassword = f.containsKey("password-bcrypt");
        if (!hasToken && !hasPassword) {
            problems.add(at(source, map, who + ": needs 'token-sha256' (didban people token) or 'password-bcrypt'"
                    + " (didban people password), or both"));
        }
        String hash = hasToken ? scalar(f, "token-sha256", map, source, problems) : null;
        if (hash != null) {
            Node at = f.get("token-sha256").getValueNode();
            if (!PersonToken.isSha256Hex(hash)) {
                problems.add(at(source, at, who + ": token-sha256 must be 64 hexadecimal digits (the SHA-256 of the"
                        + " token, never the token itself); got " + hash.length() + " characters"));
                hash = null;
            } else if (hash.toLowerCase(Locale.ROOT).equals(EMPTY_SHA256)) {
                problems.add(at(source, at, who + ": token-sha256 is the hash of an empty token"));
                hash = null;
            }
        }
        String password = hasPassword ? scalar(f, "password-bcrypt", map, source, problems) : null;
        if (password != null) {
            String problem = PasswordHash.problem(password);
            if (problem != null) {
                // never quoted: a hash in a log or a ticket is something to guess offline
                problems.add(at(source, f.get("password-bcrypt").getValueNode(), who + ": " + problem));
                password = null;
            }
        }
        boolean disabled = false;
        NodeTuple d = f.get("disabled");
        if (d != null) {
            String v = d.getValueNode() instanceof ScalarNode ? ((ScalarNode) d.getValueNode()).getValue() : "";
            if (v.equals("true")) {
                disabled = true;
            } else if (!v.equals("false")) {
                problems.add(at(source, d.getValueNode(), who + ": 'disabled' must be true or false"));
            }
        }
        String lowerHash = hash == null ? null : hash.toLowerCase(Locale.ROOT);
        if (problems.size() > before || name == null || role == null || (hash == null && password == null)) {
            return new Read(name, lowerHash, line(map), null);
        }
        try {
            return new Read(name, lowerHash, line(map), new Account(new Person(name, role, area), hash, password,
                    disabled));
        } catch (IllegalArgumentException e) {
            problems.add(at(source, map, e.getMessage()));
            return new Read(name, lowerHash, line(map), null);
        }
    }

    /** The area the role needs ({@code province} or {@code county}), checked; "" for the national roles. */
    private String area(Role role, String who, Map<String, NodeTuple> f, MappingNode map, String source,
                        List<PeopleProblem> problems) {
        String needed = areaField(role);
        for (String field : List.of("province", "county")) {
            if (!field.equals(needed) && f.containsKey(field)) {
                problems.add(at(source, f.get(field).getKeyNode(), who + ": role " + role.wireName()
                        + (needed == null ? " covers the whole country" : " is scoped by '" + needed + "'")
                        + "; remove '" + field + "'"));
            }
        }
        if (needed == null) {
            return "";
        }
        NodeTuple t = f.get(needed);
        if (t == null) {
            problems.add(at(source, map, who + ": role " + role.wireName() + " needs '" + needed + "' (the code of their "
                    + needed + ")"));
            return null;
        }
        String code = scalar(f, needed, map, source, problems);
        if (code == null) {
            return null;
        }
        String problem = codeProblem(code);
        if (problem != null) {
            problems.add(at(source, t.getValueNode(), who + ": " + needed + " " + problem));
            return null;
        }
        Set<String> known = needed.equals("province") ? provinces : counties;
        if (known != null && !known.contains(code)) {
            problems.add(at(source, t.getValueNode(), who + ": no " + needed + " '" + code + "' in the inventory"));
            return null;
        }
        return code;
    }

    private static void checkUnique(List<Read> read, String source, List<PeopleProblem> problems) {
        Map<String, Read> names = new HashMap<>();
        Map<String, Read> hashes = new HashMap<>();
        for (Read r : read) {
            String who = r.name() == null ? "this person" : r.name();
            if (r.name() != null) {
                Read sameName = names.putIfAbsent(r.name().toLowerCase(Locale.ROOT), r);
                if (sameName != null) {
                    problems.add(new PeopleProblem(source, r.line(), "the name " + r.name() + " is already used on line "
                            + sameName.line() + " (names are compared ignoring case; the audit log records them)"));
                }
            }
            if (r.hash() != null) {
                Read sameHash = hashes.putIfAbsent(r.hash(), r);
                if (sameHash != null) {
                    problems.add(new PeopleProblem(source, r.line(), who + " has the same token-sha256 as the entry on line "
                            + sameHash.line() + "; every person needs their own token"));
                }
            }
        }
    }

    /** Null if {@code name} may name a person, else why not. */
    public static String nameProblem(String name) {
        if (name == null || name.isBlank()) {
            return "the name is empty";
        }
        if (!name.equals(name.strip())) {
            return "the name '" + name + "' starts or ends with spaces";
        }
        if (name.length() > MAX_NAME_CHARS) {
            return "the name is longer than " + MAX_NAME_CHARS + " characters";
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                return "the name contains a control character";
            }
        }
        if (name.equalsIgnoreCase(AlertChange.ENGINE)) {
            return "'" + name + "' is the name the rule engine signs its changes with; pick another";
        }
        return null;
    }

    /** Null if {@code code} is a well-formed province or county code, else why not. */
    static String codeProblem(String code) {
        if (code == null || code.isEmpty()) {
            return "code is empty";
        }
        if (code.length() > MAX_CODE_CHARS) {
            return "code is longer than " + MAX_CODE_CHARS + " characters";
        }
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                return "code '" + code + "' contains spaces or control characters";
            }
        }
        return null;
    }

    /** The field that holds the area of this role, or null for the national roles. */
    static String areaField(Role role) {
        switch (role) {
            case PROVINCE:
                return "province";
            case COUNTY:
                return "county";
            default:
                return null;
        }
    }

    /** Refuses anchors, aliases and explicit tags anywhere: a people file is plain data. */
    private static boolean plain(Node node, String source, List<PeopleProblem> problems) {
        if (node.getAnchor() != null) {
            problems.add(at(source, node, "anchors and aliases (&" + node.getAnchor()
                    + ") are not allowed in a people file; write each entry out"));
            return false;
        }
        if (!PLAIN_TAGS.contains(node.getTag())) {
            problems.add(at(source, node, "YAML tags (" + node.getTag() + ") are not allowed in a people file"));
            return false;
        }
        boolean ok = true;
        if (node instanceof MappingNode) {
            for (NodeTuple t : ((MappingNode) node).getValue()) {
                ok &= plain(t.getKeyNode(), source, problems);
                ok &= plain(t.getValueNode(), source, problems);
            }
        } else if (node instanceof SequenceNode) {
            for (Node item : ((SequenceNode) node).getValue()) {
                ok &= plain(item, source, problems);
            }
        }
        return ok;
    }

    private static Map<String, NodeTuple> fields(MappingNode map, String source, List<PeopleProblem> problems) {
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode)) {
                problems.add(at(source, t.getKeyNode(), "field names must be plain text"));
                continue;
            }
            String key = ((ScalarNode) t.getKeyNode()).getValue();
            if (out.containsKey(key)) {
                problems.add(at(source, t.getKeyNode(), "field '" + key + "' given twice"));
                continue;
            }
            out.put(key, t);
        }
        return out;
    }

    private static String scalar(Map<String, NodeTuple> f, String name, Node owner, String source,
                                 List<PeopleProblem> problems) {
        NodeTuple t = f.get(name);
        if (t == null) {
            problems.add(at(source, owner, "'" + name + "' is required"));
            return null;
        }
        Node v = t.getValueNode();
        if (!(v instanceof ScalarNode)) {
            problems.add(at(source, v, "'" + name + "' must be text"));
            return null;
        }
        String s = isNull(v) ? "" : ((ScalarNode) v).getValue();
        if (s.isBlank()) {
            problems.add(at(source, v, "'" + name + "' is empty"));
            return null;
        }
        return s;
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
    }

    private static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    private static PeopleProblem at(String source, Node node, String message) {
        return new PeopleProblem(source, line(node), message);
    }
}
