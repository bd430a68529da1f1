package org.didban.collector.readiness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.collector.RunningCollector.eventually;
import static org.didban.collector.TestFleet.KASHAN_BRANCH;
import static org.didban.collector.TestFleet.TEHRAN_BRANCH;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.didban.collector.RunningCollector;
import org.didban.collector.TestFleet;
import org.didban.collector.TestPeople;
import org.didban.model.Branch;
import org.didban.model.Inventory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A branch's recent history as the console charts it: kept per computation, oldest first, bounded, scoped. */
@ExtendWith(VertxExtension.class)
class BranchTrendsTest {
    private final Inventory inventory = TestFleet.inventory();

    private BranchMark mark(String code, int score, int down, int alerts) {
        Branch b = inventory.branch(code);
        return new BranchMark(b, score, Band.AMBER, false, 1, 4, down, 0, alerts);
    }

    @Test
    void keepsTheLastPointsOldestFirstAndMarksBranchesAComputationLacked() {
        BranchTrends trends = new BranchTrends(inventory, 3);
        assertThat(trends.of(TEHRAN_BRANCH).times()).isEmpty();
        trends.record(1_000, List.of(mark(TEHRAN_BRANCH, 80, 1, 2), mark(KASHAN_BRANCH, 60, 0, 0)));
        trends.record(2_000, List.of(mark(TEHRAN_BRANCH, 85, 0, 1)));
        BranchTrends.Trend kashan = trends.of(KASHAN_BRANCH);
        assertThat(kashan.times()).containsExactly(1_000L, 2_000L);
        assertThat(kashan.score()).containsExactly(60, null);
        // wraps round: only the last three stay
        trends.record(3_000, List.of(mark(TEHRAN_BRANCH, 90, 0, 0)));
        trends.record(4_000, List.of(mark(TEHRAN_BRANCH, 95, 3, 400_000)));
        BranchTrends.Trend tehran = trends.of(TEHRAN_BRANCH);
        assertThat(tehran.times()).containsExactly(2_000L, 3_000L, 4_000L);
        assertThat(tehran.score()).containsExactly(85, 90, 95);
        assertThat(tehran.devicesDown()).containsExactly(0, 0, 3);
        assertThat(tehran.activeAlerts()).containsExactly(1, 0, (int) Short.MAX_VALUE);
        assertThat(trends.of("NO-SUCH-BRANCH")).isNull();
    }

    @Test
    void servedToPeopleOfTheBranchsAreaOnly(Vertx vertx) {
        try (RunningCollector c = RunningCollector.start(vertx,
                RunningCollector.fleetConfig().readinessInterval(Duration.ofMillis(200)).build())) {
            JsonObject trend = eventually(() -> c.getAs(TestPeople.TEHRAN_IT, "/api/v1/branches/" + TEHRAN_BRANCH + "/trend")
                    .bodyAsJsonObject(), t -> t.getJsonArray("times").size() >= 2, "two readiness computations charted");
            assertThat(trend.getString("branch")).isEqualTo(TEHRAN_BRANCH);
            int points = trend.getJsonArray("times").size();
            for (String series : List.of("score", "devices_down", "active_alerts")) {
                assertThat(trend.getJsonObject("series").getJsonArray(series).size()).as(series).isEqualTo(points);
            }
            List<Long> times = new ArrayList<>();
            trend.getJsonArray("times").forEach(t -> times.add(((Number) t).longValue()));
            Long[] sorted = times.toArray(new Long[0]);
            Arrays.sort(sorted);
            assertThat(times).containsExactly(sorted);
            // Tehran's county IT does not learn that Kashan exists; HQ does
            assertThat(c.getAs(TestPeople.TEHRAN_IT, "/api/v1/branches/" + KASHAN_BRANCH + "/trend").statusCode()).isEqualTo(404);
            assertThat(c.getAs(TestPeople.HQ, "/api/v1/branches/" + KASHAN_BRANCH + "/trend").statusCode()).isEqualTo(200);
            assertThat(c.getAs(null, "/api/v1/branches/" + KASHAN_BRANCH + "/trend").statusCode()).isEqualTo(401);
            assertThat(c.getAs(TestPeople.HQ, "/api/v1/branches/NO-SUCH/trend").statusCode()).isEqualTo(404);
        }
    }
}
