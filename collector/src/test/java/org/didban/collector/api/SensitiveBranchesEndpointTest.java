package org.didban.collector.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.didban.collector.RunningCollector;
import org.didban.collector.TestFleet;
import org.didban.collector.TestPeople;
import org.didban.collector.fiber.FiberFleet;
import org.didban.collector.fiber.FiberServer;
import org.didban.model.Metrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** GET /api/v1/branches/sensitive: reason, fiber and live issues of each sensitive branch, within the person's area. */
@ExtendWith(VertxExtension.class)
class SensitiveBranchesEndpointTest {
    private FiberFleet fleet;
    private FiberServer api;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        fleet = FiberFleet.testFleet(vertx);
        api = new FiberServer(fleet);
    }

    @AfterEach
    void stop() {
        api.close();
        fleet.close();
    }

    private JsonObject get(String token, String path) {
        HttpResponse<Buffer> r = api.get(token, path);
        assertThat(r.statusCode()).as("GET %s: %s", path, r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject();
    }

    @Test
    void eachSensitiveBranchWithItsReasonFiberAndCurrentIssues() {
        JsonObject quiet = get(TestPeople.HQ, "/api/v1/branches/sensitive");
        assertThat(quiet.getInteger("total")).isEqualTo(1);
        JsonObject tehran = quiet.getJsonArray("branches").getJsonObject(0);
        assertThat(tehran.getString("code")).isEqualTo(TestFleet.TEHRAN_BRANCH);
        assertThat(tehran.getString("reason")).isEqualTo("مرکز استان؛ رسانه‌ها");
        assertThat(tehran.getJsonObject("name").getString("fa")).isEqualTo("دبستان شهید بهشتی، ساختمان «الف»");
        assertThat(tehran.getJsonObject("fiber").getJsonObject("paper").getString("status")).isEqualTo("connected");
        assertThat(tehran.getJsonObject("fiber").getJsonObject("detected").getString("active")).isEqualTo("unknown");
        assertThat(tehran.getJsonArray("issues")).isEmpty();
        assertThat(tehran.getValue("worstSeverity")).isNull();

        // the router fails over to 4G: a finding at once, and NET-03 pending — live, no refresh needed
        fleet.send(TestFleet.TEHRAN_BRANCH, FiberFleet.uplinks("THR-0001-router", Metrics.KIND_FIBER, 0,
                Metrics.KIND_CELLULAR, 1));
        JsonObject now = RunningCollector.eventually(() -> get(TestPeople.HQ, "/api/v1/branches/sensitive")
                        .getJsonArray("branches").getJsonObject(0),
                b -> !b.getJsonArray("issues").isEmpty(), "NET-03 shows as an issue");
        assertThat(now.getJsonObject("fiber").getJsonObject("detected").getString("active")).isEqualTo("cellular");
        assertThat(now.getJsonObject("fiber").getJsonArray("findings").getJsonObject(0).getString("finding"))
                .isEqualTo("connected_not_on_fiber");
        JsonArray issues = now.getJsonArray("issues");
        JsonObject net03 = issues.stream().map(JsonObject.class::cast).filter(i -> i.getString("rule").equals("NET-03"))
                .findFirst().orElseThrow(() -> new AssertionError("no NET-03 in " + issues));
        assertThat(net03.getString("state")).isEqualTo("pending");
        assertThat(net03.getString("severity")).as("raised one level at a sensitive branch").isEqualTo("high");
        assertThat(net03.getJsonObject("title").getString("fa")).isEqualTo("اتصال از مسیر پشتیبان سلولی");
        assertThat(net03.getString("device")).isEqualTo("THR-0001-router");
        assertThat(now.getString("worstSeverity")).isEqualTo(issues.getJsonObject(0).getString("severity"));
    }

    @Test
    void scopedLikeEverythingElseAndNotTakenForABranchCode() {
        assertThat(get(TestPeople.TEHRAN_IT, "/api/v1/branches/sensitive").getJsonArray("branches")).hasSize(1);
        assertThat(get(TestPeople.REY_IT, "/api/v1/branches/sensitive").getJsonArray("branches")).isEmpty();
        assertThat(get(TestPeople.REY_IT, "/api/v1/branches/sensitive?county=THR-01").getJsonArray("branches")).isEmpty();
        assertThat(get(TestPeople.ISFAHAN_OFFICER, "/api/v1/branches/sensitive").getJsonArray("branches")).isEmpty();
        assertThat(get(TestPeople.PLANNER, "/api/v1/branches/sensitive?province=THR").getJsonArray("branches")).hasSize(1);
        assertThat(get(TestPeople.HQ, "/api/v1/branches/sensitive?county=THR-01").getJsonArray("branches")).hasSize(1);
        assertThat(get(TestPeople.HQ, "/api/v1/branches/sensitive?province=ISF").getJsonArray("branches")).isEmpty();
        // the branch endpoint behind it still answers for real codes
        assertThat(get(TestPeople.HQ, "/api/v1/branches/" + TestFleet.TEHRAN_BRANCH).getString("code"))
                .isEqualTo(TestFleet.TEHRAN_BRANCH);
        assertThat(api.get(null, "/api/v1/branches/sensitive").statusCode()).isEqualTo(401);
        assertThat(api.get(TestPeople.HQ, "/api/v1/branches/sensitive?county=a%20b").statusCode()).isEqualTo(400);
    }
}
