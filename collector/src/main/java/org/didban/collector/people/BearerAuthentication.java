package org.didban.collector.people;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.didban.collector.http.Replies;

/**
 * Lets a request through only with {@code Authorization: Bearer <token>} of an enabled person
 * in the people directory, or, with no Authorization header at all, with the console session of
 * a person who is still enabled ({@link SessionLookup}); puts that {@link Person} under
 * {@link Person#CONTEXT_KEY} for the handlers after it ({@link Person#of}). Anything else is
 * answered 401 with {@code WWW-Authenticate: Bearer realm="didban"} and a JSON error, and
 * counted. The token is never logged nor echoed. Runs on the event loop: one SHA-256 and one map
 * lookup per request.
 *
 * <p>A browser sends its session cookie by itself, so a session-authenticated POST, PUT, PATCH
 * or DELETE must also carry the session's CSRF token in {@code X-CSRF-Token}, else 403. A bearer
 * token is never sent by itself and needs none.
 *
 * <pre>
 * BearerAuthentication auth = new BearerAuthentication(people, consoleSessions);
 * auth.protect(router, "/api/v1/alerts", "/api/v1/alerts/*");   // before the endpoints' routes
 * </pre>
 */
public final class BearerAuthentication implements Handler<RoutingContext> {
    public static final String REALM = "didban";
    static final String CHALLENGE = "Bearer realm=\"" + REALM + "\"";

    /** Why a request was refused. */
    public enum Failure {
        /** No Authorization header, or not of the Bearer scheme. */
        MISSING,
        /** A Bearer header whose token is empty or not RFC 6750 token characters. */
        MALFORMED,
        /** A token nobody in the people file has. */
        UNKNOWN,
        /** The token of a person whose access is disabled. */
        DISABLED,
        /** No Authorization header, and a console session that has ended (expired, signed out, person disabled or removed). */
        SESSION,
        /** A console session's unsafe request without its CSRF token, or with another (answered 403). */
        CSRF
    }

    private final Supplier<People> people;
    private final SessionLookup sessions;
    private final AtomicLong failures = new AtomicLong();
    private final Map<Failure, AtomicLong> byReason = new EnumMap<>(Failure.class);

    public BearerAuthentication(People people) {
        this(constant(Objects.requireNonNull(people, "people")));
    }

    /** Asks {@code people} on every request, so that a reloaded people file takes effect at once. */
    public BearerAuthentication(Supplier<People> people) {
        this(people, SessionLookup.NONE);
    }

    /** Also lets in the console's signed-in people ({@code ConsoleRoutes.mount} gives the lookup). */
    public BearerAuthentication(People people, SessionLookup sessions) {
        this(constant(Objects.requireNonNull(people, "people")), sessions);
    }

    public BearerAuthentication(Supplier<People> people, SessionLookup sessions) {
        this.people = Objects.requireNonNull(people, "people");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        for (Failure f : Failure.values()) {
            byReason.put(f, new AtomicLong());
        }
    }

    private static Supplier<People> constant(People people) {
        return () -> people;
    }

    /** Puts this handler in front of every route matching these paths (Vert.x route paths, {@code *} allowed). */
    public BearerAuthentication protect(Router router, String... paths) {
        for (String path : paths) {
            router.route(path).handler(this);
        }
        return this;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            SessionLookup.Found session = sessions.find(ctx);
            if (session.status() != SessionLookup.Status.NO_SESSION) {
                bySession(ctx, session);
                return;
            }
        }
        String token = bearerToken(header);
        if (token == null) {
            refuse(ctx, Failure.MISSING, "authentication required: send 'Authorization: Bearer <token>'");
            return;
        }
        if (!wellFormed(token)) {
            refuse(ctx, Failure.MALFORMED, "the bearer token is malformed");
            return;
        }
        Optional<Account> account = people.get().find(token);
        if (account.isEmpty()) {
            refuse(ctx, Failure.UNKNOWN, "the bearer token is not accepted");
            return;
        }
        if (account.get().disabled()) {
            // the same words as for an unknown token: nothing learned from a leaked, disabled one
            refuse(ctx, Failure.DISABLED, "the bearer token is not accepted");
            return;
        }
        ctx.put(Person.CONTEXT_KEY, account.get().person());
        Person person = account.get().person();
        ctx.put(Person.STILL_VALID_KEY, (java.util.function.BooleanSupplier) () -> people.get().find(token)
                .filter(a -> !a.disabled() && a.person().equals(person)).isPresent());
        ctx.next();
    }

    private void bySession(RoutingContext ctx, SessionLookup.Found session) {
        if (!session.signedIn()) {
            refuse(ctx, Failure.SESSION, "not signed in, or the sign-in has ended: sign in again");
            return;
        }
        if (SessionLookup.unsafe(ctx.request().method()) && !SessionLookup.csrfMatches(ctx, session.csrfToken())) {
            failures.incrementAndGet();
            byReason.get(Failure.CSRF).incrementAndGet();
            sessions.csrfRefused(ctx);
            ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            Replies.error(ctx, 403, "missing or wrong CSRF token");
            return;
        }
        ctx.put(Person.CONTEXT_KEY, session.person());
        String name = session.person().name();
        ctx.put(Person.STILL_VALID_KEY, (java.util.function.BooleanSupplier) () -> sessions.stillSignedIn(ctx, name));
        ctx.next();
    }

    /** Requests refused, for every reason. */
    public long failures() {
        return failures.get();
    }

    public long failures(Failure reason) {
        return byReason.get(reason).get();
    }

    /**
     * The token of an {@code Authorization} header of the Bearer scheme (scheme name in any
     * case), "" for a Bearer header without one, null for no header or another scheme.
     */
    static String bearerToken(String header) {
        if (header == null) {
            return null;
        }
        String h = header.strip();
        if (h.length() < 6 || !h.regionMatches(true, 0, "Bearer", 0, 6)) {
            return null;
        }
        if (h.length() == 6) {
            return "";
        }
        if (h.charAt(6) != ' ') {
            return null;
        }
        return h.substring(7).strip();
    }

    /** RFC 6750 b64token: {@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}, bounded. */
    static boolean wellFormed(String token) {
        int n = token.length();
        if (n == 0 || n > People.MAX_TOKEN_CHARS) {
            return false;
        }
        int end = n;
        while (end > 0 && token.charAt(end - 1) == '=') {
            end--;
        }
        if (end == 0) {
            return false;
        }
        for (int i = 0; i < end; i++) {
            char c = token.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private void refuse(RoutingContext ctx, Failure reason, String message) {
        failures.incrementAndGet();
        byReason.get(reason).incrementAndGet();
        // RFC 6750 §3.1: no error code when no credentials were sent, invalid_token otherwise
        String challenge = reason == Failure.MISSING || reason == Failure.SESSION ? CHALLENGE
                : CHALLENGE + ", error=\"invalid_token\"";
        ctx.response().putHeader("WWW-Authenticate", challenge);
        ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        Replies.error(ctx, 401, message);
    }
}
