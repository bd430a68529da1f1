package org.didban.collector.console;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.function.Supplier;
import org.didban.collector.http.Replies;
import org.didban.collector.ledger.AlertLedger;
import org.didban.collector.people.People;

/**
 * The console, served by the collector itself (nothing else to run, no internet needed): its
 * files, its sign-in API, and the session handler that lets a signed-in browser use the people's
 * API.
 *
 * <pre>
 * GET  /console                      → 302 /console/
 * GET  /console/…                    the console's files, from the classpath folder didban-console/ (a folder of their own: no class is ever served)
 * GET  /console/vendor/uplot/…       uPlot's dist folder, from its WebJar
 * POST /console/api/login, POST /console/api/logout, GET /console/api/me   ({@link SignInEndpoint})
 * </pre>
 *
 * Every answer under /console carries a Content-Security-Policy that allows only the console's
 * own scripts, styles and connections, and refuses framing; the API's answers are never cached.
 * In the collector's router, before the API is protected:
 *
 * <pre>
 * ConsoleSessions console = ConsoleRoutes.mount(router, vertx, people, ledger, registry);
 * new BearerAuthentication(people, console).protect(router, …);
 * </pre>
 */
public final class ConsoleRoutes {
    public static final String PATH = "/console";
    public static final String API = PATH + "/api";
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self';"
            + " script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    /** A sign-in is a name and a password; anything larger is not one. */
    public static final int LOGIN_BODY_LIMIT = 4 * 1024;
    static final String UPLOT_ROOT = "META-INF/resources/webjars/uplot/1.6.30/dist";

    private ConsoleRoutes() {
    }

    /** With {@link ConsoleSettings#standard()}. */
    public static ConsoleSessions mount(Router router, Vertx vertx, Supplier<People> people, AlertLedger ledger,
                                        PrometheusRegistry registry) {
        return mount(router, vertx, people, ledger, registry, ConsoleSettings.standard());
    }

    /**
     * Adds the console's routes, and a session handler in front of {@code /api/*}, to the router.
     * Call it before {@code BearerAuthentication.protect}, whose handlers read the session this
     * puts on the request, and hand the returned lookup to that BearerAuthentication.
     * {@code people} is asked on every request: a person disabled or removed there is out at once.
     */
    public static ConsoleSessions mount(Router router, Vertx vertx, Supplier<People> people, AlertLedger ledger,
                                        PrometheusRegistry registry, ConsoleSettings settings) {
        ConsoleMetrics metrics = new ConsoleMetrics(registry);
        ConsoleSessions sessions = new ConsoleSessions(vertx, people, settings, metrics);
        metrics.sessions(registry, sessions::size);
        SignInEndpoint signIn = new SignInEndpoint(vertx, people, sessions, ledger, metrics, settings);

        // the people's API: a browser signed in to the console is a person there too
        router.route("/api/*").handler(sessions.ifCookie());

        router.route(PATH).handler(ConsoleRoutes::securityHeaders);
        router.route(PATH + "/*").handler(ConsoleRoutes::securityHeaders);
        router.route(PATH).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ctx -> {
            // the route matches "/console/" too
            if (ctx.request().path().equals(PATH)) {
                ctx.redirect(PATH + "/");
            } else {
                ctx.next();
            }
        });
        router.post(API + "/login").handler(BodyHandler.create(false).setBodyLimit(LOGIN_BODY_LIMIT))
                .handler(sessions.always()).handler(signIn::login)
                .failureHandler(ctx -> {
                    // the body handler's refusal, as JSON like every other answer and without an error log
                    if (ctx.statusCode() == 413) {
                        Replies.error(ctx, 413, "a sign-in is a name and a password: at most " + LOGIN_BODY_LIMIT + " bytes");
                    } else {
                        ctx.next();
                    }
                });
        router.post(API + "/logout").handler(sessions.ifCookie()).handler(signIn::logout);
        router.get(API + "/me").handler(sessions.ifCookie()).handler(signIn::me);

        router.route(PATH + "/vendor/uplot/*").method(HttpMethod.GET).method(HttpMethod.HEAD)
                .handler(StaticHandler.create(UPLOT_ROOT).setIncludeHidden(false).setDirectoryListing(false)
                        .setDefaultContentEncoding("UTF-8"));
        StaticHandler files = StaticHandler.create(settings.staticRoot()).setIncludeHidden(false)
                .setDirectoryListing(false).setDefaultContentEncoding("UTF-8").setCachingEnabled(false);
        router.route(PATH + "/*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ctx -> {
            if (ctx.normalizedPath().startsWith(API + "/")) {
                ctx.next(); // never a file: the router's 404 (or 405)
                return;
            }
            // revalidated every time, so that an upgraded collector's console shows at once
            ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
            files.handle(ctx);
        });
        return sessions;
    }

    private static void securityHeaders(RoutingContext ctx) {
        MultiMap h = ctx.response().headers();
        h.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("X-Frame-Options", "DENY");
        if (ctx.normalizedPath().startsWith(API + "/") || ctx.normalizedPath().equals(API)) {
            h.set(HttpHeaders.CACHE_CONTROL, "no-store");
        }
        ctx.next();
    }
}
