package org.didban.agent.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.didban.wire.MalformedBatchException;
import org.didban.wire.SiteBatch;
import org.didban.wire.SiteBatchCodec;

/**
 * The collector's ingest endpoint, as far as an agent can tell: records every request and answers
 * with scripted statuses (200 once the script runs out). Listens on 127.0.0.1, port 0.
 */
public final class FakeCollector implements AutoCloseable {
    /** One request as received; {@code batch} is null when the body did not decode. */
    public record Received(String path, String authorization, String contentType, SiteBatch batch, int answered) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final Queue<Integer> script = new ConcurrentLinkedQueue<>();
    private final List<Received> received = new ArrayList<>();
    private final SiteBatchCodec codec = new SiteBatchCodec();

    public FakeCollector() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next requests get these statuses, in order. */
    public void answer(Integer... statuses) {
        script.addAll(List.of(statuses));
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
                if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                    // The uplink gzips every batch, as the real collector expects.
                    body = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
                }
        SiteBatch batch;
        try {
            batch = codec.decode(body);
        } catch (MalformedBatchException e) {
            batch = null;
        }
        Integer scripted = script.poll();
        int status = scripted != null ? scripted : batch == null ? 400 : 200;
        synchronized (received) {
            received.add(new Received(exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), batch, status));
        }
        byte[] answer = ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Requests answered 2xx: the batches the agent may count as delivered. */
    public List<SiteBatch> accepted() {
        return received().stream().filter(r -> r.answered() / 100 == 2).map(Received::batch).toList();
    }

    /** Waits for a condition without guessing a sleep; fails with {@code what} at the deadline. */
    public static void await(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + within + " waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
