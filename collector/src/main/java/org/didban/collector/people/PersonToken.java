package org.didban.collector.people;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A person's bearer token and its SHA-256. The token goes to the person (once, over a safe
 * channel); only the hash goes into the people file.
 *
 * <pre>
 * PersonToken t = PersonToken.mint();
 * t.token();   // 43 characters of URL-safe base64: 32 random bytes
 * t.sha256();  // 64 hex digits, for token-sha256 in the people file
 * </pre>
 *
 * {@link #toString()} hides the token, so that a token never ends up in a log by accident.
 */
public record PersonToken(String token, String sha256) {
    /** Random bytes in a minted token: 256 bits, beyond guessing. */
    public static final int TOKEN_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    public PersonToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(sha256, "sha256");
    }

    /** A fresh random token (32 bytes from {@link SecureRandom}, URL-safe base64 without padding). */
    public static PersonToken mint() {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return new PersonToken(token, sha256Hex(token));
    }

    /** The lower-case hex SHA-256 of the token's UTF-8 bytes: what {@code token-sha256} holds. */
    public static String sha256Hex(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    static boolean isSha256Hex(String text) {
        if (text.length() != 64) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * A people-file entry (a YAML list item indented to sit under {@code people:}) for this
     * person and token hash. {@code area} is the province code of a province officer, the county
     * code of county IT, and ignored (may be null) for the national roles. Throws
     * IllegalArgumentException for a name or area the people file would refuse.
     */
    public static String entry(String name, Role role, String area, String tokenSha256) {
        Objects.requireNonNull(role, "role");
        String nameProblem = PeopleFileReader.nameProblem(name);
        if (nameProblem != null) {
            throw new IllegalArgumentException(nameProblem);
        }
        if (!isSha256Hex(tokenSha256)) {
            throw new IllegalArgumentException("token-sha256 is not 64 hexadecimal digits");
        }
        StringBuilder out = new StringBuilder();
        out.append("  - name: ").append(quoted(name)).append('\n');
        out.append("    role: ").append(role.wireName()).append('\n');
        String areaField = PeopleFileReader.areaField(role);
        if (areaField != null) {
            String areaProblem = PeopleFileReader.codeProblem(area);
            if (areaProblem != null) {
                throw new IllegalArgumentException(role.wireName() + " " + name + ": " + areaField + " " + areaProblem);
            }
            out.append("    ").append(areaField).append(": ").append(quoted(area)).append('\n');
        }
        out.append("    token-sha256: ").append(tokenSha256.toLowerCase(java.util.Locale.ROOT)).append('\n');
        return out.toString();
    }

    /**
     * For {@code didban people token}: mints a token, prints the people-file entry to
     * {@code entryOut} (so that {@code >> people.yaml} appends just the entry) and the token, with
     * a line on how to hand it over, to {@code tokenOut}. Returns the minted token.
     */
    public static PersonToken printEntry(String name, Role role, String area, PrintStream entryOut,
                                         PrintStream tokenOut) {
        PersonToken minted = mint();
        String entry = entry(name, role, area, minted.sha256());
        tokenOut.println("Bearer token for " + name + " (give it to them over a safe channel; Didban keeps only its hash):");
        tokenOut.println(minted.token());
        entryOut.print(entry);
        entryOut.flush();
        tokenOut.flush();
        return minted;
    }

    private static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }

    @Override
    public String toString() {
        return "PersonToken[token=<hidden>, sha256=" + sha256 + "]";
    }
}
