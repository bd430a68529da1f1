package org.didban.collector.console;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.didban.collector.http.Replies;
import org.didban.collector.ledger.AlertLedger;
import org.didban.collector.people.Account;
import org.didban.collector.people.PasswordHash;
import org.didban.collector.people.People;
import org.didban.collector.people.Person;
import org.didban.collector.people.SessionLookup;

/**
 * Signing in to the console and out of it.
 *
 * <pre>
 * POST /console/api/login   {"name": "…", "password": "…"}  → 200 {"name","role","province","county","csrf"} + cookie
 *                                                            401 name or password not accepted, 429 too many failures
 * POST /console/api/logout  X-CSRF-Token: …                 → 204, the session ended
 * GET  /console/api/me                                      → 200 as for sign-in, or 401
 * </pre>
 *
 * Every refusal has the same words, whatever the reason, and takes about as long: an unknown name
 * is checked against a hash nobody knows. The BCrypt check runs on a worker thread, at most
 * {@value #MAX_CHECKS_AT_ONCE} at once. Sign-ins, refusals, throttling and sign-outs go into the
 * ledger's audit chain with the client's address; the password never goes anywhere.
 */
final class SignInEndpoint {
    static final String KIND_SIGN_IN = "console_sign_in";
    static final String KIND_REFUSED = "console_sign_in_refused";
    static final String KIND_THROTTLED = "console_sign_in_throttled";
    static final String KIND_SIGN_OUT = "console_sign_out";
    static final String NOT_ACCEPTED = "name or password is not accepted";
    /** BCrypt checks on worker threads at once; more wait for nobody and are answered 503. */
    static final int MAX_CHECKS_AT_ONCE = 8;
    private static final System.Logger LOG = System.getLogger(SignInEndpoint.class.getName());

    private final Vertx vertx;
    private final Supplier<People> people;
    private final ConsoleSessions sessions;
    private final AlertLedger ledger;
    private final ConsoleMetrics metrics;
    private final SignInThrottle throttle;
    private final AtomicInteger checking = new AtomicInteger();
    /** By cost: hashes of a secret nobody has, for names without a password to check. */
    private final Map<Integer, String> unguessable = new ConcurrentHashMap<>();
    /**
     * Password checks on threads of their own: slow by design, they must not take the shared
     * worker pool that agent configs, gzip and fiber work need.
     */
    private final io.vertx.core.WorkerExecutor checks;
    static final int CHECK_THREADS = 2;

    SignInEndpoint(Vertx vertx, Supplier<People> people, ConsoleSessions sessions, AlertLedger ledger,
                   ConsoleMetrics metrics, ConsoleSettings settings) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.people = Objects.requireNonNull(people, "people");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.checks = vertx.createSharedWorkerExecutor("didban-sign-in", CHECK_THREADS);
        this.throttle = new SignInThrottle(settings.failuresBeforeThrottle(), settings.throttleWindow().toMillis(),
                10_000, System::currentTimeMillis);
    }

    /** What a sign-in sent, once read. */
    private record Credentials(String name, String password) {
        @Override
        public String toString() {
            return "Credentials[" + name + ", password=<hidden>]";
        }
    }

    /** Why a sign-in was refused: for the audit record only, never for the caller. */
    private enum Refusal { UNKNOWN_NAME, WRONG_PASSWORD, DISABLED, NO_PASSWORD }

    void login(RoutingContext ctx) {
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        // a page of another site can post text/plain or a form without asking; JSON it cannot
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            Replies.error(ctx, 415, "send the name and password as JSON (Content-Type: application/json)");
            return;
        }
        Credentials sent = credentials(ctx);
        if (sent == null) {
            Replies.error(ctx, 400, "the body must be a JSON object like {\"name\": \"…\", \"password\": \"…\"}");
            return;
        }
        String address = address(ctx);
        String group = addressGroup(address);
        // A name is counted with the address it is tried from: counted alone, anyone knowing a
        // name (hq) could keep that person locked out from anywhere. An address is counted alone too.
        SignInThrottle.Attempt attempt = throttle.begin(People.signInKey(bounded(sent.name())) + "@" + group, group);
        People now = people.get();
        Optional<Account> account = now.forSignIn(sent.name());
        // an unknown name is recorded hashed: people type their password in the name field
        String actor = account.isPresent() ? account.get().name() : unknownActor(sent.name());
        if (attempt.refused()) {
            metrics.signIn(ConsoleMetrics.Outcome.THROTTLED);
            if (attempt.firstRefusal()) {
                // once per lock: a guesser hammering a locked door must not also fill the ledger
                record(KIND_THROTTLED, actor, new JsonObject().put("address", address)
                        .put("limitedBy", attempt.limitedBy().name().toLowerCase(java.util.Locale.ROOT))
                        .put("retryAfterSeconds", seconds(attempt.retryAfterMillis())));
            }
            tooMany(ctx, attempt.retryAfterMillis(), "too many failed sign-ins; try again in "
                    + minutes(attempt.retryAfterMillis()));
            return;
        }
        if (checking.incrementAndGet() > MAX_CHECKS_AT_ONCE) {
            checking.decrementAndGet();
            throttle.withdrawn(attempt);
            metrics.signIn(ConsoleMetrics.Outcome.THROTTLED);
            ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "5");
            Replies.error(ctx, 503, "too many sign-ins at once; try again in a few seconds");
            return;
        }
        String hash = account.filter(Account::hasPassword).map(Account::passwordBcrypt).orElse(null);
        checks.executeBlocking(() -> PasswordHash.matches(sent.password(), hash != null ? hash : unguessable(now)), false)
                .onComplete(checked -> {
                    checking.decrementAndGet();
                    boolean matches = checked.succeeded() && checked.result();
                    Refusal refusal = account.isEmpty() ? Refusal.UNKNOWN_NAME
                            : !account.get().hasPassword() ? Refusal.NO_PASSWORD
                            : !matches ? Refusal.WRONG_PASSWORD
                            : account.get().disabled() ? Refusal.DISABLED : null;
                    if (refusal != null) {
                        throttle.failed(attempt);
                        metrics.signIn(ConsoleMetrics.Outcome.REFUSED);
                        record(KIND_REFUSED, actor, new JsonObject().put("address", address)
                                .put("reason", refusal.name().toLowerCase(java.util.Locale.ROOT)));
                        ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
                        Replies.error(ctx, 401, NOT_ACCEPTED);
                        return;
                    }
                    throttle.succeeded(attempt);
                    signIn(ctx, account.get(), address);
                });
    }

    /** Recorded first, then the session: nobody is in whose coming in is not on the record. */
    private void signIn(RoutingContext ctx, Account account, String address) {
        Future.fromCompletionStage(ledger.recordAudit(KIND_SIGN_IN, account.name(), System.currentTimeMillis(),
                        new JsonObject().put("address", address)), ctx.vertx().getOrCreateContext())
                .onComplete(recorded -> {
                    if (recorded.failed()) {
                        LOG.log(System.Logger.Level.ERROR, "console sign-in of " + account.name() + " not recorded; refused",
                                recorded.cause());
                        Replies.error(ctx, 503, "the sign-in could not be recorded; try again");
                        return;
                    }
                    metrics.signIn(ConsoleMetrics.Outcome.SUCCESS);
                    String csrf = sessions.signIn(ctx, account);
                    Replies.json(ctx, 200, whoami(account.person(), csrf));
                });
    }

    void logout(RoutingContext ctx) {
        SessionLookup.Found found = sessions.find(ctx);
        if (!found.signedIn()) {
            // nothing to end: signing out twice is not an error
            ctx.response().setStatusCode(204).end();
            return;
        }
        if (!SessionLookup.csrfMatches(ctx, found.csrfToken())) {
            sessions.csrfRefused(ctx);
            Replies.error(ctx, 403, "missing or wrong CSRF token");
            return;
        }
        sessions.end(ctx);
        record(KIND_SIGN_OUT, found.person().name(), new JsonObject().put("address", address(ctx)));
        ctx.response().setStatusCode(204).end();
    }

    void me(RoutingContext ctx) {
        SessionLookup.Found found = sessions.find(ctx);
        if (!found.signedIn()) {
            Replies.error(ctx, 401, "not signed in");
            return;
        }
        Replies.json(ctx, 200, whoami(found.person(), found.csrfToken()));
    }

    static JsonObject whoami(Person p, String csrf) {
        return new JsonObject()
                .put("name", p.name())
                .put("role", p.role().wireName())
                .put("province", p.role() == org.didban.collector.people.Role.PROVINCE ? p.area() : null)
                .put("county", p.role() == org.didban.collector.people.Role.COUNTY ? p.area() : null)
                .put("csrf", csrf);
    }

    /** The name and password of a well-formed body; null for anything else. */
    private static Credentials credentials(RoutingContext ctx) {
        io.vertx.core.buffer.Buffer body = ctx.body() == null ? null : ctx.body().buffer();
        if (body == null || body.length() == 0) {
            return null;
        }
        Object parsed;
        try {
            parsed = Json.decodeValue(body);
        } catch (DecodeException e) {
            return null;
        }
        if (!(parsed instanceof JsonObject)) {
            return null;
        }
        Object name = ((JsonObject) parsed).getValue("name");
        Object password = ((JsonObject) parsed).getValue("password");
        if (!(name instanceof String) || !(password instanceof String)) {
            return null;
        }
        return new Credentials((String) name, (String) password);
    }

    /** Checked against at the cost most hashes of the directory have, so that it takes as long. Blocking. */
    private String unguessable(People now) {
        int cost = now.accounts().stream().filter(Account::hasPassword).findFirst()
                .map(a -> PasswordHash.cost(a.passwordBcrypt())).orElse(PasswordHash.DEFAULT_COST);
        return unguessable.computeIfAbsent(cost, PasswordHash::unguessable);
    }

    private void record(String kind, String actor, JsonObject detail) {
        try {
            ledger.recordAudit(kind, actor, System.currentTimeMillis(), detail).whenComplete((seq, e) -> {
                if (e != null) {
                    LOG.log(System.Logger.Level.WARNING, "console audit record " + kind + " of " + actor + " lost: " + e);
                }
            });
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "console audit record " + kind + " of " + actor + " lost: " + e);
        }
    }

    /**
     * What an address is counted as: itself for IPv4, its /64 for IPv6 (one site holds a whole
     * /64, so counting each address would let it try without limit).
     */
    static String addressGroup(String address) {
        if (address.indexOf(':') < 0) {
            return address;
        }
        try {
            byte[] a = java.net.InetAddress.getByName(address).getAddress();
            if (a.length != 16) {
                return address;
            }
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                out.append(Integer.toHexString(((a[i] & 0xff) << 8) | (a[i + 1] & 0xff))).append(':');
            }
            return out.append(":/64").toString();
        } catch (java.net.UnknownHostException e) {
            return address;
        }
    }

    /** An unknown name in the audit record: not as typed (it may be a password), but recognisable when repeated. */
    static String unknownActor(String name) {
        return "unknown-name:" + org.didban.collector.people.PersonToken.sha256Hex(name).substring(0, 12);
    }

    static String address(RoutingContext ctx) {
        SocketAddress remote = ctx.request().remoteAddress();
        if (remote == null) {
            return "unknown";
        }
        String host = remote.hostAddress();
        return host == null ? remote.toString() : host;
    }

    /** At most a name's length: a 4 kB "name" counts against the same key as its first 100 characters. */
    private static String bounded(String name) {
        return name.length() <= 200 ? name : name.substring(0, 200);
    }

    /**
     * The name as typed, fit for the audit record: control characters replaced, cut at 100
     * characters (a person's name is never longer).
     */
    static String actor(String name) {
        if (name.isBlank()) {
            return "(no name)";
        }
        StringBuilder out = new StringBuilder();
        int n = Math.min(name.length(), 100);
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            out.append(Character.isISOControl(c) ? '\uFFFD' : c);
        }
        if (name.length() > 100) {
            out.append('…');
        }
        return out.toString();
    }

    private static void tooMany(RoutingContext ctx, long retryAfterMillis, String message) {
        ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds(retryAfterMillis)));
        ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        Replies.error(ctx, 429, message);
    }

    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }

    private static String minutes(long millis) {
        long m = (millis + 59_999) / 60_000;
        return m <= 1 ? "a minute" : m + " minutes";
    }
}
