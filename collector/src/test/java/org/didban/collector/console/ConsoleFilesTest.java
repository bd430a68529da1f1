package org.didban.collector.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.didban.collector.TestPeople;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The console's files and the headers every answer under /console carries. */
@ExtendWith(VertxExtension.class)
class ConsoleFilesTest {
    /** A placeholder page in the test resources: the real one belongs to the front end. */
    static final ConsoleSettings PLACEHOLDER = ConsoleSettings.standard().withStaticRoot("org/didban/collector/consoletest");

    private final List<ConsoleServer> open = new ArrayList<>();

    private ConsoleServer start(Vertx vertx, ConsoleSettings settings) throws Exception {
        ConsoleServer s = ConsoleServer.start(vertx, TestPeople.all(), settings);
        open.add(s);
        return s;
    }

    @AfterEach
    void stop() throws Exception {
        for (ConsoleServer s : open) {
            s.close();
        }
    }

    private static void assertSecurityHeaders(HttpResponse<Buffer> r) {
        assertThat(r.getHeader("Content-Security-Policy")).isEqualTo("default-src 'self'; img-src 'self' data:;"
                + " style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none';"
                + " form-action 'self'");
        assertThat(r.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.getHeader("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(r.getHeader("X-Frame-Options")).isEqualTo("DENY");
    }

    @Test
    void theConsolePageIsServedWithItsSecurityHeaders(Vertx vertx) throws Exception {
        ConsoleServer s = start(vertx, PLACEHOLDER);

        HttpResponse<Buffer> bare = s.get("/console", null);
        assertThat(bare.statusCode()).isEqualTo(302);
        assertThat(bare.getHeader("Location")).isEqualTo("/console/");
        assertSecurityHeaders(bare);

        HttpResponse<Buffer> page = s.get("/console/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.getHeader("Content-Type")).startsWith("text/html").containsIgnoringCase("charset=utf-8");
        assertThat(page.body().toString(StandardCharsets.UTF_8)).contains("دیدبان");
        assertThat(page.getHeader("Cache-Control")).isEqualTo("no-cache");
        assertSecurityHeaders(page);
        assertThat(s.get("/console/index.html", null).statusCode()).isEqualTo(200);

        HttpResponse<Buffer> me = s.get("/console/api/me", null);
        assertThat(me.statusCode()).isEqualTo(401);
        assertThat(me.getHeader("Cache-Control")).isEqualTo("no-store");
        assertSecurityHeaders(me);
        HttpResponse<Buffer> login = s.login("hq", TestPeople.HQ_PASSWORD);
        assertThat(login.getHeader("Cache-Control")).isEqualTo("no-store");
        assertSecurityHeaders(login);

        // nothing outside the folder, no listing, no hidden files, nothing under api/ as a file
        assertThat(s.get("/console/../console/../api/v1/who", null).statusCode()).isIn(401, 404);
        assertThat(s.get("/console/%2e%2e/%2e%2e/org/didban/collector/console/ConsoleRoutes.class", null).statusCode())
                .isEqualTo(404);
        assertThat(s.get("/console/api/nothing", null).statusCode()).isEqualTo(404);
        HttpResponse<Buffer> missing = s.get("/console/no-such-file.js", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertSecurityHeaders(missing);
    }

    @Test
    void uPlotIsServedFromItsWebJar(Vertx vertx) throws Exception {
        ConsoleServer s = start(vertx, PLACEHOLDER);
        HttpResponse<Buffer> js = s.get("/console/vendor/uplot/uPlot.iife.min.js", null);
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.getHeader("Content-Type")).contains("javascript");
        assertThat(js.body().length()).isGreaterThan(40_000);
        assertThat(js.bodyAsString()).contains("uPlot");
        assertSecurityHeaders(js);
        HttpResponse<Buffer> css = s.get("/console/vendor/uplot/uPlot.min.css", null);
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.getHeader("Content-Type")).startsWith("text/css");
        assertThat(s.get("/console/vendor/uplot/../../../../META-INF/MANIFEST.MF", null).statusCode()).isIn(404, 401);
        assertThat(s.get("/console/vendor/uplot/", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aMissingPageIsNotFoundNotAFailure(Vertx vertx) throws Exception {
        ConsoleServer s = start(vertx, ConsoleSettings.standard().withStaticRoot("org/didban/collector/no-console-here")
                .withThrottle(5, Duration.ofMinutes(15)));
        HttpResponse<Buffer> page = s.get("/console/", null);
        assertThat(page.statusCode()).isEqualTo(404);
        assertSecurityHeaders(page);
        // the rest of the console works meanwhile
        assertThat(s.login("hq", TestPeople.HQ_PASSWORD).statusCode()).isEqualTo(200);
        assertThat(s.get("/console/vendor/uplot/uPlot.iife.min.js", null).statusCode()).isEqualTo(200);
    }
}
