package org.didban.collector.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * {@code GET /metrics}: the collector's own registry in the Prometheus text format 0.0.4. The
 * registry is the collector's, never the JVM-wide default, so that several collectors in one JVM
 * (tests, the demo) each report only their own numbers. {@code GET /metrics/branches} serves
 * every branch's series from a registry of their own: tens of megabytes of text at national
 * scale, so it is written — and gzipped, when the scraper accepts it, as Prometheus does — on a
 * worker thread, never on the event loop (a response that already has a Content-Encoding is
 * passed through by the server's own compression).
 */
public final class MetricsEndpoint {
    public static final String PATH = "/metrics";
    public static final String BRANCHES_PATH = "/metrics/branches";
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private final String path;
    private final PrometheusRegistry registry;
    private final boolean offLoop;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.builder()
            .setIncludeCreatedTimestamps(false).build();

    /** The collector's own metrics at {@link #PATH}, written on the event loop (they are small). */
    public MetricsEndpoint(PrometheusRegistry registry) {
        this(PATH, registry, false);
    }

    /** @param offLoop write the text on a worker thread: for registries too big to write between two events */
    public MetricsEndpoint(String path, PrometheusRegistry registry, boolean offLoop) {
        this.path = path;
        this.registry = registry;
        this.offLoop = offLoop;
    }

    public void mount(Router router) {
        router.get(path).handler(this::scrape);
    }

    private void scrape(RoutingContext ctx) {
        if (!offLoop) {
            try {
                reply(ctx, text());
            } catch (IOException | RuntimeException e) {
                ctx.fail(500, e);
            }
            return;
        }
        boolean gzip = acceptsGzip(ctx.request().getHeader(HttpHeaders.ACCEPT_ENCODING));
        ctx.vertx().executeBlocking(() -> gzip ? gzipped(text()) : text(), false).onComplete(done -> {
            if (done.failed()) {
                ctx.fail(500, done.cause());
                return;
            }
            if (gzip) {
                ctx.response().putHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
            }
            reply(ctx, done.result());
        });
    }

    /** Whether an Accept-Encoding header takes gzip (and does not refuse it with q=0). */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",")) {
            String[] coding = part.trim().split(";");
            if (coding[0].trim().equalsIgnoreCase("gzip")) {
                for (int i = 1; i < coding.length; i++) {
                    String p = coding[i].trim().replace(" ", "");
                    if (p.equals("q=0") || p.equals("q=0.0") || p.equals("q=0.00") || p.equals("q=0.000")) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    private static byte[] gzipped(byte[] text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length / 8 + 64);
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out, 64 * 1024)) {
            gz.write(text);
        }
        return out.toByteArray();
    }

    private byte[] text() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        writer.write(out, registry.scrape());
        return out.toByteArray();
    }

    private static void reply(RoutingContext ctx, byte[] text) {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE).end(Buffer.buffer(text));
    }
}
