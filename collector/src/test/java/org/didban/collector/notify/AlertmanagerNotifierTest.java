package org.didban.collector.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.didban.collector.alerts.AlertChange;
import org.didban.collector.alerts.AlertChange.Kind;
import org.didban.collector.alerts.AlertFeed;
import org.didban.collector.alerts.TrackedAlert;
import org.didban.model.AlertState;
import org.didban.model.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The notifier against a stand-in Alertmanager that records each POST; the real one is in {@link AlertmanagerServerTest}. */
class AlertmanagerNotifierTest {
    private static final URI COLLECTOR = URI.create("https://didban.example/");

    private final Vertx vertx = Vertx.vertx();
    private final AlertFeed feed = new AlertFeed();
    private Receiver alertmanager;
    private Notifications notifications;

    @AfterEach
    void stop() throws Exception {
        if (notifications != null) {
            notifications.close().await(20, TimeUnit.SECONDS);
        }
        if (alertmanager != null) {
            alertmanager.close();
        }
        vertx.close().await(20, TimeUnit.SECONDS);
    }

    private void start(Duration resend, Duration batch, int... statuses) {
        alertmanager = Receiver.answering(vertx, statuses);
        AlertmanagerTarget target = new AlertmanagerTarget(alertmanager.url("/am"), COLLECTOR, resend, batch,
                Duration.ofSeconds(5), AlertmanagerTarget.Credentials.bearer("t0k3n"));
        notifications = Notifications.start(vertx, new NotifySettings(List.of(), target), feed, new InMemoryDeadLetters());
    }

    private AlertmanagerCounters counters() {
        return notifications.alertmanagerCounters().orElseThrow();
    }

    private List<Receiver.Received> posts() {
        return alertmanager.received("/am/api/v2/alerts");
    }

    private JsonArray lastPost() {
        List<Receiver.Received> posts = posts();
        return posts.get(posts.size() - 1).array();
    }

    @Test
    void changesWithinTheBatchWindowGoInOnePostOfTheWholeFiringSet() {
        start(Duration.ofMinutes(10), Duration.ofMillis(300), 200);
        TrackedAlert a = Changes.firing("THR", "THR-01", "THR-0001");
        TrackedAlert b = Changes.firing("THR", "THR-02", "THR-0201");

        feed.publish(Changes.fired(1, a));
        feed.publish(Changes.fired(2, b));
        feed.publish(Changes.change(3, Kind.EVALUATED, Changes.pending("ISF", "ISF-01", "ISF-0001", Severity.HIGH),
                AlertState.INACTIVE));

        Await.until("a post", () -> counters().postsOk() == 1);
        assertThat(posts()).hasSize(1);
        JsonArray sent = lastPost();
        assertThat(sent).hasSize(2);
        JsonObject first = sent.getJsonObject(0);
        assertThat(first.getJsonObject("labels").getMap())
                .containsEntry("alertname", "NET-01").containsEntry("rule", "NET-01").containsEntry("severity", "high")
                .containsEntry("province", "THR").containsEntry("county", "THR-01").containsEntry("branch", "THR-0001")
                .containsEntry("sensitive", "true").containsEntry("device", "THR-0001-rtr")
                .containsEntry("ifName", "wan0").containsEntry("if_index", "2");
        assertThat(first.getJsonObject("annotations").getMap())
                .containsEntry("title", "Uplink down").containsEntry("title_fa", Changes.TITLE_FA)
                .containsKey("summary").doesNotContainKey("acknowledged_by");
        assertThat(first.getString("startsAt")).isEqualTo(Instant.ofEpochMilli(Changes.T0 + 60_000).toString());
        assertThat(first.containsKey("endsAt")).isFalse();
        assertThat(first.getString("generatorURL")).isEqualTo("https://didban.example/api/v1/alerts/" + a.id());
        assertThat(posts().get(0).header("Authorization")).isEqualTo("Bearer t0k3n");
        assertThat(counters().alertsSent()).isEqualTo(2);
        assertThat(counters().firing()).isEqualTo(2);
    }

    @Test
    void theFiringSetIsSentAgainEveryResendInterval() {
        start(Duration.ofMillis(100), Duration.ofMillis(10), 200);
        feed.publish(Changes.fired(1, Changes.firing("THR", "THR-01", "THR-0001")));

        Await.until("three resends without a change", () -> counters().postsOk() >= 4);
        assertThat(posts()).allSatisfy(p -> assertThat(p.array()).hasSize(1));
    }

    @Test
    void aResolutionIsSentOnceWithItsEndAndAcknowledgementsAreAnnotations() {
        start(Duration.ofMinutes(10), Duration.ofMillis(10), 200);
        TrackedAlert a = Changes.firing("THR", "THR-01", "THR-0001");
        feed.publish(Changes.fired(1, a));
        Await.until("fired", () -> counters().postsOk() == 1);
        AlertChange ack = Changes.acknowledged(2, a, "maryam");
        feed.publish(ack);
        Await.until("acknowledged", () -> counters().postsOk() == 2);
        assertThat(lastPost().getJsonObject(0).getJsonObject("annotations").getString("acknowledged_by")).isEqualTo("maryam");

        feed.publish(Changes.resolved(3, Changes.resolve(ack.alert()), AlertState.ACKNOWLEDGED));
        Await.until("resolved", () -> counters().postsOk() == 3);
        JsonArray sent = lastPost();
        assertThat(sent).hasSize(1);
        assertThat(sent.getJsonObject(0).getString("endsAt")).isEqualTo(Instant.ofEpochMilli(Changes.T0 + 300_000).toString());
        assertThat(counters().firing()).isZero();

        // The end went through: the next change does not repeat it.
        feed.publish(Changes.fired(4, Changes.firing("THR", "THR-02", "THR-0201")));
        Await.until("next", () -> counters().postsOk() == 4);
        assertThat(lastPost()).hasSize(1);
        assertThat(lastPost().getJsonObject(0).containsKey("endsAt")).isFalse();
    }

    @Test
    void aDidbanSilenceEndsTheAlertInAlertmanagerAndUnsilencingStartsItAgain() {
        start(Duration.ofMinutes(10), Duration.ofMillis(10), 200);
        TrackedAlert a = Changes.firing("THR", "THR-01", "THR-0001");
        feed.publish(Changes.fired(1, a));
        Await.until("fired", () -> counters().postsOk() == 1);

        TrackedAlert silenced = a.silencedBy("sil-1");
        feed.publish(new AlertChange(2, Changes.T0 + 200_000, Kind.SILENCED, silenced, AlertState.FIRING, AlertState.SILENCED,
                "reza", "maintenance"));
        Await.until("silenced", () -> counters().postsOk() == 2);
        assertThat(lastPost()).hasSize(1);
        assertThat(lastPost().getJsonObject(0).getString("endsAt")).isEqualTo(Instant.ofEpochMilli(Changes.T0 + 200_000).toString());

        feed.publish(new AlertChange(3, Changes.T0 + 250_000, Kind.UNSILENCED, a, AlertState.SILENCED, AlertState.FIRING,
                "reza", ""));
        Await.until("unsilenced", () -> counters().postsOk() == 3);
        assertThat(lastPost()).hasSize(1);
        assertThat(lastPost().getJsonObject(0).containsKey("endsAt")).isFalse();
    }

    @Test
    void aRaisedSeverityEndsTheAlertUnderItsOldLabels() {
        start(Duration.ofMinutes(10), Duration.ofMillis(10), 200);
        TrackedAlert a = Changes.firing("THR", "THR-01", "THR-0001");
        feed.publish(Changes.fired(1, a));
        Await.until("fired", () -> counters().postsOk() == 1);

        TrackedAlert raised = a.withAlert(a.alert().withSeverity(Severity.CRITICAL));
        feed.publish(new AlertChange(2, Changes.T0 + 400_000, Kind.ANNOTATED, raised, AlertState.FIRING, AlertState.FIRING,
                AlertChange.ENGINE, "escalated"));
        Await.until("raised", () -> counters().postsOk() == 2);
        JsonArray sent = lastPost();
        assertThat(sent).hasSize(2);
        assertThat(sent.getJsonObject(0).getJsonObject("labels").getString("severity")).isEqualTo("high");
        assertThat(sent.getJsonObject(0).getString("endsAt")).isNotNull();
        assertThat(sent.getJsonObject(1).getJsonObject("labels").getString("severity")).isEqualTo("critical");
        assertThat(sent.getJsonObject(1).containsKey("endsAt")).isFalse();
    }

    @Test
    void aFailedPostIsRetriedAndCarriesTheEndUntilTaken() {
        start(Duration.ofMinutes(10), Duration.ofMillis(10), 200, 503, 500, 200);
        TrackedAlert a = Changes.firing("THR", "THR-01", "THR-0001");
        feed.publish(Changes.fired(1, a));
        Await.until("fired", () -> counters().postsOk() == 1);

        feed.publish(Changes.resolved(2, Changes.resolve(a), AlertState.FIRING));

        Await.until("taken on the third try", () -> counters().postsOk() == 2);
        assertThat(counters().postsFailed()).isEqualTo(2);
        assertThat(posts()).hasSize(4);
        assertThat(posts().subList(1, 4)).allSatisfy(p -> assertThat(p.array().getJsonObject(0).getString("endsAt")).isNotNull());
    }

    @Test
    void alertsActiveBeforeARestartAreSentButNotThoseHeardToEndSince() {
        start(Duration.ofMinutes(10), Duration.ofMillis(50), 200);
        TrackedAlert stillFiring = Changes.firing("THR", "THR-01", "THR-0001");
        TrackedAlert endedSince = Changes.firing("THR", "THR-01", "THR-0002");
        feed.publish(Changes.resolved(1, Changes.resolve(endedSince), AlertState.FIRING));

        notifications.alreadyActive(List.of(stillFiring, endedSince,
                Changes.pending("THR", "THR-01", "THR-0003", Severity.HIGH)));

        Await.until("a post", () -> counters().postsOk() >= 1);
        Await.until("the seeded one sent", () -> lastPost().stream().map(o -> ((JsonObject) o).getJsonObject("labels")
                .getString("branch")).toList().contains("THR-0001"));
        assertThat(counters().firing()).isEqualTo(1);
    }
}
