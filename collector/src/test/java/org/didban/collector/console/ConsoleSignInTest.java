package org.didban.collector.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.collector.RunningCollector.eventually;
import static org.didban.collector.console.ConsoleServer.cookieValue;
import static org.didban.collector.console.ConsoleServer.kinds;
import static org.didban.collector.console.ConsoleServer.setCookie;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.didban.collector.TestPeople;
import org.didban.collector.ledger.LedgerVerifier;
import org.didban.collector.people.Account;
import org.didban.collector.people.BearerAuthentication;
import org.didban.collector.people.PasswordHash;
import org.didban.collector.people.People;
import org.didban.collector.people.Person;
import org.didban.collector.people.PersonToken;
import org.didban.collector.people.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Signing in to the console, its session, CSRF and throttling, over HTTP on loopback against
 * the console in front of a stand-in API ({@link ConsoleServer}).
 */
@ExtendWith(VertxExtension.class)
class ConsoleSignInTest {
    static final String PERSIAN_NAME = "مریم رضایی"; // with the Persian yeh, as the people file has it
    static final String PERSIAN_PASSWORD = "رمز عبور مریم ۱۲۳";
    static final String GONE_PASSWORD = "gone-password-0123";
    static final String TOKEN_ONLY = "token-only-0123456789";
    /** People of the test fleet, plus a Persian name, a disabled person and one with no password. */
    static final List<Account> EXTRA = List.of(
            new Account(new Person(PERSIAN_NAME, Role.COUNTY, "THR-01"), null,
                    PasswordHash.hash(PERSIAN_PASSWORD, PasswordHash.MIN_COST), false),
            new Account(new Person("gone", Role.HQ, ""), null, PasswordHash.hash(GONE_PASSWORD, PasswordHash.MIN_COST), true),
            new Account(new Person("token-only", Role.HQ, ""), PersonToken.sha256Hex(TOKEN_ONLY), null, false));
    /** Throttling kept out of the way of tests about something else (they all sign in from 127.0.0.1). */
    static final ConsoleSettings ROOMY = ConsoleSettings.standard().withThrottle(50, Duration.ofMinutes(15));

    private final List<AutoCloseable> open = new ArrayList<>();

    static People people() {
        List<Account> all = new ArrayList<>(TestPeople.accounts());
        all.addAll(EXTRA);
        return People.of(all);
    }

    private ConsoleServer start(Vertx vertx, ConsoleSettings settings) throws Exception {
        ConsoleServer s = ConsoleServer.start(vertx, people(), settings);
        open.add(s);
        return s;
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @Test
    void theRightPasswordSignsInWithAStrictSecureHttpOnlySessionCookie(Vertx vertx) throws Exception {
        ConsoleServer s = start(vertx, ROOMY);
        HttpResponse<Buffer> r = s.login("tehran-it", TestPeople.TEHRAN_IT_PASSWORD);

        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(r.getHeader("Cache-Control")).isEqualTo("no-store");
        JsonObject me = r.bodyAsJsonObject();
        assertThat(me.fieldNames()).containsExactlyInAnyOrder("name", "role", "province", "county", "csrf");
        assertThat(me.getString("name")).isEqualTo("tehran-it");
        assertThat(me.getString("role")).isEqualTo("county");
        assertThat(me.getString("county")).isEqualTo("THR-01");
        assertThat(me.getValue("province")).isNull();
        // 32 random bytes, URL-safe base64 without padding
        assertThat(me.getString("csrf")).matches("[A-Za-z0-9_-]{43}");

        String cookie = setCookie(r);
        assertThat(cookie).isNotNull();
        List<String> attributes = List.of(cookie.split(";\\s*"));
        assertThat(attributes.get(0)).matches(ConsoleSessions.COOKIE + "=[0-9a-f]{64}");
        assertThat(attributes.subList(1, attributes.size())).extracting(ConsoleServer::lower)
                .contains("path=/", "secure", "httponly", "samesite=strict")
                // a session cookie: gone when the browser closes
                .noneMatch(a -> a.startsWith("max-age") || a.startsWith("expires"));
        assertThat(r.bodyAsString()).doesNotContain(TestPeople.TEHRAN_IT_PASSWORD);
        assertThat(s.metric("didban_console_sign_ins_total", "outcome", "success")).isEqualTo(1);
        assertThat(s.metric("didban_console_sessions")).isEqualTo(1);
    }

    @Test
    void everyRefusalHasTheSameWordsAndTheAuditKnowsWhy(Vertx vertx) throws Exception {
        ConsoleServer s = start(vertx, ROOMY);
        List<HttpResponse<Buffer>> refused = List.of(
                s.login("nobody-by-this-name", TestPeople.HQ_PASSWORD),
                s.login("hq", TestPeople.PLANNER_PASSWORD),
                s.login("gone", GONE_PASSWORD),
                s.login("token-only", TOKEN_ONLY),
                s.login("hq", ""));
        for (HttpResponse<Buffer> r : refused) {
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.bodyAsJsonObject()).isEqualTo(new JsonObject().put("error", "name or password is not accepted"));
            assertThat(setCookie(r)).isNull();
        }
        assertThat(s.metric("didban_console_sign_ins_total", "outcome", "refused")).isEqualTo(5);
        assertThat(s.metric("didban_console_sign_ins_total", "outcome", "success")).isZero();

        List<JsonObject> audit = s.audit();
        assertThat(kinds(audit)).containsOnly(SignInEndpoint.KIND_REFUSED).hasSize(5);
        assertThat(audit).extracting(a -> a.getString("actor"))
                .containsExactlyInAnyOrder(SignInEndpoint.unknownActor("nobody-by-this-name"), "hq", "gone", "token-only", "hq");
        assertThat(audit).extracting(a -> a.getJsonObject("detail").getString("reason"))
                .containsExactlyInAnyOrder("unknown_name", "wrong_password", "disabled", "no_password", "wrong_password");
        assertThat(audit).allSatisfy(a -> {
            assertThat(a.getJsonObject("detail").getString("address")).isEqualTo("127.0.0.1");
            assertThat(a.encode()).doesNotContain(TestPeople.PLANNER_PASSWORD, GONE_PASSWORD, TestPeople.HQ_PASSWORD);
        });
        assertThat(LedgerVerifier.verify(s.ledgerSettings).intact()).isTrue();
    }

    @Test
    void meAnswersForTheSessionAndSignOutEndsIt(Vertx vertx) throws Exception {
        ConsoleServer s = start(vertx, ROOMY);
        assertThat(s.get("/console/api/me", null).statusCode()).isEqualTo(401);
        ConsoleServer.SignedIn hq = s.signIn("hq", TestPeople.HQ_PASSWORD);

        HttpResponse<Buffer> me = s.get("/console/api/me", hq.cookie());
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.bodyAsJsonObject()).isEqualTo(hq.body());
        assertThat(me.getHeader("Cache-Control")).isEqualTo("no-store");

        // signing out is a change: a page of another site must not be able to do it
        assertThat(s.send(HttpMethod.POST, "/console/api/logout", hq.cookie(), null).statusCode()).isEqualTo(403);
        assertThat(s.send(HttpMethod.POST, "/console/api/logout", hq.cookie(), "not-" + hq.csrf()).statusCode()).isEqualTo(403);
        assertThat(s.get("/console/api/me", hq.cookie()).statusCode()).isEqualTo(200);

        HttpResponse<Buffer> out = s.send(HttpMethod.POST, "/console/api/logout", hq.cookie(), hq.csrf());
        assertThat(out.statusCode()).isEqualTo(204);
        assertThat(setCookie(out)).as("the cookie is cleared").isNotNull().containsIgnoringCase("max-age=0");
        assertThat(s.get("/console/api/me", hq.cookie()).statusCode()).isEqualTo(401);
        assertThat(s.get("/api/v1/who", hq.cookie()).statusCode()).isEqualTo(401);
        // signing out twice is no error
        assertThat(s.send(HttpMethod.POST, "/console/api/logout", hq.cookie(), hq.csrf()).statusCode()).isEqualTo(204);

        assertThat(kinds(s.audit())).containsExactly(SignInEndpoint.KIND_SIGN_IN, SignInEndpoint.KIND_SIGN_OUT);
        assertThat(s.audit()).allSatisfy(a -> assertThat(a.getString("actor")).isEqualTo("hq"));
        assertThat(s.metric("didban_console_csrf_refusals_total")).isEqualTo(2);
    }

    @Test
    void signingInGivesANewSessionIdAndTheOldOneOpensNothing(Vertx vertx) throws Exception {
        ConsoleServer s = start(vertx, ROOMY);
        ConsoleServer.SignedIn first = s.signIn("planner", TestPeople.PLANNER_PASSWORD);

        // an id planted before sign-in (session fixation) or held by an earlier sign-in is replaced
        HttpResponse<Buffer> again = s.login(s.client, "hq", TestPeople.HQ_PASSWORD, first.cookie());
        assertThat(again.statusCode()).isEqualTo(200);
        String second = cookieValue(again);
        assertThat(second).isNotNull().isNotEqualTo(first.cookie());
        assertThat(again.bodyAsJsonObject().getString("csrf")).isNotEqualTo(first.csrf());
        assertThat(s.get("/console/api/me", first.cookie()).statusCode()).isEqualTo(401);
        assertThat(s.get("/console/api/me", second).bodyAsJsonObject().getString("name")).isEqualTo("hq");

        // a made-up id opens nothing, and is cleared rather than kept
        HttpResponse<Buffer> planted = s.get("/api/v1/who", "0".repeat(64));
        assertThat(planted.statusCode()).isEqualTo(401);
        assertThat(planted.bodyAsJsonObject().getString("error")).contains("sign in again");
        assertThat(setCookie(planted)).isNotNull().containsIgnoringCase("max-age=0");
        assertThat(s.metric("didban_console_sessions")).isEqualTo(1);
    }

    @Test
    void theSessionOpensTheApiAndAChangeNeedsTheCsrfToken(Vertx vertx) throws Exception {
        ConsoleServer s = start(vertx, ROOMY);
        ConsoleServer.SignedIn it = s.signIn("rey-it", TestPeople.REY_IT_PASSWORD);

        HttpResponse<Buffer> who = s.get("/api/v1/who", it.cookie());
        assertThat(who.statusCode()).isEqualTo(200);
        assertThat(who.bodyAsJsonObject()).isEqualTo(new JsonObject().put("name", "rey-it").put("role", "county")
                .put("area", "THR-02"));

        HttpResponse<Buffer> without = s.send(HttpMethod.POST, "/api/v1/act", it.cookie(), null);
        assertThat(without.statusCode()).isEqualTo(403);
        assertThat(without.bodyAsJsonObject()).isEqualTo(new JsonObject().put("error", "missing or wrong CSRF token"));
        assertThat(s.send(HttpMethod.POST, "/api/v1/act", it.cookie(), it.csrf().substring(1) + "A").statusCode())
                .isEqualTo(403);
        assertThat(s.send(HttpMethod.DELETE, "/api/v1/act", it.cookie(), null).statusCode()).isEqualTo(403);
        HttpResponse<Buffer> with = s.send(HttpMethod.POST, "/api/v1/act", it.cookie(), it.csrf());
        assertThat(with.statusCode()).isEqualTo(200);
        assertThat(with.bodyAsJsonObject().getString("by")).isEqualTo("rey-it");

        // a bearer token is never sent by a browser on its own: it needs no CSRF token, and it
        // decides the person even beside a session cookie
        HttpResponse<Buffer> bearer = ConsoleServer.await(s.client.post(s.port(), "127.0.0.1", "/api/v1/act")
                .putHeader("Authorization", "Bearer " + TestPeople.HQ)
                .putHeader("Cookie", ConsoleSessions.COOKIE + "=" + it.cookie()).send());
        assertThat(bearer.statusCode()).isEqualTo(200);
        assertThat(bearer.bodyAsJsonObject().getString("by")).isEqualTo("hq");
        // nor does a session take the place of a wrong token
        HttpResponse<Buffer> wrongBearer = ConsoleServer.await(s.client.get(s.port(), "127.0.0.1", "/api/v1/who")
                .putHeader("Authorization", "Bearer not-a-token")
                .putHeader("Cookie", ConsoleSessions.COOKIE + "=" + it.cookie()).send());
        assertThat(wrongBearer.statusCode()).isEqualTo(401);

        assertThat(s.metric("didban_console_csrf_refusals_total")).isEqualTo(3);
        assertThat(s.auth.failures(BearerAuthentication.Failure.CSRF)).isEqualTo(3);
        assertThat(s.get("/api/v1/who", null).statusCode()).isEqualTo(401);
    }

    @Test
    void aDisabledRemovedOrNewlyPasswordedPersonIsOutAtTheNextRequest(Vertx vertx) throws Exception {
        ConsoleServer s = start(vertx, ROOMY);
        ConsoleServer.SignedIn tehran = s.signIn("tehran-it", TestPeople.TEHRAN_IT_PASSWORD);
        ConsoleServer.SignedIn rey = s.signIn("rey-it", TestPeople.REY_IT_PASSWORD);
        ConsoleServer.SignedIn isfahan = s.signIn("isfahan-officer", TestPeople.ISFAHAN_OFFICER_PASSWORD);
        assertThat(s.get("/api/v1/who", tehran.cookie()).statusCode()).isEqualTo(200);

        // the people file is reloaded: Tehran's IT disabled, Rey's removed, Isfahan's officer given a new password
        List<Account> next = new ArrayList<>();
        for (Account a : s.people.get().accounts()) {
            switch (a.name()) {
                case "tehran-it" -> next.add(new Account(a.person(), a.tokenSha256(), a.passwordBcrypt(), true));
                case "rey-it" -> { }
                case "isfahan-officer" -> next.add(new Account(a.person(), a.tokenSha256(),
                        PasswordHash.hash("a-new-password-0123", PasswordHash.MIN_COST), false));
                default -> next.add(a);
            }
        }
        s.people.set(People.of(next));

        for (ConsoleServer.SignedIn gone : List.of(tehran, rey, isfahan)) {
            assertThat(s.get("/api/v1/who", gone.cookie()).statusCode()).isEqualTo(401);
            assertThat(s.get("/console/api/me", gone.cookie()).statusCode()).isEqualTo(401);
        }
        assertThat(s.login("tehran-it", TestPeople.TEHRAN_IT_PASSWORD).statusCode()).isEqualTo(401);
        assertThat(s.signIn("isfahan-officer", "a-new-password-0123").body().getString("province")).isEqualTo("ISF");
        // counted as sessions that ended, beside the refused bearer tokens
        assertThat(s.auth.failures(BearerAuthentication.Failure.SESSION)).isEqualTo(3);
    }

    @Test
    void fiveFailuresForANameOrFromAnAddressAreAnsweredTooMany(Vertx vertx) throws Exception {
        ConsoleServer s = start(vertx, ConsoleSettings.standard());
        WebClient other = WebClient.create(vertx, new WebClientOptions().setLocalAddress("127.0.0.2"));
        open.add(other::close);
        for (int i = 0; i < 5; i++) {
            assertThat(s.login("hq", "guess-number-" + i).statusCode()).isEqualTo(401);
        }
        // the right password no longer helps: it cannot be told from a lucky guess
        HttpResponse<Buffer> locked = s.login("hq", TestPeople.HQ_PASSWORD);
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.bodyAsJsonObject().getString("error")).startsWith("too many failed sign-ins");
        assertThat(Long.parseLong(locked.getHeader("Retry-After"))).isBetween(800L, 900L);
        // nor another spelling of the name from there; and the guessing address is locked for every name
        assertThat(s.login("HQ", TestPeople.HQ_PASSWORD).statusCode()).isEqualTo(429);
        assertThat(s.login("planner", TestPeople.PLANNER_PASSWORD).statusCode()).isEqualTo(429);
        // but a name is never locked for everyone: whoever knows "hq" cannot keep HQ out from elsewhere
        assertThat(s.login(other, "hq", TestPeople.HQ_PASSWORD, null).statusCode()).isEqualTo(200);
        assertThat(s.login(other, "planner", TestPeople.PLANNER_PASSWORD, null).statusCode()).isEqualTo(200);

        assertThat(s.metric("didban_console_sign_ins_total", "outcome", "refused")).isEqualTo(5);
        assertThat(s.metric("didban_console_sign_ins_total", "outcome", "throttled")).isEqualTo(3);
        List<JsonObject> audit = s.audit();
        // each lock recorded once, not each knock on it
        List<String> kinds = kinds(audit);
        assertThat(kinds.subList(0, 5)).containsOnly(SignInEndpoint.KIND_REFUSED);
        assertThat(kinds.subList(5, kinds.size() - 2)).isNotEmpty().containsOnly(SignInEndpoint.KIND_THROTTLED);
        assertThat(kinds.subList(kinds.size() - 2, kinds.size())).containsOnly(SignInEndpoint.KIND_SIGN_IN);
        assertThat(audit.get(audit.size() - 1).getJsonObject("detail").getString("address")).isEqualTo("127.0.0.2");
    }

    @Test
    void aBurstOfGuessesSentAtOnceIsCutAtTheLimitToo(Vertx vertx) throws Exception {
        ConsoleServer s = start(vertx, ConsoleSettings.standard());
        List<io.vertx.core.Future<HttpResponse<Buffer>>> burst = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            burst.add(s.client.post(s.port(), "127.0.0.1", "/console/api/login").putHeader("Content-Type", "application/json")
                    .sendJsonObject(new JsonObject().put("name", "admin-" + i).put("password", "guess-" + i)));
        }
        List<Integer> codes = new ArrayList<>();
        for (var f : burst) {
            codes.add(ConsoleServer.await(f).statusCode());
        }
        assertThat(codes.stream().filter(c -> c == 401).count()).isEqualTo(5);
        assertThat(codes.stream().filter(c -> c == 429).count()).isEqualTo(7);
    }

    @Test
    void hostileBodiesAreRefusedWithoutHarm(Vertx vertx) throws Exception {
        ConsoleServer s = start(vertx, ROOMY);
        JsonObject valid = new JsonObject().put("name", "hq").put("password", TestPeople.HQ_PASSWORD);

        assertThat(s.loginRaw("application/json", Buffer.buffer("x".repeat(5000))).statusCode()).isEqualTo(413);
        HttpResponse<Buffer> hugeName = s.loginRaw("application/json",
                Buffer.buffer(new JsonObject().put("name", "n".repeat(10_000)).put("password", "p").encode()));
        assertThat(hugeName.statusCode()).isEqualTo(413);
        assertThat(s.loginRaw("application/json", Buffer.buffer("{\"name\": \"hq\", \"password\": ")).statusCode())
                .isEqualTo(400);
        assertThat(s.loginRaw("application/json", Buffer.buffer("[\"hq\"]")).statusCode()).isEqualTo(400);
        assertThat(s.loginRaw("application/json", Buffer.buffer("{\"name\": \"hq\", \"password\": 12}")).statusCode())
                .isEqualTo(400);
        assertThat(s.loginRaw("application/json", Buffer.buffer("{\"name\": \"hq\"}")).statusCode()).isEqualTo(400);
        assertThat(s.loginRaw("application/json", Buffer.buffer("")).statusCode()).isEqualTo(400);
        assertThat(s.loginRaw("application/json", Buffer.buffer(valid.encode() + " trailing")).statusCode()).isEqualTo(400);
        // what a page of another site can send without asking first: refused before any check
        assertThat(s.loginRaw("text/plain", Buffer.buffer(valid.encode())).statusCode()).isEqualTo(415);
        assertThat(s.loginRaw("application/x-www-form-urlencoded", Buffer.buffer("name=hq&password=x")).statusCode())
                .isEqualTo(415);
        assertThat(s.loginRaw(null, Buffer.buffer(valid.encode())).statusCode()).isEqualTo(415);

        // a long name within the limit, and control characters: refused, and recorded harmlessly
        assertThat(s.login("n".repeat(3000), "whatever-password").statusCode()).isEqualTo(401);
        assertThat(s.login("hq\u0000\r\nSet-Cookie: x=y", TestPeople.HQ_PASSWORD).statusCode()).isEqualTo(401);
        assertThat(s.login("hq", TestPeople.HQ_PASSWORD + "\u0000").statusCode()).isEqualTo(401);
        List<JsonObject> audit = s.audit();
        assertThat(audit).hasSize(3);
        // names that are nobody's are recorded hashed (people type passwords there), never as typed
        assertThat(audit.get(0).getString("actor")).matches("unknown-name:[0-9a-f]{12}");
        assertThat(audit.get(1).getString("actor")).matches("unknown-name:[0-9a-f]{12}");
        assertThat(audit.toString()).doesNotContain("Set-Cookie").doesNotContain("nnnnnnnn");
        assertThat(LedgerVerifier.verify(s.ledgerSettings).intact()).isTrue();

        // and the service is unharmed
        assertThat(s.login("hq", TestPeople.HQ_PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void aPersianNameSignsInAsWrittenAndAsAnArabicKeyboardTypesIt(Vertx vertx) throws Exception {
        ConsoleServer s = start(vertx, ROOMY);
        ConsoleServer.SignedIn asWritten = s.signIn(PERSIAN_NAME, PERSIAN_PASSWORD);
        assertThat(asWritten.body().getString("name")).isEqualTo(PERSIAN_NAME);
        HttpResponse<Buffer> me = s.get("/console/api/me", asWritten.cookie());
        assertThat(me.bodyAsString()).contains(PERSIAN_NAME); // UTF-8, not escaped
        assertThat(me.bodyAsJsonObject().getString("county")).isEqualTo("THR-01");

        // Arabic yeh (U+064A) where the file has the Persian one (U+06CC)
        String arabicKeyboard = PERSIAN_NAME.replace('\u06CC', '\u064A');
        assertThat(arabicKeyboard).isNotEqualTo(PERSIAN_NAME);
        ConsoleServer.SignedIn typed = s.signIn(arabicKeyboard, PERSIAN_PASSWORD);
        assertThat(typed.body().getString("name")).isEqualTo(PERSIAN_NAME);
        assertThat(s.send(HttpMethod.POST, "/api/v1/act", typed.cookie(), typed.csrf()).bodyAsJsonObject().getString("by"))
                .isEqualTo(PERSIAN_NAME);
        assertThat(s.audit()).extracting(a -> a.getString("actor")).containsOnly(PERSIAN_NAME);
    }

    @Test
    void anIdleSessionEnds(Vertx vertx) throws Exception {
        ConsoleServer s = start(vertx, ROOMY.withSessionTimes(Duration.ofMillis(300), Duration.ofHours(12)));
        ConsoleServer.SignedIn hq = s.signIn("hq", TestPeople.HQ_PASSWORD);
        assertThat(s.get("/console/api/me", hq.cookie()).statusCode()).isEqualTo(200);
        // looked at without touching the session: every request to it would keep it alive
        eventually(() -> {
            try {
                return s.metric("didban_console_sessions");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, n -> n == 0, "the idle session is swept");
        assertThat(s.get("/console/api/me", hq.cookie()).statusCode()).isEqualTo(401);
    }

    @Test
    void aBusySessionStillEndsAtItsLifetime(Vertx vertx) throws Exception {
        ConsoleServer s = start(vertx, ROOMY.withSessionTimes(Duration.ofMinutes(30), Duration.ofMillis(500)));
        ConsoleServer.SignedIn hq = s.signIn("hq", TestPeople.HQ_PASSWORD);
        eventually(() -> {
            try {
                return s.get("/api/v1/who", hq.cookie()).statusCode();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, code -> code == 401, "the session ends though in use");
        assertThat(s.get("/console/api/me", hq.cookie()).statusCode()).isEqualTo(401);
    }
}
