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
 * (tests, the demo) each report only their own numbers.
 */
public final class MetricsEndpoint {
    public static final String PATH = "/metrics";
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private final PrometheusRegistry registry;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.builder()
            .setIncludeCreatedTimestamps(false).build();

    public MetricsEndpoint(PrometheusRegistry registry) {
        this.registry = registry;
    }

    public void mount(Router router) {
        router.get(PATH).handler(this::scrape);
    }

    private void scrape(RoutingContext ctx) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException | RuntimeException e) {
            ctx.fail(500, e);
            return;
        }
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE).end(Buffer.buffer(out.toByteArray()));
    }
}
