package org.didban.collector.console;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.didban.collector.alerts.AlertFeed;
import org.didban.collector.http.Replies;
import org.didban.collector.ledger.AlertLedger;
import org.didban.collector.ledger.LedgerSettings;
import org.didban.collector.metrics.MetricsEndpoint;
import org.didban.collector.people.BearerAuthentication;
import org.didban.collector.people.People;
import org.didban.collector.people.Person;

/**
 * The console in front of a small stand-in for the people's API, over HTTP on loopback: what
 * {@code Collector.router} does with it, with the people in a reference a test can change (a
 * reloaded people file) and a real ledger in memory.
 *
 * <pre>
 * GET  /api/v1/who   → the request's person
 * POST /api/v1/act   → {"by": the request's person}
 * </pre>
 */
final class ConsoleServer implements AutoCloseable {
    static final long DEADLINE_SECONDS = 10;

    final Vertx vertx;
    final AtomicReference<People> people;
    final LedgerSettings ledgerSettings;
    final AlertLedger ledger;
    final PrometheusRegistry registry = new PrometheusRegistry();
    final ConsoleSessions sessions;
    final BearerAuthentication auth;
    final HttpServer server;
    final WebClient client;

    /** A browser's sign-in: its session cookie's value and the session's CSRF token. */
    record SignedIn(String cookie, String csrf, JsonObject body) {
    }

    private ConsoleServer(Vertx vertx, People people, ConsoleSettings settings) throws Exception {
        this.vertx = vertx;
        this.people = new AtomicReference<>(people);
        this.ledgerSettings = LedgerSettings.inMemory();
        this.ledger = AlertLedger.open(ledgerSettings, new AlertFeed());
        Router router = Router.router(vertx);
        sessions = ConsoleRoutes.mount(router, vertx, this.people::get, ledger, registry, settings);
        auth = new BearerAuthentication(this.people::get, sessions).protect(router, "/api/v1/*");
        router.get("/api/v1/who").handler(ctx -> {
            Person p = Person.of(ctx);
            Replies.json(ctx, 200, new JsonObject().put("name", p.name()).put("role", p.role().wireName())
                    .put("area", p.area()));
        });
        router.post("/api/v1/act").handler(ctx -> Replies.json(ctx, 200, new JsonObject().put("by", Person.of(ctx).name())));
        new MetricsEndpoint(registry).mount(router);
        router.errorHandler(404, ctx -> Replies.error(ctx, 404, "no such endpoint: " + ctx.request().path()));
        server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
        client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
    }

    static ConsoleServer start(Vertx vertx, People people, ConsoleSettings settings) throws Exception {
        return new ConsoleServer(vertx, people, settings);
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    int port() {
        return server.actualPort();
    }

    String base() {
        return "http://127.0.0.1:" + port();
    }

    HttpResponse<Buffer> login(String name, String password) throws Exception {
        return login(client, name, password, null);
    }

    /** Signs in with this client (e.g. one bound to another loopback address), sending {@code cookie} if not null. */
    HttpResponse<Buffer> login(WebClient with, String name, String password, String cookie) throws Exception {
        HttpRequest<Buffer> r = with.post(port(), "127.0.0.1", ConsoleRoutes.API + "/login")
                .putHeader("Content-Type", "application/json");
        if (cookie != null) {
            r.putHeader("Cookie", ConsoleSessions.COOKIE + "=" + cookie);
        }
        return await(r.sendBuffer(Buffer.buffer(new JsonObject().put("name", name).put("password", password).encode())));
    }

    /** Signs in and insists on success. */
    SignedIn signIn(String name, String password) throws Exception {
        HttpResponse<Buffer> r = login(name, password);
        if (r.statusCode() != 200) {
            throw new AssertionError("sign-in of " + name + ": " + r.statusCode() + " " + r.bodyAsString());
        }
        return new SignedIn(cookieValue(r), r.bodyAsJsonObject().getString("csrf"), r.bodyAsJsonObject());
    }

    /** POSTs raw bytes to the sign-in endpoint with this content type. */
    HttpResponse<Buffer> loginRaw(String contentType, Buffer body) throws Exception {
        HttpRequest<Buffer> r = client.post(port(), "127.0.0.1", ConsoleRoutes.API + "/login");
        if (contentType != null) {
            r.putHeader("Content-Type", contentType);
        }
        return await(r.sendBuffer(body));
    }

    /** A request as a signed-in browser makes it: the cookie, and the CSRF header when not null. */
    HttpResponse<Buffer> send(HttpMethod method, String path, String cookie, String csrf) throws Exception {
        HttpRequest<Buffer> r = client.request(method, port(), "127.0.0.1", path);
        if (cookie != null) {
            r.putHeader("Cookie", ConsoleSessions.COOKIE + "=" + cookie);
        }
        if (csrf != null) {
            r.putHeader("X-CSRF-Token", csrf);
        }
        return await(r.send());
    }

    HttpResponse<Buffer> get(String path, String cookie) throws Exception {
        return send(HttpMethod.GET, path, cookie, null);
    }

    /** The raw Set-Cookie header for the session cookie, or null. */
    static String setCookie(HttpResponse<Buffer> r) {
        for (String c : r.cookies()) {
            if (c.startsWith(ConsoleSessions.COOKIE + "=")) {
                return c;
            }
        }
        return null;
    }

    /** The session cookie's new value, or null when none was set. */
    static String cookieValue(HttpResponse<Buffer> r) {
        String c = setCookie(r);
        if (c == null) {
            return null;
        }
        int end = c.indexOf(';');
        return c.substring(ConsoleSessions.COOKIE.length() + 1, end < 0 ? c.length() : end);
    }

    /** The value of a sample line of /metrics, e.g. {@code metric("didban_console_sign_ins_total", "outcome", "success")}. */
    double metric(String name, String... labels) throws Exception {
        StringBuilder prefix = new StringBuilder(name);
        if (labels.length > 0) {
            List<String> pairs = new ArrayList<>();
            for (int i = 0; i < labels.length; i += 2) {
                pairs.add(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            prefix.append('{').append(String.join(",", pairs)).append('}');
        }
        String text = await(client.get(port(), "127.0.0.1", "/metrics").send()).bodyAsString();
        return text.lines().filter(l -> l.startsWith(prefix + " "))
                .map(l -> Double.parseDouble(l.substring(prefix.length() + 1).trim()))
                .findFirst().orElseThrow(() -> new AssertionError("no sample " + prefix + " in\n" + text));
    }

    /** The console's audit records in the ledger, oldest first, once everything before is committed. */
    List<JsonObject> audit() throws Exception {
        return audit(ledger, ledgerSettings);
    }

    static List<JsonObject> audit(AlertLedger ledger, LedgerSettings settings) throws Exception {
        ledger.barrier().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        List<JsonObject> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
             PreparedStatement st = c.prepareStatement("SELECT kind, actor, body FROM ledger WHERE kind LIKE 'console%'"
                     + " ORDER BY seq");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                JsonObject body = new JsonObject(rs.getString(3));
                if (!body.getString("kind").equals(rs.getString(1)) || !body.getString("actor").equals(rs.getString(2))) {
                    throw new AssertionError("columns disagree with the record: " + body);
                }
                out.add(body);
            }
        }
        return out;
    }

    static List<String> kinds(List<JsonObject> records) {
        return records.stream().map(r -> r.getString("kind")).toList();
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() throws Exception {
        client.close();
        await(server.close());
        sessions.close();
        ledger.close();
    }
}
