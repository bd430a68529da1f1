package org.didban.collector.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.collector.RunningCollector.eventually;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.didban.collector.RunningCollector;
import org.didban.collector.TestFleet;
import org.didban.collector.TestPeople;
import org.didban.collector.fiber.FiberDeadlines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Readiness, the fiber rollout and the sensitive branches, served by a running collector, each within the caller's area. */
@ExtendWith(VertxExtension.class)
class PlannerViewsTest {
    private RunningCollector collector;

    @BeforeEach
    void start(Vertx vertx) {
        collector = RunningCollector.start(vertx, RunningCollector.fleetConfig().build());
    }

    @AfterEach
    void stop() {
        collector.close();
    }

    private String answer(String token, String path) {
        HttpResponse<Buffer> r = collector.getAs(token, path);
        return r.statusCode() + " " + r.bodyAsString();
    }

    private int status(String token, String path) {
        return collector.getAs(token, path).statusCode();
    }

    @Test
    void readinessIsServedWithinTheCallersArea() {
        String nation = eventually(() -> answer(TestPeople.PLANNER, "/api/v1/readiness"),
                r -> r.startsWith("200 "), "the first readiness computation");
        assertThat(nation).contains("THR").contains("ISF");
        assertThat(status(TestPeople.TEHRAN_IT, "/api/v1/readiness/branches/" + TestFleet.TEHRAN_BRANCH)).isEqualTo(200);
        assertThat(status(TestPeople.TEHRAN_IT, "/api/v1/readiness/branches/" + TestFleet.REY_BRANCH)).isEqualTo(404);
        assertThat(status(TestPeople.TEHRAN_IT, "/api/v1/readiness/counties/THR-02")).isEqualTo(404);
        assertThat(status(null, "/api/v1/readiness")).isEqualTo(401);
        // nobody has reported: nothing may come out ready
        JsonObject tehran = collector.getAs(TestPeople.HQ, "/api/v1/readiness/branches/" + TestFleet.TEHRAN_BRANCH)
                .bodyAsJsonObject();
        assertThat(tehran.getString("band")).isEqualTo("red");
        assertThat(tehran.getBoolean("ready")).isFalse();
    }

    @Test
    void theFiberRolloutAndTheSensitiveListAreServedWithinTheCallersArea() {
        eventually(() -> answer(TestPeople.PLANNER, "/api/v1/fiber/summary"), r -> r.startsWith("200 "),
                "the first fiber picture");
        assertThat(status(TestPeople.PLANNER, "/api/v1/fiber/gaps?format=csv")).isEqualTo(200);
        HttpResponse<Buffer> sensitive = collector.getAs(TestPeople.HQ, "/api/v1/branches/sensitive");
        assertThat(sensitive.statusCode()).as(sensitive.bodyAsString()).isEqualTo(200);
        assertThat(sensitive.bodyAsString()).contains(TestFleet.TEHRAN_BRANCH).doesNotContain(TestFleet.KASHAN_BRANCH);
        // Rey's IT sees no sensitive branch of Tehran's county, and the route is not taken for a branch code
        assertThat(collector.getAs(TestPeople.REY_IT, "/api/v1/branches/sensitive").bodyAsString())
                .doesNotContain(TestFleet.TEHRAN_BRANCH);
        assertThat(status(TestPeople.REY_IT, "/api/v1/fiber/gaps?county=THR-01")).isEqualTo(200);
        assertThat(collector.getAs(TestPeople.REY_IT, "/api/v1/fiber/gaps?county=THR-01").bodyAsString())
                .doesNotContain(TestFleet.TEHRAN_BRANCH);
        assertThat(status(null, "/api/v1/fiber/summary")).isEqualTo(401);
    }

    @Test
    void aCountysDeadlineIsNotToldOutsideItsProvince(Vertx vertx) {
        collector.close();
        collector = RunningCollector.start(vertx, RunningCollector.fleetConfig().fiberDeadlines(new FiberDeadlines(
                FiberDeadlines.DEFAULT_ZONE, java.time.LocalDate.of(2026, 3, 20), java.util.Map.of(),
                java.util.Map.of("THR-01", java.time.LocalDate.of(2025, 9, 22)))).build());
        JsonObject hq = new JsonObject(eventually(() -> answer(TestPeople.HQ, "/api/v1/fiber/summary?county=THR-01"),
                r -> r.startsWith("200 "), "the first fiber picture").substring(4));
        assertThat(hq.getValue("deadline")).isNotNull();
        JsonObject officer = collector.getAs(TestPeople.ISFAHAN_OFFICER, "/api/v1/fiber/summary?county=THR-01")
                .bodyAsJsonObject();
        assertThat(officer.getValue("deadline")).isNull();
    }

    @Test
    void theirMetricsPassAlongsideTheRest() {
        eventually(() -> collector.metricsText(), t -> t.contains("didban_readiness_branches")
                && t.contains("didban_fiber_branches"), "readiness and fiber metrics");
    }
}
