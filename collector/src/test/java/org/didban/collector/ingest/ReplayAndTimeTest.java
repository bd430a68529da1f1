package org.didban.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.collector.RunningCollector.sample;
import static org.didban.collector.TestFleet.TEHRAN_BRANCH;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.didban.collector.RunningCollector;
import org.didban.collector.TestFleet;
import org.didban.model.Metrics;
import org.didban.wire.SiteBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Replays, agent clocks and hostile bodies over HTTP (docs/SECURITY.md "Replay, time and input limits"). */
@ExtendWith(VertxExtension.class)
class ReplayAndTimeTest {
    private static final String UPS = TEHRAN_BRANCH + "-ups";
    private static final long EPOCH = RunningCollector.EPOCH;
    private RunningCollector collector;

    @BeforeEach
    void start(Vertx vertx) {
        collector = RunningCollector.start(vertx, RunningCollector.fleetConfig().bodyLimitBytes(64 * 1024).build());
    }

    @AfterEach
    void stop() {
        collector.close();
    }

    private HttpResponse<Buffer> send(long epoch, long seq, long sentAt, double charge, long ts) {
        SiteBatch b = new SiteBatch(TestFleet.agentOf(TEHRAN_BRANCH), TEHRAN_BRANCH, epoch, seq, sentAt,
                List.of(new org.didban.model.Sample(UPS, Metrics.UPS_CHARGE_PERCENT, org.didban.model.Labels.EMPTY, charge, ts)),
                List.of());
        return collector.ingest(TestFleet.tokenOf(TEHRAN_BRANCH), collector.encode(b));
    }

    private List<String> upsReadings() {
        JsonObject branch = collector.getObject("/api/v1/branches/" + TEHRAN_BRANCH);
        JsonArray devices = branch.getJsonArray("devices");
        for (int i = 0; i < devices.size(); i++) {
            JsonObject d = devices.getJsonObject(i);
            if (d.getString("id").equals(UPS)) {
                return d.getJsonArray("readings").stream().map(o -> {
                    JsonObject r = (JsonObject) o;
                    return r.getString("metric") + "=" + r.getValue("value");
                }).toList();
            }
        }
        throw new AssertionError("no " + UPS);
    }

    private List<JsonObject> eventsOfType(String type) {
        JsonArray events = collector.getObject("/api/v1/branches/" + TEHRAN_BRANCH).getJsonArray("events");
        return events.stream().map(o -> (JsonObject) o).filter(e -> type.equals(e.getString("type"))).toList();
    }

    @Test
    void aCapturedBatchReplayedLaterIsAcknowledgedAsDuplicateAndNeverApplied() {
        long now = System.currentTimeMillis();
        assertThat(send(EPOCH, 1, now, 90, now).bodyAsJsonObject().getString("status")).isEqualTo("accepted");
        assertThat(send(EPOCH, 2, now, 80, now).bodyAsJsonObject().getString("status")).isEqualTo("accepted");
        // the attacker replays seq 1 (value 90) with a fresh sent_at: the sequence number refuses it
        HttpResponse<Buffer> replay = send(EPOCH, 1, System.currentTimeMillis(), 90, now);
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.bodyAsJsonObject().getString("status")).isEqualTo("duplicate");
        // and a batch of an older run of the agent, even with a higher sequence number
        HttpResponse<Buffer> oldRun = send(EPOCH - 1, 99, System.currentTimeMillis(), 10, now);
        assertThat(oldRun.bodyAsJsonObject().getString("status")).isEqualTo("duplicate");
        assertThat(upsReadings()).containsExactly("ups_charge_percent=80.0");
        assertThat(collector.metric("didban_ingest_duplicates_total")).isEqualTo(2);
    }

    @Test
    void aBatchSpooledForHoursIsAcceptedAndNotTakenForSkew() {
        long twelveHoursAgo = System.currentTimeMillis() - 12 * 3600_000L;
        HttpResponse<Buffer> r = send(EPOCH, 1, twelveHoursAgo, 55, twelveHoursAgo);
        assertThat(r.bodyAsJsonObject().getString("status")).isEqualTo("accepted");
        assertThat(upsReadings()).containsExactly("ups_charge_percent=55.0");
        assertThat(collector.metric("didban_ingest_clock_skewed_batches_total", "direction", "behind")).isZero();
        assertThat(eventsOfType("agent_clock_skew")).isEmpty();
    }

    @Test
    void aClockAheadBeyondTheBoundIsAcceptedCountedRaisedOnceAndItsFutureTimestampsClamped() {
        long tenMinutesAhead = System.currentTimeMillis() + 600_000L;
        HttpResponse<Buffer> r = send(EPOCH, 1, tenMinutesAhead, 70, tenMinutesAhead);
        assertThat(r.bodyAsJsonObject().getString("status")).isEqualTo("accepted");
        assertThat(send(EPOCH, 2, tenMinutesAhead + 1000, 71, tenMinutesAhead + 1000).statusCode()).isEqualTo(200);
        assertThat(collector.metric("didban_ingest_clock_skewed_batches_total", "direction", "ahead")).isEqualTo(2);
        assertThat(collector.metric("didban_ingest_future_timestamps_total")).isEqualTo(2);
        List<JsonObject> skew = eventsOfType("agent_clock_skew");
        assertThat(skew).hasSize(1); // once per agent and window, not per batch
        JsonObject attrs = skew.get(0).getJsonObject("attributes");
        assertThat(attrs.getString("direction")).isEqualTo("ahead");
        assertThat(Long.parseLong(attrs.getString("skew_seconds"))).isBetween(540L, 600L);
        assertThat(attrs.getString("agent")).isEqualTo(TestFleet.agentOf(TEHRAN_BRANCH));
        assertThat(skew.get(0).getString("device")).isEqualTo(TEHRAN_BRANCH + "-router");
        // within the bound: nothing
        long now = System.currentTimeMillis();
        assertThat(send(EPOCH, 3, now + 60_000, 72, now + 60_000).statusCode()).isEqualTo(200);
        assertThat(collector.metric("didban_ingest_clock_skewed_batches_total", "direction", "ahead")).isEqualTo(2);
        assertThat(collector.metric("didban_ingest_future_timestamps_total")).isEqualTo(2);
    }

    @Test
    void hostileBodiesAreRefusedWith400AndCounted() {
        String token = TestFleet.tokenOf(TEHRAN_BRANCH);
        String head = "{\"agent\":\"" + TestFleet.agentOf(TEHRAN_BRANCH) + "\",\"branch\":\"" + TEHRAN_BRANCH
                + "\",\"epoch\":1,\"seq\":1,";
        List<byte[]> bodies = List.of(
                ("[".repeat(10_000) + "]".repeat(10_000)).getBytes(StandardCharsets.UTF_8),
                (head + "\"samples\":[{\"device\":\"" + UPS + "\",\"metric\":\"m\",\"value\":1e400}]}").getBytes(StandardCharsets.UTF_8),
                (head + "\"samples\":[{\"device\":\"" + UPS + "\",\"metric\":\"m\",\"value\":NaN}]}").getBytes(StandardCharsets.UTF_8),
                (head + "\"seq\":2}").getBytes(StandardCharsets.UTF_8),
                (head.replace("\"agent\":\"", "\"agent\":\"\u00c0") + "}").getBytes(StandardCharsets.ISO_8859_1),
                ("{\"agent\":\"" + "x".repeat(40_000) + "\"}").getBytes(StandardCharsets.UTF_8));
        for (byte[] body : bodies) {
            HttpResponse<Buffer> r = collector.ingest(token, body);
            assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
        }
        assertThat(collector.metric("didban_ingest_rejected_total", "reason", "malformed")).isEqualTo(bodies.size());
        long now = System.currentTimeMillis();
        assertThat(send(EPOCH, 1, now, 50, now).statusCode()).isEqualTo(200);
    }
}
