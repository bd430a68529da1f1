package org.didban.collector.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.didban.collector.alerts.AlertChange;
import org.didban.collector.alerts.AlertFeed;
import org.didban.collector.alerts.TrackedAlert;
import org.didban.collector.testing.AlertmanagerServer;
import org.didban.model.AlertState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Didban's alerts in a real Prometheus Alertmanager (Debian's, 0.25), through its API v2. */
class AlertmanagerServerTest {
    private final Vertx vertx = Vertx.vertx();
    private final AlertFeed feed = new AlertFeed();
    private AlertmanagerServer server;
    private Notifications notifications;

    @AfterEach
    void stop() throws Exception {
        if (notifications != null) {
            notifications.close().await(20, TimeUnit.SECONDS);
        }
        vertx.close().await(20, TimeUnit.SECONDS);
        if (server != null) {
            server.close();
        }
    }

    private JsonArray alerts() {
        return new JsonArray(server.alerts("alertname=\"NET-01\""));
    }

    @Test
    void aFiringAlertIsListedWithItsLabelsAndLeavesWhenResolved(@TempDir Path dir) throws Exception {
        server = AlertmanagerServer.start(dir);
        AlertmanagerTarget target = new AlertmanagerTarget(server.baseUri(), URI.create("http://didban.test:8080"),
                Duration.ofSeconds(60), Duration.ofMillis(50), Duration.ofSeconds(5), null);
        notifications = Notifications.start(vertx, new NotifySettings(List.of(), target), feed, new InMemoryDeadLetters());
        TrackedAlert firing = Changes.firing("THR", "THR-01", "THR-0001");

        feed.publish(Changes.fired(1, firing));

        Await.until("Alertmanager lists the alert", () -> alerts().size() == 1);
        JsonObject listed = alerts().getJsonObject(0);
        assertThat(listed.getJsonObject("labels").getMap())
                .containsEntry("alertname", "NET-01").containsEntry("rule", "NET-01").containsEntry("severity", "high")
                .containsEntry("province", "THR").containsEntry("county", "THR-01").containsEntry("branch", "THR-0001")
                .containsEntry("sensitive", "true").containsEntry("device", "THR-0001-rtr")
                .containsEntry("ifName", "wan0").containsEntry("if_index", "2");
        assertThat(listed.getJsonObject("annotations").getString("title_fa")).isEqualTo(Changes.TITLE_FA);
        assertThat(listed.getJsonObject("status").getString("state")).isEqualTo("active");
        assertThat(listed.getString("generatorURL")).isEqualTo("http://didban.test:8080/api/v1/alerts/" + firing.id());

        AlertChange ack = Changes.acknowledged(2, firing, "maryam");
        feed.publish(ack);
        Await.until("the acknowledgement annotated", () -> "maryam".equals(alerts().getJsonObject(0)
                .getJsonObject("annotations").getString("acknowledged_by")));

        feed.publish(Changes.resolved(3, Changes.resolve(ack.alert()), AlertState.ACKNOWLEDGED));

        // Alertmanager 0.25 leaves resolved alerts (endsAt in the past) out of GET /api/v2/alerts.
        Await.until("Alertmanager no longer lists it", () -> alerts().isEmpty());
        AlertmanagerCounters counters = notifications.alertmanagerCounters().orElseThrow();
        // Alertmanager has it before its answer is back with us.
        Await.until("three posts answered", () -> counters.postsOk() >= 3);
        assertThat(counters.postsFailed()).isZero();
        assertThat(counters.firing()).isZero();
    }
}
