package org.didban.agent.offline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.didban.model.Event;
import org.didban.model.Labels;
import org.didban.model.Metrics;
import org.didban.rules.ManualScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StatusPageTest {
    private static final long T0 = Instant.parse("2026-06-19T04:30:00Z").toEpochMilli();
    private static final String EVIL = "<script>alert(1)</script>";

    private final HttpClient http = HttpClient.newHttpClient();
    private final ManualScheduler clock = new ManualScheduler(T0);
    private final List<List<Event>> synced = new ArrayList<>();
    private StatusPage page;

    @AfterEach
    void stop() {
        if (page != null) {
            page.close();
        }
    }

    /** A branch whose router has a hostile id, with the fiber cut and the mains out, the collector unreachable. */
    private LocalRules troubledBranch() throws Exception {
        LocalRules rules = LocalRules.create(Sites.config(EVIL), LocalRules.Options.DEFAULT, clock, Runnable::run, null,
                synced::add);
        rules.collectorReachable(false);
        for (int i = 0; i <= 31; i++) {
            List<org.didban.model.Sample> round = new ArrayList<>();
            for (org.didban.model.Sample s : Sites.troubled(clock.now())) {
                round.add(s.device().equals(Sites.ROUTER)
                        ? new org.didban.model.Sample(EVIL, s.metric(), s.labels(), s.value(), s.timestamp()) : s);
            }
            rules.accept(round, List.of());
            clock.advance(10_000);
        }
        return rules;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + page.port() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void servesTheBranchInHtmlWithPersianRightToLeftAndEverythingEscaped() throws Exception {
        LocalRules rules = troubledBranch();
        page = StatusPage.start(0, rules::status);
        HttpResponse<String> r = get("/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        String html = r.body();
        assertThat(html).contains("KRN-0301").contains("UNREACHABLE").contains("since 2026-06-19T04:30:00Z");
        assertThat(html).contains("Uplink down").contains("<td dir=\"rtl\" lang=\"fa\">قطع لینک ارتباطی شعبه</td>");
        assertThat(html).contains("Mains power lost, UPS on battery").contains("قطع برق شهری، یو‌پی‌اس روی باتری");
        assertThat(html).contains("NOT ANSWERING");                 // the voting device
        assertThat(html).contains("ups_output_source = 5");
        assertThat(html).doesNotContain(EVIL).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(html).doesNotContain("<script");
    }

    @Test
    void servesTheSameAsJson() throws Exception {
        LocalRules rules = troubledBranch();
        page = StatusPage.start(0, rules::status);
        HttpResponse<String> r = get("/status.json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        JsonNode json = new ObjectMapper().readTree(r.body());
        assertThat(json.path("branch").asText()).isEqualTo("KRN-0301");
        assertThat(json.path("collector").path("reachable").asBoolean(true)).isFalse();
        assertThat(json.path("collector").path("since").asText()).isEqualTo("2026-06-19T04:30:00Z");
        List<String> rulesFiring = new ArrayList<>();
        for (JsonNode a : json.path("alerts")) {
            if (a.path("state").asText().equals("firing")) {
                rulesFiring.add(a.path("rule").asText());
            }
            if (a.path("rule").asText().equals("PWR-01")) {
                assertThat(a.path("title_fa").asText()).isEqualTo("قطع برق شهری، یو‌پی‌اس روی باتری");
                assertThat(a.path("severity").asText()).isEqualTo("medium");
            }
        }
        assertThat(rulesFiring).contains("NET-01", "PWR-01");
        JsonNode router = null;
        for (JsonNode d : json.path("devices")) {
            if (d.path("id").asText().equals(EVIL)) {
                router = d;
            }
        }
        assertThat(router).isNotNull();
        assertThat(router.path("device_up").asDouble()).isEqualTo(1.0);
        assertThat(router.path("interfaces").path("ge0").asDouble()).isEqualTo(2.0);
    }

    @Test
    void showsNoSecretAnywhere() throws Exception {
        LocalRules rules = troubledBranch();
        page = StatusPage.start(0, rules::status);
        for (String path : List.of("/", "/status.json")) {
            String body = get(path).body();
            assertThat(body).isNotEmpty()
                    .doesNotContain(Sites.TOKEN).doesNotContain(Sites.AUTH).doesNotContain(Sites.PRIV)
                    .doesNotContain(Sites.COMMUNITY).doesNotContain("SECRET").doesNotContain("didban\"")
                    .doesNotContain("127.0.0.1:9");       // not even where the collector is
        }
    }

    @Test
    void isReadOnlyAndServesNothingElse() throws Exception {
        page = StatusPage.start(0, () -> new SiteStatus("a", "B1", T0, SiteStatus.Link.UNKNOWN, T0, List.of(), List.of(),
                0, 0, 0));
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + page.port() + "/"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(get("/etc/passwd").statusCode()).isEqualTo(404);
        assertThat(get("/").body()).contains("not known yet").contains("None.");
    }

    @Test
    void updatesAsTheBranchRecovers() throws Exception {
        LocalRules rules = troubledBranch();
        page = StatusPage.start(0, rules::status);
        assertThat(get("/").body()).contains("Mains power lost");
        rules.accept(List.of(Sites.sample(Sites.UPS, Metrics.UPS_OUTPUT_SOURCE, Labels.EMPTY, 3, clock.now())), List.of());
        rules.collectorReachable(true);
        String html = get("/").body();
        assertThat(html).doesNotContain("Mains power lost").contains("reachable</strong>");
        // the outage's transitions went to the uplink as they happened, the last the recovery
        assertThat(synced).isNotEmpty();
        assertThat(synced.get(synced.size() - 1)).singleElement()
                .satisfies(e -> assertThat(e.attributes()).containsEntry("state", "resolved"));
    }
}
