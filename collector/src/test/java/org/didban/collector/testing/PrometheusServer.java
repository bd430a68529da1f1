package org.didban.collector.testing;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;


/**
 * Debian's Prometheus server, started for a test on a free port of loopback with its TSDB in a
 * folder the caller owns, scraping what the caller's configuration names, and stopped on
 * {@link #close()}.
 *
 * <p>Tests fail rather than skip when it is missing: {@code scripts/test} installs it.
 */
public final class PrometheusServer implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/bin/prometheus");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private final Process process;
    private final URI baseUri;
    private final Path logFile;
    private final HttpClient http;
    private final Thread shutdownHook;
    private boolean closed;

    private PrometheusServer(Process process, URI baseUri, Path logFile, HttpClient http) {
        this.process = process;
        this.baseUri = baseUri;
        this.logFile = logFile;
        this.http = http;
        this.shutdownHook = ServerProcesses.registerShutdownHook("prometheus-" + baseUri.getPort(), this::close);
    }

    /** Fails with what to install when Prometheus is missing. */
    public static void requireInstalled() {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is not installed. Run scripts/test, which installs it, or:"
                    + " apt-get install prometheus");
        }
    }

    /**
     * Starts Prometheus with the given configuration (YAML) and waits until it reports ready.
     *
     * @param folder a folder the test owns and deletes afterwards
     */
    public static PrometheusServer start(Path folder, String configYaml) throws IOException {
        requireInstalled();
        Path home = folder.toAbsolutePath().resolve("prometheus");
        Files.createDirectories(home);
        Path config = home.resolve("prometheus.yml");
        Files.writeString(config, configYaml);
        Path logFile = home.resolve("prometheus.log");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String lastFailure = "";
        for (int attempt = 1; attempt <= ServerProcesses.PORT_ATTEMPTS; attempt++) {
            int port = ServerProcesses.freeLoopbackPort();
            long logStart = ServerProcesses.sizeOf(logFile);
            Process process = new ProcessBuilder(List.of(BINARY.toString(),
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + home.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port))
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            URI baseUri = URI.create("http://127.0.0.1:" + port);
            try {
                if (awaitReady(process, baseUri, http)) {
                    return new PrometheusServer(process, baseUri, logFile, http);
                }
            } catch (RuntimeException | IOException e) {
                ServerProcesses.stop(process.toHandle(), STOP_GRACE);
                throw e;
            }
            ServerProcesses.stop(process.toHandle(), STOP_GRACE);
            String log = ServerProcesses.readFrom(logFile, logStart);
            lastFailure = ServerProcesses.tail(log, 20);
            if (!log.contains("address already in use")) {
                break;
            }
        }
        throw new IOException("Prometheus did not become ready (config " + config + "); its log:\n" + lastFailure);
    }

    private static boolean awaitReady(Process process, URI baseUri, HttpClient http) throws IOException {
        return ServerProcesses.awaitAnswer(process, http, baseUri, "/-/ready", 200, START_TIMEOUT, "Prometheus");
    }

    public URI baseUri() {
        return baseUri;
    }

    public Path logFile() {
        return logFile;
    }

    /** GET /api/v1/query: an instant query's whole answer ({@code status}, {@code data}…). */
    public JsonObject query(String promql) {
        return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    /** GET /api/v1/query_range over the last {@code range}, one point per {@code step}. */
    public JsonObject queryRange(String promql, Duration range, Duration step) {
        long end = Instant.now().getEpochSecond();
        return get("/api/v1/query_range?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&start=" + (end - range.toSeconds()) + "&end=" + end + "&step=" + Math.max(1, step.toSeconds()));
    }

    /** GET /api/v1/label/NAME/values, narrowed to series matching {@code match} when it is not null. */
    public JsonObject labelValues(String label, String match) {
        return get("/api/v1/label/" + URLEncoder.encode(label, StandardCharsets.UTF_8) + "/values"
                + (match == null ? "" : "?match[]=" + URLEncoder.encode(match, StandardCharsets.UTF_8)));
    }

    /** GET /api/v1/targets: what it scrapes and how the last scrape went. */
    public JsonObject targets() {
        return get("/api/v1/targets");
    }

    private JsonObject get(String pathAndQuery) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(baseUri.resolve(pathAndQuery))
                    .timeout(REQUEST_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
            JsonObject body = new JsonObject(r.body());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + pathAndQuery + " answered " + r.statusCode() + ": " + r.body());
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("Prometheus at " + baseUri + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while talking to Prometheus", e);
        }
    }

    /** Stops Prometheus: SIGTERM, then a kill if it has not ended within a grace period. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ServerProcesses.removeShutdownHook(shutdownHook);
        ServerProcesses.stop(process.toHandle(), STOP_GRACE);
    }
}
