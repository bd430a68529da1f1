package org.didban.collector.inventory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * A site agent allowed to send batches, bound to the one branch it speaks for. Only the SHA-256
 * of its bearer token is kept, so a leaked {@code agents.csv} does not let anyone impersonate it.
 */
public record Agent(String id, String branchCode, String tokenSha256) {
    public Agent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(branchCode, "branchCode");
        Objects.requireNonNull(tokenSha256, "tokenSha256");
        if (id.isBlank()) {
            throw new IllegalArgumentException("agent id is empty");
        }
        if (branchCode.isBlank()) {
            throw new IllegalArgumentException("branch code of agent " + id + " is empty");
        }
        if (!tokenSha256.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("token_sha256 of agent " + id + " is not 64 hexadecimal digits");
        }
        tokenSha256 = tokenSha256.toLowerCase(Locale.ROOT);
    }

    /** An agent given its plain token; only the hash is kept. */
    public static Agent withToken(String id, String branchCode, String token) {
        return new Agent(id, branchCode, HexFormat.of().formatHex(sha256(token)));
    }

    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Constant-time comparison of a presented token's digest with the stored one. */
    boolean matches(byte[] presentedDigest) {
        return MessageDigest.isEqual(HexFormat.of().parseHex(tokenSha256), presentedDigest);
    }
}
