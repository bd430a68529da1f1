package org.didban.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.didban.collector.people.Account;
import org.didban.collector.people.PasswordHash;
import org.didban.collector.people.People;
import org.didban.collector.people.PeopleFileReader;
import org.junit.jupiter.api.Test;

/** {@code didban people password} as an operator runs it, the password on standard input. */
class PeoplePasswordCommandTest {
    private static CommandRun run(String stdin, String... args) {
        InputStream old = System.in;
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            return CommandRun.of(args);
        } finally {
            System.setIn(old);
        }
    }

    @Test
    void printsALineThePeopleFileAcceptsAndThatMatchesThePassword() throws Exception {
        String password = "رمز عبور تهران ۱۴۰۳";
        CommandRun r = run(password + "\nsecond line ignored\n", "people", "password", "--name", "Tehran county IT",
                "--cost", "10");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("    password-bcrypt: \"$2b$10$").doesNotContain(password);
        assertThat(r.err()).contains("Tehran county IT").doesNotContain(password);

        People people = new PeopleFileReader().read("people:\n  - name: Tehran county IT\n    role: county\n"
                + "    county: \"2301\"\n" + r.out(), "people.yaml");
        Account a = people.account("Tehran county IT").orElseThrow();
        assertThat(PasswordHash.matches(password, a.passwordBcrypt())).isTrue();
        assertThat(PasswordHash.matches("second line ignored", a.passwordBcrypt())).isFalse();
    }

    @Test
    void refusesAnEmptyOrShortPasswordAndABadCost() {
        CommandRun empty = run("", "people", "password", "--name", "a");
        assertThat(empty.exit()).isEqualTo(2);
        assertThat(empty.err()).contains("no password on standard input");
        assertThat(run("\n", "people", "password", "--name", "a").err()).contains("no password");
        CommandRun shortOne = run("short-pass\n", "people", "password", "--name", "a");
        assertThat(shortOne.exit()).isEqualTo(2);
        assertThat(shortOne.err()).contains("shorter than 12 characters").doesNotContain("short-pass");
        assertThat(shortOne.out()).isEmpty();
        assertThat(run("a-long-enough-password\n", "people", "password", "--name", "a", "--cost", "4").exit()).isEqualTo(2);
        assertThat(run("a-long-enough-password\n", "people", "password", "--name", "a", "--cost", "16").exit()).isEqualTo(2);
        assertThat(run("a-long-enough-password\n", "people", "password").exit()).isEqualTo(2);
    }
}
