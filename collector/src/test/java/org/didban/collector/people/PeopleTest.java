package org.didban.collector.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PeopleTest {
    private static Account account(String name, Role role, String area, String token, boolean disabled) {
        return new Account(new Person(name, role, area), PersonToken.sha256Hex(token), disabled);
    }

    private final People people = People.of(
            account("hq", Role.HQ, "", "t-hq", false),
            account("tehran", Role.COUNTY, "2301", "t-2301", false),
            account("gone", Role.COUNTY, "2301", "t-gone", true));

    @Test
    void findsAPersonByTheirTokenOnly() {
        assertThat(people.authenticate("t-hq")).contains(new Person("hq", Role.HQ, ""));
        assertThat(people.authenticate("t-2301")).contains(new Person("tehran", Role.COUNTY, "2301"));
        assertThat(people.authenticate("t-HQ")).isEmpty();
        assertThat(people.authenticate("t-hq ")).isEmpty();
        assertThat(people.authenticate("")).isEmpty();
        assertThat(people.authenticate(null)).isEmpty();
        // the hash itself is not a token
        assertThat(people.authenticate(PersonToken.sha256Hex("t-hq"))).isEmpty();
        assertThat(people.authenticate("x".repeat(People.MAX_TOKEN_CHARS + 1))).isEmpty();
    }

    @Test
    void aDisabledPersonIsFoundButNotLetIn() {
        assertThat(people.find("t-gone")).hasValueSatisfying(a -> assertThat(a.disabled()).isTrue());
        assertThat(people.authenticate("t-gone")).isEmpty();
        assertThat(people.size()).isEqualTo(3);
        assertThat(people.enabled()).isEqualTo(2);
    }

    @Test
    void refusesSharedNamesAndTokens() {
        assertThatThrownBy(() -> People.of(account("a", Role.HQ, "", "t1", false), account("A", Role.HQ, "", "t2", false)))
                .hasMessage("two people named a and A");
        assertThatThrownBy(() -> People.of(account("a", Role.HQ, "", "t1", false), account("b", Role.HQ, "", "t1", false)))
                .hasMessage("a and b share a token");
        assertThat(People.empty().authenticate("t-hq")).isEmpty();
    }

    @Test
    void anAccountNeedsAHashNotAToken() {
        assertThatThrownBy(() -> new Account(new Person("a", Role.HQ, ""), "t-hq", false))
                .hasMessage("token-sha256 of a is not 64 hexadecimal digits");
    }

    @Test
    void mintsLongRandomUrlSafeTokens() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            PersonToken t = PersonToken.mint();
            assertThat(t.token()).matches("[A-Za-z0-9_-]{43}");
            assertThat(t.sha256()).isEqualTo(PersonToken.sha256Hex(t.token())).matches("[0-9a-f]{64}");
            assertThat(BearerAuthentication.wellFormed(t.token())).isTrue();
            assertThat(seen.add(t.token())).isTrue();
            assertThat(t.toString()).doesNotContain(t.token()).contains(t.sha256());
        }
        assertThat(PersonToken.sha256Hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void printsAnEntryTheReaderTakesAndTheTokenApart() throws Exception {
        ByteArrayOutputStream entry = new ByteArrayOutputStream();
        ByteArrayOutputStream token = new ByteArrayOutputStream();
        PersonToken minted = PersonToken.printEntry("مریم \"رضایی\"", Role.COUNTY, "2301",
                new PrintStream(entry, true, StandardCharsets.UTF_8), new PrintStream(token, true, StandardCharsets.UTF_8));

        String entryText = entry.toString(StandardCharsets.UTF_8);
        assertThat(entryText).doesNotContain(minted.token()).isEqualTo(
                "  - name: \"مریم \\\"رضایی\\\"\"\n"
                + "    role: county\n"
                + "    county: \"2301\"\n"
                + "    token-sha256: " + minted.sha256() + "\n");
        assertThat(token.toString(StandardCharsets.UTF_8)).contains(minted.token());

        People read = new PeopleFileReader().read("people:\n" + entryText
                + PersonToken.entry("Root", Role.ADMIN, null, PersonToken.mint().sha256()), "minted");
        assertThat(read.authenticate(minted.token())).contains(new Person("مریم \"رضایی\"", Role.COUNTY, "2301"));
        assertThat(read.account("Root").orElseThrow().person().area()).isEmpty();
    }

    @Test
    void anEntryIsCheckedLikeTheFile() {
        String hash = PersonToken.mint().sha256();
        assertThatThrownBy(() -> PersonToken.entry("a", Role.PROVINCE, "", hash))
                .hasMessage("province a: province code is empty");
        assertThatThrownBy(() -> PersonToken.entry("didban", Role.HQ, "", hash)).hasMessageContaining("rule engine");
        assertThatThrownBy(() -> PersonToken.entry("a", Role.HQ, "", "abc")).hasMessageContaining("64 hexadecimal");
    }
}
