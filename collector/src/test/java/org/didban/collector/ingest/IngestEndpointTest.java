package org.didban.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.collector.RunningCollector.batch;
import static org.didban.collector.RunningCollector.sample;
import static org.didban.collector.TestFleet.KASHAN_BRANCH;
import static org.didban.collector.TestFleet.TEHRAN_BRANCH;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.didban.collector.RunningCollector;
import org.didban.collector.TestFleet;
import org.didban.model.Event;
import org.didban.model.EventTypes;
import org.didban.model.Metrics;
import org.didban.model.Sample;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class IngestEndpointTest {
    private static final String ROUTER = TEHRAN_BRANCH + "-router";
    private static final String UPS = TEHRAN_BRANCH + "-ups";
    private RunningCollector collector;

    @BeforeEach
    void start(Vertx vertx) {
        collector = RunningCollector.start(vertx, RunningCollector.fleetConfig().bodyLimitBytes(64 * 1024).build());
    }

    @AfterEach
    void stop() {
        collector.close();
    }

    @Test
    void anAcceptedBatchShowsInTheBranchView() {
        List<Sample> samples = List.of(
                sample(ROUTER, Metrics.IF_ADMIN_STATUS, 1, "if_index", "1", "if_name", "wan0"),
                sample(ROUTER, Metrics.IF_OPER_STATUS, 1, "if_index", "1", "if_name", "wan0"),
                sample(UPS, Metrics.UPS_CHARGE_PERCENT, 97));
        List<Event> events = List.of(new Event(UPS, EventTypes.UPS_ON_BATTERY, Map.of("note", "برق قطع شد"), 1_700_000_000_000L));

        HttpResponse<Buffer> r = collector.ingest(TEHRAN_BRANCH, 1, samples, events);

        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        assertThat(r.bodyAsJsonObject().getMap())
                .containsEntry("status", "accepted").containsEntry("seq", 1).containsEntry("samples", 3).containsEntry("events", 1);
        JsonObject branch = collector.getObject("/api/v1/branches/" + TEHRAN_BRANCH);
        assertThat(readings(branch, ROUTER)).contains("if_oper_status{if_index=1,if_name=wan0}=1.0",
                "if_admin_status{if_index=1,if_name=wan0}=1.0");
        assertThat(readings(branch, UPS)).containsExactly("ups_charge_percent{}=97.0");
        assertThat(device(branch, ROUTER).getString("lastSeen")).isNotNull();
        assertThat(device(branch, TEHRAN_BRANCH + "-vote").getString("lastSeen")).isNull();
        JsonObject event = branch.getJsonArray("events").getJsonObject(0);
        assertThat(event.getString("type")).isEqualTo("ups_on_battery");
        assertThat(event.getJsonObject("attributes").getString("note")).isEqualTo("برق قطع شد");
        assertThat(collector.metric("didban_ingest_batches_total")).isEqualTo(1);
        assertThat(collector.metric("didban_ingest_samples_total")).isEqualTo(3);
        assertThat(collector.metric("didban_ingest_events_total")).isEqualTo(1);
    }

    @Test
    void malformedJsonIsRefusedWith400AndTheReason() {
        acceptOne();
        HttpResponse<Buffer> r = collector.ingest(TestFleet.tokenOf(TEHRAN_BRANCH),
                "{\"agent\":\"THR-0001-a\",\"branch\":\"THR-0001\",\"seq\":2,\"samples\":[{\"device\":".getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(r.bodyAsJsonObject().getString("error")).startsWith("not valid JSON");

        r = collector.ingest(TestFleet.tokenOf(TEHRAN_BRANCH), "{\"agent\":\"THR-0001-a\",\"colour\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.bodyAsJsonObject().getString("error")).contains("unknown field 'colour'");

        assertThat(collector.metric("didban_ingest_rejected_total", "reason", "malformed")).isEqualTo(2);
        assertStillThere();
    }

    @Test
    void anOversizedBodyIsRefusedWith413() {
        acceptOne();
        byte[] body = new byte[65 * 1024];
        Arrays.fill(body, (byte) ' ');
        HttpResponse<Buffer> r = collector.ingest(TestFleet.tokenOf(TEHRAN_BRANCH), body);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.bodyAsJsonObject().getString("error")).contains("larger than 65536 bytes");
        assertThat(collector.metric("didban_ingest_rejected_total", "reason", "too_large")).isEqualTo(1);
        assertStillThere();
    }

    @Test
    void noHeaderUnknownTokenOrAnotherSchemeIsRefusedWith401() {
        acceptOne();
        byte[] body = collector.encode(batch(TEHRAN_BRANCH, 2, List.of(sample(UPS, Metrics.UPS_CHARGE_PERCENT, 1)), List.of()));
        HttpResponse<Buffer> missing = collector.ingest(null, body);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.bodyAsJsonObject().getString("error")).contains("missing header");
        assertThat(missing.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(collector.ingest("token-THR-0001x", body).statusCode()).isEqualTo(401);
        assertThat(collector.ingest("", body).statusCode()).isEqualTo(401);
        assertThat(collector.metric("didban_ingest_rejected_total", "reason", "unauthorized")).isEqualTo(3);
        assertStillThere();
    }

    @Test
    void aBatchForAnotherBranchOrAgentIsRefusedWith403() {
        acceptOne();
        byte[] otherBranch = collector.encode(batch(KASHAN_BRANCH, 1,
                List.of(sample(KASHAN_BRANCH + "-ups", Metrics.UPS_CHARGE_PERCENT, 5)), List.of()));
        HttpResponse<Buffer> r = collector.ingest(TestFleet.tokenOf(TEHRAN_BRANCH), otherBranch);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.bodyAsJsonObject().getString("error")).contains("batch names agent 'ISF-0501-a'");

        // Right agent name, wrong branch: the agent of Tehran claims to speak for Kashan.
        byte[] wrongBranch = collector.encode(new org.didban.wire.SiteBatch(TestFleet.agentOf(TEHRAN_BRANCH), KASHAN_BRANCH,
                RunningCollector.EPOCH, 2, 0, List.of(sample(KASHAN_BRANCH + "-ups", Metrics.UPS_CHARGE_PERCENT, 5)), List.of()));
        r = collector.ingest(TestFleet.tokenOf(TEHRAN_BRANCH), wrongBranch);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.bodyAsJsonObject().getString("error")).contains("speaks for branch 'THR-0001', not 'ISF-0501'");

        assertThat(collector.metric("didban_ingest_rejected_total", "reason", "wrong_branch")).isEqualTo(2);
        assertThat(readings(collector.getObject("/api/v1/branches/" + KASHAN_BRANCH), KASHAN_BRANCH + "-ups")).isEmpty();
        assertStillThere();
    }

    @Test
    void aDeviceOfAnotherBranchOrNoneRejectsTheWholeBatchWith422() {
        acceptOne();
        HttpResponse<Buffer> r = collector.ingest(TEHRAN_BRANCH, 2, List.of(
                sample(UPS, Metrics.UPS_CHARGE_PERCENT, 10),
                sample(KASHAN_BRANCH + "-ups", Metrics.UPS_CHARGE_PERCENT, 10)), List.of());
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.bodyAsJsonObject().getString("error")).contains("device 'ISF-0501-ups' is not in the inventory of branch 'THR-0001'");

        r = collector.ingest(TEHRAN_BRANCH, 3, List.of(), List.of(new Event("THR-0001-toaster", EventTypes.COLD_START, Map.of(), 0)));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.bodyAsJsonObject().getString("error")).contains("'THR-0001-toaster'");

        assertThat(collector.metric("didban_ingest_rejected_total", "reason", "unknown_device")).isEqualTo(2);
        assertStillThere();
        // Refused batches do not consume sequence numbers.
        assertThat(collector.ingest(TEHRAN_BRANCH, 2, List.of(sample(ROUTER, Metrics.DEVICE_UP, 1)), List.of())
                .bodyAsJsonObject().getString("status")).isEqualTo("accepted");
    }

    @Test
    void aReplayedSequenceNumberIsADuplicateAndIsNotAppliedAgain() {
        acceptOne();
        HttpResponse<Buffer> replay = collector.ingest(TEHRAN_BRANCH, 1,
                List.of(sample(UPS, Metrics.UPS_CHARGE_PERCENT, 3)), List.of(new Event(UPS, EventTypes.COLD_START, Map.of(), 0)));
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.bodyAsJsonObject().getMap()).containsExactlyInAnyOrderEntriesOf(Map.of("status", "duplicate", "seq", 1));

        JsonObject branch = collector.getObject("/api/v1/branches/" + TEHRAN_BRANCH);
        assertThat(readings(branch, UPS)).containsExactly("ups_charge_percent{}=88.0");
        assertThat(branch.getJsonArray("events")).isEmpty();
        assertThat(collector.metric("didban_ingest_duplicates_total")).isEqualTo(1);
        assertThat(collector.metric("didban_ingest_batches_total")).isEqualTo(1);
        assertThat(collector.metric("didban_ingest_samples_total")).isEqualTo(1);
    }

    @Test
    void aRestartedAgentStartingAgainAtOneIsANewRunNotAReplay() {
        acceptOne();
        org.didban.wire.SiteBatch restarted = new org.didban.wire.SiteBatch(TestFleet.agentOf(TEHRAN_BRANCH), TEHRAN_BRANCH,
                RunningCollector.EPOCH + 60_000, 1, 0, List.of(sample(UPS, Metrics.UPS_CHARGE_PERCENT, 42)), List.of());
        HttpResponse<Buffer> r = collector.ingest(TestFleet.tokenOf(TEHRAN_BRANCH), collector.encode(restarted));
        assertThat(r.bodyAsJsonObject().getString("status")).isEqualTo("accepted");
        assertThat(readings(collector.getObject("/api/v1/branches/" + TEHRAN_BRANCH), UPS))
                .containsExactly("ups_charge_percent{}=42.0");
        assertThat(collector.metric("didban_ingest_sequence_gaps_total")).isZero();

        // A late retry from the run before the restart is stale, not applied over newer data.
        org.didban.wire.SiteBatch stale = new org.didban.wire.SiteBatch(TestFleet.agentOf(TEHRAN_BRANCH), TEHRAN_BRANCH,
                RunningCollector.EPOCH, 2, 0, List.of(sample(UPS, Metrics.UPS_CHARGE_PERCENT, 7)), List.of());
        r = collector.ingest(TestFleet.tokenOf(TEHRAN_BRANCH), collector.encode(stale));
        assertThat(r.bodyAsJsonObject().getString("status")).isEqualTo("duplicate");
        assertThat(readings(collector.getObject("/api/v1/branches/" + TEHRAN_BRANCH), UPS))
                .containsExactly("ups_charge_percent{}=42.0");
    }

    @Test
    void aSkippedSequenceNumberIsCountedAsAGap() {
        acceptOne();
        assertThat(collector.ingest(TEHRAN_BRANCH, 5, List.of(sample(UPS, Metrics.UPS_CHARGE_PERCENT, 80)), List.of())
                .bodyAsJsonObject().getString("status")).isEqualTo("accepted");
        assertThat(collector.metric("didban_ingest_sequence_gaps_total")).isEqualTo(1);
        assertThat(collector.metric("didban_ingest_missed_batches_total")).isEqualTo(3);
        // An older batch that arrives late is a duplicate now: the agent's spool replays in order.
        assertThat(collector.ingest(TEHRAN_BRANCH, 3, List.of(sample(UPS, Metrics.UPS_CHARGE_PERCENT, 1)), List.of())
                .bodyAsJsonObject().getString("status")).isEqualTo("duplicate");
    }

    @Test
    void aGzippedBatchIsAcceptedAndItsLimitCountsDecompressedBytes() throws Exception {
        byte[] json = collector.encode(batch(TEHRAN_BRANCH, 1, List.of(sample(UPS, Metrics.UPS_CHARGE_PERCENT, 88)), List.of()));
        HttpResponse<Buffer> r = collector.ingestGzipped(TestFleet.tokenOf(TEHRAN_BRANCH), json);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        assertStillThere();

        byte[] padded = new byte[200 * 1024];
        Arrays.fill(padded, (byte) ' ');
        r = collector.ingestGzipped(TestFleet.tokenOf(TEHRAN_BRANCH), padded);
        assertThat(r.statusCode()).as("200 KiB of spaces gzip to well under the 64 KiB limit").isEqualTo(413);
        assertThat(collector.metric("didban_ingest_rejected_total", "reason", "too_large")).isEqualTo(1);
    }

    private void acceptOne() {
        HttpResponse<Buffer> r = collector.ingest(TEHRAN_BRANCH, 1, List.of(sample(UPS, Metrics.UPS_CHARGE_PERCENT, 88)), List.of());
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    }

    private void assertStillThere() {
        assertThat(readings(collector.getObject("/api/v1/branches/" + TEHRAN_BRANCH), UPS)).containsExactly("ups_charge_percent{}=88.0");
        assertThat(collector.metric("didban_ingest_batches_total")).isEqualTo(1);
    }

    private static JsonObject device(JsonObject branch, String id) {
        JsonArray devices = branch.getJsonArray("devices");
        for (int i = 0; i < devices.size(); i++) {
            if (devices.getJsonObject(i).getString("id").equals(id)) {
                return devices.getJsonObject(i);
            }
        }
        throw new AssertionError("no device " + id + " in " + branch.encodePrettily());
    }

    /** Readings as {@code metric{labels}=value}, comparable in one assertion. */
    private static List<String> readings(JsonObject branch, String deviceId) {
        JsonArray rs = device(branch, deviceId).getJsonArray("readings");
        return rs.stream().map(JsonObject.class::cast).map(r -> r.getString("metric")
                + r.getJsonObject("labels").getMap().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .sorted().collect(java.util.stream.Collectors.joining(",", "{", "}"))
                + "=" + r.getDouble("value")).toList();
    }
}
