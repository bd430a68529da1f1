package org.didban.agent.identity;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The agent's enrolled identity in its state folder (docs/SECURITY.md "Agent identity"):
 * {@value #KEY_FILE} (its EC P-256 key, PKCS#8 PEM, {@code rw-------}), {@value #CERT_FILE} (its
 * certificate then the CA's, PEM) and {@value #CA_FILE} (the collector's CA, the only one it
 * trusts). Written by {@link Enrollment}; with all three present the agent speaks mutual TLS to
 * its collector instead of sending a bearer token. The {@link SSLSocketFactory} is made once, so
 * the JDK's keep-alive cache can reuse the agent's connection.
 */
public final class AgentIdentity {
    public static final String KEY_FILE = "agent-key.pem";
    public static final String CERT_FILE = "agent-cert.pem";
    public static final String CA_FILE = "collector-ca.pem";
    /** A certificate expiring within this is warned about at each start. */
    public static final Duration EXPIRY_WARNING = Duration.ofDays(30);
    private static final System.Logger LOG = System.getLogger(AgentIdentity.class.getName());

    private final PrivateKey key;
    private final List<X509Certificate> chain;
    private final X509Certificate ca;
    private final SSLSocketFactory socketFactory;

    private AgentIdentity(PrivateKey key, List<X509Certificate> chain, X509Certificate ca) throws GeneralSecurityException {
        this.key = key;
        this.chain = List.copyOf(chain);
        this.ca = ca;
        this.socketFactory = context().getSocketFactory();
    }

    /** Whether {@code stateDir} holds an enrolled identity (key, certificate and CA). */
    public static boolean present(Path stateDir) {
        return stateDir != null && Files.isRegularFile(stateDir.resolve(KEY_FILE))
                && Files.isRegularFile(stateDir.resolve(CERT_FILE)) && Files.isRegularFile(stateDir.resolve(CA_FILE));
    }

    /** Loads the identity of {@code stateDir}; errors name the file, never a key's content. */
    public static AgentIdentity load(Path stateDir) throws IOException {
        Path keyFile = stateDir.resolve(KEY_FILE);
        org.didban.secrets.Secrets.warnIfExposed(keyFile, "agent private key");
        PrivateKey key;
        try {
            key = privateKey(Files.readString(keyFile, StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(keyFile + " does not hold a PKCS#8 EC private key in PEM; enroll again");
        }
        try {
            List<X509Certificate> chain = certificates(Files.readString(stateDir.resolve(CERT_FILE), StandardCharsets.US_ASCII));
            List<X509Certificate> cas = certificates(Files.readString(stateDir.resolve(CA_FILE), StandardCharsets.US_ASCII));
            if (chain.isEmpty() || cas.isEmpty()) {
                throw new IOException("no certificate in " + stateDir.resolve(chain.isEmpty() ? CERT_FILE : CA_FILE)
                        + "; enroll again");
            }
            return of(key, chain, cas.get(0));
        } catch (GeneralSecurityException e) {
            throw new IOException("the identity in " + stateDir + " cannot be used (" + e.getMessage() + "); enroll again");
        }
    }

    /** An identity from its parts: the key must be that of the first certificate, which the CA must have signed. */
    public static AgentIdentity of(PrivateKey key, List<X509Certificate> chain, X509Certificate ca)
            throws GeneralSecurityException {
        if (chain.isEmpty()) {
            throw new GeneralSecurityException("no certificate");
        }
        X509Certificate leaf = chain.get(0);
        leaf.verify(ca.getPublicKey());
        if (!matches(key, leaf)) {
            throw new GeneralSecurityException("the private key is not that of the certificate");
        }
        return new AgentIdentity(key, chain, ca);
    }

    private SSLContext context() throws GeneralSecurityException {
        try {
            char[] pw = new char[24];
            SecureRandom random = new SecureRandom();
            for (int i = 0; i < pw.length; i++) {
                pw[i] = (char) ('a' + random.nextInt(26));
            }
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("agent", key, pw, chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, pw);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), trustOnly(ca).getTrustManagers(), null);
            return ctx;
        } catch (IOException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }

    /** Trust managers that trust {@code ca} and nothing else (not the JDK's cacerts). */
    static TrustManagerFactory trustOnly(X509Certificate ca) throws GeneralSecurityException {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("didban-ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            return tmf;
        } catch (IOException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }

    /** For HttpsURLConnection: the agent's certificate offered, only the collector's CA trusted. One per agent. */
    public SSLSocketFactory socketFactory() {
        return socketFactory;
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    public X509Certificate ca() {
        return ca;
    }

    /** The agent id the certificate names (its CN). */
    public String agentId() {
        return commonName(certificate());
    }

    public String serial() {
        return certificate().getSerialNumber().toString(16).toLowerCase(Locale.ROOT);
    }

    public Instant notAfter() {
        return certificate().getNotAfter().toInstant();
    }

    /** Logs a warning when the certificate expires within {@link #EXPIRY_WARNING} (an error when it has); returns whether it did. */
    public boolean warnIfExpiring(Clock clock) {
        Instant now = clock.instant();
        Instant end = notAfter();
        if (!end.isAfter(now)) {
            LOG.log(System.Logger.Level.ERROR, "agent {0}: its certificate (serial {1}) expired at {2}; the collector"
                    + " refuses it. Ask for an enrollment code and run didban-agent enroll again", agentId(), serial(), end);
            return true;
        }
        if (Duration.between(now, end).compareTo(EXPIRY_WARNING) < 0) {
            LOG.log(System.Logger.Level.WARNING, "agent {0}: its certificate (serial {1}) expires at {2}, in {3} days;"
                    + " ask for an enrollment code and run didban-agent enroll again before then",
                    agentId(), serial(), end, Duration.between(now, end).toDays());
            return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return "AgentIdentity[" + agentId() + ", serial " + serial() + ", until " + notAfter() + "]";
    }

    // ---- PEM, kept small: the agent needs certificates and one PKCS#8 key

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    static List<X509Certificate> certificates(String pem) throws GeneralSecurityException {
        List<X509Certificate> out = new ArrayList<>();
        for (Certificate c : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
            out.add((X509Certificate) c);
        }
        return out;
    }

    static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        String begin = "-----BEGIN PRIVATE KEY-----";
        String end = "-----END PRIVATE KEY-----";
        int a = pem.indexOf(begin);
        int b = pem.indexOf(end);
        if (a < 0 || b < a) {
            throw new GeneralSecurityException("no PRIVATE KEY block");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(a + begin.length(), b));
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    static boolean matches(PrivateKey key, X509Certificate cert) throws GeneralSecurityException {
        java.security.Signature s = java.security.Signature.getInstance("SHA256withECDSA");
        byte[] probe = "didban-key-check".getBytes(StandardCharsets.US_ASCII);
        s.initSign(key);
        s.update(probe);
        byte[] sig = s.sign();
        s.initVerify(cert.getPublicKey());
        s.update(probe);
        return s.verify(sig);
    }

    /** The subject's CN, or null; the collector reads an agent's id from its certificate with it too. */
    public static String commonName(X509Certificate cert) {
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (javax.naming.InvalidNameException e) {
            return null;
        }
        return null;
    }

    /** Lower-case hex SHA-256 of the certificate's DER, as {@code didban agents enroll-code} prints it. */
    public static String sha256(X509Certificate cert) {
        try {
            return java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
