package org.didban.agent.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.didban.secrets.Secrets;

/**
 * {@code didban-agent enroll}: makes the agent's EC P-256 key in its state folder (owner-only from
 * creation), sends a PKCS#10 request with the operator's one-time code to the collector's
 * {@code POST /api/v1/enroll} over HTTPS, and keeps the certificate it gets back. The collector is
 * trusted only if its CA certificate has the SHA-256 the operator was given
 * ({@code didban agents enroll-code} prints it): no trust on first use. Nothing is written in
 * place of an existing identity until the new one is complete. Messages never carry the key or
 * the code.
 *
 * <p>Given the addresses of several collector nodes, the request goes to the first, and to the
 * next only when a node could not be reached (no connection, no TLS session: nothing was sent, so
 * the one-time code is still unused) or answered 5xx. A refusal, a fingerprint mismatch or a
 * timeout after the request went out ends the enrollment there.
 */
public final class Enrollment {
    public static final String PATH = "/api/v1/enroll";
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REPLY = 256 * 1024;
    private static final System.Logger LOG = System.getLogger(Enrollment.class.getName());

    /** Why enrollment did not happen, in words for the operator (no key, no code). */
    public static final class EnrollmentException extends Exception {
        private static final long serialVersionUID = 1L;

        /** The node could not take the request (unreachable, 5xx): another node may. */
        private final boolean nodeUnavailable;

        public EnrollmentException(String message) {
            this(message, false);
        }

        private EnrollmentException(String message, boolean nodeUnavailable) {
            super(message);
            this.nodeUnavailable = nodeUnavailable;
        }
    }

    private Enrollment() {
    }

    /** Normalises a fingerprint as an operator may paste it (colons, spaces, upper case), or null if it is none. */
    public static String fingerprint(String text) {
        if (text == null) {
            return null;
        }
        String hex = text.replaceAll("[\\s:]", "").toLowerCase(Locale.ROOT);
        return HEX64.matcher(hex).matches() ? hex : null;
    }

    /** A node that could not take the request (unreachable, 5xx): the next address may. */
    private static EnrollmentException unavailable(String message) {
        return new EnrollmentException(message, true);
    }

    /**
     * Enrolls and returns the identity now in {@code stateDir}.
     *
     * @param collector {@code https://host:port} of the collector
     * @param replace   whether an identity already there may be replaced
     */
    public static AgentIdentity enroll(URI collector, String code, String agentId, Path stateDir, String caSha256,
                                       Duration timeout, boolean replace) throws EnrollmentException {
        return enroll(collector == null ? List.of() : List.of(collector), code, agentId, stateDir, caSha256, timeout,
                replace);
    }

    /**
     * Enrolls at the first of the collector's nodes that can be reached (see the class comment)
     * and returns the identity now in {@code stateDir}.
     *
     * @param collectors {@code https://host:port} of each collector node, in the order to try them
     * @param replace    whether an identity already there may be replaced
     */
    public static AgentIdentity enroll(List<URI> collectors, String code, String agentId, Path stateDir,
                                       String caSha256, Duration timeout, boolean replace) throws EnrollmentException {
        if (collectors.isEmpty() || collectors.size() > org.didban.agent.config.SiteConfig.MAX_COLLECTORS) {
            throw new EnrollmentException("--collector must be given 1 to "
                    + org.didban.agent.config.SiteConfig.MAX_COLLECTORS + " times (https://HOST:PORT)");
        }
        for (URI collector : collectors) {
            if (collector == null || !"https".equalsIgnoreCase(collector.getScheme()) || collector.getHost() == null) {
                throw new EnrollmentException("--collector must be https://HOST:PORT (the collector started with --agent-tls)");
            }
            if (collector.getUserInfo() != null) {
                throw new EnrollmentException("--collector must not hold a user or password");
            }
        }
        String pin = fingerprint(caSha256);
        if (pin == null) {
            throw new EnrollmentException("--ca-sha256 must be the 64 hexadecimal digits `didban agents enroll-code` printed");
        }
        if (code == null || code.isBlank() || code.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new EnrollmentException("--code must be the one-time code `didban agents enroll-code` printed");
        }
        if (agentId == null || !agentId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new EnrollmentException("--agent must be the agent id of agents.csv (letters, digits, . _ -)");
        }
        if (!replace && AgentIdentity.present(stateDir)) {
            throw new EnrollmentException("the state folder " + stateDir + " already holds an enrolled identity;"
                    + " give --force to replace it");
        }
        KeyPair key;
        String csr;
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            key = g.generateKeyPair();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, agentId).build();
            csr = AgentIdentity.pem("CERTIFICATE REQUEST", new JcaPKCS10CertificationRequestBuilder(subject, key.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())).getEncoded());
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new EnrollmentException("cannot make the agent's key: " + e.getMessage());
        }
        Path keyNew;
        try {
            Secrets.createPrivateDirectories(stateDir);
            keyNew = stateDir.resolve(AgentIdentity.KEY_FILE + ".new");
            Files.deleteIfExists(keyNew);
            // owner-only from its creation: no window in which another user could read it
            Files.createFile(keyNew, Secrets.privateFile());
            Files.writeString(keyNew, AgentIdentity.pem("PRIVATE KEY", key.getPrivate().getEncoded()),
                    StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new EnrollmentException("cannot write the agent's key in " + stateDir + ": " + e.getMessage());
        }
        boolean done = false;
        try {
            ObjectNode body = JSON.createObjectNode().put("agent", agentId).put("code", code).put("csr", csr);
            JsonNode reply = post(collectors, JSON.writeValueAsBytes(body), pin, timeout);
            List<X509Certificate> chain = AgentIdentity.certificates(text(reply, "chain"));
            List<X509Certificate> cas = AgentIdentity.certificates(text(reply, "ca"));
            if (chain.isEmpty() || cas.isEmpty()) {
                throw new EnrollmentException("the collector's answer holds no certificate");
            }
            X509Certificate ca = cas.get(0);
            if (!AgentIdentity.sha256(ca).equals(pin)) {
                throw new EnrollmentException("the CA certificate the collector sent is not the one of --ca-sha256; refused");
            }
            if (!key.getPublic().equals(chain.get(0).getPublicKey())) {
                throw new EnrollmentException("the certificate the collector sent is not for this agent's key; refused");
            }
            if (!agentId.equals(AgentIdentity.commonName(chain.get(0)))) {
                throw new EnrollmentException("the certificate the collector sent names another agent; refused");
            }
            AgentIdentity identity = AgentIdentity.of(key.getPrivate(), chain, ca);
            StringBuilder chainPem = new StringBuilder();
            for (X509Certificate c : chain) {
                chainPem.append(AgentIdentity.pem("CERTIFICATE", c.getEncoded()));
            }
            write(stateDir.resolve(AgentIdentity.CERT_FILE), chainPem.toString());
            write(stateDir.resolve(AgentIdentity.CA_FILE), AgentIdentity.pem("CERTIFICATE", ca.getEncoded()));
            Files.move(keyNew, stateDir.resolve(AgentIdentity.KEY_FILE), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            done = true;
            return identity;
        } catch (GeneralSecurityException e) {
            throw new EnrollmentException("the collector's answer is not usable: " + e.getMessage());
        } catch (IOException e) {
            throw new EnrollmentException("cannot write the identity in " + stateDir + ": " + e.getMessage());
        } finally {
            if (!done) {
                try {
                    Files.deleteIfExists(keyNew);
                } catch (IOException ignored) {
                    // a stale .new key is replaced by the next attempt
                }
            }
        }
    }

    private static void write(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, Secrets.privateFile());
        Files.writeString(tmp, text, StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String text(JsonNode reply, String field) throws EnrollmentException {
        JsonNode v = reply.get(field);
        if (v == null || !v.isTextual()) {
            throw new EnrollmentException("the collector's answer has no " + field);
        }
        return v.asText();
    }

    /** At each node in turn while one cannot be reached; the last node's error when none could. */
    private static JsonNode post(List<URI> collectors, byte[] body, String pin, Duration timeout)
            throws EnrollmentException {
        EnrollmentException last = null;
        for (int i = 0; i < collectors.size(); i++) {
            try {
                return post(collectors.get(i).resolve(PATH), body, pin, timeout);
            } catch (EnrollmentException e) {
                if (!e.nodeUnavailable) {
                    throw e;
                }
                last = e;
                if (i + 1 < collectors.size()) {
                    LOG.log(System.Logger.Level.WARNING, "enrollment: {0}; trying {1}", e.getMessage(),
                            org.didban.agent.config.SiteConfig.shown(collectors.get(i + 1)));
                }
            }
        }
        throw collectors.size() == 1 ? last : new EnrollmentException(last.getMessage() + " (and no other of the "
                + collectors.size() + " --collector addresses could be reached)");
    }

    private static JsonNode post(URI uri, byte[] body, String pin, Duration timeout) throws EnrollmentException {
        PinnedCa trust = new PinnedCa(pin);
        String where = uri.getHost() + ":" + (uri.getPort() < 0 ? 443 : uri.getPort());
        HttpsURLConnection c;
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {trust}, null);
            c = (HttpsURLConnection) uri.toURL().openConnection();
            c.setSSLSocketFactory(ctx.getSocketFactory());
        } catch (GeneralSecurityException | IOException | ClassCastException e) {
            throw new EnrollmentException("cannot open a connection to " + where + ": " + e.getClass().getSimpleName());
        }
        try {
            int ms = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            c.setConnectTimeout(ms);
            c.setReadTimeout(ms);
            c.setInstanceFollowRedirects(false);
            c.setUseCaches(false);
            c.setRequestMethod("POST");
            c.setRequestProperty("Content-Type", "application/json");
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(body.length);
            try {
                // connection and TLS first: a failure here sent nothing, so another node may be asked
                c.connect();
            } catch (IOException e) {
                if (trust.mismatch != null) {
                    throw mismatch(where, trust);
                }
                throw unavailable(unreachable(where, e, timeout));
            }
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
            int status = c.getResponseCode();
            byte[] answer;
            try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                answer = in == null ? new byte[0] : in.readNBytes(MAX_REPLY);
            }
            JsonNode json;
            try {
                json = JSON.readTree(answer);
            } catch (IOException e) {
                json = null;
            }
            if (status == 200 && json != null && json.isObject()) {
                return json;
            }
            String why = json != null && json.hasNonNull("error") ? json.get("error").asText() : "HTTP " + status;
            if (status == 403) {
                throw new EnrollmentException("the collector refused the enrollment: " + why);
            }
            if (status >= 500) {
                // a node shutting down, or one that cannot serve enrollment now: the code was not used
                throw unavailable("the collector at " + where + " answered HTTP " + status + ": " + why);
            }
            throw new EnrollmentException("the collector answered HTTP " + status + ": " + why);
        } catch (SSLException e) {
            if (trust.mismatch != null) {
                throw mismatch(where, trust);
            }
            throw new EnrollmentException("no trusted HTTPS connection to " + where + ": " + e.getMessage());
        } catch (ConnectException | UnknownHostException e) {
            throw new EnrollmentException("cannot reach the collector at " + where + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        } catch (SocketTimeoutException e) {
            throw new EnrollmentException("the collector at " + where + " did not answer within " + timeout.toSeconds() + " s");
        } catch (IOException e) {
            throw new EnrollmentException("enrollment at " + where + " failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } finally {
            c.disconnect();
        }
    }

    private static EnrollmentException mismatch(String where, PinnedCa trust) {
        return new EnrollmentException("the collector at " + where + " presented a CA certificate whose SHA-256 is "
                + trust.mismatch + ", not the one given with --ca-sha256; nothing was sent. Check the"
                + " fingerprint with the operator (didban agents enroll-code prints it) and the address");
    }

    private static String unreachable(String where, IOException e, Duration timeout) {
        if (e instanceof SocketTimeoutException) {
            return "the collector at " + where + " did not answer within " + timeout.toSeconds() + " s";
        }
        if (e instanceof SSLException) {
            return "no trusted HTTPS connection to " + where + ": " + e.getMessage();
        }
        return "cannot reach the collector at " + where + " (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
    }

    /**
     * Trusts the server only if its chain holds the CA certificate with the pinned SHA-256 and the
     * chain verifies against that CA alone (validity included). The JDK still checks the host name.
     */
    static final class PinnedCa implements X509TrustManager {
        private final String pin;
        volatile String mismatch;

        PinnedCa(String pin) {
            this.pin = pin;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            X509Certificate ca = null;
            for (X509Certificate c : chain) {
                if (AgentIdentity.sha256(c).equals(pin)) {
                    ca = c;
                }
            }
            if (ca == null) {
                X509Certificate last = chain.length == 0 ? null : chain[chain.length - 1];
                mismatch = last == null ? "(no certificate)" : AgentIdentity.sha256(last);
                throw new CertificateException("the collector's CA is not the pinned one");
            }
            try {
                for (TrustManager tm : AgentIdentity.trustOnly(ca).getTrustManagers()) {
                    if (tm instanceof X509TrustManager) {
                        ((X509TrustManager) tm).checkServerTrusted(chain, authType);
                        return;
                    }
                }
            } catch (GeneralSecurityException e) {
                throw new CertificateException(e.getMessage(), e);
            }
            throw new CertificateException("no X.509 trust manager");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
