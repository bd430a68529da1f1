package org.didban.collector.readiness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.collector.RunningCollector.await;
import static org.didban.collector.TestFleet.KASHAN_BRANCH;
import static org.didban.collector.TestFleet.REY_BRANCH;
import static org.didban.collector.TestFleet.TEHRAN_BRANCH;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.didban.collector.TestFleet;
import org.didban.collector.shard.Shards;
import org.didban.model.Branch;
import org.didban.model.ElectionPhase;
import org.didban.model.Inventory;
import org.didban.rules.PhaseSchedule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dashboards' per-branch series and alert counts, read from a real readiness computation over
 * the test fleet on real shards: Tehran healthy, Kashan on battery (PWR-01 pending), Rey never heard.
 */
@ExtendWith(VertxExtension.class)
class BranchMetricsTest {
    private Inventory inventory;
    private Shards shards;
    private ReadinessBoard board;
    private final PrometheusRegistry branches = new PrometheusRegistry();
    private final PrometheusRegistry alerts = new PrometheusRegistry();

    @BeforeEach
    void start(Vertx vertx) {
        inventory = LiveShards.withApprovedConfiguration(TestFleet.inventory());
        shards = LiveShards.deploy(vertx, inventory, 2, PhaseSchedule.always(ElectionPhase.PREPARATION));
        LiveShards.apply(shards, TEHRAN_BRANCH, LiveShards.healthy(inventory.branch(TEHRAN_BRANCH), inventory.devicesOf(TEHRAN_BRANCH)));
        LiveShards.apply(shards, KASHAN_BRANCH, LiveShards.healthy(inventory.branch(KASHAN_BRANCH), inventory.devicesOf(KASHAN_BRANCH)));
        LiveShards.apply(shards, KASHAN_BRANCH, LiveShards.onBattery(inventory.devicesOf(KASHAN_BRANCH), 10));
        board = new ReadinessBoard(vertx, shards, inventory, new ReadinessAssessor(), Duration.ofHours(1), 20, 1);
        BranchMetrics.register(branches, board);
        CountyAlertMetrics.register(alerts, board);
    }

    @AfterEach
    void stop() {
        board.stop();
        await(shards.undeploy());
    }

    @Test
    void absentUntilTheFirstComputation() throws Exception {
        assertThat(scrape(branches)).doesNotContain("didban_branch_readiness_score{");
        assertThat(scrape(alerts)).doesNotContain("didban_county_alerts{");
    }

    @Test
    void everyBranchHasItsSeriesWithItsAreasAndNothingMore() throws Exception {
        ReadinessSnapshot snapshot = await(board.refresh());
        String text = scrape(branches);
        for (String metric : List.of("didban_branch_info", "didban_branch_readiness_score", "didban_branch_readiness_band",
                "didban_branch_devices_down", "didban_branch_active_alerts")) {
            assertThat(lines(text, metric + "{")).as(metric).hasSize(inventory.branches().size());
        }
        for (Branch b : inventory.branches()) {
            BranchMark mark = snapshot.branches().stream().filter(m -> m.branch().code().equals(b.code())).findFirst().orElseThrow();
            String labels = "{branch=\"" + b.code() + "\",county=\"" + b.countyCode() + "\",province=\"" + b.provinceCode() + "\"}";
            assertThat(text).contains("didban_branch_readiness_score" + labels + " " + (double) mark.score())
                    .contains("didban_branch_readiness_band" + labels + " " + (double) mark.band().ordinal());
        }
        // Rey never reported: no last-heard series, every device counted as never heard, none as down
        assertThat(lines(text, "didban_branch_last_heard_timestamp_seconds{")).hasSize(2)
                .noneMatch(l -> l.contains(REY_BRANCH));
        BranchMark rey = mark(snapshot, REY_BRANCH);
        assertThat(rey.devicesNeverHeard()).isEqualTo(inventory.devicesOf(REY_BRANCH).size());
        assertThat(rey.devicesDown()).isZero();
        assertThat(rey.lastHeard()).isZero();
        assertThat(mark(snapshot, TEHRAN_BRANCH).devicesDown()).isZero();
        assertThat(mark(snapshot, TEHRAN_BRANCH).lastHeard()).isPositive();
        // the sensitive flag and the location ride on the info series only
        assertThat(lines(text, "didban_branch_info{")).anyMatch(l -> l.contains("branch=\"" + TEHRAN_BRANCH + "\"")
                && l.contains("sensitive=\"true\""));
        assertThat(lines(text, "didban_branch_readiness_score{")).noneMatch(l -> l.contains("sensitive="));
    }

    @Test
    void activeAlertsAreCountedByCountyRuleSeverityAndStateAndPerBranch() throws Exception {
        await(board.refresh());
        String text = scrape(alerts);
        Branch kashan = inventory.branch(KASHAN_BRANCH);
        assertThat(lines(text, "didban_county_alerts{")).anyMatch(l -> l.startsWith(
                "didban_county_alerts{county=\"" + kashan.countyCode() + "\",province=\"" + kashan.provinceCode()
                        + "\",rule=\"PWR-01\",severity=\"medium\",state=\"pending\"} 1.0"));
        // only groups with an alert are present: nothing for the healthy and the silent branch's counties
        Branch tehran = inventory.branch(TEHRAN_BRANCH);
        assertThat(lines(text, "didban_county_alerts{")).noneMatch(l -> l.contains("county=\"" + tehran.countyCode() + "\""));
        double kashanAlerts = value(scrape(branches), "didban_branch_active_alerts", KASHAN_BRANCH);
        double counted = lines(text, "didban_county_alerts{").stream()
                .filter(l -> l.contains("county=\"" + kashan.countyCode() + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        assertThat(kashanAlerts).isGreaterThanOrEqualTo(1).isEqualTo(counted);
        assertThat(value(scrape(branches), "didban_branch_active_alerts", TEHRAN_BRANCH)).isZero();
    }

    private static BranchMark mark(ReadinessSnapshot s, String code) {
        return s.branches().stream().filter(m -> m.branch().code().equals(code)).findFirst().orElseThrow();
    }

    private static double value(String text, String metric, String branch) {
        Matcher m = Pattern.compile("^" + metric + "\\{branch=\"" + Pattern.quote(branch) + "\"[^}]*} (\\S+)$",
                Pattern.MULTILINE).matcher(text);
        assertThat(m.find()).as(metric + " of " + branch).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static List<String> lines(String text, String prefix) {
        return Arrays.stream(text.split("\n")).filter(l -> l.startsWith(prefix)).toList();
    }

    private static String scrape(PrometheusRegistry registry) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.builder().setIncludeCreatedTimestamps(false).build().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }
}
