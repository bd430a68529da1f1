package org.didban.collector.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.collector.RunningCollector.eventually;
import static org.didban.collector.RunningCollector.sample;
import static org.didban.collector.TestFleet.KASHAN_BRANCH;
import static org.didban.collector.TestFleet.REY_BRANCH;
import static org.didban.collector.TestFleet.TEHRAN_BRANCH;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.didban.collector.RunningCollector;
import org.didban.model.AlertState;
import org.didban.model.AlertTransition;
import org.didban.model.Metrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class RulesThroughCollectorTest {
    private static final String ROUTER = REY_BRANCH + "-router";
    @TempDir
    Path dir;
    private RunningCollector collector;
    private final List<AlertTransition> transitions = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (collector != null) {
            collector.close();
        }
    }

    @Test
    void uplinkDownGoesPendingThenFiringAndResolvesWhenItComesBack(Vertx vertx) throws Exception {
        collector = RunningCollector.start(vertx, RunningCollector.fleetConfig()
                .rulesFile(FastRules.write(dir, "1s", false)).onAlertTransition(transitions::add).build());

        collector.ingest(REY_BRANCH, 1, List.of(
                sample(ROUTER, Metrics.IF_ADMIN_STATUS, 1, "if_index", "1", "if_name", "wan0"),
                sample(ROUTER, Metrics.IF_OPER_STATUS, 2, "if_index", "1", "if_name", "wan0")), List.of());

        JsonArray pending = collector.alerts("");
        assertThat(pending).hasSize(1);
        JsonObject alert = pending.getJsonObject(0);
        assertThat(alert.getString("state")).isEqualTo("pending");
        assertThat(alert.getString("key")).isEqualTo("NET-01/THR-0101-router{if_index=1,if_name=wan0}");
        assertThat(alert.getString("rule")).isEqualTo("NET-01");
        assertThat(alert.getString("device")).isEqualTo(ROUTER);
        assertThat(alert.getJsonObject("labels").getMap()).containsEntry("if_name", "wan0").containsEntry("if_index", "1");
        assertThat(alert.getString("branch")).isEqualTo(REY_BRANCH);
        assertThat(alert.getString("county")).isEqualTo("THR-02");
        assertThat(alert.getString("province")).isEqualTo("THR");
        assertThat(alert.getString("severity")).isEqualTo("high");
        assertThat(alert.getJsonObject("title").getString("fa")).isEqualTo("قطع لینک ارتباطی شعبه");
        assertThat(alert.getDouble("value")).isEqualTo(2.0);
        assertThat(Instant.parse(alert.getString("activeSince"))).isBefore(Instant.now().plusSeconds(1));
        assertThat(alert.getString("firedAt")).isNull();

        JsonObject firing = eventually(() -> collector.alerts("?state=firing"), a -> a.size() == 1, "NET-01 fires").getJsonObject(0);
        assertThat(firing.getString("state")).isEqualTo("firing");
        assertThat(Instant.parse(firing.getString("firedAt")))
                .isAfterOrEqualTo(Instant.parse(firing.getString("activeSince")).plusMillis(1000));
        assertThat(collector.alerts("?state=pending")).isEmpty();
        assertThat(collector.metric("didban_alerts_active", "severity", "high", "state", "firing")).isEqualTo(1);
        assertThat(collector.getObject("/api/v1/branches/" + REY_BRANCH).getJsonArray("alerts")).hasSize(1);

        collector.ingest(REY_BRANCH, 2, List.of(sample(ROUTER, Metrics.IF_OPER_STATUS, 1, "if_index", "1", "if_name", "wan0")), List.of());

        assertThat(collector.alerts("")).isEmpty();
        JsonArray resolved = collector.alerts("?state=resolved");
        assertThat(resolved).hasSize(1);
        assertThat(resolved.getJsonObject(0).getString("state")).isEqualTo("resolved");
        assertThat(resolved.getJsonObject(0).getString("resolvedAt")).isNotNull();
        assertThat(collector.alerts("?state=firing,resolved")).hasSize(1);
        assertThat(collector.metric("didban_alerts_active", "severity", "high", "state", "firing")).isZero();
        assertThat(collector.metric("didban_alert_transitions_total", "to", "resolved")).isEqualTo(1);
        assertThat(collector.metric("didban_rule_evaluations_total")).isEqualTo(2);
        assertThat(transitions).extracting(AlertTransition::to)
                .containsExactly(AlertState.PENDING, AlertState.FIRING, AlertState.RESOLVED);
    }

    @Test
    void aConditionThatClearsWhilePendingNeverFires(Vertx vertx) throws Exception {
        collector = RunningCollector.start(vertx, RunningCollector.fleetConfig()
                .rulesFile(FastRules.write(dir, "1s", false)).onAlertTransition(transitions::add).build());
        collector.ingest(REY_BRANCH, 1, List.of(
                sample(ROUTER, Metrics.IF_ADMIN_STATUS, 1, "if_index", "1"), sample(ROUTER, Metrics.IF_OPER_STATUS, 2, "if_index", "1")), List.of());
        assertThat(collector.alerts("?state=pending")).hasSize(1);
        collector.ingest(REY_BRANCH, 2, List.of(sample(ROUTER, Metrics.IF_OPER_STATUS, 1, "if_index", "1")), List.of());
        assertThat(collector.alerts("?state=pending,firing,resolved")).isEmpty();

        // A second interface of the same router (same shard, same event loop) goes down later;
        // when its `for` timer has fired, the first one's would have too, had it not been cancelled.
        collector.ingest(REY_BRANCH, 3, List.of(
                sample(ROUTER, Metrics.IF_ADMIN_STATUS, 1, "if_index", "2"), sample(ROUTER, Metrics.IF_OPER_STATUS, 2, "if_index", "2")), List.of());
        JsonArray firing = eventually(() -> collector.alerts("?state=firing"), a -> a.size() > 0, "interface 2 fires");
        assertThat(firing).extracting(o -> ((JsonObject) o).getString("key")).containsExactly("NET-01/THR-0101-router{if_index=2}");
        assertThat(transitions).extracting(t -> t.alert().key().labels().get("if_index") + ":" + t.to().wireName())
                .containsExactly("1:pending", "1:inactive", "2:pending", "2:firing");
    }

    @Test
    void aDeviceKnownFromInventoryThatNeverReportsAlertsForAbsence(Vertx vertx) throws Exception {
        collector = RunningCollector.start(vertx, RunningCollector.fleetConfig()
                .rulesFile(FastRules.write(dir, "1s", true)).build());
        // Kashan's voting device keeps reporting; every other voting device stays silent.
        long deadline = System.nanoTime() + RunningCollector.DEADLINE.toNanos();
        long seq = 1;
        JsonArray silent;
        do {
            collector.ingest(KASHAN_BRANCH, seq++, List.of(sample(KASHAN_BRANCH + "-vote", Metrics.DEVICE_UP, 1)), List.of());
            silent = collector.alerts("?state=firing");
            pace();
        } while (silent.size() < 2 && System.nanoTime() < deadline);

        assertThat(silent).extracting(o -> ((JsonObject) o).getString("key"))
                .containsExactlyInAnyOrder("DEV-01/" + TEHRAN_BRANCH + "-vote", "DEV-01/" + REY_BRANCH + "-vote");
        JsonObject tehran = silent.stream().map(JsonObject.class::cast)
                .filter(a -> a.getString("branch").equals(TEHRAN_BRANCH)).findFirst().orElseThrow();
        assertThat(tehran.getString("severity")).as("sensitive branch: raised from high").isEqualTo("critical");
        assertThat(tehran.getJsonObject("title").getString("fa")).isEqualTo("عدم پاسخ دستگاه یا عامل");
        assertThat(tehran.getValue("value")).isNull();
    }

    /** Paces a polling loop that also feeds the collector; the loop itself ends on a condition or the deadline. */
    private static void pace() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
