package org.didban.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.didban.model.Event;
import org.didban.model.Labels;
import org.didban.model.Sample;
import org.didban.wire.SiteBatch;
import org.didban.wire.SiteBatchCodec;

/** A collector started for a test, with a web client and blocking helpers for the test thread. */
public final class RunningCollector implements AutoCloseable {
    public static final Duration DEADLINE = Duration.ofSeconds(10);
    /** The run of the test agents; a test of restarts sends a later one. */
    public static final long EPOCH = 1_700_000_000_000L;
    private final Collector collector;
    private final WebClient client;
    private final SiteBatchCodec codec = new SiteBatchCodec();

    private RunningCollector(Collector collector, WebClient client) {
        this.collector = collector;
        this.client = client;
    }

    /**
     * Starting is the slowest step of a test (a cold JVM loads the web stack, the rules, the
     * ledger's schema): it gets a deadline of its own, long enough for a loaded CI machine.
     */
    public static final Duration START_DEADLINE = Duration.ofSeconds(60);

    public static RunningCollector start(Vertx vertx, CollectorConfig config) {
        return new RunningCollector(await(Collector.start(vertx, config), START_DEADLINE), WebClient.create(vertx));
    }

    /** The test fleet on a free port of loopback, two shards, with the given rules builder tweaks. */
    public static CollectorConfig.Builder fleetConfig() {
        return CollectorConfig.builder().port(0).shards(2).inventory(TestFleet.inventory(), TestFleet.agents())
                .people(TestPeople.all());
    }

    public Collector collector() {
        return collector;
    }

    public static <T> T await(Future<T> future) {
        return await(future, DEADLINE);
    }

    public static <T> T await(Future<T> future, Duration within) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("future failed: " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError("future did not complete: " + e, e);
        }
    }

    /** GETs as HQ (who sees everything). */
    public HttpResponse<Buffer> get(String pathAndQuery) {
        return getAs(TestPeople.HQ, pathAndQuery);
    }

    /** GETs with this bearer token; null sends none. */
    public HttpResponse<Buffer> getAs(String token, String pathAndQuery) {
        HttpRequest<Buffer> request = client.getAbs(collector.baseUrl() + pathAndQuery);
        if (token != null) {
            request.putHeader("Authorization", "Bearer " + token);
        }
        return await(request.send());
    }

    /** POSTs a JSON body with this bearer token. */
    public HttpResponse<Buffer> postAs(String token, String path, JsonObject body) {
        return await(client.postAbs(collector.baseUrl() + path).putHeader("Authorization", "Bearer " + token)
                .sendJsonObject(body));
    }

    public HttpResponse<Buffer> deleteAs(String token, String path) {
        return await(client.deleteAbs(collector.baseUrl() + path).putHeader("Authorization", "Bearer " + token).send());
    }

    public JsonObject getObject(String path) {
        HttpResponse<Buffer> r = get(path);
        assertThat(r.statusCode()).as("GET %s: %s", path, r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject();
    }

    /** The alerts HQ sees for this query string (e.g. {@code "?state=firing"}). */
    public JsonArray alerts(String query) {
        return alertsAs(TestPeople.HQ, query);
    }

    public JsonArray alertsAs(String token, String query) {
        HttpResponse<Buffer> r = getAs(token, "/api/v1/alerts" + query);
        assertThat(r.statusCode()).as("alerts%s: %s", query, r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject().getJsonArray("alerts");
    }

    /** POSTs raw bytes to the ingest endpoint; {@code token} null sends no Authorization header. */
    public HttpResponse<Buffer> ingest(String token, byte[] body) {
        HttpRequest<Buffer> request = client.postAbs(collector.baseUrl() + "/api/v1/ingest")
                .putHeader("Content-Type", "application/json");
        if (token != null) {
            request.putHeader("Authorization", "Bearer " + token);
        }
        return await(request.sendBuffer(Buffer.buffer(body)));
    }

    /** POSTs {@code body} gzipped, with {@code Content-Encoding: gzip}. */
    public HttpResponse<Buffer> ingestGzipped(String token, byte[] body) throws java.io.IOException {
        java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(zipped)) {
            gz.write(body);
        }
        return await(client.postAbs(collector.baseUrl() + "/api/v1/ingest")
                .putHeader("Content-Type", "application/json")
                .putHeader("Content-Encoding", "gzip")
                .putHeader("Authorization", "Bearer " + token)
                .sendBuffer(Buffer.buffer(zipped.toByteArray())));
    }

    /** Sends a batch as the branch's own agent. */
    public HttpResponse<Buffer> ingest(String branch, long seq, List<Sample> samples, List<Event> events) {
        return ingest(TestFleet.tokenOf(branch), encode(batch(branch, seq, samples, events)));
    }

    public static SiteBatch batch(String branch, long seq, List<Sample> samples, List<Event> events) {
        return new SiteBatch(TestFleet.agentOf(branch), branch, EPOCH, seq, System.currentTimeMillis(), samples, events);
    }

    public byte[] encode(SiteBatch batch) {
        return codec.encode(batch);
    }

    public static Sample sample(String device, String metric, double value, String... labels) {
        return new Sample(device, metric, Labels.of(labels), value, System.currentTimeMillis());
    }

    public String metricsText() {
        HttpResponse<Buffer> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        return r.bodyAsString();
    }

    /** The value of one sample line of /metrics, e.g. {@code metric("didban_ingest_rejected_total", "reason", "malformed")}. */
    public double metric(String name, String... labels) {
        StringBuilder prefix = new StringBuilder(name);
        if (labels.length > 0) {
            List<String> pairs = new ArrayList<>();
            for (int i = 0; i < labels.length; i += 2) {
                pairs.add(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            prefix.append('{').append(String.join(",", pairs)).append('}');
        }
        String text = metricsText();
        return Arrays.stream(text.split("\n"))
                .filter(line -> line.startsWith(prefix + " "))
                .map(line -> Double.parseDouble(line.substring(prefix.length() + 1).trim()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + prefix + " in\n" + text));
    }

    /** Polls {@code probe} until {@code done} accepts its value, failing at the deadline with the last value. */
    public static <T> T eventually(Supplier<T> probe, Predicate<T> done, String what) {
        return eventually(probe, done, DEADLINE, what);
    }

    /** As {@link #eventually(Supplier, Predicate, String)} with a deadline of the caller's; probes every 20 ms, or 200 ms past the first second. */
    public static <T> T eventually(Supplier<T> probe, Predicate<T> done, Duration within, String what) {
        long started = System.nanoTime();
        long deadline = started + within.toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within + ": " + what + "; last seen: " + last);
            }
            try {
                Thread.sleep(System.nanoTime() - started > 1_000_000_000L ? 200 : 20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            last = probe.get();
        }
        return last;
    }

    public static Map<String, Object> map(JsonObject o) {
        return o.getMap();
    }

    @Override
    public void close() {
        client.close();
        await(collector.close());
    }
}
