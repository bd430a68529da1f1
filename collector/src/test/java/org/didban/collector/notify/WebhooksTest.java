package org.didban.collector.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.didban.collector.alerts.AlertFeed;
import org.didban.collector.alerts.TrackedAlert;
import org.didban.model.AlertState;
import org.didban.model.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhooksTest {
    private static final String SECRET = "s3cret-of-the-noc-0123456789";
    /** Retries in milliseconds, so that a test of eight attempts takes well under a second. */
    private static final RetryPolicy QUICK = new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(40),
            Duration.ofMinutes(1), Duration.ofSeconds(5), Duration.ofMillis(300));

    private final Vertx vertx = Vertx.vertx();
    private final AlertFeed feed = new AlertFeed();
    private final InMemoryDeadLetters deadLetters = new InMemoryDeadLetters();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private Notifications notifications;

    @AfterEach
    void stop() throws Exception {
        if (notifications != null) {
            notifications.close().await(20, TimeUnit.SECONDS);
        }
        for (AutoCloseable c : toClose) {
            c.close();
        }
        vertx.close().await(20, TimeUnit.SECONDS);
    }

    private Receiver receiver(int... statuses) {
        Receiver r = Receiver.answering(vertx, statuses);
        toClose.add(r);
        return r;
    }

    private Notifications start(WebhookTarget... targets) {
        notifications = Notifications.start(vertx, new NotifySettings(List.of(targets), null), feed, deadLetters);
        return notifications;
    }

    private static WebhookTarget target(String name, URI url, WebhookScope scope, RetryPolicy retry) {
        return new WebhookTarget(name, url, SECRET, scope, retry, WebhookTarget.DEFAULT_QUEUE_CAPACITY);
    }

    private static WebhookTarget target(String name, URI url) {
        return target(name, url, WebhookScope.EVERYTHING, QUICK);
    }

    private WebhookCounters counters(String target) {
        return notifications.webhookCounters().get(target);
    }

    @Test
    void aChangeArrivesSignedAndATamperedOneDoesNotVerify() {
        Receiver noc = receiver(200);
        start(target("noc", noc.url("/hook")));
        TrackedAlert alert = Changes.firing("THR", "THR-01", "THR-0001");

        feed.publish(Changes.fired(7, alert));

        Await.until("one delivery", () -> counters("noc").delivered() == 1);
        Receiver.Received r = noc.received().get(0);
        String timestamp = r.header(WebhookSignature.TIMESTAMP_HEADER);
        String signature = r.header(WebhookSignature.SIGNATURE_HEADER);
        assertThat(signature).matches("sha256=[0-9a-f]{64}");
        assertThat(r.header(WebhookSignature.DELIVERY_HEADER)).isEqualTo("7-noc");
        assertThat(WebhookSignature.verify(SECRET, timestamp, r.body(), signature)).isTrue();
        assertThat(WebhookSignature.fresh(timestamp, Instant.now(), Duration.ofMinutes(5))).isTrue();

        String tampered = r.text().replace("\"high\"", "\"low\"");
        assertThat(tampered).isNotEqualTo(r.text());
        assertThat(WebhookSignature.verify(SECRET, timestamp, tampered, signature)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, Long.toString(Long.parseLong(timestamp) + 1), r.body(), signature)).isFalse();
        assertThat(WebhookSignature.verify("another-secret-of-16+bytes", timestamp, r.body(), signature)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, timestamp, r.body(), "sha256=zz")).isFalse();
        assertThat(WebhookSignature.fresh(Long.toString(Instant.now().getEpochSecond() - 3600), Instant.now(),
                Duration.ofMinutes(5))).isFalse();
    }

    @Test
    void theBodyHasTheDocumentedShapeAndPersianArrivesAsUtf8() {
        Receiver noc = receiver(200);
        start(target("noc", noc.url("/hook")));
        TrackedAlert alert = Changes.firing("THR", "THR-01", "THR-0001");

        feed.publish(Changes.acknowledged(12, alert, "maryam"));

        Await.until("one delivery", () -> counters("noc").delivered() == 1);
        Receiver.Received r = noc.received().get(0);
        assertThat(r.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        // As UTF-8 bytes, not as \\u escapes.
        assertThat(r.text()).contains(Changes.TITLE_FA).doesNotContain("\\u");
        JsonObject body = r.json();
        assertThat(body.fieldNames()).containsExactly("version", "seq", "kind", "at", "from", "to", "actor", "note", "alert");
        assertThat(body.getInteger("version")).isEqualTo(1);
        assertThat(body.getLong("seq")).isEqualTo(12);
        assertThat(body.getString("kind")).isEqualTo("acknowledged");
        assertThat(body.getString("at")).isEqualTo(Instant.ofEpochMilli(Changes.T0 + 120_000).toString());
        assertThat(body.getString("from")).isEqualTo("firing");
        assertThat(body.getString("to")).isEqualTo("acknowledged");
        assertThat(body.getString("actor")).isEqualTo("maryam");
        assertThat(body.getString("note")).isEqualTo("on it");
        JsonObject a = body.getJsonObject("alert");
        assertThat(a.getString("id")).isEqualTo(alert.id());
        assertThat(a.getString("key")).isEqualTo(alert.key().id());
        assertThat(a.getString("rule")).isEqualTo("NET-01");
        assertThat(a.getString("severity")).isEqualTo("high");
        assertThat(a.getString("state")).isEqualTo("acknowledged");
        assertThat(a.getString("branch")).isEqualTo("THR-0001");
        assertThat(a.getString("county")).isEqualTo("THR-01");
        assertThat(a.getString("province")).isEqualTo("THR");
        assertThat(a.getBoolean("sensitive")).isTrue();
        assertThat(a.getJsonObject("title").getMap()).containsEntry("en", "Uplink down").containsEntry("fa", Changes.TITLE_FA);
        assertThat(a.getDouble("value")).isEqualTo(2.0);
        assertThat(a.getString("activeSince")).isEqualTo(Instant.ofEpochMilli(Changes.T0).toString());
        assertThat(a.getString("firedAt")).isEqualTo(Instant.ofEpochMilli(Changes.T0 + 60_000).toString());
        assertThat(a.containsKey("resolvedAt")).isTrue();
        assertThat(a.getString("resolvedAt")).isNull();
        assertThat(a.containsKey("groupedUnder")).isTrue();
        assertThat(a.getString("groupedUnder")).isNull();
        assertThat(a.getJsonObject("acknowledgement").getMap()).containsEntry("by", "maryam").containsEntry("note", "on it");
        assertThat(a.containsKey("diagnosis")).isTrue();
        assertThat(a.getValue("diagnosis")).isNull();
    }

    @Test
    void aFlakyReceiverGetsTheSameDeliveryAgainUntilItTakesIt() {
        Receiver flaky = receiver(503, 503, 200);
        start(target("flaky", flaky.url("/hook")));

        feed.publish(Changes.fired(3, Changes.firing("THR", "THR-01", "THR-0001")));

        Await.until("delivered on the third attempt", () -> counters("flaky").delivered() == 1);
        assertThat(flaky.received()).hasSize(3)
                .extracting(r -> r.header(WebhookSignature.DELIVERY_HEADER)).containsOnly("3-flaky");
        assertThat(flaky.received()).extracting(Receiver.Received::text).containsOnly(flaky.received().get(0).text());
        assertThat(counters("flaky").retried()).isEqualTo(2);
        assertThat(counters("flaky").deadLettered()).isZero();
        assertThat(deadLetters.letters()).isEmpty();
    }

    @Test
    void aRefusedDeliveryIsDeadLetteredAtOnce() {
        Receiver strict = receiver(400);
        start(target("strict", strict.url("/hook")));
        TrackedAlert alert = Changes.firing("THR", "THR-01", "THR-0001");

        feed.publish(Changes.fired(5, alert));

        Await.until("a dead letter", () -> deadLetters.size() == 1);
        DeadLetter letter = deadLetters.letters().get(0);
        assertThat(letter.target()).isEqualTo("strict");
        assertThat(letter.deliveryId()).isEqualTo("5-strict");
        assertThat(letter.changeSeq()).isEqualTo(5);
        assertThat(letter.alertId()).isEqualTo(alert.id());
        assertThat(letter.attempts()).isEqualTo(1);
        assertThat(letter.lastError()).contains("HTTP 400").contains("answer 400");
        assertThat(letter.body()).isEqualTo(strict.received().get(0).text());
        assertThat(letter.givenUp()).isGreaterThanOrEqualTo(letter.firstTried());
        assertThat(strict.received()).hasSize(1);
        assertThat(counters("strict").deadLettered()).isEqualTo(1);
        assertThat(counters("strict").retried()).isZero();
    }

    @Test
    void anUnreachableReceiverIsDeadLetteredAfterItsAttempts() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        start(target("gone", URI.create("http://127.0.0.1:" + closedPort + "/hook")));

        feed.publish(Changes.fired(9, Changes.firing("THR", "THR-01", "THR-0001")));

        Await.until("a dead letter", () -> deadLetters.size() == 1);
        DeadLetter letter = deadLetters.letters().get(0);
        assertThat(letter.attempts()).isEqualTo(QUICK.attempts());
        assertThat(letter.lastError()).containsIgnoringCase("refused").contains("attempt 4 of 4");
        assertThat(counters("gone").retried()).isEqualTo(QUICK.attempts() - 1);
        assertThat(counters("gone").delivered()).isZero();
    }

    @Test
    void aResolutionNeverOvertakesItsFiringWhileThatIsRetried() {
        Receiver flaky = receiver(503, 503, 200);
        start(target("flaky", flaky.url("/hook")));
        TrackedAlert firing = Changes.firing("THR", "THR-01", "THR-0001");

        feed.publish(Changes.fired(20, firing));
        feed.publish(Changes.resolved(21, Changes.resolve(firing), AlertState.FIRING));

        Await.until("both delivered", () -> counters("flaky").delivered() == 2);
        assertThat(flaky.received()).extracting(Receiver.Received::seq).containsExactly(20L, 20L, 20L, 21L);
        assertThat(flaky.received().get(3).json().getString("to")).isEqualTo("resolved");
    }

    @Test
    void aTargetHearsOnlyOfItsOwnCounties() {
        Receiver both = receiver(200);
        start(target("county-a", both.url("/a"), new WebhookScope(Set.of(), Set.of("THR-01"), Severity.INFO, false), QUICK),
                target("county-b", both.url("/b"), new WebhookScope(Set.of(), Set.of("THR-02"), Severity.INFO, false), QUICK));

        feed.publish(Changes.fired(1, Changes.firing("THR", "THR-02", "THR-0201")));
        feed.publish(Changes.fired(2, Changes.firing("THR", "THR-02", "THR-0202")));

        Await.until("county b told twice", () -> counters("county-b").delivered() == 2);
        // Both went through the same context in order: had county a been told, it would have been by now.
        feed.publish(Changes.fired(3, Changes.firing("THR", "THR-01", "THR-0101")));
        Await.until("county a told of its own", () -> counters("county-a").delivered() == 1);
        assertThat(both.received("/a")).extracting(Receiver.Received::seq).containsExactly(3L);
        assertThat(both.received("/b")).extracting(Receiver.Received::seq).containsExactly(1L, 2L);
    }

    @Test
    void aTargetAboveASeverityHearsNothingBelowIt() {
        Receiver r = receiver(200);
        start(target("critical-only", r.url("/c"), new WebhookScope(Set.of("THR"), Set.of(), Severity.CRITICAL, false), QUICK));
        TrackedAlert critical = Changes.fire(Changes.pending("THR", "THR-01", "THR-0002", Severity.CRITICAL));

        feed.publish(Changes.fired(1, Changes.firing("THR", "THR-01", "THR-0001")));
        feed.publish(Changes.fired(2, critical));

        // One queue in ledger order: had the high alert been sent, it would have arrived first.
        Await.until("the critical one told", () -> counters("critical-only").delivered() == 1);
        assertThat(r.received("/c")).extracting(Receiver.Received::seq).containsExactly(2L);
    }

    @Test
    void aReceiverAskingToWaitIsGivenTheTimeItAskedForUpToTheCap() {
        Receiver busy = Receiver.start(vertx, n -> n == 0
                ? new Receiver.Answer(429, Map.of("Retry-After", "120"), io.vertx.core.Future.succeededFuture())
                : Receiver.Answer.of(200));
        toClose.add(busy);
        start(target("busy", busy.url("/hook")));
        long before = System.nanoTime();

        feed.publish(Changes.fired(1, Changes.firing("THR", "THR-01", "THR-0001")));

        Await.until("delivered after waiting", () -> counters("busy").delivered() == 1);
        long waitedMillis = (System.nanoTime() - before) / 1_000_000;
        assertThat(waitedMillis).isGreaterThanOrEqualTo(QUICK.retryAfterCap().toMillis()).isLessThan(60_000);
        assertThat(counters("busy").retried()).isEqualTo(1);
    }

    @Test
    void aFullQueueDeadLettersTheOverflowInsteadOfGrowing() {
        Promise<Void> release = Promise.promise();
        Receiver slow = Receiver.start(vertx, n -> new Receiver.Answer(200, Map.of(), release.future()));
        toClose.add(slow);
        start(new WebhookTarget("slow", slow.url("/hook"), SECRET, WebhookScope.EVERYTHING, QUICK, 1));

        for (int seq = 1; seq <= 4; seq++) {
            feed.publish(Changes.fired(seq, Changes.firing("THR", "THR-01", "THR-000" + seq)));
        }

        Await.until("two refused for want of room", () -> counters("slow").droppedOverflow() == 2);
        assertThat(deadLetters.letters()).extracting(DeadLetter::changeSeq).containsExactly(3L, 4L);
        assertThat(deadLetters.letters()).allSatisfy(l -> {
            assertThat(l.attempts()).isZero();
            assertThat(l.lastError()).contains("waiting");
        });
        assertThat(counters("slow").deadLettered()).isZero();
        vertx.runOnContext(v -> release.complete());
        Await.until("the first two delivered", () -> counters("slow").delivered() == 2);
        assertThat(slow.received()).extracting(Receiver.Received::seq).containsExactly(1L, 2L);
    }

    @Test
    void closingDeadLettersWhatIsStillWaiting() throws Exception {
        Promise<Void> never = Promise.promise();
        Receiver stuck = Receiver.start(vertx, n -> new Receiver.Answer(200, Map.of(), never.future()));
        toClose.add(stuck);
        RetryPolicy shortTimeout = new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofMinutes(1),
                Duration.ofMillis(500), Duration.ofMillis(300));
        start(target("stuck", stuck.url("/hook"), WebhookScope.EVERYTHING, shortTimeout));
        feed.publish(Changes.fired(1, Changes.firing("THR", "THR-01", "THR-0001")));
        feed.publish(Changes.fired(2, Changes.firing("THR", "THR-01", "THR-0002")));
        Await.until("the first in flight", () -> stuck.received().size() == 1);

        notifications.close().await(10, TimeUnit.SECONDS);

        assertThat(deadLetters.letters()).extracting(DeadLetter::changeSeq).containsExactlyInAnyOrder(1L, 2L);
        assertThat(counters("stuck").deadLettered()).isEqualTo(2);
        feed.publish(Changes.fired(3, Changes.firing("THR", "THR-01", "THR-0003")));
        assertThat(feed.subscribers()).isZero();
    }

    @Test
    void theSecretNeverShowsInATargetsText() {
        WebhookTarget t = target("noc", URI.create("https://hooks.example/services/T0K3N/path?token=abc"));
        assertThat(t.toString()).doesNotContain(SECRET).doesNotContain("T0K3N").doesNotContain("abc")
                .contains("https://hooks.example");
        assertThat(new NotifySettings(List.of(t), null).toString()).doesNotContain(SECRET);
    }

    @Test
    void theBodyIsSignedAsSentWhateverTheCharacters() {
        byte[] body = "{\"t\":\"قطع\"}".getBytes(StandardCharsets.UTF_8);
        String header = WebhookSignature.sign(SECRET, 1_700_000_000L, body);
        assertThat(WebhookSignature.verify(SECRET, "1700000000", body, header)).isTrue();
        assertThat(WebhookSignature.verify(SECRET, "1700000000", "{\"t\":\"قطع\"}", header)).isTrue();
        assertThat(WebhookSignature.verify(SECRET, "1700000000", body, header.toUpperCase().replace("SHA256=", "sha256="))).isTrue();
        assertThat(WebhookSignature.verify("", "1700000000", body, header)).isFalse();
    }
}
