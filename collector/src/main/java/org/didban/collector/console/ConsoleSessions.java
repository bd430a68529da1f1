package org.didban.collector.console;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.sstore.LocalSessionStore;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.didban.collector.people.Account;
import org.didban.collector.people.People;
import org.didban.collector.people.PersonToken;
import org.didban.collector.people.SessionLookup;

/**
 * The console's sign-in sessions: a Vert.x {@link SessionHandler} over a {@link LocalSessionStore}
 * of this collector. The cookie {@value #COOKIE} holds only the session id (32 random bytes,
 * hex); it is HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it),
 * Secure (only over HTTPS, or to a loopback address, which browsers treat as secure) and for
 * path {@code /}. The session holds the person's name, a CSRF token, when they signed in and a
 * fingerprint of their password hash; never the password.
 *
 * <p>A session ends after {@link ConsoleSettings#idleTimeout()} without a request, after
 * {@link ConsoleSettings#absoluteLifetime()} however busy, on sign-out, and at the first request
 * after its person is disabled, removed from the people file, or given a new password.
 */
public final class ConsoleSessions implements SessionLookup, AutoCloseable {
    public static final String COOKIE = "didban_session";
    static final String NAME = "didban.name";
    static final String CSRF = "didban.csrf";
    static final String SIGNED_IN_AT = "didban.signedInAt";
    static final String CREDENTIAL = "didban.credential";
    /** Set on a request once the session handler has had its turn (see {@link #find}). */
    private static final String HANDLED = "didban.console.sessionHandled";
    /**
     * The session id the request came with, or "" for none: the session handler drops the cookie
     * from the request when it knows no such session, so it is noted before.
     */
    private static final String COOKIE_SENT = "didban.console.cookieSent";
    private static final int CSRF_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final LocalSessionStore store;
    private final SessionHandler handler;
    private final Supplier<People> people;
    private final ConsoleSettings settings;
    private final ConsoleMetrics metrics;

    ConsoleSessions(Vertx vertx, Supplier<People> people, ConsoleSettings settings, ConsoleMetrics metrics) {
        this.people = Objects.requireNonNull(people, "people");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        // one map per collector: several collectors in one Vert.x (tests) must not share sessions
        this.store = LocalSessionStore.create(vertx, "didban.console.sessions." + UUID.randomUUID());
        this.handler = SessionHandler.create(store)
                .setSessionCookieName(COOKIE)
                .setSessionCookiePath("/")
                .setCookieHttpOnlyFlag(true)
                .setCookieSecureFlag(true)
                .setCookieSameSite(CookieSameSite.STRICT)
                .setSessionTimeout(settings.idleTimeout().toMillis())
                // nothing stored nor any cookie set for a request that does not sign in
                .setLazySession(true)
                .setMinLength(32)
                .setNagHttps(false);
    }

    /** The session handler, for the sign-in route. */
    Handler<RoutingContext> always() {
        return ctx -> {
            ctx.put(HANDLED, Boolean.TRUE);
            ctx.put(COOKIE_SENT, sessionId(ctx));
            handler.handle(ctx);
        };
    }

    /**
     * The session handler for a request that can use a session: one with the cookie and without
     * an Authorization header. Bearer requests, agents and anonymous callers pass untouched.
     */
    Handler<RoutingContext> ifCookie() {
        return ctx -> {
            ctx.put(HANDLED, Boolean.TRUE);
            String sent = sessionId(ctx);
            ctx.put(COOKIE_SENT, sent);
            if (!sent.isEmpty() && ctx.request().getHeader(HttpHeaders.AUTHORIZATION) == null) {
                handler.handle(ctx);
            } else {
                ctx.next();
            }
        };
    }

    @Override
    public boolean stillSignedIn(RoutingContext ctx, String name) {
        String sent = ctx.get(COOKIE_SENT);
        Session s = ctx.session();
        if (sent == null || sent.isEmpty() || s == null || !known(sent)) {
            return false;
        }
        Long signedInAt = s.get(SIGNED_IN_AT);
        String credential = s.get(CREDENTIAL);
        if (signedInAt == null || credential == null
                || System.currentTimeMillis() - signedInAt > settings.absoluteLifetime().toMillis()) {
            return false;
        }
        Optional<Account> account = people.get().account(name);
        return account.isPresent() && !account.get().disabled() && account.get().hasPassword()
                && credential.equals(fingerprint(account.get().passwordBcrypt()));
    }

    @Override
    public Found find(RoutingContext ctx) {
        if (ctx.get(HANDLED) == null) {
            if (ctx.request().getCookie(COOKIE) == null) {
                return Found.NO_SESSION;
            }
            // a wiring mistake, not the caller's: fail loudly rather than refuse every console user
            throw new IllegalStateException("the console's session handler did not run for " + ctx.request().path()
                    + ": call ConsoleRoutes.mount before BearerAuthentication.protect");
        }
        String sent = ctx.get(COOKIE_SENT);
        if (sent == null || sent.isEmpty()) {
            return Found.NO_SESSION;
        }
        if (!known(sent)) {
            // expired, signed out or made up. Not asked of the session handler, which would then
            // store the blank session it made in its place and give it a cookie.
            ctx.response().addCookie(Cookie.cookie(COOKIE, "").setPath("/").setMaxAge(0).setSecure(true)
                    .setHttpOnly(true).setSameSite(CookieSameSite.STRICT));
            return Found.ENDED;
        }
        Session s = ctx.session();
        if (s == null) {
            return Found.ENDED; // the session handler was skipped: an Authorization header came too
        }
        String name = s.get(NAME);
        String csrf = s.get(CSRF);
        Long signedInAt = s.get(SIGNED_IN_AT);
        String credential = s.get(CREDENTIAL);
        long now = System.currentTimeMillis();
        if (name == null || csrf == null || signedInAt == null || credential == null
                || now - signedInAt > settings.absoluteLifetime().toMillis()
                // the store sweeps idle sessions every second; this makes the timeout exact
                || now - s.lastAccessed() > settings.idleTimeout().toMillis()) {
            s.destroy(); // the cookie is cleared with the answer, and an empty session never stored
            return Found.ENDED;
        }
        Optional<Account> account = people.get().account(name);
        if (account.isEmpty() || account.get().disabled() || !account.get().hasPassword()
                || !credential.equals(fingerprint(account.get().passwordBcrypt()))) {
            s.destroy();
            return Found.ENDED;
        }
        return Found.signedIn(account.get().person(), csrf);
    }

    @Override
    public void csrfRefused(RoutingContext ctx) {
        metrics.csrfRefused();
    }

    /**
     * Makes the request's session that of this person, under a new id (so that an id planted
     * before sign-in opens nothing after it), and returns its CSRF token. The cookie goes out with
     * the answer.
     */
    String signIn(RoutingContext ctx, Account account) {
        ctx.put(HANDLED, Boolean.TRUE);
        Session s = ctx.session();
        if (s == null) {
            throw new IllegalStateException("the sign-in route is not behind the session handler");
        }
        s.regenerateId();
        s.data().clear();
        String csrf = newCsrfToken();
        s.put(NAME, account.name());
        s.put(CSRF, csrf);
        s.put(SIGNED_IN_AT, System.currentTimeMillis());
        s.put(CREDENTIAL, fingerprint(account.passwordBcrypt()));
        return csrf;
    }

    private static String sessionId(RoutingContext ctx) {
        Cookie c = ctx.request().getCookie(COOKIE);
        return c == null || c.getValue() == null ? "" : c.getValue();
    }

    /** Is this a session id of the store? A local store answers at once. */
    private boolean known(String id) {
        io.vertx.core.Future<Session> found = store.get(id);
        // were it ever asynchronous, the session handler's own look-up (already made) decides
        return !found.isComplete() || (found.succeeded() && found.result() != null);
    }

    /** Ends the request's session: removed from the store, its cookie cleared with the answer. */
    void end(RoutingContext ctx) {
        Session s = ctx.session();
        if (s != null) {
            s.destroy();
        }
    }

    /** Sessions in the store, signed in or not yet swept. */
    int size() {
        return store.size().result();
    }

    static String newCsrfToken() {
        byte[] bytes = new byte[CSRF_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Changes when the password does, which ends the sessions opened with the old one. */
    private static String fingerprint(String passwordBcrypt) {
        return passwordBcrypt == null ? "" : PersonToken.sha256Hex(passwordBcrypt);
    }

    /** Stops the store's sweeping timer and forgets every session. */
    @Override
    public void close() {
        store.close();
    }
}
