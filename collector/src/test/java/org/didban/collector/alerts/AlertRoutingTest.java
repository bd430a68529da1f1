package org.didban.collector.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.collector.RunningCollector.sample;
import static org.didban.collector.TestFleet.KASHAN_BRANCH;
import static org.didban.collector.TestFleet.TEHRAN_BRANCH;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.didban.collector.RunningCollector;
import org.didban.collector.notify.AlertmanagerTarget;
import org.didban.collector.notify.NotifySettings;
import org.didban.collector.notify.RetryPolicy;
import org.didban.collector.notify.WebhookScope;
import org.didban.collector.notify.WebhookSignature;
import org.didban.collector.notify.WebhookTarget;
import org.didban.collector.testing.AlertmanagerServer;
import org.didban.model.Metrics;
import org.didban.model.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * From an uplink going down at a branch to the people who must act, through a running collector:
 * Tehran's county webhook gets a signed notice of Tehran's alert only, and a real Alertmanager
 * lists it with the labels routing needs, until it resolves.
 */
@ExtendWith(VertxExtension.class)
class AlertRoutingTest {
    static final String SECRET = "tehran-webhook-secret-0123456789";
    @TempDir
    Path dir;
    private RunningCollector collector;
    private AlertmanagerServer alertmanager;
    private HttpServer receiver;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    record Received(String timestamp, String signature, String body) {
    }

    @AfterEach
    void stop() throws Exception {
        if (collector != null) {
            collector.close();
        }
        if (receiver != null) {
            RunningCollector.await(receiver.close());
        }
        if (alertmanager != null) {
            alertmanager.close();
        }
    }

    @Test
    void aCountysWebhookAndAlertmanagerHearOfItsAlert(Vertx vertx) throws Exception {
        AlertmanagerServer.requireInstalled();
        Path amDir = Files.createDirectories(dir.resolve("am"));
        alertmanager = AlertmanagerServer.start(amDir);
        receiver = RunningCollector.await(vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
            received.add(new Received(req.getHeader("X-Didban-Timestamp"), req.getHeader("X-Didban-Signature"),
                    b.toString(java.nio.charset.StandardCharsets.UTF_8)));
            req.response().setStatusCode(200).end();
        })).listen(0, "127.0.0.1"));
        URI hook = URI.create("http://127.0.0.1:" + receiver.actualPort() + "/didban");
        WebhookTarget tehranIt = new WebhookTarget("tehran-it", hook, SECRET,
                new WebhookScope(java.util.Set.of(), java.util.Set.of("THR-01"), Severity.LOW, false),
                RetryPolicy.DEFAULT, 1000);
        NotifySettings settings = new NotifySettings(List.of(tehranIt), new AlertmanagerTarget(alertmanager.baseUri(),
                URI.create("http://didban.example/"), Duration.ofSeconds(2), Duration.ofMillis(50), Duration.ofSeconds(5), null));
        collector = RunningCollector.start(vertx, RunningCollector.fleetConfig().notifications(settings)
                .rulesFile(FastRules.write(dir, "100ms", false)).build());

        for (String branch : List.of(TEHRAN_BRANCH, KASHAN_BRANCH)) {
            collector.ingest(branch, 1, List.of(sample(branch + "-router", Metrics.IF_ADMIN_STATUS, 1, "if_index", "1"),
                    sample(branch + "-router", Metrics.IF_OPER_STATUS, 2, "if_index", "1")), List.of());
        }
        waitFor("Tehran's firing notice at its webhook", () -> received.stream()
                .anyMatch(r -> "firing".equals(new JsonObject(r.body()).getString("to"))));
        waitFor("both alerts at Alertmanager", () -> new JsonArray(alertmanager.alerts()).size() == 2);
        for (Received r : received) {
            assertThat(WebhookSignature.verify(SECRET, r.timestamp(), r.body(), r.signature())).as(r.body()).isTrue();
            assertThat(r.body()).contains(TEHRAN_BRANCH).doesNotContain(KASHAN_BRANCH);
        }
        assertThat(received.get(received.size() - 1).body()).contains("قطع لینک ارتباطی شعبه");

        JsonObject tehran = new JsonArray(alertmanager.alerts()).stream().map(JsonObject.class::cast)
                .filter(a -> a.getJsonObject("labels").getString("branch").equals(TEHRAN_BRANCH)).findFirst().orElseThrow();
        JsonObject labels = tehran.getJsonObject("labels");
        assertThat(labels.getString("alertname")).isEqualTo("NET-01");
        assertThat(labels.getString("province")).isEqualTo("THR");
        assertThat(labels.getString("county")).isEqualTo("THR-01");
        assertThat(labels.getString("severity")).isEqualTo("critical"); // a sensitive branch
        assertThat(labels.getString("sensitive")).isEqualTo("true");

        collector.ingest(TEHRAN_BRANCH, 2, List.of(sample(TEHRAN_BRANCH + "-router", Metrics.IF_OPER_STATUS, 1,
                "if_index", "1")), List.of());
        waitFor("Tehran's resolution at its webhook", () -> received.stream()
                .anyMatch(r -> "resolved".equals(new JsonObject(r.body()).getString("to"))));
        waitFor("only Kashan's alert left at Alertmanager", () -> {
            JsonArray left = new JsonArray(alertmanager.alerts());
            return left.size() == 1 && left.getJsonObject(0).getJsonObject("labels").getString("branch").equals(KASHAN_BRANCH);
        });
    }

    private static void waitFor(String what, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within 20 s: " + what);
            }
            Thread.sleep(50);
        }
    }
}
