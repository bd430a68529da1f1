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
import org.didban.collector.TestPeople;
import org.didban.model.Metrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A county's IT sees and acts on its own county only, whatever it asks for: an uplink is down in
 * Tehran (county THR-01), Rey (THR-02, same province) and Kashan (ISF-05).
 */
@ExtendWith(VertxExtension.class)
class AlertScopeTest {
    @TempDir
    Path dir;
    private RunningCollector collector;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        collector = RunningCollector.start(vertx, RunningCollector.fleetConfig().shards(3)
                .rulesFile(FastRules.write(dir, "100ms", false)).build());
        for (String branch : List.of(TEHRAN_BRANCH, REY_BRANCH, KASHAN_BRANCH)) {
            collector.ingest(branch, 1, List.of(
                    sample(branch + "-router", Metrics.IF_ADMIN_STATUS, 1, "if_index", "1"),
                    sample(branch + "-router", Metrics.IF_OPER_STATUS, 2, "if_index", "1")), List.of());
        }
        eventually(() -> collector.alerts("?state=firing"), a -> a.size() == 3, "three uplink alerts fire");
    }

    @AfterEach
    void stop() {
        collector.close();
    }

    private String idOf(String branch) {
        return collector.alerts("?branch=" + branch).getJsonObject(0).getString("id");
    }

    private List<String> branchesSeenBy(String token, String query) {
        JsonArray alerts = collector.alertsAs(token, query);
        return alerts.stream().map(JsonObject.class::cast).map(a -> a.getString("branch")).toList();
    }

    @Test
    void countyItListsOnlyItsOwnCountyWhateverItAsksFor() {
        assertThat(branchesSeenBy(TestPeople.TEHRAN_IT, "")).containsExactly(TEHRAN_BRANCH);
        assertThat(branchesSeenBy(TestPeople.REY_IT, "")).containsExactly(REY_BRANCH);
        // asking for another county, province or branch yields nothing, not the other county's alerts
        assertThat(branchesSeenBy(TestPeople.TEHRAN_IT, "?county=THR-02")).isEmpty();
        assertThat(branchesSeenBy(TestPeople.TEHRAN_IT, "?county=THR-01,THR-02")).containsExactly(TEHRAN_BRANCH);
        assertThat(branchesSeenBy(TestPeople.TEHRAN_IT, "?branch=" + REY_BRANCH)).isEmpty();
        assertThat(branchesSeenBy(TestPeople.TEHRAN_IT, "?province=ISF")).isEmpty();
        assertThat(collector.getAs(TestPeople.TEHRAN_IT, "/api/v1/alerts").bodyAsJsonObject().getLong("total")).isEqualTo(1);
    }

    @Test
    void aProvinceOfficerSeesTheProvinceAndHqEverything() {
        assertThat(branchesSeenBy(TestPeople.ISFAHAN_OFFICER, "")).containsExactly(KASHAN_BRANCH);
        assertThat(branchesSeenBy(TestPeople.ISFAHAN_OFFICER, "?province=THR")).isEmpty();
        assertThat(branchesSeenBy(TestPeople.HQ, "")).containsExactlyInAnyOrder(TEHRAN_BRANCH, REY_BRANCH, KASHAN_BRANCH);
        assertThat(branchesSeenBy(TestPeople.PLANNER, "")).hasSize(3);
    }

    @Test
    void countyACanNeitherReadNorAcknowledgeNorResolveCountyBsAlert() {
        String rey = idOf(REY_BRANCH);
        HttpResponse<Buffer> read = collector.getAs(TestPeople.TEHRAN_IT, "/api/v1/alerts/" + rey);
        assertThat(read.statusCode()).isEqualTo(404); // not even told it exists
        HttpResponse<Buffer> ack = collector.postAs(TestPeople.TEHRAN_IT, "/api/v1/alerts/" + rey + "/acknowledge",
                new JsonObject().put("note", "not mine"));
        assertThat(ack.statusCode()).isEqualTo(404);
        HttpResponse<Buffer> resolve = collector.postAs(TestPeople.TEHRAN_IT, "/api/v1/alerts/" + rey + "/resolve",
                new JsonObject());
        assertThat(resolve.statusCode()).isEqualTo(404);
        // and nothing happened to it
        JsonObject asHq = collector.getObject("/api/v1/alerts/" + rey);
        assertThat(asHq.getString("state")).isEqualTo("firing");
        assertThat(asHq.getValue("acknowledgement")).isNull();
        assertThat(asHq.getJsonArray("timeline")).hasSize(2); // pending, firing
        // its own county's IT can
        HttpResponse<Buffer> own = collector.postAs(TestPeople.REY_IT, "/api/v1/alerts/" + rey + "/acknowledge",
                new JsonObject().put("note", "on it"));
        assertThat(own.statusCode()).as(own.bodyAsString()).isEqualTo(200);
    }

    @Test
    void aPlannerReadsButCannotAct() {
        String tehran = idOf(TEHRAN_BRANCH);
        assertThat(collector.getAs(TestPeople.PLANNER, "/api/v1/alerts/" + tehran).statusCode()).isEqualTo(200);
        assertThat(collector.postAs(TestPeople.PLANNER, "/api/v1/alerts/" + tehran + "/acknowledge", new JsonObject())
                .statusCode()).isEqualTo(403);
        assertThat(collector.postAs(TestPeople.PLANNER, "/api/v1/silences", new JsonObject().put("branch", TEHRAN_BRANCH)
                .put("duration", "1h").put("comment", "x")).statusCode()).isEqualTo(403);
    }

    @Test
    void branchesOfAnotherCountyAreNotFound() {
        assertThat(collector.getAs(TestPeople.TEHRAN_IT, "/api/v1/branches/" + TEHRAN_BRANCH).statusCode()).isEqualTo(200);
        assertThat(collector.getAs(TestPeople.TEHRAN_IT, "/api/v1/branches/" + REY_BRANCH).statusCode()).isEqualTo(404);
    }

    @Test
    void countyItSilencesOnlyWithinItsCounty() {
        HttpResponse<Buffer> other = collector.postAs(TestPeople.TEHRAN_IT, "/api/v1/silences",
                new JsonObject().put("branch", REY_BRANCH).put("duration", "1h").put("comment", "not mine"));
        assertThat(other.statusCode()).isEqualTo(403);
        HttpResponse<Buffer> nationwide = collector.postAs(TestPeople.TEHRAN_IT, "/api/v1/silences",
                new JsonObject().put("rule", "NET-01").put("duration", "1h").put("comment", "everyone"));
        assertThat(nationwide.statusCode()).isEqualTo(403);
        HttpResponse<Buffer> own = collector.postAs(TestPeople.TEHRAN_IT, "/api/v1/silences",
                new JsonObject().put("county", "THR-01").put("duration", "1h").put("comment", "fiber work"));
        assertThat(own.statusCode()).as(own.bodyAsString()).isEqualTo(201);
        String id = own.bodyAsJsonObject().getString("id");
        // Rey's IT neither sees nor ends Tehran's silence
        assertThat(collector.getAs(TestPeople.REY_IT, "/api/v1/silences").bodyAsJsonObject().getJsonArray("silences")).isEmpty();
        assertThat(collector.deleteAs(TestPeople.REY_IT, "/api/v1/silences/" + id).statusCode()).isEqualTo(404);
        assertThat(collector.deleteAs(TestPeople.TEHRAN_IT, "/api/v1/silences/" + id).statusCode()).isEqualTo(200);
    }

    @Test
    void withoutATokenNothingIsShown() {
        assertThat(collector.getAs(null, "/api/v1/alerts").statusCode()).isEqualTo(401);
        assertThat(collector.getAs("wrong-token-0123456789", "/api/v1/alerts").statusCode()).isEqualTo(401);
        assertThat(collector.getAs(null, "/api/v1/branches/" + TEHRAN_BRANCH).statusCode()).isEqualTo(401);
        assertThat(collector.getAs(null, "/health").statusCode()).isEqualTo(200);
    }
}
