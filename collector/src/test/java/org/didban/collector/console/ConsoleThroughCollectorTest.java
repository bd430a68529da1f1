package org.didban.collector.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.collector.RunningCollector.eventually;
import static org.didban.collector.RunningCollector.sample;
import static org.didban.collector.TestFleet.REY_BRANCH;
import static org.didban.collector.TestFleet.TEHRAN_BRANCH;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.didban.collector.RunningCollector;
import org.didban.collector.TestPeople;
import org.didban.collector.ledger.LedgerVerifier;
import org.didban.model.Metrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's session against a whole collector: an uplink is down in Tehran (THR-01) and in
 * Rey (THR-02); Tehran's county IT signs in with a password and works through the people's API
 * as a browser does, cookie and CSRF token.
 */
@ExtendWith(VertxExtension.class)
class ConsoleThroughCollectorTest {
    @TempDir
    Path dir;
    private RunningCollector collector;
    private WebClient client;
    private HttpClient stream;
    /** Completes when the server ends the open stream. */
    private final CompletableFuture<Void> streamEnded = new CompletableFuture<>();

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        // NET-01 of the catalogue, held 100 ms instead of its minutes
        Path rules = org.didban.collector.alerts.FastRules.write(dir, "100ms", false);
        collector = RunningCollector.start(vertx, RunningCollector.fleetConfig().rulesFile(rules).build());
        client = WebClient.create(vertx);
        for (String branch : List.of(TEHRAN_BRANCH, REY_BRANCH)) {
            collector.ingest(branch, 1, List.of(
                    sample(branch + "-router", Metrics.IF_ADMIN_STATUS, 1, "if_index", "1"),
                    sample(branch + "-router", Metrics.IF_OPER_STATUS, 2, "if_index", "1")), List.of());
        }
        eventually(() -> collector.alerts("?state=firing"), a -> a.size() == 2, "both uplink alerts fire");
    }

    @AfterEach
    void stop() {
        if (stream != null) {
            RunningCollector.await(stream.close());
        }
        client.close();
        collector.close();
    }

    private String url(String path) {
        return collector.collector().baseUrl() + path;
    }

    private HttpResponse<Buffer> send(HttpMethod method, String path, String cookie, String csrf, JsonObject body) {
        HttpRequest<Buffer> r = client.requestAbs(method, url(path)).putHeader("Cookie", ConsoleSessions.COOKIE + "=" + cookie);
        if (csrf != null) {
            r.putHeader("X-CSRF-Token", csrf);
        }
        return RunningCollector.await(body == null ? r.send() : r.sendJsonObject(body));
    }

    private String idOf(String branch) {
        return collector.alerts("?branch=" + branch).getJsonObject(0).getString("id");
    }

    /** Opens the live stream with the cookie alone, as EventSource does; its text gathers in the returned buffer. */
    private StringBuffer openStream(Vertx vertx, String cookie) throws Exception {
        StringBuffer received = new StringBuffer();
        CompletableFuture<Integer> status = new CompletableFuture<>();
        Context context = vertx.getOrCreateContext();
        stream = vertx.createHttpClient();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
                .setPort(collector.collector().port()).setURI("/api/v1/alerts/stream")
                .putHeader("Accept", "text/event-stream").putHeader("Cookie", ConsoleSessions.COOKIE + "=" + cookie);
        // on one context, so that the body handler is in place before any of the body arrives
        context.runOnContext(v -> stream.request(options).compose(r -> r.send()).onComplete(done -> {
            if (done.failed()) {
                status.completeExceptionally(done.cause());
                return;
            }
            HttpClientResponse response = done.result();
            response.handler(b -> received.append(b.toString(StandardCharsets.UTF_8)));
            response.endHandler(ended -> streamEnded.complete(null));
            response.exceptionHandler(streamEnded::completeExceptionally);
            status.complete(response.statusCode());
        }));
        assertThat(status.get(10, TimeUnit.SECONDS)).as(received.toString()).isEqualTo(200);
        return received;
    }

    @Test
    void countyItSignedInSeesItsCountyActsWithTheTokenAndIsOnTheRecordByName(Vertx vertx) throws Exception {
        HttpResponse<Buffer> login = RunningCollector.await(client.postAbs(url(ConsoleRoutes.API + "/login"))
                .sendJsonObject(new JsonObject().put("name", "tehran-it").put("password", TestPeople.TEHRAN_IT_PASSWORD)));
        assertThat(login.statusCode()).as(login.bodyAsString()).isEqualTo(200);
        String cookie = ConsoleServer.cookieValue(login);
        String csrf = login.bodyAsJsonObject().getString("csrf");

        // the session alone reads the API, scoped to the county as a token is
        HttpResponse<Buffer> list = send(HttpMethod.GET, "/api/v1/alerts", cookie, null, null);
        assertThat(list.statusCode()).isEqualTo(200);
        JsonArray alerts = list.bodyAsJsonObject().getJsonArray("alerts");
        assertThat(alerts.stream().map(a -> ((JsonObject) a).getString("branch")).toList()).containsExactly(TEHRAN_BRANCH);
        assertThat(send(HttpMethod.GET, "/api/v1/alerts/" + idOf(REY_BRANCH), cookie, null, null).statusCode())
                .isEqualTo(404);

        StringBuffer live = openStream(vertx, cookie);
        eventually(live::toString, t -> t.contains(": didban alert stream for county THR-01"), "the stream opens");

        String tehran = idOf(TEHRAN_BRANCH);
        String ack = "/api/v1/alerts/" + tehran + "/acknowledge";
        JsonObject note = new JsonObject().put("note", "در راه هستم");
        assertThat(send(HttpMethod.POST, ack, cookie, null, note).statusCode()).isEqualTo(403);
        assertThat(send(HttpMethod.POST, ack, cookie, csrf.substring(2) + "xy", note).statusCode()).isEqualTo(403);
        assertThat(collector.getObject("/api/v1/alerts/" + tehran).getValue("acknowledgement")).isNull();
        HttpResponse<Buffer> done = send(HttpMethod.POST, ack, cookie, csrf, note);
        assertThat(done.statusCode()).as(done.bodyAsString()).isEqualTo(200);
        // another county's alert stays out of reach with the token too
        assertThat(send(HttpMethod.POST, "/api/v1/alerts/" + idOf(REY_BRANCH) + "/acknowledge", cookie, csrf, note)
                .statusCode()).isEqualTo(404);

        // on the record as the person, exactly as with a bearer token
        JsonObject acknowledged = collector.getObject("/api/v1/alerts/" + tehran);
        assertThat(acknowledged.getJsonObject("acknowledgement").getString("by")).isEqualTo("tehran-it");
        assertThat(acknowledged.getJsonObject("acknowledgement").getString("note")).isEqualTo("در راه هستم");
        eventually(live::toString, t -> t.contains("\"kind\":\"acknowledged\"") && t.contains("\"actor\":\"tehran-it\""),
                "the stream tells of the acknowledgement");

        List<JsonObject> audit = ConsoleServer.audit(collector.collector().ledger(), collector.collector().ledger().settings());
        assertThat(ConsoleServer.kinds(audit)).containsExactly(SignInEndpoint.KIND_SIGN_IN);
        assertThat(audit.get(0).getString("actor")).isEqualTo("tehran-it");
        LedgerVerifier.Verdict verdict = LedgerVerifier.verify(collector.collector().ledger().settings());
        assertThat(verdict.intact()).as(verdict.reason()).isTrue();

        assertThat(collector.metric("didban_console_sign_ins_total", "outcome", "success")).isEqualTo(1);
        assertThat(collector.metric("didban_api_auth_failures_total", "reason", "csrf")).isEqualTo(2);

        // signed out, the same cookie opens nothing
        assertThat(send(HttpMethod.POST, ConsoleRoutes.API + "/logout", cookie, csrf, null).statusCode()).isEqualTo(204);
        assertThat(send(HttpMethod.GET, "/api/v1/alerts", cookie, null, null).statusCode()).isEqualTo(401);
        // and the stream it opened ends at its next heartbeat (every 15 s), not when the browser closes
        assertThat(streamEnded).isNotDone();
        streamEnded.get(45, TimeUnit.SECONDS);
    }
}
