package org.didban.collector.enroll;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The certificates the CA issued ({@value #ISSUED}) and those revoked ({@value #REVOKED}, one
 * serial a line, hexadecimal, then the agent and when). The running collector keeps the revoked
 * serials in memory and re-reads the file when it changed (the operator's command writes it);
 * revoking in this process takes effect at once.
 */
public final class Revocations {
    public static final String ISSUED = "issued-certificates.tsv";
    public static final String REVOKED = "revoked-serials.txt";

    private final Path issued;
    private final Path revoked;
    private volatile Set<String> serials = Set.of();
    private volatile FileTime seen;
    private volatile long seenSize = -1;

    public Revocations(Path dataDir) throws IOException {
        this.issued = dataDir.resolve(ISSUED);
        this.revoked = dataDir.resolve(REVOKED);
        refresh();
    }

    /** An issued certificate that was recorded. */
    public record IssuedCertificate(String serial, String agentId, String branchCode, long notAfter, long issuedAt) {
    }

    public boolean isRevoked(BigInteger serial) {
        return serials.contains(CertificateAuthority.serialHex(serial));
    }

    public synchronized void recordIssued(X509Certificate cert, String agentId, String branchCode, long now)
            throws IOException {
        append(issued, CertificateAuthority.serialHex(cert.getSerialNumber()) + "\t" + agentId + "\t" + branchCode
                + "\t" + cert.getNotAfter().getTime() + "\t" + now);
    }

    public synchronized List<IssuedCertificate> issued() throws IOException {
        List<IssuedCertificate> out = new ArrayList<>();
        if (!Files.exists(issued)) {
            return out;
        }
        for (String line : Files.readAllLines(issued, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t");
            if (f.length == 5) {
                out.add(new IssuedCertificate(f[0], f[1], f[2], Long.parseLong(f[3]), Long.parseLong(f[4])));
            }
        }
        return out;
    }

    /** Revokes one certificate by serial (hexadecimal). True when it was not revoked before. */
    public synchronized boolean revokeSerial(String serialHex, String agentId, long now) throws IOException {
        String s = new BigInteger(serialHex.trim(), 16).toString(16).toLowerCase(Locale.ROOT);
        refresh();
        if (serials.contains(s)) {
            return false;
        }
        append(revoked, s + "\t" + (agentId == null ? "-" : agentId) + "\t" + now);
        Set<String> next = new HashSet<>(serials);
        next.add(s);
        serials = Set.copyOf(next);
        return true;
    }

    /** Revokes every certificate issued to the agent; the serials newly revoked. */
    public synchronized List<String> revokeAgent(String agentId, long now) throws IOException {
        List<String> done = new ArrayList<>();
        for (IssuedCertificate c : issued()) {
            if (c.agentId().equals(agentId) && revokeSerial(c.serial(), agentId, now)) {
                done.add(c.serial());
            }
        }
        return done;
    }

    /** Re-reads the revoked serials when the file changed. Blocking; cheap when nothing changed. */
    public synchronized void refresh() throws IOException {
        if (!Files.exists(revoked)) {
            return;
        }
        FileTime modified = Files.getLastModifiedTime(revoked);
        long size = Files.size(revoked);
        if (modified.equals(seen) && size == seenSize) {
            return;
        }
        Set<String> read = new HashSet<>();
        for (String line : Files.readAllLines(revoked, StandardCharsets.UTF_8)) {
            String s = line.split("\t", 2)[0].trim();
            if (!s.isEmpty() && !s.startsWith("#")) {
                try {
                    read.add(new BigInteger(s, 16).toString(16));
                } catch (NumberFormatException ignored) {
                    // not a serial
                }
            }
        }
        serials = Set.copyOf(read);
        seen = modified;
        seenSize = size;
    }

    private static void append(Path file, String line) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
