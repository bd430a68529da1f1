package org.didban.collector.testing;

import io.vertx.core.json.JsonArray;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Debian's InfluxDB 1.x ({@code influxd} of the {@code influxdb} package), started for a test on a free
 * port of loopback with its meta, data and WAL folders in a temporary folder of its own, and stopped
 * (the folder deleted) on {@link #close()}.
 *
 * <p>Tests fail rather than skip when it is missing: {@code scripts/test} installs it.
 */
public final class InfluxServer implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/bin/influxd");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final Path home;
    private final Path config;
    private final Path logFile;
    private final int port;
    private final URI baseUri;
    private final HttpClient http;
    private final Thread shutdownHook;
    private Process process;
    private boolean closed;

    private InfluxServer(Path home, Path config, Path logFile, int port, Process process, HttpClient http) {
        this.home = home;
        this.config = config;
        this.logFile = logFile;
        this.port = port;
        this.baseUri = URI.create("http://127.0.0.1:" + port);
        this.process = process;
        this.http = http;
        this.shutdownHook = ServerProcesses.registerShutdownHook("influxd-" + port, this::close);
    }

    public static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /** Fails with what to install when influxd is missing: tests fail rather than skip, as scripts/test installs it. */
    public static void requireInstalled() {
        if (!available()) {
            throw new IllegalStateException(BINARY + " is not installed. Run scripts/test, which installs it, or:"
                    + " apt-get install influxdb");
        }
    }

    /**
     * Starts influxd in a new temporary folder and waits until GET /ping answers 204. Fails when
     * influxd is not installed.
     */
    public static InfluxServer start() throws IOException {
        requireInstalled();
        Path home = Files.createTempDirectory("didban-influx-");
        Path logFile = home.resolve("influxd.log");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String lastFailure = "";
        try {
            for (int attempt = 1; attempt <= ServerProcesses.PORT_ATTEMPTS; attempt++) {
                int httpPort = ServerProcesses.freeLoopbackPort();
                int rpcPort = ServerProcesses.freeLoopbackPort();
                Path config = home.resolve("influxdb.conf");
                Files.writeString(config, configuration(home, httpPort, rpcPort));
                long logStart = ServerProcesses.sizeOf(logFile);
                Process process = launch(home, config, logFile);
                try {
                    if (awaitPing(process, URI.create("http://127.0.0.1:" + httpPort), http)) {
                        return new InfluxServer(home, config, logFile, httpPort, process, http);
                    }
                } catch (RuntimeException | IOException e) {
                    ServerProcesses.stop(process.toHandle(), STOP_GRACE);
                    throw e;
                }
                ServerProcesses.stop(process.toHandle(), STOP_GRACE);
                String log = ServerProcesses.readFrom(logFile, logStart);
                lastFailure = ServerProcesses.tail(log, 20);
                // Someone took one of the ports between our probe and influxd's bind: try others.
                if (!log.contains("address already in use")) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            deleteTree(home);
            throw e;
        }
        deleteTree(home);
        throw new IOException("influxd did not answer /ping; its log:\n" + lastFailure);
    }

    /**
     * A minimal influxd configuration: everything on loopback and under {@code home}, nothing reported
     * to InfluxData, no _internal statistics database (it would appear in SHOW DATABASES).
     */
    private static String configuration(Path home, int httpPort, int rpcPort) {
        return String.join("\n",
                "reporting-disabled = true",
                "bind-address = \"127.0.0.1:" + rpcPort + "\"",
                "",
                "[meta]",
                "  dir = " + quoted(home.resolve("meta")),
                "",
                "[data]",
                "  dir = " + quoted(home.resolve("data")),
                "  wal-dir = " + quoted(home.resolve("wal")),
                "  query-log-enabled = false",
                // A test's data is thrown away: no need to wait for the WAL to reach the disk.
                "  wal-fsync-delay = \"100ms\"",
                "",
                "[monitor]",
                "  store-enabled = false",
                "",
                "[http]",
                "  enabled = true",
                "  bind-address = \"127.0.0.1:" + httpPort + "\"",
                "  auth-enabled = false",
                "  log-enabled = false",
                "",
                "[continuous_queries]",
                "  enabled = false",
                "",
                "[logging]",
                "  format = \"logfmt\"",
                "  level = \"info\"",
                "");
    }

    private static String quoted(Path path) {
        return "\"" + path.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static Process launch(Path home, Path config, Path logFile) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(List.of(BINARY.toString(), "-config", config.toString()))
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        // INFLUXDB_* variables from the developer's shell override the configuration file: drop them.
        builder.environment().keySet().removeIf(name -> name.startsWith("INFLUXDB_"));
        return builder.start();
    }

    /** Polls GET /ping until it answers 204; false when the process ends or the deadline passes first. */
    private static boolean awaitPing(Process process, URI baseUri, HttpClient http) throws IOException {
        return ServerProcesses.awaitAnswer(process, http, baseUri, "/ping", 204, START_TIMEOUT, "influxd");
    }

    /** Where the HTTP API is, such as {@code http://127.0.0.1:41234}. */
    public String url() {
        return baseUri.toString();
    }

    public int port() {
        return port;
    }

    /** influxd's own log, for a failing test's message. */
    public Path logFile() {
        return logFile;
    }

    /** The last lines of influxd's log, for an assertion's description. */
    public String logTail() {
        return ServerProcesses.tail(ServerProcesses.readFrom(logFile, 0), 30);
    }

    /**
     * Runs InfluxQL against a database (null for none, as for SHOW DATABASES) and returns influxd's
     * JSON answer, times as epoch milliseconds. POST, which influxd takes for every statement.
     */
    public JsonObject query(String db, String influxQl) {
        StringBuilder form = new StringBuilder("epoch=ms&q=").append(URLEncoder.encode(influxQl, StandardCharsets.UTF_8));
        if (db != null) {
            form.append("&db=").append(URLEncoder.encode(db, StandardCharsets.UTF_8));
        }
        HttpResponse<String> response = send(HttpRequest.newBuilder(baseUri.resolve("/query"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("influxd answered " + response.statusCode() + " to " + influxQl + ": " + response.body());
        }
        return new JsonObject(response.body());
    }

    /**
     * The rows of the first series of the first statement's answer, each as column name → value;
     * empty when there is none (no such measurement, or no point matched).
     */
    public List<JsonObject> rows(String db, String influxQl) {
        JsonObject answer = query(db, influxQl);
        List<JsonObject> rows = new ArrayList<>();
        JsonArray results = answer.getJsonArray("results", new JsonArray());
        if (results.isEmpty()) {
            return rows;
        }
        JsonObject first = results.getJsonObject(0);
        if (first.containsKey("error")) {
            throw new IllegalStateException(influxQl + ": " + first.getString("error"));
        }
        JsonArray series = first.getJsonArray("series", new JsonArray());
        for (int s = 0; s < series.size(); s++) {
            JsonObject one = series.getJsonObject(s);
            JsonArray columns = one.getJsonArray("columns");
            JsonObject tags = one.getJsonObject("tags", new JsonObject());
            JsonArray values = one.getJsonArray("values", new JsonArray());
            for (int r = 0; r < values.size(); r++) {
                JsonArray value = values.getJsonArray(r);
                JsonObject row = tags.copy();
                for (int c = 0; c < columns.size(); c++) {
                    row.put(columns.getString(c), value.getValue(c));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** POST /write of line protocol (times in ms); influxd's status code (204 when it took every line). */
    public int write(String db, String lineProtocol) {
        URI uri = baseUri.resolve("/write?precision=ms&db=" + URLEncoder.encode(db, StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(lineProtocol))).statusCode();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("influxd at " + baseUri + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while talking to influxd", e);
        }
    }

    /** Stops influxd and keeps its folder, so that {@link #restart()} finds the same data: an outage. */
    public synchronized void stop() {
        if (process != null) {
            ServerProcesses.stop(process.toHandle(), STOP_GRACE);
            process = null;
        }
    }

    /**
     * Starts influxd again on the same port with the same data, after {@link #stop()}. Fails (rather
     * than moving) when someone took the port meanwhile: clients point at it.
     */
    public synchronized void restart() throws IOException {
        if (closed) {
            throw new IllegalStateException("influxd at " + baseUri + " is closed");
        }
        stop();
        long logStart = ServerProcesses.sizeOf(logFile);
        Process started = launch(home, config, logFile);
        if (!awaitPing(started, baseUri, http)) {
            ServerProcesses.stop(started.toHandle(), STOP_GRACE);
            throw new IOException("influxd did not come back on " + baseUri + "; its log:\n"
                    + ServerProcesses.tail(ServerProcesses.readFrom(logFile, logStart), 20));
        }
        process = started;
    }

    /** Stops influxd (SIGTERM, then a kill after a grace period) and deletes its folder. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ServerProcesses.removeShutdownHook(shutdownHook);
        stop();
        deleteTree(home);
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // A leftover folder in /tmp is not worth failing a test over.
        }
    }
}
