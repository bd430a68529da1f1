package org.didban.collector.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.didban.collector.TestFleet;
import org.junit.jupiter.api.Test;

/** Console passwords in the people file: the password-bcrypt field, its checks, and the hashes. */
class PeoplePasswordsTest {
    /** Made once: each hash takes a tenth of a second on purpose. */
    private static final String HASH = PasswordHash.hash("correct horse battery", PasswordHash.MIN_COST);
    private static final String TOKEN_HASH = PersonToken.sha256Hex("token-x");

    private static List<String> problems(String text) {
        try {
            new PeopleFileReader().read(text, "people.yaml");
        } catch (InvalidPeopleException e) {
            return e.problems().stream().map(PeopleProblem::toString).toList();
        }
        throw new AssertionError("the file was accepted:\n" + text);
    }

    @Test
    void aPersonHasATokenOrAPasswordOrBoth() throws Exception {
        People people = new PeopleFileReader().read("people:\n"
                + "  - name: Console only\n    role: hq\n    password-bcrypt: \"" + HASH + "\"\n"
                + "  - name: Both\n    role: planner\n    token-sha256: " + TOKEN_HASH + "\n    password-bcrypt: '" + HASH + "'\n"
                + "  - name: Token only\n    role: admin\n    token-sha256: " + PersonToken.sha256Hex("other") + "\n",
                "people.yaml");
        Account consoleOnly = people.account("Console only").orElseThrow();
        assertThat(consoleOnly.tokenSha256()).isNull();
        assertThat(consoleOnly.passwordBcrypt()).isEqualTo(HASH);
        assertThat(PasswordHash.matches("correct horse battery", consoleOnly.passwordBcrypt())).isTrue();
        assertThat(people.account("Both").orElseThrow().hasPassword()).isTrue();
        assertThat(people.account("Token only").orElseThrow().hasPassword()).isFalse();
        assertThat(people.authenticate("token-x")).map(Person::name).contains("Both");
        // a person without a token is not found by one
        assertThat(people.find("")).isEmpty();
    }

    @Test
    void neitherOrAMalformedHashIsALocatedProblemThatNeverQuotesTheHash() {
        assertThat(problems("people:\n  - name: a\n    role: hq\n")).containsExactly(
                "people.yaml:2: a: needs 'token-sha256' (didban people token) or 'password-bcrypt' (didban people"
                        + " password), or both");
        String truncated = HASH.substring(0, 50);
        List<String> bad = problems("people:\n  - name: a\n    role: hq\n    password-bcrypt: \"" + truncated + "\"\n");
        assertThat(bad).singleElement().asString().startsWith("people.yaml:4: a: password-bcrypt must be a BCrypt hash")
                .contains("got 50 characters").doesNotContain(truncated).doesNotContain(HASH.substring(7, 29));
        String plain = "my password in clear";
        assertThat(problems("people:\n  - name: a\n    role: hq\n    password-bcrypt: " + plain + "\n"))
                .singleElement().asString().doesNotContain(plain);
        String cheap = "$2a$04$" + HASH.substring(7);
        assertThat(problems("people:\n  - name: a\n    role: hq\n    password-bcrypt: \"" + cheap + "\"\n"))
                .containsExactly("people.yaml:4: a: password-bcrypt has cost 4; use 10 to 15");
        assertThat(problems("people:\n  - name: a\n    role: hq\n    password-bcrypt: \"\"\n"))
                .containsExactly("people.yaml:4: 'password-bcrypt' is empty");
        assertThat(problems("people:\n  - name: a\n    role: hq\n    password-bcrypt: [x]\n"))
                .containsExactly("people.yaml:4: 'password-bcrypt' must be text");
    }

    @Test
    void theHashesAreBCryptAndTheAccountNeverPrintsOne() {
        assertThat(HASH).matches("\\$2b\\$10\\$[./A-Za-z0-9]{53}");
        assertThat(PasswordHash.problem(HASH)).isNull();
        assertThat(PasswordHash.problem(HASH.replace("$2b$", "$2y$"))).isNull();
        assertThat(PasswordHash.problem(HASH.replace("$2b$", "$2x$"))).isNotNull();
        assertThat(PasswordHash.matches("correct horse batterY", HASH)).isFalse();
        assertThat(PasswordHash.matches("correct horse battery", "not a hash")).isFalse();
        assertThat(PasswordHash.cost(HASH)).isEqualTo(10);

        Account a = new Account(new Person("a", Role.HQ, ""), null, HASH, false);
        assertThat(a.toString()).doesNotContain(HASH).contains("<hidden>");
        assertThatThrownBy(() -> new Account(new Person("a", Role.HQ, ""), null, null, false))
                .hasMessageContaining("needs a token-sha256 or a password-bcrypt");
        assertThatThrownBy(() -> new Account(new Person("a", Role.HQ, ""), null, "$2b$10$short", false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("$2b$10$short");

        assertThat(PasswordHash.passwordProblem("")).isEqualTo("the password is empty");
        assertThat(PasswordHash.passwordProblem("eleven char")).contains("shorter than 12");
        assertThat(PasswordHash.passwordProblem("رمز عبور خیلی خوب")).isNull();
        assertThat(PasswordHash.passwordProblem("ر".repeat(37))).contains("longer than 72 bytes");
        assertThat(PasswordHash.passwordProblem("twelve chars\n")).contains("control character");
    }

    @Test
    void aNameIsFoundAsWrittenOrAsAnotherKeyboardSpellsIt() {
        People people = People.of(
                new Account(new Person("علی کریمی", Role.HQ, ""), null, HASH, false),
                new Account(new Person("Sara", Role.PLANNER, ""), null, HASH, false));
        assertThat(people.forSignIn("علی کریمی")).map(Account::name).contains("علی کریمی");
        // Arabic kaf (U+0643) and yeh (U+064A), as an Arabic keyboard layout types them
        assertThat(people.forSignIn("علي كريمي")).map(Account::name).contains("علی کریمی");
        assertThat(people.forSignIn("sara")).map(Account::name).contains("Sara");
        assertThat(people.forSignIn("Sarah")).isEmpty();
        assertThat(people.forSignIn("x".repeat(101))).isEmpty();
        assertThat(people.forSignIn("")).isEmpty();
    }

    @Test
    void demoPeopleHaveAPasswordEachPrintedBesideTheirToken() {
        DemoPeople demo = DemoPeople.of(TestFleet.inventory());
        assertThat(demo.passwords().keySet()).containsExactlyElementsOf(demo.tokens().keySet());
        for (Account a : demo.people().accounts()) {
            String password = demo.password(a.name());
            assertThat(password).hasSizeGreaterThanOrEqualTo(16);
            assertThat(PasswordHash.matches(password, a.passwordBcrypt())).isTrue();
            assertThat(demo.people().authenticate(demo.token(a.name()))).contains(a.person());
        }
        assertThat(demo.describe()).allSatisfy(line -> assertThat(line).contains("password "));
        assertThat(demo.describe().get(0)).contains(demo.token("hq-demo"), demo.password("hq-demo"));
    }
}
