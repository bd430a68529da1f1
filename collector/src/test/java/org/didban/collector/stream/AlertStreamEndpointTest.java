package org.didban.collector.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.didban.collector.alerts.AlertChange;
import org.didban.collector.alerts.AlertFeed;
import org.didban.collector.alerts.TrackedAlert;
import org.didban.collector.people.Account;
import org.didban.collector.people.BearerAuthentication;
import org.didban.collector.people.People;
import org.didban.collector.people.Person;
import org.didban.collector.people.PersonToken;
import org.didban.collector.people.Role;
import org.didban.model.Alert;
import org.didban.model.AlertKey;
import org.didban.model.AlertState;
import org.didban.model.Labels;
import org.didban.model.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The stream on a real HTTP server on loopback, behind the real authentication, fed through a
 * real {@link AlertFeed} from the test thread (as the ledger's thread would).
 */
@ExtendWith(VertxExtension.class)
class AlertStreamEndpointTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    /** Tehran county (2301) in province 23; Kashan county (0412) in province 04. */
    private static final String A = "2301";
    private static final String B = "0412";
    private static final String COUNTY_A = "county-a-token-0123456789";
    private static final String COUNTY_B = "county-b-token-0123456789";
    private static final String HQ = "hq-token-0123456789abcdef";
    private static final String PROVINCE_23 = "province-23-token-012345";
    private static final String PLANNER = "planner-token-0123456789";
    private static final String TITLE_FA = "قطع لینک فیبر شعبهٔ ۱۲";
    private static final long T0 = 1_719_549_000_000L;

    private final AlertFeed feed = new AlertFeed();
    private final People people = People.of(
            account("tehran-it", Role.COUNTY, A, COUNTY_A),
            account("kashan-it", Role.COUNTY, B, COUNTY_B),
            account("hq", Role.HQ, "", HQ),
            account("tehran-officer", Role.PROVINCE, "23", PROVINCE_23),
            account("planner", Role.PLANNER, "", PLANNER));
    private final List<SseClient> clients = new ArrayList<>();
    private final AtomicReference<Context> serverContext = new AtomicReference<>();
    private HttpServer server;
    private AlertStreamEndpoint endpoint;

    private static Account account(String name, Role role, String area, String token) {
        return new Account(new Person(name, role, area), PersonToken.sha256Hex(token), false);
    }

    private static String province(String county) {
        return county.substring(0, 2);
    }

    static AlertChange change(long seq, String county, Severity severity) {
        Alert alert = new Alert(new AlertKey("NET-01", county + "-001-router", Labels.of("if_index", "1")),
                county + "-001", county, province(county), severity, AlertState.FIRING, "Uplink down", TITLE_FA, 2,
                T0, T0 + 60_000, 0, "");
        return new AlertChange(seq, T0 + 60_000, AlertChange.Kind.EVALUATED, TrackedAlert.of(alert, true),
                AlertState.PENDING, AlertState.FIRING, AlertChange.ENGINE, "");
    }

    private void start(Vertx vertx, AlertStreamEndpoint.Settings settings, boolean authenticated) throws Exception {
        endpoint = new AlertStreamEndpoint(feed, settings);
        Router router = Router.router(vertx);
        router.route(AlertStreamEndpoint.PATH).handler(ctx -> {
            serverContext.set(Vertx.currentContext());
            ctx.next();
        });
        if (authenticated) {
            new BearerAuthentication(people).protect(router, "/api/v1/alerts", "/api/v1/alerts/*");
        }
        endpoint.mount(router);
        // as the collector's server: compression on, which must not hold events back
        server = await(vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true))
                .requestHandler(router).listen(0, "127.0.0.1"));
    }

    private void start(Vertx vertx) throws Exception {
        start(vertx, AlertStreamEndpoint.Settings.DEFAULTS, true);
    }

    private SseClient connect(Vertx vertx, String token, String query) throws Exception {
        SseClient c = SseClient.connect(vertx, server.actualPort(), token, query, null);
        clients.add(c);
        return c;
    }

    @AfterEach
    void stop() throws Exception {
        clients.forEach(SseClient::close);
        if (server != null) {
            await(server.close());
        }
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + DEADLINE + ": " + what);
            }
            Thread.sleep(10);
        }
    }

    private List<Long> seqs(SseClient c, int n) throws InterruptedException {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(c.next(DEADLINE).json().getLong("seq"));
        }
        return out;
    }

    @Test
    void eachPersonHearsOnlyTheAlertsTheyMaySee(Vertx vertx) throws Exception {
        start(vertx);
        SseClient a = connect(vertx, COUNTY_A, null);
        SseClient b = connect(vertx, COUNTY_B, null);
        SseClient hq = connect(vertx, HQ, null);
        SseClient officer = connect(vertx, PROVINCE_23, null);
        SseClient planner = connect(vertx, PLANNER, null);
        eventually("five subscribers", () -> feed.subscribers() == 5);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.header("Content-Type")).isEqualTo("text/event-stream; charset=utf-8");
        assertThat(a.header("Cache-Control")).isEqualTo("no-store");

        feed.publish(change(1, A, Severity.HIGH));
        feed.publish(change(2, B, Severity.HIGH));
        feed.publish(change(3, A, Severity.CRITICAL));
        feed.publish(change(4, B, Severity.LOW));

        // in order, and what another county published in between never arrives
        assertThat(seqs(a, 2)).containsExactly(1L, 3L);
        assertThat(seqs(b, 2)).containsExactly(2L, 4L);
        assertThat(seqs(hq, 4)).containsExactly(1L, 2L, 3L, 4L);
        assertThat(seqs(officer, 2)).containsExactly(1L, 3L);
        assertThat(seqs(planner, 4)).containsExactly(1L, 2L, 3L, 4L);
        assertThat(a.drain(Duration.ofMillis(200))).isEmpty();
        assertThat(b.drain(Duration.ofMillis(0))).isEmpty();
        assertThat(officer.drain(Duration.ofMillis(0))).isEmpty();
        assertThat(endpoint.sent()).isEqualTo(2 + 2 + 4 + 2 + 4);
    }

    @Test
    void anEventIsOneLineOfJsonWithThePersianTitleIntact(Vertx vertx) throws Exception {
        start(vertx);
        SseClient a = connect(vertx, COUNTY_A, null);
        eventually("subscribed", () -> feed.subscribers() == 1);
        AlertChange acked = new AlertChange(42, T0 + 120_000, AlertChange.Kind.ACKNOWLEDGED,
                change(0, A, Severity.HIGH).alert().acknowledged(
                        new org.didban.collector.alerts.Acknowledgement("tehran-it", T0 + 120_000, "on it")),
                AlertState.FIRING, AlertState.ACKNOWLEDGED, "tehran-it", "دارم می‌روم\nline two");

        feed.publish(acked);

        SseClient.Event e = a.next(DEADLINE);
        assertThat(e.id()).isEqualTo("42");
        assertThat(e.event()).isEqualTo("alert");
        assertThat(e.data()).doesNotContain("\n").contains(TITLE_FA);
        JsonObject json = e.json();
        assertThat(json.getLong("seq")).isEqualTo(42);
        assertThat(json.getString("kind")).isEqualTo("acknowledged");
        assertThat(json.getString("at")).isEqualTo("2024-06-28T04:32:00Z");
        assertThat(json.getString("from")).isEqualTo("firing");
        assertThat(json.getString("to")).isEqualTo("acknowledged");
        assertThat(json.getString("actor")).isEqualTo("tehran-it");
        assertThat(json.getString("note")).isEqualTo("دارم می‌روم\nline two");
        JsonObject alert = json.getJsonObject("alert");
        assertThat(alert.getString("id")).isEqualTo(TrackedAlert.idOf(acked.alert().alert()));
        assertThat(alert.getString("key")).isEqualTo(acked.alert().key().id()).startsWith("NET-01/2301-001-router");
        assertThat(alert.getString("rule")).isEqualTo("NET-01");
        assertThat(alert.getString("severity")).isEqualTo("high");
        assertThat(alert.getString("state")).isEqualTo("acknowledged");
        assertThat(alert.getString("branch")).isEqualTo("2301-001");
        assertThat(alert.getString("county")).isEqualTo(A);
        assertThat(alert.getString("province")).isEqualTo("23");
        assertThat(alert.getBoolean("sensitive")).isTrue();
        assertThat(alert.getJsonObject("title").getString("en")).isEqualTo("Uplink down");
        assertThat(alert.getJsonObject("title").getString("fa")).isEqualTo(TITLE_FA);
        assertThat(alert.getDouble("value")).isEqualTo(2.0);
        assertThat(alert.getString("activeSince")).isEqualTo("2024-06-28T04:30:00Z");
        assertThat(alert.getString("firedAt")).isEqualTo("2024-06-28T04:31:00Z");
        assertThat(alert.containsKey("resolvedAt")).isTrue();
        assertThat(alert.getString("resolvedAt")).isNull();
        assertThat(alert.getString("groupedUnder")).isNull();
        assertThat(alert.getJsonObject("acknowledgement").getString("by")).isEqualTo("tehran-it");
        assertThat(alert.getJsonObject("acknowledgement").getString("at")).isEqualTo("2024-06-28T04:32:00Z");
        assertThat(alert.getValue("diagnosis")).isNull();
    }

    @Test
    void filtersNarrowWhatAPersonMaySeeAndNeverWidenIt(Vertx vertx) throws Exception {
        start(vertx);
        SseClient hq = connect(vertx, HQ, "province=23&severity=critical,high");
        SseClient aCritical = connect(vertx, COUNTY_A, "severity=critical");
        SseClient aAskingForB = connect(vertx, COUNTY_A, "county=" + B);
        SseClient officerAskingForB = connect(vertx, PROVINCE_23, "province=04&province=23");
        eventually("four subscribers", () -> feed.subscribers() == 4);

        feed.publish(change(1, A, Severity.HIGH));
        feed.publish(change(2, B, Severity.CRITICAL));
        feed.publish(change(3, A, Severity.CRITICAL));
        feed.publish(change(4, A, Severity.LOW));

        assertThat(seqs(hq, 2)).containsExactly(1L, 3L);
        assertThat(seqs(aCritical, 1)).containsExactly(3L);
        assertThat(seqs(officerAskingForB, 3)).containsExactly(1L, 3L, 4L);
        assertThat(hq.drain(Duration.ofMillis(200))).isEmpty();
        assertThat(aCritical.drain(Duration.ZERO)).isEmpty();
        assertThat(aAskingForB.drain(Duration.ZERO)).isEmpty();
    }

    @Test
    void aBadFilterIs400(Vertx vertx) throws Exception {
        start(vertx);
        SseClient loud = connect(vertx, HQ, "severity=loud");
        assertThat(loud.status()).isEqualTo(400);
        assertThat(new JsonObject(loud.body()).getString("error")).contains("unknown severity 'loud'");
        SseClient state = connect(vertx, HQ, "state=firing");
        assertThat(state.status()).isEqualTo(400);
        assertThat(state.body()).contains("unknown parameter 'state'");
        assertThat(feed.subscribers()).isZero();
    }

    @Test
    void withoutAValidTokenThereIsNoStream(Vertx vertx) throws Exception {
        start(vertx);
        SseClient none = connect(vertx, null, null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"didban\"");
        assertThat(new JsonObject(none.body()).getString("error")).isNotEmpty();
        SseClient wrong = connect(vertx, "not-anyones-token", null);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(feed.subscribers()).isZero();
        assertThat(endpoint.opened()).isZero();
    }

    @Test
    void notBehindAuthenticationItRefusesRatherThanStreamEverything(Vertx vertx) throws Exception {
        start(vertx, AlertStreamEndpoint.Settings.DEFAULTS, false);
        SseClient c = connect(vertx, HQ, null);
        assertThat(c.status()).isEqualTo(500);
        assertThat(feed.subscribers()).isZero();
    }

    @Test
    void aClientThatGoesAwayIsUnsubscribed(Vertx vertx) throws Exception {
        start(vertx);
        SseClient a = connect(vertx, COUNTY_A, null);
        SseClient b = connect(vertx, COUNTY_B, null);
        eventually("two subscribers", () -> feed.subscribers() == 2);
        assertThat(endpoint.streams()).isEqualTo(2);

        a.disconnect();

        eventually("the feed forgets the client that went away", () -> feed.subscribers() == 1);
        eventually("the endpoint forgets it", () -> endpoint.streams() == 1);
        feed.publish(change(1, B, Severity.HIGH));
        assertThat(seqs(b, 1)).containsExactly(1L);
        assertThat(endpoint.dropped()).isZero();
    }

    @Test
    void anIdleStreamGetsKeepAliveComments(Vertx vertx) throws Exception {
        start(vertx, AlertStreamEndpoint.Settings.DEFAULTS.withHeartbeat(Duration.ofMillis(100)), true);
        SseClient a = connect(vertx, COUNTY_A, null);

        SseClient.Event hello = a.nextBlock(DEADLINE);
        assertThat(hello.comments()).containsExactly("didban alert stream for county 2301");
        assertThat(hello.data()).isNull();
        SseClient.Event beat = a.nextBlock(DEADLINE);
        assertThat(beat).isNotNull();
        assertThat(beat.comments()).containsExactly("keep-alive");
        assertThat(beat.id()).isNull();
    }

    @Test
    void compressionDoesNotHoldEventsBack(Vertx vertx) throws Exception {
        start(vertx);
        SseClient c = SseClient.connect(vertx, server.actualPort(), HQ, null, "gzip, deflate");
        clients.add(c);
        eventually("subscribed", () -> feed.subscribers() == 1);
        assertThat(c.header("Content-Encoding")).isIn(null, "identity");

        feed.publish(change(7, A, Severity.HIGH));

        assertThat(c.next(DEADLINE).json().getJsonObject("alert").getJsonObject("title").getString("fa")).isEqualTo(TITLE_FA);
    }

    @Test
    void aConsumerThatStopsReadingIsDroppedNotBufferedFor(Vertx vertx) throws Exception {
        start(vertx, AlertStreamEndpoint.Settings.DEFAULTS.withWriteQueueMaxBytes(16 * 1024), true);
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", server.actualPort()));
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + AlertStreamEndpoint.PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + HQ
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            eventually("subscribed", () -> feed.subscribers() == 1);

            // never read: the kernel's buffers fill, then the connection's write queue
            String big = "x".repeat(16 * 1024);
            long seq = 0;
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (endpoint.dropped() == 0 && System.nanoTime() < end) {
                for (int i = 0; i < 50; i++) {
                    feed.publish(bigChange(++seq, big));
                }
                Thread.sleep(5);
            }

            assertThat(endpoint.dropped()).as("after %d changes", seq).isEqualTo(1);
            eventually("unsubscribed", () -> feed.subscribers() == 0 && endpoint.streams() == 0);
            // and the connection is closed: reading what was sent ends
            socket.setSoTimeout((int) DEADLINE.toMillis());
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            try {
                while (in.read(buffer) >= 0) {
                    // drain
                }
            } catch (java.net.SocketException reset) {
                // closed by the server: as good as an end of stream
            }
        }
    }

    private static AlertChange bigChange(long seq, String title) {
        AlertChange c = change(seq, A, Severity.HIGH);
        Alert a = c.alert().alert();
        Alert big = new Alert(a.key(), a.branchCode(), a.countyCode(), a.provinceCode(), a.severity(), a.state(), title,
                a.titleFa(), a.value(), a.activeSince(), a.firedAt(), a.resolvedAt(), "");
        return new AlertChange(seq, c.at(), c.kind(), TrackedAlert.of(big, false), c.from(), c.to(), c.actor(), "");
    }

    @Test
    void aContextThatFallsBehindIsDroppedToo(Vertx vertx) throws Exception {
        start(vertx, AlertStreamEndpoint.Settings.DEFAULTS.withMaxPending(3), true);
        SseClient a = connect(vertx, COUNTY_A, null);
        eventually("subscribed", () -> feed.subscribers() == 1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        // hold the connection's event loop, as a flood of work would
        serverContext.get().runOnContext(v -> {
            blocked.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 1; i <= 10; i++) {
            feed.publish(change(i, A, Severity.HIGH));
        }
        release.countDown();

        eventually("dropped", () -> endpoint.dropped() == 1);
        eventually("unsubscribed", () -> feed.subscribers() == 0 && endpoint.streams() == 0);
        eventually("the client sees the end", a::ended);
    }

    @Test
    void tooManyStreamsAre503(Vertx vertx) throws Exception {
        start(vertx, AlertStreamEndpoint.Settings.DEFAULTS.withMaxStreams(1), true);
        assertThat(connect(vertx, HQ, null).status()).isEqualTo(200);
        SseClient second = connect(vertx, COUNTY_A, null);
        assertThat(second.status()).isEqualTo(503);
        assertThat(second.header("Retry-After")).isEqualTo("30");
        assertThat(endpoint.refused()).isEqualTo(1);
        assertThat(feed.subscribers()).isEqualTo(1);
    }

    @Test
    void closingEndsEveryStreamAndRefusesNewOnes(Vertx vertx) throws Exception {
        start(vertx);
        SseClient a = connect(vertx, COUNTY_A, null);
        SseClient hq = connect(vertx, HQ, null);
        eventually("two subscribers", () -> feed.subscribers() == 2);

        endpoint.close();

        eventually("both ended", () -> a.ended() && hq.ended());
        assertThat(feed.subscribers()).isZero();
        assertThat(connect(vertx, HQ, null).status()).isEqualTo(503);
    }
}
