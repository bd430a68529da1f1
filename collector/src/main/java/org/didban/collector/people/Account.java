package org.didban.collector.people;

import java.util.Locale;
import java.util.Objects;

/**
 * One entry of the people file: the person, how they prove who they are, and whether their
 * access is switched off. Only hashes are held, never a token or a password, so a leaked people
 * file lets nobody in.
 *
 * @param tokenSha256    SHA-256 of their API bearer token, 64 hexadecimal digits kept in lower
 *                       case; null when they only sign in to the console
 * @param passwordBcrypt BCrypt hash of their console password ({@link PasswordHash}); null when
 *                       they only use a token
 */
public record Account(Person person, String tokenSha256, String passwordBcrypt, boolean disabled) {
    public Account {
        Objects.requireNonNull(person, "person");
        if (tokenSha256 == null && passwordBcrypt == null) {
            throw new IllegalArgumentException(person.name() + " needs a token-sha256 or a password-bcrypt, or both");
        }
        if (tokenSha256 != null) {
            if (!PersonToken.isSha256Hex(tokenSha256)) {
                throw new IllegalArgumentException("token-sha256 of " + person.name() + " is not 64 hexadecimal digits");
            }
            tokenSha256 = tokenSha256.toLowerCase(Locale.ROOT);
        }
        if (passwordBcrypt != null) {
            String problem = PasswordHash.problem(passwordBcrypt);
            if (problem != null) {
                throw new IllegalArgumentException(person.name() + ": " + problem);
            }
        }
    }

    /** Someone with an API token and no console password. */
    public Account(Person person, String tokenSha256, boolean disabled) {
        this(person, tokenSha256, null, disabled);
    }

    public String name() {
        return person.name();
    }

    public boolean hasPassword() {
        return passwordBcrypt != null;
    }

    /** Without the password hash: a hash in a log is an offline guessing target. */
    @Override
    public String toString() {
        return "Account[person=" + person + ", tokenSha256=" + tokenSha256 + ", password="
                + (passwordBcrypt == null ? "none" : "<hidden>") + ", disabled=" + disabled + "]";
    }
}
