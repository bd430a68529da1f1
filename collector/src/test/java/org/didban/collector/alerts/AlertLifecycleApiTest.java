package org.didban.collector.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.collector.RunningCollector.eventually;
import static org.didban.collector.RunningCollector.sample;
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
import org.didban.collector.ledger.LedgerSettings;
import org.didban.collector.ledger.LedgerVerifier;
import org.didban.model.Metrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** An alert's life through the API: fired, acknowledged, silenced, resolved; each step on its timeline and in the chain. */
@ExtendWith(VertxExtension.class)
class AlertLifecycleApiTest {
    @TempDir
    Path dir;
    private RunningCollector collector;

    @AfterEach
    void stop() {
        if (collector != null) {
            collector.close();
        }
    }

    private void start(Vertx vertx, LedgerSettings ledger) throws Exception {
        collector = RunningCollector.start(vertx, RunningCollector.fleetConfig().shards(2).ledger(ledger)
                .rulesFile(FastRules.write(dir, "100ms", false)).build());
    }

    private void uplink(String branch, long seq, double oper) {
        HttpResponse<Buffer> r = collector.ingest(branch, seq, List.of(
                sample(branch + "-router", Metrics.IF_ADMIN_STATUS, 1, "if_index", "1"),
                sample(branch + "-router", Metrics.IF_OPER_STATUS, oper, "if_index", "1")), List.of());
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    }

    @Test
    void acknowledgedThenResolvedByTheRuleWithEveryStepOnTheTimelineAndTheChainIntact(Vertx vertx) throws Exception {
        LedgerSettings ledger = LedgerSettings.embedded(dir.resolve("data"));
        start(vertx, ledger);
        uplink(TEHRAN_BRANCH, 1, 2);
        String id = eventually(() -> collector.alerts("?state=firing"), a -> a.size() == 1, "NET-01 fires")
                .getJsonObject(0).getString("id");

        HttpResponse<Buffer> ack = collector.postAs(TestPeople.TEHRAN_IT, "/api/v1/alerts/" + id + "/acknowledge",
                new JsonObject().put("note", "تکنسین در راه است"));
        assertThat(ack.statusCode()).as(ack.bodyAsString()).isEqualTo(200);
        JsonObject change = ack.bodyAsJsonObject();
        assertThat(change.getString("kind")).isEqualTo("acknowledged");
        assertThat(change.getLong("seq")).isPositive();
        assertThat(change.getJsonObject("alert").getString("state")).isEqualTo("acknowledged");
        assertThat(collector.alerts("?state=acknowledged")).hasSize(1);
        assertThat(collector.alerts("?state=firing")).isEmpty();

        uplink(TEHRAN_BRANCH, 2, 1); // the link comes back
        eventually(() -> collector.alerts("?state=resolved"), a -> a.size() == 1, "NET-01 resolves");
        JsonObject detail = collector.getObject("/api/v1/alerts/" + id);
        assertThat(detail.getString("state")).isEqualTo("resolved");
        assertThat(detail.getJsonObject("acknowledgement").getString("by")).isEqualTo("tehran-it");
        assertThat(detail.getJsonObject("acknowledgement").getString("note")).isEqualTo("تکنسین در راه است");
        JsonArray timeline = detail.getJsonArray("timeline");
        assertThat(timeline.stream().map(JsonObject.class::cast).map(c -> c.getString("to")).toList())
                .containsExactly("pending", "firing", "acknowledged", "resolved");
        assertThat(timeline.getJsonObject(2).getString("actor")).isEqualTo("tehran-it");

        // acting on a resolved alert is refused
        assertThat(collector.postAs(TestPeople.HQ, "/api/v1/alerts/" + id + "/acknowledge", new JsonObject())
                .statusCode()).isEqualTo(409);
        collector.close();
        collector = null;
        LedgerVerifier.Verdict v = LedgerVerifier.verify(ledger);
        assertThat(v.intact()).as(v.reason()).isTrue();
        assertThat(v.records()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void aHandResolutionClosesItAndAFaultThatGoesOnOpensANewOne(Vertx vertx) throws Exception {
        start(vertx, LedgerSettings.inMemory());
        uplink(REY_BRANCH, 1, 2);
        String id = eventually(() -> collector.alerts("?state=firing"), a -> a.size() == 1, "NET-01 fires")
                .getJsonObject(0).getString("id");
        HttpResponse<Buffer> r = collector.postAs(TestPeople.REY_IT, "/api/v1/alerts/" + id + "/resolve",
                new JsonObject().put("note", "replaced the cable"));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        assertThat(r.bodyAsJsonObject().getJsonObject("alert").getString("resolvedBy")).isEqualTo("rey-it");
        assertThat(collector.alerts("")).isEmpty();
        uplink(REY_BRANCH, 2, 2); // still down
        JsonObject again = eventually(() -> collector.alerts("?state=firing"), a -> a.size() == 1, "a new NET-01")
                .getJsonObject(0);
        assertThat(again.getString("id")).isNotEqualTo(id);
    }

    @Test
    void aSilenceMarksMatchingAlertsAndItsEndUnmarksThem(Vertx vertx) throws Exception {
        start(vertx, LedgerSettings.inMemory());
        uplink(TEHRAN_BRANCH, 1, 2);
        uplink(REY_BRANCH, 1, 2);
        eventually(() -> collector.alerts("?state=firing"), a -> a.size() == 2, "both fire");
        HttpResponse<Buffer> made = collector.postAs(TestPeople.HQ, "/api/v1/silences", new JsonObject()
                .put("branch", TEHRAN_BRANCH).put("rule", "NET-01").put("duration", "2h").put("comment", "fiber splicing"));
        assertThat(made.statusCode()).as(made.bodyAsString()).isEqualTo(201);
        String silence = made.bodyAsJsonObject().getString("id");
        JsonArray silenced = collector.alerts("?state=silenced");
        assertThat(silenced).hasSize(1);
        assertThat(silenced.getJsonObject(0).getString("branch")).isEqualTo(TEHRAN_BRANCH);
        assertThat(silenced.getJsonObject(0).getString("silencedBy")).isEqualTo(silence);
        assertThat(collector.alerts("?state=firing")).hasSize(1);

        assertThat(collector.deleteAs(TestPeople.HQ, "/api/v1/silences/" + silence).statusCode()).isEqualTo(200);
        assertThat(collector.alerts("?state=silenced")).isEmpty();
        assertThat(collector.alerts("?state=firing")).hasSize(2);
    }

    @Test
    void badSilencesAndNotesAreRefusedWithTheReason(Vertx vertx) throws Exception {
        start(vertx, LedgerSettings.inMemory());
        String[][] bad = {
                {"{}", "comment"},
                {"{\"comment\":\"x\",\"duration\":\"1h\"}", "at least one of"},
                {"{\"comment\":\"x\",\"county\":\"THR-01\"}", "endsAt or duration"},
                {"{\"comment\":\"x\",\"county\":\"THR-01\",\"duration\":\"30d\"}", "at most 7 days"},
                {"{\"comment\":\"x\",\"county\":\"NOPE\",\"duration\":\"1h\"}", "no county"},
                {"{\"comment\":\"x\",\"county\":\"THR-01\",\"duration\":\"1h\",\"extra\":1}", "unknown field"},
                {"[1,2,3]", "JSON object"},
                {"{\"comment\":\"x\",\"county\":\"THR-01\",\"endsAt\":\"yesterday\"}", "ISO-8601"},
        };
        for (String[] c : bad) {
            HttpResponse<Buffer> r = RunningCollector.await(io.vertx.ext.web.client.WebClient.create(vertx)
                    .postAbs(collector.collector().baseUrl() + "/api/v1/silences")
                    .putHeader("Authorization", "Bearer " + TestPeople.HQ)
                    .sendBuffer(Buffer.buffer(c[0])));
            assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(r.bodyAsJsonObject().getString("error")).as(c[0]).contains(c[1]);
        }
        uplink(TEHRAN_BRANCH, 1, 2);
        String id = eventually(() -> collector.alerts("?state=firing"), a -> a.size() == 1, "fires")
                .getJsonObject(0).getString("id");
        HttpResponse<Buffer> longNote = collector.postAs(TestPeople.HQ, "/api/v1/alerts/" + id + "/acknowledge",
                new JsonObject().put("note", "x".repeat(5000)));
        assertThat(longNote.statusCode()).isEqualTo(400);
        HttpResponse<Buffer> numberNote = collector.postAs(TestPeople.HQ, "/api/v1/alerts/" + id + "/acknowledge",
                new JsonObject().put("note", 42));
        assertThat(numberNote.statusCode()).isEqualTo(400);
        assertThat(collector.getAs(TestPeople.HQ, "/api/v1/alerts?limit=0").statusCode()).isEqualTo(400);
        assertThat(collector.getAs(TestPeople.HQ, "/api/v1/alerts?limit=abc").statusCode()).isEqualTo(400);
        assertThat(collector.getAs(TestPeople.HQ, "/api/v1/alerts/NET-01-0000000000000000").statusCode()).isEqualTo(404);
    }
}
