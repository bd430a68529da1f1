package org.didban.collector.enroll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.didban.collector.CollectorConfig;
import org.didban.collector.RunningCollector;
import org.didban.collector.TestFleet;
import org.didban.collector.TestPeople;
import org.didban.model.Event;
import org.didban.wire.SiteBatch;
import org.didban.wire.SiteBatchCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Agent identity over real TLS on loopback: enrollment, mTLS ingest, revocation, spoofing. */
class AgentIdentityTest {
    private static final String TEHRAN = TestFleet.TEHRAN_BRANCH;
    private static final String REY = TestFleet.REY_BRANCH;

    @TempDir
    Path dir;
    private Vertx vertx;
    private org.didban.collector.Collector collector;
    private AgentTls tls;
    private String base;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        tls = AgentTls.open(dir.resolve("data"), List.of("127.0.0.1", "localhost"));
        CollectorConfig config = RunningCollector.fleetConfig().host("127.0.0.1").agentTls(tls).build();
        // the first start in a JVM (H2, TLS, class loading) may take longer than RunningCollector's deadline
        collector = org.didban.collector.Collector.start(vertx, config).toCompletionStage().toCompletableFuture()
                .get(60, java.util.concurrent.TimeUnit.SECONDS);
        base = "https://127.0.0.1:" + collector.port();
    }

    @AfterEach
    void stop() {
        if (collector != null) {
            RunningCollector.await(collector.close());
        }
        RunningCollector.await(vertx.close());
    }

    /** What an agent holds after enrolling. */
    private record Enrolled(KeyPair key, List<X509Certificate> chain, X509Certificate ca, String serial) {
    }

    private record Reply(int status, String body) {
        JsonObject json() {
            return new JsonObject(body);
        }
    }

    @Test
    void enrollmentEndToEndThenBatchAcceptedOverMutualTls() throws Exception {
        Enrolled e = enroll(TEHRAN);
        assertThat(e.chain().get(0).getSubjectX500Principal().getName()).contains("CN=" + TestFleet.agentOf(TEHRAN));
        assertThat(CertificateAuthority.branchOf(e.chain().get(0))).isEqualTo(TEHRAN);
        assertThat(e.ca()).isEqualTo(tls.ca().certificate());
        Reply r = ingest(clientContext(e), batch(TEHRAN, 1));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().getString("status")).isEqualTo("accepted");
        // the bearer token alone is no longer enough
        assertThat(ingest(trustOnly(), batch(TEHRAN, 2), TestFleet.tokenOf(TEHRAN)).status()).isEqualTo(401);
        assertThat(Files.getPosixFilePermissions(dir.resolve("data").resolve(CertificateAuthority.KEY_FILE)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(metric("didban_enroll_issued_total")).isEqualTo(1.0);
    }

    @Test
    void wrongReusedAndExpiredCodesAreRefusedCountedAndAudited() throws Exception {
        String agent = TestFleet.agentOf(TEHRAN);
        KeyPair key = CertificateAuthority.newKeyPair();
        assertThat(post("/api/v1/enroll", enrollBody(agent, "WRONG-CODE-0000", key)).status()).isEqualTo(403);
        String code = tls.codes().mint(agent, TEHRAN, Duration.ofHours(24), System.currentTimeMillis());
        assertThat(post("/api/v1/enroll", enrollBody(agent, code, key)).status()).isEqualTo(200);
        Reply reused = post("/api/v1/enroll", enrollBody(agent, code, key));
        assertThat(reused.status()).isEqualTo(403);
        assertThat(reused.body()).contains("already used");
        String old = tls.codes().mint(agent, TEHRAN, Duration.ofMinutes(1), System.currentTimeMillis() - 120_000);
        Reply expired = post("/api/v1/enroll", enrollBody(agent, old, key));
        assertThat(expired.status()).isEqualTo(403);
        assertThat(expired.body()).contains("expired");
        String forRey = tls.codes().mint(TestFleet.agentOf(REY), REY, Duration.ofHours(1), System.currentTimeMillis());
        assertThat(post("/api/v1/enroll", enrollBody(agent, forRey, key)).status()).isEqualTo(403);
        assertThat(metric("didban_enroll_refused_total", "reason", "unknown")).isEqualTo(1.0);
        assertThat(metric("didban_enroll_refused_total", "reason", "used")).isEqualTo(1.0);
        assertThat(metric("didban_enroll_refused_total", "reason", "expired")).isEqualTo(1.0);
        assertThat(metric("didban_enroll_refused_total", "reason", "agent_mismatch")).isEqualTo(1.0);
        assertThat(collector.ledger().barrier().get()).as("audit records written").isPositive();
    }

    @Test
    void noClientCertificateIsRefused() throws Exception {
        Reply r = ingest(trustOnly(), batch(TEHRAN, 1));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body()).contains("no client certificate");
    }

    @Test
    void aCertificateOfAnotherCaIsRefused() throws Exception {
        CertificateAuthority other = CertificateAuthority.openOrCreate(dir.resolve("other-ca"));
        KeyPair key = CertificateAuthority.newKeyPair();
        X509Certificate forged = other.issueAgent(TestFleet.agentOf(TEHRAN), TEHRAN, csr(TestFleet.agentOf(TEHRAN), key),
                Duration.ofDays(1));
        Enrolled fake = new Enrolled(key, List.of(forged, other.certificate()), tls.ca().certificate(), "x");
        SSLContext ctx = clientContext(fake);
        try {
            Reply r = ingest(ctx, batch(TEHRAN, 1));
            assertThat(r.status()).isEqualTo(401); // not trusted: either the handshake fails or the request is refused
        } catch (IOException handshakeRefused) {
            assertThat(handshakeRefused).isNotNull();
        }
    }

    @Test
    void aRevokedCertificateIsRefusedAtItsNextRequest() throws Exception {
        Enrolled e = enroll(TEHRAN);
        SSLContext ctx = clientContext(e);
        assertThat(ingest(ctx, batch(TEHRAN, 1)).status()).isEqualTo(200);
        assertThat(tls.revocations().revokeAgent(TestFleet.agentOf(TEHRAN), System.currentTimeMillis()))
                .containsExactly(e.serial());
        Reply r = ingest(ctx, batch(TEHRAN, 2));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body()).contains("revoked");
        assertThat(Files.readString(dir.resolve("data").resolve(Revocations.REVOKED))).contains(e.serial());
    }

    @Test
    void onlyCertificatesForClientsOpenTheAgentApi() throws Exception {
        // the collector's own server certificate comes from the same CA: its usage keeps it out
        CertificateAuthority.Issued server = tls.ca().issueServer(List.of("127.0.0.1"), Duration.ofDays(1));
        assertThat(AgentTls.forClients(server.certificate())).isFalse();
        KeyPair key = CertificateAuthority.newKeyPair();
        X509Certificate agent = tls.ca().issueAgent(TestFleet.agentOf(TEHRAN), TEHRAN, csr(TestFleet.agentOf(TEHRAN), key),
                Duration.ofDays(1));
        assertThat(AgentTls.forClients(agent)).isTrue();
    }

    @Test
    void enrollingAgainRevokesTheAgentsEarlierCertificate() throws Exception {
        Enrolled first = enroll(TEHRAN);
        assertThat(ingest(clientContext(first), batch(TEHRAN, 1)).status()).isEqualTo(200);
        Enrolled second = enroll(TEHRAN);
        assertThat(second.serial()).isNotEqualTo(first.serial());
        // the old key may be the lost one: it opens nothing any more, the new one does
        assertThat(ingest(clientContext(first), batch(TEHRAN, 2)).status()).isEqualTo(401);
        assertThat(ingest(clientContext(second), batch(TEHRAN, 2)).status()).isEqualTo(200);
    }

    @Test
    void enrollmentAttemptsFromOneAddressAreLimited() throws Exception {
        java.util.List<Integer> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 14; i++) {
            statuses.add(post("/api/v1/enroll", new JsonObject().put("agent", "x").put("code", "guess-" + i)
                    .put("csr", "not a csr")).status());
        }
        // ten refused for what they are, the rest held back before any work or audit record
        assertThat(statuses.subList(0, 10)).containsOnly(400);
        assertThat(statuses.subList(10, 14)).containsOnly(429);
    }

    @Test
    void aCertificateRevokedByTheCommandIsRefusedWithoutARequestToNoticeIt() throws Exception {
        Enrolled e = enroll(TEHRAN);
        SSLContext ctx = clientContext(e);
        assertThat(ingest(ctx, batch(TEHRAN, 1)).status()).isEqualTo(200);
        // the operator's way: `didban agents revoke` on the data folder, as a process of its own would
        int exit = new picocli.CommandLine(new AgentsCommand()).execute("revoke", "--data-dir",
                dir.resolve("data").toString(), "--agent", TestFleet.agentOf(TEHRAN));
        assertThat(exit).isZero();
        // no request in between: the collector's own watch re-reads the list (every 2 s)
        RunningCollector.eventually(() -> tls.revocations().isRevoked(new java.math.BigInteger(e.serial(), 16)),
                revoked -> revoked, java.time.Duration.ofSeconds(20), "the collector read the revocation by itself");
        Reply r = ingest(ctx, batch(TEHRAN, 2));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body()).contains("revoked");
    }

    @Test
    void aBatchForAnotherBranchIsRefusedAndRaisesTheSpoofingAlertAtTheCredentialsBranchOnly() throws Exception {
        Enrolled e = enroll(TEHRAN);
        for (long seq = 1; seq <= 3; seq++) {
            SiteBatch spoof = new SiteBatch(TestFleet.agentOf(TEHRAN), REY, RunningCollector.EPOCH, seq,
                    System.currentTimeMillis(), List.of(), List.of());
            Reply r = ingest(clientContext(e), new SiteBatchCodec().encode(spoof));
            assertThat(r.status()).isEqualTo(403);
        }
        JsonArray alerts = RunningCollector.eventually(() -> alertsAsHq(), a -> !a.isEmpty(), "SEC-10 raised");
        // at the culprit's branch, naming the one it claimed; never at the claimed branch, which a
        // stolen credential could otherwise flood with critical alerts
        assertThat(alerts.stream().map(o -> ((JsonObject) o).getString("branch")).toList()).containsExactly(TEHRAN);
        JsonObject alert = alerts.getJsonObject(0);
        assertThat(alert.getString("severity")).isEqualTo("critical");
        assertThat(alert.getString("rule")).isEqualTo("SEC-10");
        // three spoofed batches, all counted, one alarm
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter.builder().build()
                .write(text, collector.registry().scrape());
        assertThat(text.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("didban_agent_spoofing_total{credential=\"certificate\"} 3.0");
    }

    @Test
    void plainHttpIsRefusedWhenTlsIsOn() {
        assertThatThrownBy(() -> {
            HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + collector.port()
                    + "/api/v1/ingest").openConnection();
            c.setConnectTimeout(5000);
            c.setReadTimeout(5000);
            c.setRequestMethod("POST");
            c.setRequestProperty("Authorization", "Bearer " + TestFleet.tokenOf(TEHRAN));
            c.setDoOutput(true);
            try (OutputStream out = c.getOutputStream()) {
                out.write(batch(TEHRAN, 1));
            }
            int status = c.getResponseCode();
            throw new IOException("plain HTTP got an answer " + status); // any HTTP status would be a failure here
        }).isInstanceOf(IOException.class).hasMessageNotContaining("plain HTTP got an answer");
    }

    // ---- helpers

    private Enrolled enroll(String branch) throws Exception {
        String agent = TestFleet.agentOf(branch);
        String code = tls.codes().mint(agent, branch, Duration.ofHours(24), System.currentTimeMillis());
        KeyPair key = CertificateAuthority.newKeyPair();
        Reply r = post("/api/v1/enroll", enrollBody(agent, code, key));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonObject j = r.json();
        return new Enrolled(key, Pem.certificates(j.getString("chain")), Pem.certificates(j.getString("ca")).get(0),
                j.getString("serial"));
    }

    private static JsonObject enrollBody(String agent, String code, KeyPair key) throws Exception {
        PKCS10CertificationRequest csr = csr(agent, key);
        return new JsonObject().put("agent", agent).put("code", code)
                .put("csr", Pem.encode("CERTIFICATE REQUEST", csr.getEncoded()));
    }

    private static PKCS10CertificationRequest csr(String agent, KeyPair key) throws Exception {
        return new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + agent), key.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
    }

    private static byte[] batch(String branch, long seq) {
        return new SiteBatchCodec().encode(new SiteBatch(TestFleet.agentOf(branch), branch, RunningCollector.EPOCH, seq,
                System.currentTimeMillis(), List.of(RunningCollector.sample(branch + "-router", "device_up", 1.0)),
                List.<Event>of()));
    }

    private SSLContext trustOnly() throws Exception {
        return context(null);
    }

    private SSLContext clientContext(Enrolled e) throws Exception {
        return context(e);
    }

    private SSLContext context(Enrolled e) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", tls.ca().certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (e != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("agent", e.key().getPrivate(), "pw".toCharArray(), e.chain().toArray(new Certificate[0]));
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, "pw".toCharArray());
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    private Reply ingest(SSLContext ctx, byte[] body) throws IOException {
        return ingest(ctx, body, null);
    }

    private Reply ingest(SSLContext ctx, byte[] body, String token) throws IOException {
        return exchange(ctx, "POST", "/api/v1/ingest", body, token, "application/json");
    }

    private Reply post(String path, JsonObject body) throws Exception {
        return exchange(trustOnly(), "POST", path, body.encode().getBytes(StandardCharsets.UTF_8), null, "application/json");
    }

    private Reply exchange(SSLContext ctx, String method, String path, byte[] body, String token, String type)
            throws IOException {
        HttpsURLConnection c = (HttpsURLConnection) new URL(base + path).openConnection();
        c.setSSLSocketFactory(ctx.getSocketFactory());
        c.setConnectTimeout(5000);
        c.setReadTimeout(10000);
        c.setRequestMethod(method);
        if (token != null) {
            c.setRequestProperty("Authorization", "Bearer " + token);
        }
        if (body != null) {
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", type);
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
        }
        int status = c.getResponseCode();
        try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
            return new Reply(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private JsonArray alertsAsHq() {
        try {
            Reply r = exchange(trustOnly(), "GET", "/api/v1/alerts?rule=SEC-10", null, TestPeople.HQ, null);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            Object parsed = io.vertx.core.json.Json.decodeValue(r.body());
            JsonArray all = parsed instanceof JsonArray ? (JsonArray) parsed : ((JsonObject) parsed).getJsonArray("alerts");
            JsonArray sec10 = new JsonArray();
            all.forEach(o -> {
                if ("SEC-10".equals(((JsonObject) o).getString("rule"))) {
                    sec10.add(o);
                }
            });
            return sec10;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private double metric(String name, String... labels) throws Exception {
        Reply r = exchange(trustOnly(), "GET", "/metrics", null, null, null);
        for (String line : r.body().split("\n")) {
            if (line.startsWith(name) && !line.startsWith("#")) {
                boolean all = true;
                for (int i = 0; i + 1 < labels.length; i += 2) {
                    all &= line.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
                }
                if (all && (labels.length > 0 || line.startsWith(name + " "))) {
                    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return 0;
    }

    @SuppressWarnings("unused")
    private static Map<String, Object> unused() {
        return Map.of();
    }
}
