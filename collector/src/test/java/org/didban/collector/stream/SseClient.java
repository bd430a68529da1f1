package org.didban.collector.stream;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test's Server-Sent Events client over a real HTTP connection: parses events into a queue. */
final class SseClient {
    /** One event (or, with only comments, a comment block). */
    record Event(String id, String event, String data, List<String> comments) {
        JsonObject json() {
            return new JsonObject(data);
        }
    }

    private final HttpClient http;
    private final HttpClientResponse response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private Buffer pending = Buffer.buffer();
    private volatile boolean ended;
    private String body;

    /** On the client's context, as the response arrives: nothing of the body can be missed. */
    private SseClient(HttpClient http, HttpClientResponse response) {
        this.http = http;
        this.response = response;
        if (response.statusCode() == 200) {
            response.request().connection().closeHandler(v -> ended = true);
            response.handler(this::append);
            response.endHandler(v -> ended = true);
            response.exceptionHandler(e -> ended = true);
        }
    }

    /**
     * Connects and waits for the response head (and the whole body of an error); events then
     * stream into {@link #next}. The request is made on one Vert.x context, so that its handlers
     * are in place before any of the body is dispatched.
     */
    static SseClient connect(Vertx vertx, int port, String token, String query, String acceptEncoding) throws Exception {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
                .setURI(AlertStreamEndpoint.PATH + (query == null ? "" : "?" + query));
        if (token != null) {
            options.putHeader("Authorization", "Bearer " + token);
        }
        if (acceptEncoding != null) {
            options.putHeader("Accept-Encoding", acceptEncoding);
        }
        CompletableFuture<SseClient> connected = new CompletableFuture<>();
        Context context = vertx.getOrCreateContext();
        context.runOnContext(v -> {
            HttpClient http = vertx.createHttpClient();
            http.request(options).compose(r -> r.send()).compose(response -> {
                SseClient client = new SseClient(http, response);
                if (response.statusCode() == 200) {
                    return Future.succeededFuture(client);
                }
                return response.body().map(b -> {
                    client.body = b.toString(StandardCharsets.UTF_8);
                    return client;
                });
            }).onComplete(done -> {
                if (done.succeeded()) {
                    connected.complete(done.result());
                } else {
                    http.close();
                    connected.completeExceptionally(done.cause());
                }
            });
        });
        return connected.get(10, TimeUnit.SECONDS);
    }

    int status() {
        return response.statusCode();
    }

    String header(String name) {
        return response.getHeader(name);
    }

    /** The whole body of a response that is not a stream (an error). */
    String body() {
        return body;
    }

    boolean ended() {
        return ended;
    }

    /** Called on the client's context. Splits on blank lines, in bytes, so no UTF-8 sequence is cut. */
    private void append(Buffer chunk) {
        pending.appendBuffer(chunk);
        byte[] bytes = pending.getBytes();
        int start = 0;
        for (int i = 0; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\n' && bytes[i + 1] == '\n') {
                parse(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                start = i + 2;
                i++;
            }
        }
        pending = Buffer.buffer().appendBytes(bytes, start, bytes.length - start);
    }

    private void parse(String block) {
        String id = null;
        String event = null;
        StringBuilder data = null;
        List<String> comments = new ArrayList<>();
        for (String line : block.split("\n", -1)) {
            if (line.startsWith(":")) {
                comments.add(line.substring(1).strip());
            } else if (line.startsWith("id: ")) {
                id = line.substring(4);
            } else if (line.startsWith("event: ")) {
                event = line.substring(7);
            } else if (line.startsWith("data: ")) {
                data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
            }
        }
        events.add(new Event(id, event, data == null ? null : data.toString(), comments));
    }

    /** The next event with data (comment-only blocks skipped); fails after the deadline. */
    Event next(Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            Event e = events.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("no event within " + deadline);
            }
            if (e.data() != null) {
                return e;
            }
        }
    }

    /** The next block whatever it is, or null after the deadline. */
    Event nextBlock(Duration deadline) throws InterruptedException {
        return events.poll(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Events with data that arrived and were not taken, waiting {@code quiet} first. */
    List<Event> drain(Duration quiet) throws InterruptedException {
        Thread.sleep(quiet.toMillis());
        List<Event> out = new ArrayList<>();
        Event e;
        while ((e = events.poll()) != null) {
            if (e.data() != null) {
                out.add(e);
            }
        }
        return out;
    }

    /** Closes the connection, as a browser tab going away would. */
    void disconnect() throws Exception {
        response.request().connection().close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        http.close();
    }

    void close() {
        http.close();
    }
}
