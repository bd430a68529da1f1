package org.didban.collector.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeopleFileReaderTest {
    private static final String HASH = PersonToken.sha256Hex("token-x");

    @TempDir
    Path dir;

    static String resource(String name) throws IOException {
        try (InputStream in = PeopleFileReaderTest.class.getResourceAsStream("/people/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> problems(String text) {
        try {
            new PeopleFileReader().read(text, "people.yaml");
        } catch (InvalidPeopleException e) {
            return e.problems().stream().map(PeopleProblem::toString).toList();
        }
        throw new AssertionError("the file was accepted:\n" + text);
    }

    @Test
    void readsEveryRoleWithItsAreaAndTheDisabledFlag() throws Exception {
        Path file = dir.resolve("people.yaml");
        Files.writeString(file, resource("valid.yaml"));

        People people = new PeopleFileReader().read(file);

        assertThat(people.size()).isEqualTo(7);
        assertThat(people.enabled()).isEqualTo(6);
        assertThat(people.accounts()).extracting(Account::name).containsExactly("HQ duty officer", "مریم رضایی",
                "Tehran county IT", "Kashan county IT", "Fiber planner", "Root", "Former officer");
        assertThat(people.account("مریم رضایی").orElseThrow().person()).isEqualTo(new Person("مریم رضایی", Role.PROVINCE, "23"));
        // an unquoted 0412 is still the text 0412: codes keep their leading zeros
        assertThat(people.account("Kashan county IT").orElseThrow().person().area()).isEqualTo("0412");
        assertThat(people.account("Fiber planner").orElseThrow().person().area()).isEmpty();
        // upper-case hex is accepted and kept in lower case
        assertThat(people.account("مریم رضایی").orElseThrow().tokenSha256()).isEqualTo(PersonToken.sha256Hex("token-province-23"));
        assertThat(people.account("Former officer").orElseThrow().disabled()).isTrue();
        assertThat(people.authenticate("token-county-2301")).contains(new Person("Tehran county IT", Role.COUNTY, "2301"));
    }

    @Test
    void listsEveryProblemWithFileAndLine() throws Exception {
        List<String> problems = problems(resource("broken.yaml"));

        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("people.yaml:5: unknown field 'email'"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("people.yaml:7: Bad role: unknown role 'superuser'"));
        assertThat(problems).anySatisfy(p -> assertThat(p).isEqualTo(
                "people.yaml:9: Missing county: role county needs 'county' (the code of their county)"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(
                "people.yaml:14: National with area: role planner covers the whole country; remove 'province'"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("people.yaml:18: Short hash: token-sha256 must be 64"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("people.yaml:21: The token itself: token-sha256 must be 64"));
        assertThat(problems).anySatisfy(p -> assertThat(p).isEqualTo("people.yaml:25: Bad flag: 'disabled' must be true or false"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(
                "people.yaml:26: the name unknown key is already used on line 2"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(
                "people.yaml:29: Copy of Unknown key has the same token-sha256 as the entry on line 2"));
        assertThat(problems).hasSize(9);
        // sorted by line, for the person fixing them top to bottom
        assertThat(problems).isSortedAccordingTo((a, b) -> Integer.compare(line(a), line(b)));
    }

    private static int line(String problem) {
        return Integer.parseInt(problem.split(":")[1]);
    }

    @Test
    void refusesTheWrongShapeAndMissingFields() {
        assertThat(problems("")).containsExactly("people.yaml:1: expected a mapping with a 'people' list");
        assertThat(problems("- name: a\n")).containsExactly("people.yaml:1: expected a mapping with a 'people' list");
        assertThat(problems("persons: []\n")).containsExactly(
                "people.yaml:1: unknown top-level field 'persons'; the file holds one 'people' list",
                "people.yaml:1: no 'people' list");
        assertThat(problems("people: {name: a}\n")).containsExactly("people.yaml:1: 'people' must be a list");
        assertThat(problems("people:\n  - just a name\n")).containsExactly(
                "people.yaml:2: each person must be a mapping (name, role, token-sha256, …)");
        assertThat(problems("people:\n  - role: hq\n")).containsExactly(
                "people.yaml:2: 'name' is required", "people.yaml:2: person: needs 'token-sha256' (didban people token)"
                        + " or 'password-bcrypt' (didban people password), or both");
        assertThat(problems("people:\n  - name: ''\n    role: hq\n    token-sha256: " + HASH + "\n"))
                .containsExactly("people.yaml:2: 'name' is empty");
        assertThat(problems("people:\n  - name: [a, b]\n    role: hq\n    token-sha256: " + HASH + "\n"))
                .containsExactly("people.yaml:2: 'name' must be text");
        assertThat(problems("people:\n  - name: a\n    name: b\n    role: hq\n    token-sha256: " + HASH + "\n"))
                .containsExactly("people.yaml:3: field 'name' given twice");
    }

    @Test
    void refusesNamesThatWouldMisleadTheAuditLog() {
        String entry = "people:\n  - name: %s\n    role: admin\n    token-sha256: " + HASH + "\n";
        assertThat(problems(String.format(entry, "didban"))).singleElement().asString()
                .contains("the name the rule engine signs its changes with");
        assertThat(problems(String.format(entry, "DidBan"))).hasSize(1);
        assertThat(problems(String.format(entry, "\"a\\tb\""))).singleElement().asString().contains("control character");
        assertThat(problems(String.format(entry, "x".repeat(101)))).singleElement().asString().contains("longer than 100");
        assertThat(problems("people:\n"
                + "  - {name: Ali, role: hq, token-sha256: " + HASH + "}\n"
                + "  - {name: ALI, role: hq, token-sha256: " + PersonToken.sha256Hex("other") + "}\n"))
                .containsExactly("people.yaml:3: the name ALI is already used on line 2 (names are compared ignoring case;"
                        + " the audit log records them)");
    }

    @Test
    void refusesTheHashOfAnEmptyToken() {
        assertThat(problems("people:\n  - {name: a, role: hq, token-sha256: " + PersonToken.sha256Hex("") + "}\n"))
                .containsExactly("people.yaml:2: a: token-sha256 is the hash of an empty token");
    }

    @Test
    void checksAreasAgainstTheInventoryWhenGiven() throws Exception {
        PeopleFileReader reader = new PeopleFileReader(Set.of("23", "04"), Set.of("2301", "0412"));
        assertThat(reader.read(resource("valid.yaml"), "valid.yaml").size()).isEqualTo(7);

        String text = "people:\n"
                + "  - {name: a, role: county, county: '9999', token-sha256: " + HASH + "}\n"
                + "  - {name: b, role: province, province: '99', token-sha256: " + PersonToken.sha256Hex("b") + "}\n"
                + "  - {name: c, role: province, province: 'two words', token-sha256: " + PersonToken.sha256Hex("c") + "}\n";
        assertThatThrownBy(() -> reader.read(text, "p.yaml"))
                .isInstanceOf(InvalidPeopleException.class)
                .hasMessage("p.yaml:2: a: no county '9999' in the inventory\n"
                        + "p.yaml:3: b: no province '99' in the inventory\n"
                        + "p.yaml:4: c: province code 'two words' contains spaces or control characters");
        // without an inventory, any well-formed code goes
        assertThat(new PeopleFileReader().read(text.substring(0, text.indexOf("  - {name: c")), "p.yaml").size()).isEqualTo(2);
    }

    @Test
    void refusesAnAliasBomb() throws Exception {
        List<String> problems = problems(resource("billion-laughs.yaml"));
        assertThat(problems).singleElement().asString().startsWith("people.yaml:").contains("not valid YAML");
    }

    @Test
    void refusesAnchorsAliasesAndTags() {
        assertThat(problems("people:\n"
                + "  - &p {name: a, role: hq, token-sha256: " + HASH + "}\n"))
                .singleElement().asString().startsWith("people.yaml:2: anchors and aliases (&p) are not allowed");
        assertThat(problems("people:\n"
                + "  - {name: &n a, role: hq, token-sha256: " + HASH + "}\n"
                + "  - {name: *n, role: hq, token-sha256: " + PersonToken.sha256Hex("b") + "}\n"))
                .allSatisfy(p -> assertThat(p).contains("anchors and aliases (&n)"));
        // a constructor tag is composed into a node and refused, never instantiated
        assertThat(problems("people:\n"
                + "  - name: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://127.0.0.1:1/\"]]]]\n"
                + "    role: hq\n    token-sha256: " + HASH + "\n"))
                .singleElement().asString().startsWith("people.yaml:2: ").contains("tag")
                .contains("javax.script.ScriptEngineManager");
        assertThat(problems("people:\n  - {name: !custom a, role: hq, token-sha256: " + HASH + "}\n"))
                .singleElement().asString().contains("YAML tags (!custom) are not allowed");
        assertThat(problems("people:\n  - {<<: {role: hq}, name: a, token-sha256: " + HASH + "}\n"))
                .isNotEmpty();
    }

    @Test
    void refusesDeepNestingAndHugeFiles() throws Exception {
        String deep = "people:\n  - name: " + "[".repeat(50) + "]".repeat(50) + "\n";
        assertThat(problems(deep)).singleElement().asString().startsWith("people.yaml:").contains("not valid YAML");

        String huge = "people:\n" + ("  # " + "x".repeat(1000) + "\n").repeat(PeopleFileReader.MAX_FILE_CHARS / 1000 + 1);
        assertThat(problems(huge)).singleElement().asString().contains("larger than");

        Path file = dir.resolve("huge.yaml");
        Files.writeString(file, huge.repeat(5));
        assertThatThrownBy(() -> new PeopleFileReader().read(file))
                .isInstanceOf(InvalidPeopleException.class).hasMessageContaining("huge.yaml:1: file is larger than");
    }

    @Test
    void notYamlAtAllNamesTheLine() {
        assertThat(problems("people:\n  - name: a\n   role: [hq\n")).singleElement().asString()
                .matches("people\\.yaml:[23]: not valid YAML.*");
    }

    @Test
    void anEmptyListLoadsNobody() throws Exception {
        assertThat(new PeopleFileReader().read("people: []\n", "p").size()).isZero();
        assertThat(new PeopleFileReader().read("people:\n", "p").size()).isZero();
    }
}
