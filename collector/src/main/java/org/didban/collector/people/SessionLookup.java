package org.didban.collector.people;

import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * How {@link BearerAuthentication} finds the person of a request that came without a bearer
 * token: the console's sign-in session (its cookie). Implemented by the console
 * ({@code org.didban.collector.console.ConsoleSessions}); {@link #NONE} where there is no console.
 */
public interface SessionLookup {
    /** No console: a request without a bearer token has no person. */
    SessionLookup NONE = ctx -> Found.NO_SESSION;

    /** The header a signed-in browser repeats its session's CSRF token in, on every unsafe request. */
    String CSRF_HEADER = "X-CSRF-Token";

    /**
     * The session of this request, looked up afresh: the person as the people directory has them
     * now (so a disabled or removed person is refused at once). Runs on the event loop; quick.
     */
    Found find(RoutingContext ctx);

    /**
     * Whether the session this request was signed in with is still open for {@code name}, asked
     * long after the request began (by the alert stream at each heartbeat): signed out, past its
     * lifetime, or its person disabled, removed or given a new password, it is not. Idleness is
     * not judged here: a browser that keeps a stream open is not idle.
     */
    default boolean stillSignedIn(RoutingContext ctx, String name) {
        Found now = find(ctx);
        return now.signedIn() && now.person().name().equals(name);
    }

    /** A request refused for a missing or wrong CSRF token (for counting). */
    default void csrfRefused(RoutingContext ctx) {
    }

    enum Status {
        /** The request carries no session cookie. */
        NO_SESSION,
        /** A session cookie that no longer opens anything: expired, signed out, or its person disabled or removed. */
        ENDED,
        SIGNED_IN
    }

    /** What a lookup found; {@code person} and {@code csrfToken} only when signed in. */
    record Found(Status status, Person person, String csrfToken) {
        public static final Found NO_SESSION = new Found(Status.NO_SESSION, null, null);
        public static final Found ENDED = new Found(Status.ENDED, null, null);

        public Found {
            Objects.requireNonNull(status, "status");
            if (status == Status.SIGNED_IN && (person == null || csrfToken == null || csrfToken.isEmpty())) {
                throw new IllegalArgumentException("a signed-in session has a person and a CSRF token");
            }
        }

        public static Found signedIn(Person person, String csrfToken) {
            return new Found(Status.SIGNED_IN, person, csrfToken);
        }

        public boolean signedIn() {
            return status == Status.SIGNED_IN;
        }

        /** Without the CSRF token, which is as good as the session for forging a request. */
        @Override
        public String toString() {
            return "Found[" + status + (person == null ? "" : ", " + person.name()) + "]";
        }
    }

    /** Does the request's {@value #CSRF_HEADER} equal the session's token? Compared in constant time. */
    static boolean csrfMatches(RoutingContext ctx, String sessionToken) {
        String sent = ctx.request().getHeader(CSRF_HEADER);
        if (sent == null || sessionToken == null || sessionToken.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), sessionToken.getBytes(StandardCharsets.UTF_8));
    }

    /** POST, PUT, PATCH, DELETE and anything else not known to be safe need a CSRF token with a session. */
    static boolean unsafe(io.vertx.core.http.HttpMethod method) {
        return !(method == io.vertx.core.http.HttpMethod.GET || method == io.vertx.core.http.HttpMethod.HEAD
                || method == io.vertx.core.http.HttpMethod.OPTIONS);
    }
}
