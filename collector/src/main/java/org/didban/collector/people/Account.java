package org.didban.collector.people;

import java.util.Locale;
import java.util.Objects;

/**
 * One entry of the people file: the person, the SHA-256 of their bearer token (never the token
 * itself, so a leaked people file lets nobody in) and whether their access is switched off.
 *
 * @param tokenSha256 64 hexadecimal digits, kept in lower case
 */
public record Account(Person person, String tokenSha256, boolean disabled) {
    public Account {
        Objects.requireNonNull(person, "person");
        Objects.requireNonNull(tokenSha256, "tokenSha256");
        if (!PersonToken.isSha256Hex(tokenSha256)) {
            throw new IllegalArgumentException("token-sha256 of " + person.name() + " is not 64 hexadecimal digits");
        }
        tokenSha256 = tokenSha256.toLowerCase(Locale.ROOT);
    }

    public String name() {
        return person.name();
    }
}
