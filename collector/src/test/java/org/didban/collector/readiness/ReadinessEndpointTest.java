package org.didban.collector.readiness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.collector.RunningCollector.await;
import static org.didban.collector.TestFleet.KASHAN_BRANCH;
import static org.didban.collector.TestFleet.REY_BRANCH;
import static org.didban.collector.TestFleet.TEHRAN_BRANCH;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.didban.collector.TestFleet;
import org.didban.collector.TestPeople;
import org.didban.collector.people.BearerAuthentication;
import org.didban.collector.shard.Shards;
import org.didban.model.ElectionPhase;
import org.didban.model.Inventory;
import org.didban.rules.PhaseSchedule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The endpoint behind people authentication on a router of the test's own, over the test fleet
 * (Tehran THR-01 and Rey THR-02 in province THR, Kashan ISF-05 in ISF) on real shards: each person
 * sees their own area and nothing of the others', not even that they exist.
 */
@ExtendWith(VertxExtension.class)
class ReadinessEndpointTest {
    private Inventory inventory;
    private Shards shards;
    private ReadinessBoard board;
    private HttpServer server;
    private WebClient client;
    private final PrometheusRegistry registry = new PrometheusRegistry();

    @BeforeEach
    void start(Vertx vertx) {
        inventory = LiveShards.withApprovedConfiguration(TestFleet.inventory());
        shards = LiveShards.deploy(vertx, inventory, 2, PhaseSchedule.always(ElectionPhase.PREPARATION));
        LiveShards.apply(shards, TEHRAN_BRANCH, LiveShards.healthy(inventory.branch(TEHRAN_BRANCH), inventory.devicesOf(TEHRAN_BRANCH)));
        LiveShards.apply(shards, KASHAN_BRANCH, LiveShards.healthy(inventory.branch(KASHAN_BRANCH), inventory.devicesOf(KASHAN_BRANCH)));
        board = new ReadinessBoard(vertx, shards, inventory, new ReadinessAssessor(), Duration.ofHours(1), 20, 1);
        Router router = Router.router(vertx);
        new BearerAuthentication(TestPeople.all()).protect(router, ReadinessEndpoint.PATH, ReadinessEndpoint.PATH + "/*");
        new ReadinessEndpoint(board).mount(router);
        ReadinessMetrics.register(registry, board);
        server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
        client = WebClient.create(vertx);
    }

    @AfterEach
    void stop() {
        client.close();
        await(server.close());
        board.stop();
        await(shards.undeploy());
    }

    private HttpResponse<Buffer> get(String token, String path) {
        HttpRequest<Buffer> r = client.get(server.actualPort(), "127.0.0.1", path);
        if (token != null) {
            r.putHeader("Authorization", "Bearer " + token);
        }
        return await(r.send());
    }

    private JsonObject ok(String token, String path) {
        HttpResponse<Buffer> r = get(token, path);
        assertThat(r.statusCode()).as("GET %s: %s", path, r.bodyAsString()).isEqualTo(200);
        assertThat(r.getHeader("Content-Type")).startsWith("application/json");
        return r.bodyAsJsonObject();
    }

    private void notFound(String token, String path) {
        HttpResponse<Buffer> r = get(token, path);
        assertThat(r.statusCode()).as("GET %s: %s", path, r.bodyAsString()).isEqualTo(404);
        assertThat(r.bodyAsJsonObject().getString("error")).contains("your area");
    }

    @Test
    void hqSeesTheNationWithItsProvincesInPersianAndEnglish() {
        JsonObject nation = ok(TestPeople.HQ, "/api/v1/readiness");
        assertThat(nation.getString("level")).isEqualTo("nation");
        assertThat(nation.getInteger("branches")).isEqualTo(3);
        assertThat(nation.getInteger("neverHeard")).isEqualTo(1); // Rey never reported
        assertThat(nation.getString("phase")).isEqualTo("preparation");
        assertThat(nation.getString("computedAt")).isNotNull();
        JsonArray provinces = nation.getJsonArray("provinces");
        assertThat(provinces).hasSize(2);
        JsonObject isf = provinces.getJsonObject(0);
        assertThat(isf.getString("code")).isEqualTo("ISF");
        assertThat(isf.getJsonObject("name").getString("fa")).isEqualTo("اصفهان");
        assertThat(isf.getJsonObject("name").getString("en")).isEqualTo("Isfahan");
        assertThat(nation.getJsonArray("gates")).hasSize(4);
        assertThat(nation.getJsonArray("gates").getJsonObject(0).getJsonObject("name").getString("fa")).isNotBlank();
        JsonObject bands = nation.getJsonObject("bands");
        assertThat(bands.getInteger("green") + bands.getInteger("amber") + bands.getInteger("red")).isEqualTo(3);
        assertThat(nation.getJsonArray("worst").getJsonObject(0).getString("code")).isEqualTo(REY_BRANCH);
        // the planner reads the nation too
        assertThat(ok(TestPeople.PLANNER, "/api/v1/readiness").getString("level")).isEqualTo("nation");
        // one computation served every request
        ok(TestPeople.HQ, "/api/v1/readiness/provinces/THR");
        assertThat(board.computations()).isEqualTo(1);
    }

    @Test
    void aBranchInFullWithGatesComponentsAndNames() {
        JsonObject tehran = ok(TestPeople.HQ, "/api/v1/readiness/branches/" + TEHRAN_BRANCH);
        assertThat(tehran.getString("code")).isEqualTo(TEHRAN_BRANCH);
        assertThat(tehran.getJsonObject("name").getString("fa")).isEqualTo("دبستان شهید بهشتی، ساختمان «الف»");
        assertThat(tehran.getJsonObject("county").getJsonObject("name").getString("en")).isEqualTo("Tehran");
        assertThat(tehran.getJsonObject("province").getString("code")).isEqualTo("THR");
        assertThat(tehran.getBoolean("sensitive")).isTrue();
        assertThat(tehran.getJsonObject("thresholds").getInteger("green")).isEqualTo(100);
        assertThat(tehran.getJsonObject("thresholds").getInteger("amber")).isEqualTo(85);
        assertThat(tehran.getString("lastHeard")).isNotNull();
        JsonArray gates = tehran.getJsonArray("gates");
        assertThat(gates).hasSize(4);
        assertThat(status(gates, "devices")).isEqualTo("pass");
        assertThat(status(gates, "uplink")).isEqualTo("pass");
        assertThat(status(gates, "power")).isEqualTo("pass");
        // four cameras in the inventory, none monitored: a sensitive branch cannot be told ready
        assertThat(status(gates, "cameras")).isEqualTo("unknown");
        assertThat(tehran.getBoolean("ready")).isFalse();
        assertThat(tehran.getJsonArray("components")).hasSize(7);
        assertThat(tehran.getJsonObject("groups").getInteger("devices")).isEqualTo(30);
        assertThat(tehran.getInteger("score")).isEqualTo(tehran.getJsonObject("groups").getMap().values().stream()
                .mapToInt(v -> ((Number) v).intValue()).sum());
        assertThat(tehran.getString("band")).isNotEqualTo("green");

        JsonObject rey = ok(TestPeople.HQ, "/api/v1/readiness/branches/" + REY_BRANCH);
        assertThat(rey.getString("band")).isEqualTo("red");
        assertThat(rey.getString("lastHeard")).isNull();
        assertThat(status(rey.getJsonArray("gates"), "power")).isEqualTo("unknown");
        notFound(TestPeople.HQ, "/api/v1/readiness/branches/NOPE-1");
    }

    private static String status(JsonArray gates, String gate) {
        for (int i = 0; i < gates.size(); i++) {
            if (gates.getJsonObject(i).getString("gate").equals(gate)) {
                return gates.getJsonObject(i).getString("status");
            }
        }
        throw new AssertionError("no gate " + gate);
    }

    @Test
    void countyItSeesItsCountyAndNothingOfTheNeighbours() {
        JsonObject mine = ok(TestPeople.TEHRAN_IT, "/api/v1/readiness");
        assertThat(mine.getString("level")).isEqualTo("county");
        assertThat(mine.getString("code")).isEqualTo("THR-01");
        assertThat(mine.getJsonArray("branchList")).hasSize(1);
        assertThat(mine.getJsonArray("branchList").getJsonObject(0).getString("code")).isEqualTo(TEHRAN_BRANCH);
        assertThat(ok(TestPeople.TEHRAN_IT, "/api/v1/readiness/counties/THR-01").getInteger("branches")).isEqualTo(1);
        ok(TestPeople.TEHRAN_IT, "/api/v1/readiness/branches/" + TEHRAN_BRANCH);

        // county A cannot read county B, even in the same province
        notFound(TestPeople.TEHRAN_IT, "/api/v1/readiness/branches/" + REY_BRANCH);
        notFound(TestPeople.TEHRAN_IT, "/api/v1/readiness/counties/THR-02");
        notFound(TestPeople.REY_IT, "/api/v1/readiness/branches/" + TEHRAN_BRANCH);
        notFound(TestPeople.REY_IT, "/api/v1/readiness/counties/THR-01");
        notFound(TestPeople.TEHRAN_IT, "/api/v1/readiness/branches/" + KASHAN_BRANCH);
        // nor the province around it, nor a code that does not exist (the same answer)
        notFound(TestPeople.TEHRAN_IT, "/api/v1/readiness/provinces/THR");
        notFound(TestPeople.TEHRAN_IT, "/api/v1/readiness/counties/NOPE");
        JsonObject rey = ok(TestPeople.REY_IT, "/api/v1/readiness");
        assertThat(rey.getString("code")).isEqualTo("THR-02");
        JsonObject reyBranch = rey.getJsonArray("branchList").getJsonObject(0);
        assertThat(reyBranch.getString("code")).isEqualTo(REY_BRANCH);
        assertThat(reyBranch.getString("band")).isEqualTo("red");
        assertThat(reyBranch.getJsonArray("unknownGates")).contains("devices", "uplink", "power");
        // the county's list says why, gate by gate
        assertThat(reyBranch.getJsonArray("issues").getJsonObject(0).getString("reason")).isEqualTo(REY_BRANCH + "-auth has never reported");
    }

    @Test
    void aProvinceOfficerSeesTheProvinceOnly() {
        JsonObject mine = ok(TestPeople.ISFAHAN_OFFICER, "/api/v1/readiness");
        assertThat(mine.getString("level")).isEqualTo("province");
        assertThat(mine.getString("code")).isEqualTo("ISF");
        assertThat(mine.getJsonArray("counties")).hasSize(1);
        assertThat(mine.getJsonArray("counties").getJsonObject(0).getString("code")).isEqualTo("ISF-05");
        assertThat(mine.getJsonArray("worst").getJsonObject(0).getString("code")).isEqualTo(KASHAN_BRANCH);
        ok(TestPeople.ISFAHAN_OFFICER, "/api/v1/readiness/provinces/ISF");
        ok(TestPeople.ISFAHAN_OFFICER, "/api/v1/readiness/counties/ISF-05");
        ok(TestPeople.ISFAHAN_OFFICER, "/api/v1/readiness/branches/" + KASHAN_BRANCH);
        notFound(TestPeople.ISFAHAN_OFFICER, "/api/v1/readiness/provinces/THR");
        notFound(TestPeople.ISFAHAN_OFFICER, "/api/v1/readiness/counties/THR-01");
        notFound(TestPeople.ISFAHAN_OFFICER, "/api/v1/readiness/branches/" + TEHRAN_BRANCH);
        // HQ reads any province with its counties
        JsonObject thr = ok(TestPeople.HQ, "/api/v1/readiness/provinces/THR");
        assertThat(thr.getJsonArray("counties")).extracting(o -> ((JsonObject) o).getString("code"))
                .containsExactly("THR-01", "THR-02");
    }

    @Test
    void theBoardComputesOnItsOwnEveryIntervalUntilStopped(Vertx vertx) {
        ReadinessBoard periodic = new ReadinessBoard(vertx, shards, inventory, new ReadinessAssessor(), Duration.ofMillis(100),
                5, 2).start();
        try {
            org.didban.collector.RunningCollector.eventually(periodic::computations, n -> n >= 3, "three computations");
        } finally {
            periodic.stop();
        }
        long stoppedAt = periodic.computations();
        assertThat(periodic.latest().nation().branches()).isEqualTo(3);
        assertThat(periodic.latest().nation().worst()).hasSize(3);
        try {
            Thread.sleep(400);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(periodic.computations()).isLessThanOrEqualTo(stoppedAt + 1); // at most one already under way
    }

    @Test
    void nobodyWithoutATokenIsAnswered() {
        for (String path : List.of("/api/v1/readiness", "/api/v1/readiness/branches/" + TEHRAN_BRANCH,
                "/api/v1/readiness/provinces/THR")) {
            assertThat(get(null, path).statusCode()).isEqualTo(401);
            assertThat(get("not-a-known-token-123456", path).statusCode()).isEqualTo(401);
        }
        assertThat(board.latest()).isNull(); // and nothing was computed for them
    }

    @Test
    void metricsAreByProvinceAndServedFromTheSnapshot() throws Exception {
        assertThat(scrape()).doesNotContain("didban_readiness_branches{");
        await(board.refresh());
        String text = scrape();
        List<String> series = Arrays.stream(text.split("\n")).filter(l -> l.startsWith("didban_readiness_branches{")).toList();
        assertThat(series).hasSize(2 * Band.values().length);
        assertThat(text).contains("didban_readiness_branches{band=\"red\",province=\"THR\"} 1.0")
                .contains("didban_readiness_gate_failures{gate=\"power\",province=\"ISF\"} 0.0")
                .contains("didban_readiness_gate_unknown{gate=\"power\",province=\"THR\"} 1.0")
                .contains("didban_readiness_score_avg{province=\"ISF\"}")
                .contains("didban_readiness_computed_timestamp_seconds")
                .contains("didban_readiness_shard_busy_seconds")
                .doesNotContain(TEHRAN_BRANCH).doesNotContain("branch=");
        for (int i = 0; i < 5; i++) {
            scrape();
        }
        assertThat(board.computations()).isEqualTo(1);
    }

    private String scrape() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.builder().setIncludeCreatedTimestamps(false).build().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }
}
