package org.didban.agent.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.didban.agent.http.CollectorHttp;
import org.didban.agent.http.UrlConnectionHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's enrollment against a stand-in collector (the JDK's HTTPS server, a CA of the test's
 * own) on loopback: pinning, files and their permissions, errors, and mutual TLS through
 * {@link UrlConnectionHttp}. The real collector is in the collector module's
 * {@code AgentEnrollmentEndToEndTest}.
 */
class EnrollmentTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AGENT = "THR-0001-a";
    private static final String CODE = "CODE-1111-2222-3333";

    @TempDir
    Path dir;
    private KeyPair caKey;
    private X509Certificate ca;
    private HttpsServer server;
    private URI base;
    private final AtomicInteger enrollRequests = new AtomicInteger();
    /** Enrollment requests still to be answered 503 (a node shutting down). */
    private final AtomicInteger unavailable = new AtomicInteger();
    private final AtomicReference<String> clientCn = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        caKey = ecKey();
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=Test CA"), BigInteger.ONE,
                Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(30))), new X500Name("CN=Test CA"),
                caKey.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        ca = sign(b);
        KeyPair serverKey = ecKey();
        X509v3CertificateBuilder s = new JcaX509v3CertificateBuilder(ca, BigInteger.TWO, Date.from(now.minusSeconds(60)),
                Date.from(now.plus(Duration.ofDays(30))), new X500Name("CN=collector"), serverKey.getPublic());
        s.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
        X509Certificate serverCert = sign(s);

        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", serverKey.getPrivate(), "pw".toCharArray(), new Certificate[] {serverCert, ca});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "pw".toCharArray());
        TrustManagerFactory tmf = AgentIdentity.trustOnly(ca);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = ctx.getDefaultSSLParameters();
                p.setWantClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        server.createContext("/api/v1/enroll", ex -> {
            try (ex) {
                enrollRequests.incrementAndGet();
                JsonNode body = JSON.readTree(ex.getRequestBody());
                String reply;
                int status;
                if (unavailable.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    status = 503;
                    reply = "{\"error\":\"shutting down\"}";
                } else if (!CODE.equals(body.path("code").asText())) {
                    status = 403;
                    reply = "{\"error\":\"the enrollment code is not known\"}";
                } else {
                    PKCS10CertificationRequest csr = new PKCS10CertificationRequest(
                            der(body.get("csr").asText(), "CERTIFICATE REQUEST"));
                    X509Certificate cert = issue(new JcaPKCS10CertificationRequest(csr).getPublicKey(),
                            body.get("agent").asText(), Duration.ofDays(365));
                    String leaf = AgentIdentity.pem("CERTIFICATE", cert.getEncoded());
                    String caPem = AgentIdentity.pem("CERTIFICATE", ca.getEncoded());
                    status = 200;
                    reply = JSON.writeValueAsString(Map.of("chain", leaf + caPem, "ca", caPem, "certificate", leaf));
                }
                byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(status, bytes.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            } catch (Exception e) {
                ex.sendResponseHeaders(500, -1);
            }
        });
        server.createContext("/api/v1/ingest", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                int status = 401;
                try {
                    Certificate[] peer = ((HttpsExchange) ex).getSSLSession().getPeerCertificates();
                    clientCn.set(AgentIdentity.commonName((X509Certificate) peer[0]));
                    status = 200;
                } catch (javax.net.ssl.SSLPeerUnverifiedException none) {
                    clientCn.set(null);
                }
                ex.sendResponseHeaders(status, -1);
            }
        });
        server.start();
        base = URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void enrollsWritesAnOwnerOnlyKeyAndSendsWithItsCertificate() throws Exception {
        Path state = dir.resolve("state");
        AgentIdentity id = Enrollment.enroll(base, CODE, AGENT, state, AgentIdentity.sha256(ca), Duration.ofSeconds(10), false);
        assertThat(id.agentId()).isEqualTo(AGENT);
        assertThat(AgentIdentity.present(state)).isTrue();
        assertThat(Files.getPosixFilePermissions(state.resolve(AgentIdentity.KEY_FILE)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(state)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        try (var files = Files.list(state)) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted().toList())
                    .containsExactly(AgentIdentity.CERT_FILE, AgentIdentity.KEY_FILE, AgentIdentity.CA_FILE);
        }
        AgentIdentity loaded = AgentIdentity.load(state);
        assertThat(loaded.serial()).isEqualTo(id.serial());
        assertThat(loaded.ca()).isEqualTo(ca);

        try (UrlConnectionHttp http = UrlConnectionHttp.forAgent(AGENT, Duration.ofSeconds(5), loaded.socketFactory())) {
            CollectorHttp.Reply r = http.send(CollectorHttp.Request.post(base.resolve("/api/v1/ingest"), Map.of(),
                    new byte[] {1}, Duration.ofSeconds(5))).get();
            assertThat(r.status()).isEqualTo(200);
            assertThat(clientCn.get()).as("the agent presented its certificate").isEqualTo(AGENT);
            assertThat(http.send(CollectorHttp.Request.post(URI.create("http://127.0.0.1:1/api/v1/ingest"), Map.of(),
                    new byte[] {1}, Duration.ofSeconds(5))).handle((ok, e) -> e).get())
                    .as("an enrolled agent does not send in clear").hasMessageContaining("https");
        }
        // a token-mode client presents nothing
        try (UrlConnectionHttp plain = UrlConnectionHttp.forAgent(AGENT, Duration.ofSeconds(5))) {
            assertThat(plain.send(CollectorHttp.Request.post(base.resolve("/api/v1/ingest"), Map.of(), new byte[] {1},
                    Duration.ofSeconds(5))).handle((ok, e) -> e).get()).as("the JDK does not trust the test CA").isNotNull();
        }
    }

    @Test
    void aWrongFingerprintSendsNothingAndWritesNoKey() {
        Path state = dir.resolve("state");
        assertThatThrownBy(() -> Enrollment.enroll(base, CODE, AGENT, state, "00".repeat(32), Duration.ofSeconds(10), false))
                .isInstanceOf(Enrollment.EnrollmentException.class)
                .hasMessageContaining(AgentIdentity.sha256(ca)).hasMessageContaining("--ca-sha256")
                .hasMessageNotContaining(CODE);
        assertThat(enrollRequests.get()).isZero();
        assertThat(AgentIdentity.present(state)).isFalse();
        assertThat(state.resolve(AgentIdentity.KEY_FILE + ".new")).doesNotExist();
    }

    @Test
    void aRefusedCodeIsAClearErrorWithoutTheCodeAndKeepsTheIdentityThere() throws Exception {
        Path state = dir.resolve("state");
        Enrollment.enroll(base, CODE, AGENT, state, AgentIdentity.sha256(ca), Duration.ofSeconds(10), false);
        String before = Files.readString(state.resolve(AgentIdentity.KEY_FILE));
        assertThatThrownBy(() -> Enrollment.enroll(base, "WRONG-9999", AGENT, state, AgentIdentity.sha256(ca),
                Duration.ofSeconds(10), false)).hasMessageContaining("already holds an enrolled identity");
        assertThatThrownBy(() -> Enrollment.enroll(base, "WRONG-9999", AGENT, state, AgentIdentity.sha256(ca),
                Duration.ofSeconds(10), true)).isInstanceOf(Enrollment.EnrollmentException.class)
                .hasMessageContaining("refused the enrollment").hasMessageContaining("not known")
                .hasMessageNotContaining("WRONG-9999");
        assertThat(Files.readString(state.resolve(AgentIdentity.KEY_FILE))).as("the old identity is intact").isEqualTo(before);
        assertThat(state.resolve(AgentIdentity.KEY_FILE + ".new")).doesNotExist();
    }

    @Test
    void badArgumentsAreRefusedBeforeAnyKeyIsMade() {
        Path state = dir.resolve("state");
        String pin = AgentIdentity.sha256(ca);
        assertThatThrownBy(() -> Enrollment.enroll(URI.create("http://127.0.0.1:1"), CODE, AGENT, state, pin,
                Duration.ofSeconds(1), false)).hasMessageContaining("https://");
        assertThatThrownBy(() -> Enrollment.enroll(base, CODE, AGENT, state, "abc", Duration.ofSeconds(1), false))
                .hasMessageContaining("--ca-sha256");
        assertThat(Enrollment.fingerprint(pin.toUpperCase().replaceAll("(..)(?!$)", "$1:"))).isEqualTo(pin);
        assertThat(state).doesNotExist();
    }

    @Test
    void enrollsAtTheNextCollectorNodeWhenTheFirstCannotBeReachedOrAnswers503() throws Exception {
        URI gone = URI.create("https://127.0.0.1:" + closedPort());
        Path state = dir.resolve("state");
        AgentIdentity id = Enrollment.enroll(List.of(gone, base), CODE, AGENT, state, AgentIdentity.sha256(ca),
                Duration.ofSeconds(10), false);
        assertThat(id.agentId()).isEqualTo(AGENT);
        assertThat(enrollRequests.get()).isEqualTo(1);

        unavailable.set(1);
        Enrollment.enroll(List.of(base, base), CODE, AGENT, state, AgentIdentity.sha256(ca), Duration.ofSeconds(10), true);
        assertThat(enrollRequests.get()).as("a 503, then the next address").isEqualTo(3);

        // the command line takes --collector once per node
        assertThat(org.didban.agent.AgentMain.enroll(new String[] {"--collector", gone.toString(), "--collector",
                base.toString(), "--code", CODE, "--agent", AGENT, "--state-dir", dir.resolve("cli").toString(),
                "--ca-sha256", AgentIdentity.sha256(ca)})).isZero();
        assertThat(AgentIdentity.present(dir.resolve("cli"))).isTrue();
    }

    @Test
    void aRefusalOrAWrongFingerprintIsNotTakenToAnotherNode() throws Exception {
        URI gone = URI.create("https://127.0.0.1:" + closedPort());
        Path state = dir.resolve("state");
        assertThatThrownBy(() -> Enrollment.enroll(List.of(base, gone), "WRONG-9999", AGENT, state,
                AgentIdentity.sha256(ca), Duration.ofSeconds(10), false))
                .hasMessageContaining("refused the enrollment").hasMessageNotContaining("reach");
        assertThatThrownBy(() -> Enrollment.enroll(List.of(base, gone), CODE, AGENT, state, "00".repeat(32),
                Duration.ofSeconds(10), false))
                .hasMessageContaining("--ca-sha256").hasMessageNotContaining("reach");
        assertThatThrownBy(() -> Enrollment.enroll(List.of(gone, gone), CODE, AGENT, state, AgentIdentity.sha256(ca),
                Duration.ofSeconds(10), false))
                .hasMessageContaining("cannot reach the collector").hasMessageContaining("no other of the 2");
        assertThatThrownBy(() -> Enrollment.enroll(List.of(base, URI.create("http://127.0.0.1:1")), CODE, AGENT, state,
                AgentIdentity.sha256(ca), Duration.ofSeconds(10), false)).hasMessageContaining("https://");
        assertThat(enrollRequests.get()).isEqualTo(1);
        assertThat(AgentIdentity.present(state)).isFalse();
    }

    @Test
    void theAgentsCertificateGoesToEveryCollectorNode() throws Exception {
        Path state = dir.resolve("state");
        AgentIdentity id = Enrollment.enroll(base, CODE, AGENT, state, AgentIdentity.sha256(ca), Duration.ofSeconds(10), false);
        URI gone = URI.create("https://127.0.0.1:" + closedPort());
        java.util.concurrent.ScheduledExecutorService scheduler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try (UrlConnectionHttp http = UrlConnectionHttp.forAgent(AGENT, Duration.ofSeconds(5), id.socketFactory());
             org.didban.agent.uplink.Uplink uplink = new org.didban.agent.uplink.Uplink(AGENT, "THR-0001",
                     List.of(gone.resolve("/api/v1/ingest"), base.resolve("/api/v1/ingest")), org.didban.agent.config.Secret.of("unused"),
                     http, scheduler, new org.didban.agent.uplink.MemoryBatchQueue(),
                     new org.didban.agent.uplink.Backoff(Duration.ofMillis(10), Duration.ofMillis(50)), Clock.systemUTC(), 1)) {
            uplink.submit(List.of(), List.of());
            org.didban.agent.testing.FakeCollector.await("the batch at the second node", Duration.ofSeconds(10),
                    () -> uplink.batchesSent() == 1);
            assertThat(uplink.failovers()).isEqualTo(1);
            assertThat(clientCn.get()).as("mutual TLS with the same identity at the second node").isEqualTo(AGENT);
        } finally {
            scheduler.shutdownNow();
        }
    }

    /** A loopback port nobody listens on: a connection to it is refused. */
    private static int closedPort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void aCertificateExpiringWithin30DaysIsWarnedAbout() throws Exception {
        KeyPair key = ecKey();
        AgentIdentity soon = AgentIdentity.of(key.getPrivate(), List.of(issue(key.getPublic(), AGENT, Duration.ofDays(10))), ca);
        AgentIdentity later = AgentIdentity.of(key.getPrivate(), List.of(issue(key.getPublic(), AGENT, Duration.ofDays(200))), ca);
        Clock now = Clock.fixed(Instant.now(), ZoneOffset.UTC);
        assertThat(soon.warnIfExpiring(now)).isTrue();
        assertThat(later.warnIfExpiring(now)).isFalse();
        assertThat(later.warnIfExpiring(Clock.offset(now, Duration.ofDays(190)))).isTrue();
        assertThatThrownBy(() -> AgentIdentity.of(ecKey().getPrivate(), List.of(later.certificate()), ca))
                .hasMessageContaining("not that of the certificate");
    }

    // ---- a tiny CA

    private X509Certificate issue(PublicKey key, String cn, Duration validity) throws Exception {
        Instant now = Instant.now();
        return sign(new JcaX509v3CertificateBuilder(ca, BigInteger.valueOf(System.nanoTime()),
                Date.from(now.minusSeconds(60)), Date.from(now.plus(validity)), new X500Name("CN=" + cn), key));
    }

    private X509Certificate sign(X509v3CertificateBuilder b) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey.getPrivate())));
    }

    private static KeyPair ecKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static byte[] der(String pem, String type) {
        String b = "-----BEGIN " + type + "-----";
        String e = "-----END " + type + "-----";
        return java.util.Base64.getMimeDecoder().decode(pem.substring(pem.indexOf(b) + b.length(), pem.indexOf(e)));
    }
}
