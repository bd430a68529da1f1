package org.didban.collector.fiber;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.didban.collector.TestFleet;
import org.didban.collector.TestPeople;
import org.didban.model.Metrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fiber API over HTTP, each person within their area. The test fleet: Tehran (THR-01,
 * sensitive, connected, on its 4G backup), Rey (THR-02, planned, long past its county's deadline,
 * silent) and Kashan (ISF-05, none on paper, no fiber, past the national deadline).
 */
@ExtendWith(VertxExtension.class)
class FiberEndpointTest {
    private FiberFleet fleet;
    private FiberServer api;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        fleet = FiberFleet.testFleet(vertx);
        api = new FiberServer(fleet);
        fleet.send(TestFleet.TEHRAN_BRANCH, FiberFleet.uplinks("THR-0001-router", Metrics.KIND_FIBER, 0,
                Metrics.KIND_CELLULAR, 1));
        fleet.send(TestFleet.KASHAN_BRANCH, FiberFleet.uplinks("ISF-0501-router", Metrics.KIND_COPPER, 1));
        fleet.refresh();
    }

    @AfterEach
    void stop() {
        api.close();
        fleet.close();
    }

    private JsonObject json(String token, String path) {
        HttpResponse<Buffer> r = api.get(token, path);
        assertThat(r.statusCode()).as("GET %s: %s", path, r.bodyAsString()).isEqualTo(200);
        assertThat(r.getHeader("Content-Type")).startsWith("application/json");
        return r.bodyAsJsonObject();
    }

    private static List<String> codes(JsonArray a) {
        return a.stream().map(o -> ((JsonObject) o).getString("code")).toList();
    }

    @Test
    void gapsMostUrgentFirstForThoseWhoSeeEverything() {
        for (String token : List.of(TestPeople.HQ, TestPeople.PLANNER)) {
            JsonObject page = json(token, "/api/v1/fiber/gaps");
            assertThat(page.getLong("total")).isEqualTo(2);
            JsonArray gaps = page.getJsonArray("gaps");
            assertThat(codes(gaps)).containsExactly(TestFleet.REY_BRANCH, TestFleet.KASHAN_BRANCH);
            JsonObject rey = gaps.getJsonObject(0);
            assertThat(rey.getInteger("rank")).isEqualTo(1);
            assertThat(rey.getString("urgency")).isEqualTo("past_deadline");
            assertThat(rey.getJsonObject("name").getString("fa")).isEqualTo("مسجد جامع ری");
            assertThat(rey.getJsonObject("county").getString("fa")).isEqualTo("ری");
            assertThat(rey.getJsonObject("paper")).isEqualTo(new JsonObject().put("status", "planned")
                    .put("planned", new JsonObject().put("date", "2025-03-20").put("jalali", "1403/12/30")));
            assertThat(rey.getJsonObject("deadline")).isEqualTo(new JsonObject().put("date", "2025-03-20")
                    .put("jalali", "1403/12/30").put("from", "county").put("daysPast", 196));
            assertThat(rey.getJsonObject("detected").getString("active")).isEqualTo("unknown");
            JsonObject kashan = gaps.getJsonObject(1);
            assertThat(kashan.getJsonObject("detected").getString("active")).isEqualTo("copper");
            assertThat(kashan.getJsonObject("deadline").getString("from")).isEqualTo("national");
            assertThat(page.getJsonObject("today")).isEqualTo(new JsonObject().put("date", "2025-10-02").put("jalali", "1404/07/10"));
        }
        JsonObject second = json(TestPeople.HQ, "/api/v1/fiber/gaps?limit=1&offset=1");
        assertThat(codes(second.getJsonArray("gaps"))).containsExactly(TestFleet.KASHAN_BRANCH);
        assertThat(second.getJsonArray("gaps").getJsonObject(0).getInteger("rank")).isEqualTo(2);
    }

    @Test
    void aCountySeesOnlyItsOwnGapsWhateverItAsksFor() {
        assertThat(codes(json(TestPeople.REY_IT, "/api/v1/fiber/gaps").getJsonArray("gaps")))
                .containsExactly(TestFleet.REY_BRANCH);
        // Tehran's IT: its county has no gap, and Rey's is not theirs to see
        JsonObject tehran = json(TestPeople.TEHRAN_IT, "/api/v1/fiber/gaps");
        assertThat(tehran.getJsonArray("gaps")).isEmpty();
        assertThat(tehran.getLong("total")).isZero();
        assertThat(json(TestPeople.TEHRAN_IT, "/api/v1/fiber/gaps?county=THR-02").getJsonArray("gaps")).isEmpty();
        assertThat(json(TestPeople.TEHRAN_IT, "/api/v1/fiber/gaps?province=ISF").getJsonArray("gaps")).isEmpty();
        assertThat(json(TestPeople.TEHRAN_IT, "/api/v1/fiber/findings").getJsonArray("branches").size()).isEqualTo(1);
        assertThat(json(TestPeople.REY_IT, "/api/v1/fiber/findings?finding=connected_not_on_fiber")
                .getJsonArray("branches")).isEmpty();
        // Isfahan's officer: the province
        assertThat(codes(json(TestPeople.ISFAHAN_OFFICER, "/api/v1/fiber/gaps").getJsonArray("gaps")))
                .containsExactly(TestFleet.KASHAN_BRANCH);
        assertThat(json(TestPeople.ISFAHAN_OFFICER, "/api/v1/fiber/gaps?province=THR").getJsonArray("gaps")).isEmpty();
        // HQ narrows as it likes
        assertThat(codes(json(TestPeople.HQ, "/api/v1/fiber/gaps?county=ISF-05").getJsonArray("gaps")))
                .containsExactly(TestFleet.KASHAN_BRANCH);
        assertThat(api.get(null, "/api/v1/fiber/gaps").statusCode()).isEqualTo(401);
        assertThat(api.get("nobody-token-0123456789", "/api/v1/fiber/summary").statusCode()).isEqualTo(401);
    }

    @Test
    void findingsCanBeFilteredByKind() {
        JsonObject page = json(TestPeople.HQ, "/api/v1/fiber/findings?finding=connected_not_on_fiber");
        JsonArray branches = page.getJsonArray("branches");
        assertThat(codes(branches)).containsExactly(TestFleet.TEHRAN_BRANCH);
        JsonObject tehran = branches.getJsonObject(0);
        assertThat(tehran.getJsonArray("findings").getJsonObject(0).getString("finding")).isEqualTo("connected_not_on_fiber");
        assertThat(tehran.getJsonObject("detected").getJsonArray("paths")).containsExactly("fiber", "cellular");
        assertThat(tehran.getString("sensitiveReason")).isEqualTo("مرکز استان؛ رسانه‌ها");
        assertThat(codes(json(TestPeople.HQ, "/api/v1/fiber/findings").getJsonArray("branches")))
                .containsExactly(TestFleet.KASHAN_BRANCH, TestFleet.TEHRAN_BRANCH, TestFleet.REY_BRANCH);
        HttpResponse<Buffer> bad = api.get(TestPeople.HQ, "/api/v1/fiber/findings?finding=late");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.bodyAsJsonObject().getString("error")).startsWith("unknown finding 'late'; known: connected_not_on_fiber");
    }

    @Test
    void csvForPlannersWithABomAndPersianNames() throws Exception {
        HttpResponse<Buffer> r = api.get(TestPeople.PLANNER, "/api/v1/fiber/gaps", "text/csv");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.getHeader("Content-Type")).isEqualTo("text/csv; charset=utf-8");
        assertThat(r.getHeader("Content-Disposition")).isEqualTo("attachment; filename=\"didban-fiber-gaps-2025-10-02.csv\"");
        byte[] bytes = r.body().getBytes();
        assertThat(bytes).startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
        String text = new String(bytes, StandardCharsets.UTF_8).substring(1);
        List<CSVRecord> rows;
        try (CSVParser p = CSVParser.parse(new StringReader(text),
                CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            assertThat(p.getHeaderNames()).isEqualTo(FiberCsv.BRANCH_COLUMNS);
            rows = p.getRecords();
        }
        assertThat(rows).extracting(x -> x.get("branch")).containsExactly(TestFleet.REY_BRANCH, TestFleet.KASHAN_BRANCH);
        assertThat(rows.get(1).get("name_fa")).isEqualTo("کتابخانهٔ عمومی کاشان");
        assertThat(rows.get(1).get("province_fa")).isEqualTo("اصفهان");
        assertThat(rows.get(0).get("deadline_jalali")).isEqualTo("1403/12/30");
        // format= wins over Accept; a county's CSV is its county's
        assertThat(api.get(TestPeople.HQ, "/api/v1/fiber/gaps?format=json", "text/csv").getHeader("Content-Type"))
                .startsWith("application/json");
        String rey = api.get(TestPeople.REY_IT, "/api/v1/fiber/gaps?format=csv").bodyAsString();
        assertThat(rey).contains(TestFleet.REY_BRANCH).doesNotContain(TestFleet.KASHAN_BRANCH);
        assertThat(api.get(TestPeople.HQ, "/api/v1/fiber/gaps?format=xlsx").statusCode()).isEqualTo(400);
        assertThat(api.get(TestPeople.HQ, "/api/v1/fiber/gaps?limit=0").statusCode()).isEqualTo(400);
    }

    @Test
    void theSummaryCountsTheAreaAndNoMore() {
        JsonObject hq = json(TestPeople.HQ, "/api/v1/fiber/summary");
        assertThat(hq.getJsonObject("area").getString("level")).isEqualTo("nation");
        JsonObject total = hq.getJsonObject("total");
        assertThat(total.getInteger("branches")).isEqualTo(3);
        assertThat(total.getJsonObject("paper")).isEqualTo(new JsonObject().put("connected", 1).put("planned", 1).put("none", 1));
        assertThat(total.getJsonObject("detected").getInteger("cellular")).isEqualTo(1);
        assertThat(total.getJsonObject("detected").getInteger("copper")).isEqualTo(1);
        assertThat(total.getJsonObject("detected").getInteger("unknown")).isEqualTo(1);
        assertThat(total.getInteger("pastDeadline")).isEqualTo(2);
        assertThat(total.getInteger("withoutFiber")).isEqualTo(2);
        assertThat(total.getJsonObject("findings").getInteger("connected_not_on_fiber")).isEqualTo(1);
        assertThat(hq.getJsonArray("provinces")).hasSize(2);
        assertThat(hq.getJsonArray("counties")).hasSize(3);
        assertThat(hq.getJsonObject("deadline")).isEqualTo(new JsonObject().put("date", "2025-09-22")
                .put("jalali", "1404/06/31").put("from", "national"));

        JsonObject tehran = json(TestPeople.TEHRAN_IT, "/api/v1/fiber/summary");
        assertThat(tehran.getJsonObject("area")).isEqualTo(new JsonObject().put("level", "county")
                .putNull("province").put("county", "THR-01"));
        assertThat(tehran.getJsonObject("total").getInteger("branches")).isEqualTo(1);
        assertThat(tehran.getJsonArray("provinces")).as("a province's totals would tell of other counties").isEmpty();
        assertThat(tehran.getJsonArray("counties")).hasSize(1);
        assertThat(tehran.getJsonArray("counties").getJsonObject(0).getJsonObject("county").getString("fa")).isEqualTo("تهران");
        assertThat(tehran.getJsonObject("deadline").getString("from")).isEqualTo("province");
        assertThat(json(TestPeople.TEHRAN_IT, "/api/v1/fiber/summary?county=THR-02").getJsonObject("total")
                .getInteger("branches")).isZero();

        JsonObject isfahan = json(TestPeople.ISFAHAN_OFFICER, "/api/v1/fiber/summary");
        assertThat(isfahan.getJsonArray("provinces")).hasSize(1);
        assertThat(isfahan.getJsonArray("provinces").getJsonObject(0).getJsonObject("province").getString("code")).isEqualTo("ISF");
        assertThat(isfahan.getJsonObject("total").getInteger("branches")).isEqualTo(1);
    }

    @Test
    void historyIsTheDailySeriesWithinTheArea() throws Exception {
        assertThat(api.history.store(fleet.rollout.picture()).get(10, TimeUnit.SECONDS)).isTrue();
        JsonObject hq = json(TestPeople.PLANNER, "/api/v1/fiber/history?from=1404/07/01&to=1404/07/30");
        assertThat(hq.getJsonObject("from")).isEqualTo(new JsonObject().put("date", "2025-09-23").put("jalali", "1404/07/01"));
        JsonArray days = hq.getJsonArray("days");
        assertThat(days).hasSize(1);
        assertThat(days.getJsonObject(0).getString("jalali")).isEqualTo("1404/07/10");
        assertThat(days.getJsonObject(0).getJsonObject("counts").getInteger("branches")).isEqualTo(3);
        // the default span ends today and holds the day
        assertThat(json(TestPeople.HQ, "/api/v1/fiber/history").getJsonArray("days")).hasSize(1);
        JsonObject rey = json(TestPeople.REY_IT, "/api/v1/fiber/history");
        assertThat(rey.getJsonArray("days").getJsonObject(0).getJsonObject("counts").getInteger("branches")).isEqualTo(1);
        assertThat(rey.getJsonArray("days").getJsonObject(0).getJsonObject("counts").getInteger("pastDeadline")).isEqualTo(1);
        assertThat(json(TestPeople.REY_IT, "/api/v1/fiber/history?county=THR-01").getJsonArray("days")).isEmpty();
        String csv = api.get(TestPeople.HQ, "/api/v1/fiber/history?format=csv").bodyAsString();
        assertThat(csv).startsWith("\uFEFFdate,jalali,branches,paper_connected,").contains("2025-10-02,1404/07/10,3,1,1,1,");
        assertThat(api.get(TestPeople.HQ, "/api/v1/fiber/history?from=1404/12/30").statusCode()).isEqualTo(400);
        assertThat(api.get(TestPeople.HQ, "/api/v1/fiber/history?from=1404/08/01&to=1404/07/01").statusCode()).isEqualTo(400);
    }
}
