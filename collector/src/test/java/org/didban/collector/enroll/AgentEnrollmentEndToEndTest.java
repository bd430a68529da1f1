package org.didban.collector.enroll;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.didban.agent.AgentMain;
import org.didban.agent.SiteAgent;
import org.didban.agent.config.DeviceConfig;
import org.didban.agent.config.Secret;
import org.didban.agent.config.SiteConfig;
import org.didban.agent.config.SnmpCredentials;
import org.didban.agent.identity.AgentIdentity;
import org.didban.collector.CollectorConfig;
import org.didban.collector.RunningCollector;
import org.didban.collector.TestFleet;
import org.didban.collector.TestPeople;
import org.didban.model.DeviceRole;
import org.didban.simulator.SimulatedDevice;
import org.didban.simulator.SimulatedFleet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent side of agent identity against a real collector with agent TLS on, on loopback:
 * {@code didban-agent enroll} with a one-time code and the CA fingerprint, then a {@link SiteAgent}
 * polling simulated devices and sending its batches over mutual TLS; a wrong fingerprint refuses
 * enrollment before anything is sent; after revocation the batches are refused and stay spooled
 * until the agent is enrolled again.
 */
class AgentEnrollmentEndToEndTest {
    private static final String BRANCH = TestFleet.TEHRAN_BRANCH;
    private static final String AGENT = TestFleet.agentOf(BRANCH);
    /** Not the agent's token: in certificate mode the collector must not need it. */
    private static final String NOT_THE_TOKEN = "not-the-agents-token";

    @TempDir
    Path dir;
    private Vertx vertx;
    private org.didban.collector.Collector collector;
    private AgentTls tls;
    private SimulatedFleet fleet;
    private List<DeviceConfig> devices;
    private String base;
    private Path state;
    private SiteAgent agent;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        tls = AgentTls.open(dir.resolve("data"), List.of("127.0.0.1", "localhost"));
        CollectorConfig config = RunningCollector.fleetConfig().host("127.0.0.1").agentTls(tls).build();
        collector = org.didban.collector.Collector.start(vertx, config).toCompletionStage().toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
        base = "https://127.0.0.1:" + collector.port();
        fleet = SimulatedFleet.start();
        SnmpCredentials credentials = SnmpCredentials.Usm.of("didban", "enroll-auth-pass", "enroll-priv-pass");
        devices = new ArrayList<>();
        for (DeviceRole role : List.of(DeviceRole.ROUTER, DeviceRole.UPS)) {
            SimulatedDevice d = fleet.addDevice(BRANCH + "-" + (role == DeviceRole.ROUTER ? "router" : "ups"), role,
                    credentials);
            devices.add(d.deviceConfig().withTimeout(Duration.ofMillis(300), 1));
        }
        state = dir.resolve("agent-state");
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.stop();
        }
        if (fleet != null) {
            fleet.close();
        }
        if (collector != null) {
            RunningCollector.await(collector.close());
        }
        RunningCollector.await(vertx.close());
    }

    @Test
    void enrolledAgentSendsOverMutualTlsAndKeepsItsBatchesWhenRevoked() throws Exception {
        String code = mintCode();
        Run enrolled = enrollCli(code, fingerprint(), false);
        assertThat(enrolled.exit()).as(enrolled.err()).isZero();
        assertThat(enrolled.out()).contains("enrolled: agent " + AGENT);
        assertThat(enrolled.out() + enrolled.err()).doesNotContain(code);
        assertThat(Files.getPosixFilePermissions(state.resolve(AgentIdentity.KEY_FILE)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(state.resolve(AgentIdentity.KEY_FILE))).startsWith("-----BEGIN PRIVATE KEY-----");
        AgentIdentity identity = AgentIdentity.load(state);
        assertThat(identity.agentId()).isEqualTo(AGENT);
        assertThat(identity.ca()).isEqualTo(tls.ca().certificate());
        assertThat(CertificateAuthority.branchOf(identity.certificate())).isEqualTo(BRANCH);

        // the agent, with only its state folder to say it is enrolled, sends over mutual TLS
        agent = startAgent();
        JsonObject router = RunningCollector.eventually(() -> device(BRANCH + "-router"),
                d -> d != null && d.getValue("lastSeen") != null, "the router's readings arrived over mTLS");
        assertThat(router.getString("lastSeen")).isNotBlank();
        assertThat(router.getJsonArray("readings")).as("readings of the router").isNotEmpty();
        // the agent counts a batch once the collector's answer is back, a moment after it was applied
        RunningCollector.eventually(() -> agent.stats().batchesSent(), n -> n > 0, "the agent counted a batch sent");
        assertThat(agent.stats().batchesRefused()).isZero();

        // revoked: every batch is refused (401), none is dropped, they wait in the spool
        assertThat(tls.revocations().revokeAgent(AGENT, System.currentTimeMillis())).containsExactly(identity.serial());
        long sentAtRevocation = agent.stats().batchesSent();
        RunningCollector.eventually(() -> agent.stats(), s -> s.queuedBatches() >= 3 && s.retries() >= 2,
                "batches refused after revocation pile up in the spool");
        assertThat(agent.stats().batchesRefused()).as("nothing dropped").isZero();
        assertThat(agent.stats().batchesSent()).isLessThanOrEqualTo(sentAtRevocation + 1); // one may have been in flight
        agent.stop();
        int spooled = agent.stats().queuedBatches();
        agent = null;
        assertThat(spooled).isGreaterThanOrEqualTo(3);

        // enrolled again (a new code, --force): the spooled batches go through
        Run again = enrollCli(mintCode(), fingerprint(), true);
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(AgentIdentity.load(state).serial()).isNotEqualTo(identity.serial());
        agent = startAgent();
        RunningCollector.eventually(() -> agent.stats(), s -> s.batchesSent() >= spooled && s.queuedBatches() <= 1,
                "the batches kept during revocation delivered after re-enrollment");
        assertThat(agent.stats().batchesRefused()).isZero();
    }

    @Test
    void aWrongFingerprintRefusesEnrollmentBeforeAnythingIsSentAndTheCodeStaysGood() throws Exception {
        String code = mintCode();
        String wrong = "ab".repeat(32);
        Run refused = enrollCli(code, wrong, false);
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("--ca-sha256").contains(fingerprint()).doesNotContain(code);
        assertThat(refused.out()).doesNotContain(code);
        assertThat(AgentIdentity.present(state)).isFalse();
        if (Files.isDirectory(state)) {
            try (var files = Files.list(state)) {
                assertThat(files.filter(f -> f.getFileName().toString().contains("key")).toList())
                        .as("no key left behind").isEmpty();
            }
        }
        // nothing reached the collector: the same code still enrolls with the right fingerprint
        Run ok = enrollCli(code, fingerprint().toUpperCase(java.util.Locale.ROOT), false);
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(AgentIdentity.present(state)).isTrue();
    }

    @Test
    void aWrongCodeAndAnUnreachableCollectorAreClearErrorsThatDoNotPrintTheCode() throws Exception {
        String bogus = "WRONG-CODE-1234-5678";
        Run wrong = enrollCli(bogus, fingerprint(), false);
        assertThat(wrong.exit()).isEqualTo(1);
        assertThat(wrong.err()).contains("refused the enrollment").contains("not known").doesNotContain(bogus);
        assertThat(AgentIdentity.present(state)).isFalse();

        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Run unreachable = run("--collector", "https://127.0.0.1:" + closed, "--code", bogus, "--agent", AGENT,
                "--state-dir", state.toString(), "--ca-sha256", fingerprint(), "--timeout", "5s");
        assertThat(unreachable.exit()).isEqualTo(1);
        assertThat(unreachable.err()).contains("cannot reach the collector").doesNotContain(bogus);
    }

    @Test
    void anEnrolledAgentIsNotFooledByAPlainHttpAddress() throws Exception {
        assertThat(enrollCli(mintCode(), fingerprint(), false).exit()).isZero();
        SiteAgent plain = SiteAgent.builder(new SiteConfig(AGENT, BRANCH, URI.create("http://127.0.0.1:" + collector.port()),
                Secret.of(NOT_THE_TOKEN), Duration.ofSeconds(1), devices)).stateDir(state).build();
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(plain::start).isInstanceOf(IOException.class)
                    .hasMessageContaining("https");
        } finally {
            plain.stop();
        }
    }

    // ---- helpers

    private SiteAgent startAgent() throws IOException {
        SiteAgent a = SiteAgent.builder(new SiteConfig(AGENT, BRANCH, URI.create(base), Secret.of(NOT_THE_TOKEN),
                Duration.ofSeconds(1), devices)).stateDir(state)
                .backoff(new org.didban.agent.uplink.Backoff(Duration.ofMillis(100), Duration.ofMillis(300)))
                .build();
        a.start();
        return a;
    }

    /** What {@code didban agents enroll-code} does, on the running collector's own code store. */
    private String mintCode() throws IOException {
        return tls.codes().mint(AGENT, BRANCH, Duration.ofHours(24), System.currentTimeMillis());
    }

    private String fingerprint() {
        return CertificateAuthority.sha256(tls.ca().certificate());
    }

    private record Run(int exit, String out, String err) {
    }

    private Run enrollCli(String code, String pin, boolean force) {
        List<String> args = new ArrayList<>(List.of("--collector", base, "--code", code, "--agent", AGENT,
                "--state-dir", state.toString(), "--ca-sha256", pin));
        if (force) {
            args.add("--force");
        }
        return run(args.toArray(new String[0]));
    }

    private static synchronized Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int exit = AgentMain.enroll(args);
            return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private JsonObject device(String id) {
        try {
            JsonObject branch = get("/api/v1/branches/" + BRANCH);
            JsonArray ds = branch.getJsonArray("devices");
            for (Object o : ds) {
                if (id.equals(((JsonObject) o).getString("id"))) {
                    return (JsonObject) o;
                }
            }
            return null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonObject get(String path) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", tls.ca().certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        HttpsURLConnection c = (HttpsURLConnection) new URL(base + path).openConnection();
        c.setSSLSocketFactory(ctx.getSocketFactory());
        c.setConnectTimeout(5000);
        c.setReadTimeout(10000);
        c.setRequestProperty("Authorization", "Bearer " + TestPeople.HQ);
        int status = c.getResponseCode();
        try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
            String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(status).as(body).isEqualTo(200);
            return new JsonObject(body);
        }
    }
}
