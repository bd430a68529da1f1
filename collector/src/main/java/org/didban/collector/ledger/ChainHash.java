package org.didban.collector.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The ledger's hash chain: each record's hash is SHA-256 over the previous record's hash, a line
 * break, and the record's stored text. Changing, removing or reordering any record breaks every
 * hash after it; the last hash, written down after the election, vouches for the whole history.
 */
public final class ChainHash {
    /** The "previous hash" of the first record. */
    public static final String GENESIS = "0".repeat(64);

    private ChainHash() {
    }

    public static String next(String previous, String body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(previous.getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) '\n');
            sha.update(body.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
