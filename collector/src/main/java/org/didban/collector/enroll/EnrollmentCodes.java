package org.didban.collector.enroll;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * One-time enrollment codes. An operator mints one for an agent ({@code didban agents
 * enroll-code}); it is printed once and only its SHA-256 is kept, with the agent and branch it is
 * bound to and its expiry (24 h by default). Redeeming it burns it, whatever follows. The file is
 * shared by the command and the running collector, so every change is made under a file lock.
 * Blocking.
 */
public final class EnrollmentCodes {
    public static final String FILE = "enrollment-codes.tsv";
    public static final Duration DEFAULT_TTL = Duration.ofHours(24);
    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    private static final Duration KEEP_AFTER_EXPIRY = Duration.ofDays(7);

    private final Path file;
    private final Path lockFile;
    private final SecureRandom random = new SecureRandom();

    public EnrollmentCodes(Path dataDir) {
        this.file = dataDir.resolve(FILE);
        this.lockFile = dataDir.resolve(FILE + ".lock");
    }

    /** What a code is good for. */
    public record Grant(String agentId, String branchCode, long expiresAt) {
    }

    public enum Refusal {
        UNKNOWN, EXPIRED, USED
    }

    /** A grant, or why there is none. */
    public record Redeemed(Grant grant, Refusal refusal) {
    }

    private record Entry(String hash, String agentId, String branchCode, long expiresAt, long usedAt) {
        String line() {
            return hash + "\t" + agentId + "\t" + branchCode + "\t" + expiresAt + "\t" + usedAt;
        }
    }

    /** A new code for the agent; the code itself is returned once and never stored. */
    public synchronized String mint(String agentId, String branchCode, Duration ttl, long now) throws IOException {
        CertificateAuthority.checkId("agent id", agentId);
        CertificateAuthority.checkId("branch code", branchCode);
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a code must be valid for some time");
        }
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 25; i++) { // 25 × 5 bits = 125 bits
            if (i > 0 && i % 5 == 0) {
                code.append('-');
            }
            code.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        String text = code.toString();
        try (Locked ignored = lock()) {
            List<Entry> kept = new ArrayList<>();
            for (Entry e : read()) {
                if (e.expiresAt() + KEEP_AFTER_EXPIRY.toMillis() > now) {
                    kept.add(e);
                }
            }
            kept.add(new Entry(hash(text), agentId, branchCode, now + ttl.toMillis(), 0));
            write(kept);
        }
        return text;
    }

    /** Burns the code and says what it grants, or why it grants nothing. */
    public synchronized Redeemed redeem(String code, long now) throws IOException {
        if (code == null || code.isBlank() || code.length() > 100) {
            return new Redeemed(null, Refusal.UNKNOWN);
        }
        String h = hash(code);
        try (Locked ignored = lock()) {
            List<Entry> all = read();
            for (int i = 0; i < all.size(); i++) {
                Entry e = all.get(i);
                if (!MessageDigest.isEqual(e.hash().getBytes(StandardCharsets.US_ASCII), h.getBytes(StandardCharsets.US_ASCII))) {
                    continue;
                }
                if (e.usedAt() != 0) {
                    return new Redeemed(null, Refusal.USED);
                }
                all.set(i, new Entry(e.hash(), e.agentId(), e.branchCode(), e.expiresAt(), now));
                write(all);
                if (now >= e.expiresAt()) {
                    return new Redeemed(null, Refusal.EXPIRED);
                }
                return new Redeemed(new Grant(e.agentId(), e.branchCode(), e.expiresAt()), null);
            }
            return new Redeemed(null, Refusal.UNKNOWN);
        }
    }

    /** Codes are compared without dashes, spaces or case: what a person types from a printout. */
    static String hash(String code) {
        String normal = code.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(normal.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Entry> read() throws IOException {
        List<Entry> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t");
            if (f.length == 5) {
                try {
                    out.add(new Entry(f[0], f[1], f[2], Long.parseLong(f[3]), Long.parseLong(f[4])));
                } catch (NumberFormatException ignored) {
                    // a damaged line grants nothing
                }
            }
        }
        return out;
    }

    private void write(List<Entry> entries) throws IOException {
        StringBuilder b = new StringBuilder();
        entries.forEach(e -> b.append(e.line()).append('\n'));
        Pem.writeOwnerOnly(file, b.toString());
    }

    private interface Locked extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    /** The lock between this process and the operator's command. */
    private Locked lock() throws IOException {
        Files.createDirectories(lockFile.toAbsolutePath().getParent());
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock();
        return () -> {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        };
    }
}
