package org.didban.collector.agentconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.collector.TestFleet.KASHAN_BRANCH;
import static org.didban.collector.TestFleet.TEHRAN_BRANCH;
import static org.didban.collector.TestFleet.agentOf;
import static org.didban.collector.TestFleet.tokenOf;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.didban.agent.config.SiteConfig;
import org.didban.agent.config.SiteConfigReader;
import org.didban.collector.RunningCollector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The endpoint on a real collector, over HTTP on loopback. */
@ExtendWith(VertxExtension.class)
class AgentConfigEndpointTest {
    private static final String AGENT = agentOf(TEHRAN_BRANCH);
    private static final String PATH = "/api/v1/agents/" + AGENT + "/config";

    @TempDir
    Path dir;
    private RunningCollector collector;
    private WebClient client;

    static String site(String agent, String branch, String interval) {
        return "agent-id: " + agent + "\n"
                + "branch: " + branch + "\n"
                + "collector: http://127.0.0.1:8080\n"
                + "token: " + tokenOf(branch) + "\n"
                + "poll-interval: " + interval + "\n"
                + "devices:\n"
                + "  - id: " + branch + "-router\n"
                + "    role: router\n"
                + "    address: 127.0.0.1:16100\n"
                + "    snmp: {version: v3, user: didban, auth-passphrase: secret-auth-pass, priv-passphrase: secret-priv-pass}\n";
    }

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        Files.writeString(dir.resolve(AGENT + ".yaml"), site(AGENT, TEHRAN_BRANCH, "10s"));
        collector = RunningCollector.start(vertx, RunningCollector.fleetConfig().agentConfigs(dir).build());
        client = WebClient.create(vertx);
    }

    @AfterEach
    void stop() {
        client.close();
        collector.close();
    }

    private HttpResponse<Buffer> get(String path, String token, String ifNoneMatch) {
        HttpRequest<Buffer> r = client.getAbs(collector.collector().baseUrl() + path);
        if (token != null) {
            r.putHeader("Authorization", "Bearer " + token);
        }
        if (ifNoneMatch != null) {
            r.putHeader("If-None-Match", ifNoneMatch);
        }
        return RunningCollector.await(r.send());
    }

    @Test
    void theAgentGetsItsOwnConfigAsYamlWithAStrongEtag() throws Exception {
        HttpResponse<Buffer> r = get(PATH, tokenOf(TEHRAN_BRANCH), null);

        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/yaml; charset=utf-8");
        assertThat(r.getHeader("Cache-Control")).isEqualTo("no-store");
        String etag = r.getHeader("ETag");
        assertThat(etag).matches("\"[0-9a-f]{64}\"");
        assertThat(r.bodyAsString()).isEqualTo(site(AGENT, TEHRAN_BRANCH, "10s"));
        SiteConfig parsed = SiteConfigReader.parse(r.bodyAsString(), "served");
        assertThat(parsed.agentId()).isEqualTo(AGENT);
        assertThat(etag).isEqualTo(AgentConfigFiles.etag(r.body().getBytes()));
    }

    @Test
    void ifNoneMatchWithTheCurrentTagIs304WithoutBody() {
        String etag = get(PATH, tokenOf(TEHRAN_BRANCH), null).getHeader("ETag");

        HttpResponse<Buffer> same = get(PATH, tokenOf(TEHRAN_BRANCH), etag);
        assertThat(same.statusCode()).isEqualTo(304);
        assertThat(same.getHeader("ETag")).isEqualTo(etag);
        assertThat(same.body() == null || same.body().length() == 0).isTrue();

        assertThat(get(PATH, tokenOf(TEHRAN_BRANCH), "\"other\", W/" + etag).statusCode()).isEqualTo(304);
        assertThat(get(PATH, tokenOf(TEHRAN_BRANCH), "\"other\"").statusCode()).isEqualTo(200);
    }

    @Test
    void aChangedFileIsServedWithANewTag() throws Exception {
        String before = get(PATH, tokenOf(TEHRAN_BRANCH), null).getHeader("ETag");
        Path file = dir.resolve(AGENT + ".yaml");
        Files.writeString(file, site(AGENT, TEHRAN_BRANCH, "30s"));
        // a coarse file system could keep the same mtime for a quick rewrite: make it differ
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));

        HttpResponse<Buffer> r = get(PATH, tokenOf(TEHRAN_BRANCH), before);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.getHeader("ETag")).isNotEqualTo(before);
        assertThat(r.bodyAsString()).contains("poll-interval: 30s");
    }

    @Test
    void noTokenOrAnUnknownTokenIs401() {
        HttpResponse<Buffer> none = get(PATH, null, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(get(PATH, "not-a-token", null).statusCode()).isEqualTo(401);
    }

    @Test
    void anotherAgentsTokenIs403AndLeaksNothing() throws Exception {
        HttpResponse<Buffer> r = get(PATH, tokenOf(KASHAN_BRANCH), null);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.bodyAsString()).doesNotContain("secret-auth-pass").doesNotContain(tokenOf(TEHRAN_BRANCH));
    }

    @Test
    void anAgentWithoutAFileIs404() {
        HttpResponse<Buffer> r = get("/api/v1/agents/" + agentOf(KASHAN_BRANCH) + "/config", tokenOf(KASHAN_BRANCH), null);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.bodyAsJsonObject().getString("error")).contains("no config for agent");
    }

    @Test
    void anInvalidFileIsNotServedAndItsSecretsAreNotEchoed() throws Exception {
        Path file = dir.resolve(agentOf(KASHAN_BRANCH) + ".yaml");
        Files.writeString(file, site(agentOf(KASHAN_BRANCH), KASHAN_BRANCH, "10s").replace("secret-priv-pass", "short"));

        HttpResponse<Buffer> r = get("/api/v1/agents/" + agentOf(KASHAN_BRANCH) + "/config", tokenOf(KASHAN_BRANCH), null);

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.bodyAsJsonObject().getString("error")).contains("priv-passphrase").doesNotContain("short");
    }

    @Test
    void aFileForAnotherBranchIsNotServed() throws Exception {
        Files.writeString(dir.resolve(agentOf(KASHAN_BRANCH) + ".yaml"),
                site(agentOf(KASHAN_BRANCH), TEHRAN_BRANCH, "10s").replace(tokenOf(TEHRAN_BRANCH), tokenOf(KASHAN_BRANCH)));

        HttpResponse<Buffer> r = get("/api/v1/agents/" + agentOf(KASHAN_BRANCH) + "/config", tokenOf(KASHAN_BRANCH), null);

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.bodyAsJsonObject().getString("error")).contains("speaks for '" + KASHAN_BRANCH + "'");
    }

    @Test
    void ifNoneMatchParsing() {
        assertThat(AgentConfigEndpoint.matches(null, "\"a\"")).isFalse();
        assertThat(AgentConfigEndpoint.matches("*", "\"a\"")).isTrue();
        assertThat(AgentConfigEndpoint.matches(" \"b\" , \"a\"", "\"a\"")).isTrue();
        assertThat(AgentConfigEndpoint.matches("\"ab\"", "\"a\"")).isFalse();
    }

    @Test
    void withoutAFolderTheEndpointSaysSo(Vertx vertx) {
        try (RunningCollector plain = RunningCollector.start(vertx, RunningCollector.fleetConfig().build())) {
            HttpResponse<Buffer> r = RunningCollector.await(client.getAbs(plain.collector().baseUrl() + PATH)
                    .putHeader("Authorization", "Bearer " + tokenOf(TEHRAN_BRANCH)).send());
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.bodyAsString()).contains("--agent-configs");
        }
    }
}
