package org.didban.collector.testing;

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
import java.util.List;
import java.util.StringJoiner;


/**
 * Debian's Prometheus Alertmanager, started for a test on a free port of loopback with its storage in
 * a folder the caller owns, and stopped on {@link #close()}.
 *
 * <p>Tests fail rather than skip when it is missing: {@code scripts/test} installs it.
 */
public final class AlertmanagerServer implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");

    /** Every alert goes to a receiver with no integrations: it is kept and listed, and nothing is sent anywhere. */
    public static final String NULL_RECEIVER_CONFIG = String.join("\n",
            "route:",
            "  receiver: 'null'",
            "receivers:",
            "  - name: 'null'",
            "");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final URI baseUri;
    private final Path logFile;
    private final HttpClient http;
    private final Thread shutdownHook;
    private boolean closed;

    private AlertmanagerServer(Process process, URI baseUri, Path logFile, HttpClient http) {
        this.process = process;
        this.baseUri = baseUri;
        this.logFile = logFile;
        this.http = http;
        this.shutdownHook = ServerProcesses.registerShutdownHook("alertmanager-" + baseUri.getPort(), this::close);
    }

    public static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /** Fails with what to install when Alertmanager is missing. */
    public static void requireInstalled() {
        if (!available()) {
            throw new IllegalStateException(BINARY + " is not installed. Run scripts/test, which installs it, or:"
                    + " apt-get install prometheus-alertmanager");
        }
    }

    /** Starts Alertmanager with every alert routed to a receiver that sends nothing. */
    public static AlertmanagerServer start(Path folder) throws IOException {
        return start(folder, NULL_RECEIVER_CONFIG);
    }

    /**
     * Starts Alertmanager with the given configuration (YAML) and waits until it reports ready.
     *
     * @param folder a folder the test owns and deletes afterwards, such as a JUnit {@code @TempDir}
     */
    public static AlertmanagerServer start(Path folder, String configYaml) throws IOException {
        requireInstalled();
        Path home = folder.toAbsolutePath().resolve("alertmanager");
        Files.createDirectories(home);
        Path config = home.resolve("alertmanager.yml");
        Files.writeString(config, configYaml);
        Path logFile = home.resolve("alertmanager.log");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

        String lastFailure = "";
        for (int attempt = 1; attempt <= ServerProcesses.PORT_ATTEMPTS; attempt++) {
            int port = ServerProcesses.freeLoopbackPort();
            long logStart = ServerProcesses.sizeOf(logFile);
            Process process = new ProcessBuilder(List.of(BINARY.toString(),
                    "--config.file=" + config,
                    "--storage.path=" + home.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port,
                    // An empty cluster address turns gossip off: no peer port to pick and nothing else contacted.
                    "--cluster.listen-address="))
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            URI baseUri = URI.create("http://127.0.0.1:" + port);
            try {
                if (awaitReady(process, baseUri, http)) {
                    return new AlertmanagerServer(process, baseUri, logFile, http);
                }
            } catch (RuntimeException | IOException e) {
                ServerProcesses.stop(process.toHandle(), STOP_GRACE);
                throw e;
            }
            ServerProcesses.stop(process.toHandle(), STOP_GRACE);
            String log = ServerProcesses.readFrom(logFile, logStart);
            lastFailure = ServerProcesses.tail(log, 20);
            // Someone took the port between our probe and Alertmanager's bind: try another one.
            if (!log.contains("address already in use")) {
                break;
            }
        }
        throw new IOException("Alertmanager did not become ready (config " + config + "); its log:\n" + lastFailure);
    }

    /**
     * Polls GET /-/ready until it answers 200; false when the process ends or the deadline passes
     * first (the caller reads the log to say why).
     */
    private static boolean awaitReady(Process process, URI baseUri, HttpClient http) throws IOException {
        return ServerProcesses.awaitAnswer(process, http, baseUri, "/-/ready", 200, START_TIMEOUT, "Alertmanager");
    }

    /** Where the API is, such as {@code http://127.0.0.1:41234}. */
    public URI baseUri() {
        return baseUri;
    }

    /** Alertmanager's own log, for a failing test's message. */
    public Path logFile() {
        return logFile;
    }

    /** GET /api/v2/alerts: every alert Alertmanager holds, as its JSON array. */
    public String alerts() {
        return alerts(new String[0]);
    }

    /**
     * GET /api/v2/alerts with label matchers, each like {@code alertname="SiteDown"} or
     * {@code site=~"teh-.*"}; the JSON array of the alerts that match all of them.
     */
    public String alerts(String... matchers) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        for (String matcher : matchers) {
            query.add("filter=" + URLEncoder.encode(matcher, StandardCharsets.UTF_8));
        }
        HttpResponse<String> response = send(HttpRequest.newBuilder(baseUri.resolve("/api/v2/alerts" + query)).GET());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /api/v2/alerts" + query + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** POST /api/v2/alerts with a JSON array of alerts; the status code (200 when Alertmanager took them). */
    public int postAlerts(String alertsJson) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(baseUri.resolve("/api/v2/alerts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(alertsJson)));
        return response.statusCode();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("Alertmanager at " + baseUri + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while talking to Alertmanager", e);
        }
    }

    /** Stops Alertmanager: SIGTERM, then a kill if it has not ended within a grace period. */
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
