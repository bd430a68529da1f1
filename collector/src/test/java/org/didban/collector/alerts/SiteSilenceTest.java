package org.didban.collector.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.collector.RunningCollector.eventually;
import static org.didban.collector.RunningCollector.sample;
import static org.didban.collector.TestFleet.KASHAN_BRANCH;
import static org.didban.collector.TestFleet.REY_BRANCH;
import static org.didban.collector.TestFleet.TEHRAN_BRANCH;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.didban.collector.RunningCollector;
import org.didban.model.Metrics;
import org.didban.model.Sample;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three branches go quiet at once; their last words differ. Tehran's UPS was on battery (power
 * loss), Rey's router had its uplink down (WAN loss), Kashan was healthy to the end (agent down).
 * The silent-site alerts say which.
 */
@ExtendWith(VertxExtension.class)
class SiteSilenceTest {
    @TempDir
    Path dir;
    private RunningCollector collector;

    @AfterEach
    void stop() {
        if (collector != null) {
            collector.close();
        }
    }

    @Test
    void aQuietBranchIsDiagnosedFromItsLastWords(Vertx vertx) throws Exception {
        Path rules = Files.writeString(dir.resolve("rules.yaml"), """
                rules:
                  - id: DEV-01
                    title: {en: Device or agent silent, fa: عدم پاسخ دستگاه یا عامل}
                    category: device
                    roles: [router, ups, voting-device, auth-device]
                    metric: device_up
                    condition: value == 0.0
                    for: 5s
                    absent: 1500ms
                    severity: high
                """, StandardCharsets.UTF_8);
        collector = RunningCollector.start(vertx, RunningCollector.fleetConfig().rulesFile(rules).build());
        lastWords(TEHRAN_BRANCH, sample(TEHRAN_BRANCH + "-ups", Metrics.UPS_OUTPUT_SOURCE, 5),
                sample(TEHRAN_BRANCH + "-ups", Metrics.UPS_MINUTES_REMAINING, 12));
        lastWords(REY_BRANCH, sample(REY_BRANCH + "-ups", Metrics.UPS_OUTPUT_SOURCE, 3),
                sample(REY_BRANCH + "-router", Metrics.IF_ADMIN_STATUS, 1, "if_index", "1", "if_name", "wan0"),
                sample(REY_BRANCH + "-router", Metrics.IF_OPER_STATUS, 2, "if_index", "1", "if_name", "wan0"));
        lastWords(KASHAN_BRANCH, sample(KASHAN_BRANCH + "-ups", Metrics.UPS_OUTPUT_SOURCE, 3),
                sample(KASHAN_BRANCH + "-router", Metrics.IF_ADMIN_STATUS, 1, "if_index", "1", "if_name", "wan0"),
                sample(KASHAN_BRANCH + "-router", Metrics.IF_OPER_STATUS, 1, "if_index", "1", "if_name", "wan0"));
        // then nothing more from any of them
        JsonArray silent = eventually(() -> collector.alerts("?rule=DEV-01&state=firing"),
                a -> a.size() == 12 && a.stream().allMatch(x -> ((JsonObject) x).getValue("diagnosis") != null),
                "every device of the three branches silent, with a diagnosis");
        assertThat(causeAt(silent, TEHRAN_BRANCH)).isEqualTo("power_loss");
        assertThat(causeAt(silent, REY_BRANCH)).isEqualTo("wan_loss");
        assertThat(causeAt(silent, KASHAN_BRANCH)).isEqualTo("agent_down");
        JsonObject tehran = first(silent, TEHRAN_BRANCH);
        assertThat(tehran.getJsonObject("diagnosis").getString("evidence")).contains("on battery").contains("12 minutes");
        assertThat(first(silent, REY_BRANCH).getJsonObject("diagnosis").getString("evidence")).contains("wan0");
        // the diagnosis is on the record
        JsonArray timeline = collector.getObject("/api/v1/alerts/" + tehran.getString("id")).getJsonArray("timeline");
        assertThat(timeline.stream().map(JsonObject.class::cast).map(c -> c.getString("note")))
                .anySatisfy(n -> assertThat(n).startsWith("site silent: power_loss"));
    }

    @Test
    void aSingleSilentDeviceAtAnOtherwiseTalkingBranchIsNotASilentSite(Vertx vertx) throws Exception {
        Path rules = Files.writeString(dir.resolve("rules.yaml"), """
                rules:
                  - id: DEV-01
                    title: {en: Device or agent silent, fa: عدم پاسخ دستگاه یا عامل}
                    category: device
                    roles: [voting-device]
                    metric: device_up
                    condition: value == 0.0
                    for: 5s
                    absent: 1s
                    severity: high
                """, StandardCharsets.UTF_8);
        collector = RunningCollector.start(vertx, RunningCollector.fleetConfig().rulesFile(rules).build());
        long seq = 1;
        long end = System.currentTimeMillis() + 10_000;
        JsonArray firing = new JsonArray();
        while (System.currentTimeMillis() < end && firing.isEmpty()) {
            // the router keeps talking; the voting device said nothing at all
            collector.ingest(TEHRAN_BRANCH, seq++, List.of(sample(TEHRAN_BRANCH + "-router", Metrics.DEVICE_UP, 1)), List.of());
            Thread.sleep(100);
            firing = collector.alerts("?rule=DEV-01&branch=" + TEHRAN_BRANCH + "&state=firing");
        }
        assertThat(firing).hasSize(1);
        assertThat(firing.getJsonObject(0).getValue("diagnosis")).isNull();
    }

    private void lastWords(String branch, Sample... extra) {
        List<Sample> samples = new ArrayList<>();
        for (String d : List.of("-router", "-ups", "-vote", "-auth")) {
            samples.add(sample(branch + d, Metrics.DEVICE_UP, 1));
        }
        samples.addAll(List.of(extra));
        assertThat(collector.ingest(branch, 1, samples, List.of()).statusCode()).isEqualTo(200);
    }

    private static JsonObject first(JsonArray alerts, String branch) {
        return alerts.stream().map(JsonObject.class::cast).filter(a -> a.getString("branch").equals(branch))
                .findFirst().orElseThrow();
    }

    private static String causeAt(JsonArray alerts, String branch) {
        List<String> causes = alerts.stream().map(JsonObject.class::cast).filter(a -> a.getString("branch").equals(branch))
                .map(a -> a.getJsonObject("diagnosis").getString("cause")).distinct().toList();
        assertThat(causes).as(branch).hasSize(1);
        return causes.get(0);
    }
}
