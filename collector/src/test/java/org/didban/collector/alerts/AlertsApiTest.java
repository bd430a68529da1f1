package org.didban.collector.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.collector.RunningCollector.eventually;
import static org.didban.collector.RunningCollector.sample;
import static org.didban.collector.TestFleet.KASHAN_BRANCH;
import static org.didban.collector.TestFleet.REY_BRANCH;
import static org.didban.collector.TestFleet.TEHRAN_BRANCH;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import org.didban.collector.RunningCollector;
import org.didban.model.Metrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Three branches with an uplink down each: Tehran (sensitive, so critical), Rey and Kashan (high); Kashan's then resolves. */
@ExtendWith(VertxExtension.class)
class AlertsApiTest {
    @TempDir
    Path dir;
    private RunningCollector collector;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        collector = RunningCollector.start(vertx, RunningCollector.fleetConfig().shards(3)
                .rulesFile(FastRules.write(dir, "100ms", false)).build());
        for (String branch : List.of(TEHRAN_BRANCH, REY_BRANCH, KASHAN_BRANCH)) {
            HttpResponse<Buffer> r = collector.ingest(branch, 1, List.of(
                    sample(branch + "-router", Metrics.IF_ADMIN_STATUS, 1, "if_index", "1"),
                    sample(branch + "-router", Metrics.IF_OPER_STATUS, 2, "if_index", "1")), List.of());
            assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        }
        eventually(() -> collector.alerts("?state=firing"), a -> a.size() == 3, "three uplink alerts fire");
        collector.ingest(KASHAN_BRANCH, 2, List.of(sample(KASHAN_BRANCH + "-router", Metrics.IF_OPER_STATUS, 1, "if_index", "1")), List.of());
    }

    @AfterEach
    void stop() {
        collector.close();
    }

    @Test
    void withoutFiltersListsTheActiveAlertsMostSevereFirst() {
        assertThat(branches("")).containsExactly(TEHRAN_BRANCH, REY_BRANCH);
        assertThat(collector.alerts("").getJsonObject(0).getString("severity")).isEqualTo("critical");
    }

    @Test
    void filtersByProvinceCountyAndBranch() {
        assertThat(branches("?province=THR")).containsExactlyInAnyOrder(TEHRAN_BRANCH, REY_BRANCH);
        assertThat(branches("?province=ISF")).isEmpty();
        assertThat(branches("?province=ISF&state=resolved")).containsExactly(KASHAN_BRANCH);
        assertThat(branches("?county=THR-02")).containsExactly(REY_BRANCH);
        assertThat(branches("?county=THR-01,THR-02")).containsExactlyInAnyOrder(TEHRAN_BRANCH, REY_BRANCH);
        assertThat(branches("?branch=" + TEHRAN_BRANCH)).containsExactly(TEHRAN_BRANCH);
        assertThat(branches("?branch=" + KASHAN_BRANCH + "&state=firing,resolved")).containsExactly(KASHAN_BRANCH);
        assertThat(branches("?branch=NOPE-0000")).isEmpty();
    }

    @Test
    void filtersBySeverityAndState() {
        assertThat(branches("?severity=critical")).containsExactly(TEHRAN_BRANCH);
        assertThat(branches("?severity=high")).containsExactly(REY_BRANCH);
        assertThat(branches("?severity=HIGH,critical")).containsExactly(TEHRAN_BRANCH, REY_BRANCH);
        assertThat(branches("?severity=low")).isEmpty();
        assertThat(branches("?state=pending")).isEmpty();
        assertThat(branches("?state=firing")).containsExactly(TEHRAN_BRANCH, REY_BRANCH);
        assertThat(branches("?state=resolved")).containsExactly(KASHAN_BRANCH);
        assertThat(branches("?province=THR&severity=high&state=firing")).containsExactly(REY_BRANCH);
        JsonObject resolved = collector.alerts("?state=resolved").getJsonObject(0);
        assertThat(resolved.getString("state")).isEqualTo("resolved");
        assertThat(resolved.getString("resolvedAt")).isNotNull();
    }

    @Test
    void pagesRunThroughTheActiveAlertsThenTheResolvedOnes() {
        JsonObject first = collector.getObject("/api/v1/alerts?limit=1");
        assertThat(first.getLong("total")).isEqualTo(2);
        assertThat(first.getJsonArray("alerts")).hasSize(1);
        assertThat(first.getJsonArray("alerts").getJsonObject(0).getString("branch")).isEqualTo(TEHRAN_BRANCH);
        JsonObject all = collector.getObject("/api/v1/alerts?state=firing,resolved&limit=2&offset=1");
        assertThat(all.getLong("total")).isEqualTo(3);
        assertThat(all.getJsonArray("alerts").stream().map(JsonObject.class::cast).map(a -> a.getString("branch")).toList())
                .containsExactly(REY_BRANCH, KASHAN_BRANCH);
        assertThat(collector.getObject("/api/v1/alerts?state=firing,resolved&offset=3").getJsonArray("alerts")).isEmpty();
    }

    @Test
    void refusesUnknownFilterValuesWith400() {
        assertBadRequest("?state=burning", "unknown alert state 'burning'");
        assertBadRequest("?state=firing,inactive", "state 'inactive'");
        assertBadRequest("?severity=urgent", "unknown severity 'urgent'");
        assertBadRequest("?provice=THR", "unknown parameter 'provice'");
    }

    private void assertBadRequest(String query, String message) {
        HttpResponse<Buffer> r = collector.get("/api/v1/alerts" + query);
        assertThat(r.statusCode()).as(query).isEqualTo(400);
        assertThat(r.bodyAsJsonObject().getString("error")).contains(message);
    }

    private List<String> branches(String query) {
        JsonArray alerts = collector.alerts(query);
        return alerts.stream().map(JsonObject.class::cast).map(a -> a.getString("branch")).toList();
    }
}
