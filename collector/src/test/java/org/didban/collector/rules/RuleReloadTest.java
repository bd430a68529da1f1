package org.didban.collector.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.collector.RunningCollector.eventually;
import static org.didban.collector.RunningCollector.sample;
import static org.didban.collector.TestFleet.TEHRAN_BRANCH;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.didban.collector.RunningCollector;
import org.didban.model.Labels;
import org.didban.model.Metrics;
import org.didban.model.Sample;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A rule file changed under a running collector: new rules in force, alert state kept, bad files refused. */
@ExtendWith(VertxExtension.class)
class RuleReloadTest {
    private static final String UPLINK = """
            rules:
              - id: NET-01
                title: {en: Uplink down, fa: قطع لینک}
                category: network
                roles: [router]
                metric: if_oper_status
                condition: value == 2.0
                for: %s
                severity: high
            """;
    private static final String UPS = """
              - id: PWR-01
                title: {en: On battery, fa: روی باتری}
                category: power
                roles: [ups]
                metric: ups_output_source
                condition: value == 5.0
                severity: medium
            """;

    @TempDir
    Path dir;
    private RunningCollector collector;

    @AfterEach
    void stop() {
        if (collector != null) {
            collector.close();
        }
    }

    private Path write(String text) throws Exception {
        Path file = dir.resolve("rules.yaml");
        Path tmp = dir.resolve("rules.yaml.tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        // Replace in one step, as an editor or a deployment would, and make sure the time differs.
        Files.setLastModifiedTime(tmp, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 2_000));
        return Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private HttpResponse<Buffer> postReload(Vertx vertx) {
        return RunningCollector.await(WebClient.create(vertx).post(collector.collector().port(), "127.0.0.1", RuleReloads.PATH)
                .putHeader("Authorization", "Bearer " + org.didban.collector.TestPeople.HQ).send());
    }

    private JsonObject uplinkAlert() {
        return collector.alerts("?branch=" + TEHRAN_BRANCH).stream().map(JsonObject.class::cast)
                .filter(a -> a.getString("rule").equals("NET-01")).findFirst().orElse(null);
    }

    @Test
    void aChangedFileIsPutInForceKeepingTheAlertsOfRulesThatStay(Vertx vertx) throws Exception {
        Path file = write(UPLINK.formatted("1h"));
        collector = RunningCollector.start(vertx, RunningCollector.fleetConfig().rulesFile(file)
                .ruleWatchInterval(Duration.ofMillis(100)).build());
        collector.ingest(TEHRAN_BRANCH, 1, List.of(
                new Sample(TEHRAN_BRANCH + "-router", Metrics.IF_OPER_STATUS, Labels.of("if_index", "1"), 2, 0)), List.of());
        JsonObject pending = eventually(this::uplinkAlert, a -> a != null && a.getString("state").equals("pending"), "NET-01 pending");

        // The file changes on disk: `for` is now 1 s, and a UPS rule is added.
        write(UPLINK.formatted("1s") + UPS);
        JsonObject firing = eventually(this::uplinkAlert, a -> a != null && a.getString("state").equals("firing"),
                "NET-01 firing under the new `for`");
        assertThat(firing.getString("activeSince")).as("the same alert, not a new one").isEqualTo(pending.getString("activeSince"));
        eventually(() -> collector.getObject("/health").getInteger("rules"), n -> n == 2, "two rules in force");
        collector.ingest(TEHRAN_BRANCH, 2, List.of(sample(TEHRAN_BRANCH + "-ups", Metrics.UPS_OUTPUT_SOURCE, 5)), List.of());
        eventually(() -> collector.alerts("?branch=" + TEHRAN_BRANCH + "&state=firing").size(), n -> n == 2, "PWR-01 from the new rule");
        assertThat(collector.metric("didban_rule_reloads_total", "result", "ok")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aBadFileIsRefusedWithItsLineAndThePreviousRulesStay(Vertx vertx) throws Exception {
        Path file = write(UPLINK.formatted("1s"));
        collector = RunningCollector.start(vertx, RunningCollector.fleetConfig().rulesFile(file)
                .ruleWatchInterval(Duration.ofHours(1)).build());
        write(UPLINK.formatted("1s").replace("value == 2.0", "value == 'down'"));
        HttpResponse<Buffer> r = postReload(vertx);
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.bodyAsJsonObject().getJsonArray("problems").getString(0))
                .contains("rules.yaml:7:").contains("condition does not compile");
        assertThat(collector.metric("didban_rule_reloads_total", "result", "refused")).isEqualTo(1);

        // The rules in force are still the good ones: the uplink alert fires.
        collector.ingest(TEHRAN_BRANCH, 1, List.of(
                new Sample(TEHRAN_BRANCH + "-router", Metrics.IF_OPER_STATUS, Labels.of("if_index", "1"), 2, 0)), List.of());
        eventually(this::uplinkAlert, a -> a != null && a.getString("state").equals("firing"), "NET-01 still in force");

        write(UPLINK.formatted("1s") + UPS);
        HttpResponse<Buffer> ok = postReload(vertx);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.bodyAsJsonObject().getInteger("rules")).isEqualTo(2);
    }

    @Test
    void reloadWithoutARuleFileSaysWhy(Vertx vertx) {
        collector = RunningCollector.start(vertx, RunningCollector.fleetConfig().build());
        HttpResponse<Buffer> r = postReload(vertx);
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.bodyAsJsonObject().getString("error")).contains("--rules FILE");
    }

    @Test
    void onlyHqOrAnAdminMayReload(Vertx vertx) {
        collector = RunningCollector.start(vertx, RunningCollector.fleetConfig().build());
        assertThat(collector.postAs(org.didban.collector.TestPeople.TEHRAN_IT, RuleReloads.PATH, new JsonObject())
                .statusCode()).isEqualTo(403);
        assertThat(collector.postAs(org.didban.collector.TestPeople.PLANNER, RuleReloads.PATH, new JsonObject())
                .statusCode()).isEqualTo(403);
        assertThat(RunningCollector.await(WebClient.create(vertx).post(collector.collector().port(), "127.0.0.1",
                RuleReloads.PATH).send()).statusCode()).isEqualTo(401);
    }
}
