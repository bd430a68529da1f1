package org.didban.agent.configpull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.didban.agent.http.UrlConnectionHttp;
import org.didban.agent.config.ConfigException;
import org.didban.agent.config.SiteConfig;
import org.didban.agent.configpull.ConfigPull.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a stand-in for the collector's {@code GET /api/v1/agents/{id}/config} (the agents module
 * cannot depend on the collector; the collector's own tests cover the real endpoint). It answers
 * as the collector does: strong ETag over the bytes, 304 on a matching If-None-Match, 401/403.
 */
class ConfigPullTest {
    private static final String AGENT = "THR-0001-a";
    private static final String TOKEN = "token-THR-0001";
    private static final String SECRET = "very-secret-priv-pass";

    @TempDir
    Path dir;
    private HttpServer server;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final UrlConnectionHttp http = UrlConnectionHttp.forAgent("test", Duration.ofSeconds(2));
    private volatile String served;
    private volatile int status = 200;
    private final List<String> ifNoneMatch = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private Path site;
    private Path lastGood;

    static String site(String collector, String interval, String agent) {
        return "agent-id: " + agent + "\n"
                + "branch: THR-0001\n"
                + "collector: " + collector + "\n"
                + "token: " + TOKEN + "\n"
                + "poll-interval: " + interval + "\n"
                + "devices:\n"
                + "  - id: THR-0001-router\n"
                + "    role: router\n"
                + "    address: 127.0.0.1:16100\n"
                + "    snmp: {version: v3, user: didban, auth-passphrase: auth-pass-123, priv-passphrase: " + SECRET + "}\n";
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
        site = dir.resolve("site.yaml");
        lastGood = dir.resolve("state").resolve("site.yaml");
        Files.writeString(site, site(base(), "10s", AGENT));
        served = site(base(), "10s", AGENT);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        executor.shutdownNow();
        http.close();
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        paths.add(ex.getRequestURI().getPath());
        String inm = ex.getRequestHeaders().getFirst("If-None-Match");
        ifNoneMatch.add(String.valueOf(inm));
        byte[] body;
        int code;
        if (!("Bearer " + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            code = 401;
            body = "{\"error\":\"unknown agent or bad token\"}".getBytes(StandardCharsets.UTF_8);
        } else if (status != 200) {
            code = status;
            body = "{\"error\":\"scripted\"}".getBytes(StandardCharsets.UTF_8);
        } else {
            body = served.getBytes(StandardCharsets.UTF_8);
            String tag = ConfigPull.etagOf(body);
            ex.getResponseHeaders().set("ETag", tag);
            if (tag.equals(inm)) {
                ex.sendResponseHeaders(304, -1);
                ex.close();
                return;
            }
            code = 200;
        }
        ex.sendResponseHeaders(code, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    @Test
    void aLocalFileAloneWorksAndFetchesNothing() throws Exception {
        try (ConfigPull pull = ConfigPull.local(site)) {
            assertThat(pull.current().agentId()).isEqualTo(AGENT);
            assertThat(pull.pulls()).isFalse();
            assertThat(pull.pullOnce()).isEqualTo(Outcome.LOCAL);
            pull.start(Duration.ofMillis(10), c -> {
                throw new AssertionError("a local config never changes");
            });
        }
        assertThat(paths).isEmpty();
    }

    @Test
    void theSameConfigIsAsked304WithItsTagAndNothingIsWritten() throws Exception {
        try (ConfigPull pull = ConfigPull.pulled(site, lastGood, http)) {
            assertThat(pull.pullOnce()).isEqualTo(Outcome.UNCHANGED);
            assertThat(pull.pullOnce()).isEqualTo(Outcome.UNCHANGED);
            assertThat(paths).containsOnly("/api/v1/agents/" + AGENT + "/config");
            assertThat(ifNoneMatch).containsOnly(ConfigPull.etagOf(served.getBytes(StandardCharsets.UTF_8)));
            assertThat(pull.stats().unchanged()).isEqualTo(2);
            assertThat(lastGood).doesNotExist();
        }
    }

    @Test
    void aNewConfigIsKeptOwnerOnlyAndTheAgentIsTold() throws Exception {
        served = site(base(), "30s", AGENT);
        try (ConfigPull pull = ConfigPull.pulled(site, lastGood, http)) {
            assertThat(pull.pullOnce()).isEqualTo(Outcome.CHANGED);

            assertThat(pull.current().pollInterval()).isEqualTo(Duration.ofSeconds(30));
            assertThat(Files.readString(lastGood)).isEqualTo(served);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(lastGood))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(lastGood.getParent()))).isEqualTo("rwx------");
            try (var leftovers = Files.list(lastGood.getParent())) {
                assertThat(leftovers).containsExactly(lastGood);
            }
            // and the next ask carries the new tag: 304
            assertThat(pull.pullOnce()).isEqualTo(Outcome.UNCHANGED);
            assertThat(ifNoneMatch.get(1)).isEqualTo(ConfigPull.etagOf(served.getBytes(StandardCharsets.UTF_8)));
            assertThat(pull.stats().changes()).isEqualTo(1);
        }
    }

    @Test
    void aBadConfigIsRefusedBeforeItIsKeptAndItsSecretsAreNotLogged() throws Exception {
        served = site(base(), "30s", AGENT);
        try (ConfigPull pull = ConfigPull.pulled(site, lastGood, http)) {
            assertThat(pull.pullOnce()).isEqualTo(Outcome.CHANGED);
            String good = Files.readString(lastGood);

            served = site(base(), "ten seconds", AGENT);
            assertThat(pull.pullOnce()).isEqualTo(Outcome.INVALID);
            served = "agent-id: [" + SECRET;
            assertThat(pull.pullOnce()).isEqualTo(Outcome.INVALID);
            served = site(base(), "10s", "THR-0002-a");
            assertThat(pull.pullOnce()).isEqualTo(Outcome.INVALID);
            served = site(base(), "10s", AGENT).replace("branch: THR-0001", "branch: THR-0002");
            assertThat(pull.pullOnce()).isEqualTo(Outcome.INVALID);

            assertThat(pull.stats().invalid()).isEqualTo(4);
            assertThat(pull.current().pollInterval()).isEqualTo(Duration.ofSeconds(30));
            assertThat(Files.readString(lastGood)).isEqualTo(good);
        }
    }

    @Test
    void anUnreachableOrRefusingCollectorKeepsTheConfigInForce() throws Exception {
        served = site(base(), "30s", AGENT);
        try (ConfigPull pull = ConfigPull.pulled(site, lastGood, http, Duration.ofSeconds(2))) {
            assertThat(pull.pullOnce()).isEqualTo(Outcome.CHANGED);
            status = 503;
            assertThat(pull.pullOnce()).isEqualTo(Outcome.REFUSED);
            status = 403;
            assertThat(pull.pullOnce()).isEqualTo(Outcome.REFUSED);
            server.stop(0);
            server = null;
            assertThat(pull.pullOnce()).isEqualTo(Outcome.UNREACHABLE);

            assertThat(pull.stats().refused()).isEqualTo(2);
            assertThat(pull.stats().unreachable()).isEqualTo(1);
            assertThat(pull.current().pollInterval()).isEqualTo(Duration.ofSeconds(30));
        }
    }

    @Test
    void aRestartWithoutTheCollectorStartsFromTheLastGoodCopy() throws Exception {
        served = site(base(), "30s", AGENT);
        try (ConfigPull pull = ConfigPull.pulled(site, lastGood, http)) {
            assertThat(pull.pullOnce()).isEqualTo(Outcome.CHANGED);
        }
        // make the site file clearly older than the copy, as after an install
        Files.setLastModifiedTime(site, FileTime.from(Instant.now().minusSeconds(3600)));
        server.stop(0);
        server = null;

        try (ConfigPull restarted = ConfigPull.pulled(site, lastGood, http, Duration.ofSeconds(2))) {
            assertThat(restarted.current().pollInterval()).isEqualTo(Duration.ofSeconds(30));
            assertThat(restarted.pullOnce()).isEqualTo(Outcome.UNREACHABLE);
        }
        Files.delete(site);
        try (ConfigPull copyOnly = ConfigPull.pulled(site, lastGood, http)) {
            assertThat(copyOnly.current().pollInterval()).isEqualTo(Duration.ofSeconds(30));
        }
    }

    @Test
    void aSiteFileEditedAfterTheCopyWins() throws Exception {
        served = site(base(), "30s", AGENT);
        try (ConfigPull pull = ConfigPull.pulled(site, lastGood, http)) {
            pull.pullOnce();
        }
        Files.writeString(site, site(base(), "20s", AGENT));
        Files.setLastModifiedTime(site, FileTime.from(Instant.now().plusSeconds(60)));
        try (ConfigPull pull = ConfigPull.pulled(site, lastGood, http)) {
            assertThat(pull.current().pollInterval()).isEqualTo(Duration.ofSeconds(20));
        }
    }

    @Test
    void nothingToStartFromIsAClearError() {
        assertThatThrownBy(() -> ConfigPull.pulled(dir.resolve("none.yaml"), lastGood, http))
                .isInstanceOf(ConfigException.class).hasMessageContaining("neither a site file");
    }

    @Test
    void aBadLastGoodCopyFallsBackToTheSiteFile() throws Exception {
        Files.createDirectories(lastGood.getParent());
        Files.writeString(lastGood, "agent-id: [broken");
        Files.setLastModifiedTime(site, FileTime.from(Instant.now().minusSeconds(3600)));
        try (ConfigPull pull = ConfigPull.pulled(site, lastGood, http)) {
            assertThat(pull.current().pollInterval()).isEqualTo(Duration.ofSeconds(10));
        }
    }

    @Test
    void startedItPullsOnItsOwnAndTellsTheListener() throws Exception {
        LinkedBlockingQueue<SiteConfig> changes = new LinkedBlockingQueue<>();
        try (ConfigPull pull = ConfigPull.pulled(site, lastGood, http)) {
            pull.start(Duration.ofMillis(50), changes::add);
            Thread.sleep(200);
            assertThat(changes).isEmpty();
            served = site(base(), "45s", AGENT);
            SiteConfig next = changes.poll(5, TimeUnit.SECONDS);
            assertThat(next).isNotNull();
            assertThat(next.pollInterval()).isEqualTo(Duration.ofSeconds(45));
            assertThat(pull.current()).isSameAs(next);
        }
    }

    @Test
    void configUriEscapesTheAgentId() throws ConfigException {
        SiteConfig c = ConfigPull.local(site).current();
        assertThat(ConfigPull.configUri(c).toString()).isEqualTo(base() + "/api/v1/agents/THR-0001-a/config");
    }
}
