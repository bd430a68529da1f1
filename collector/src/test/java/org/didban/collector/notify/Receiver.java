package org.didban.collector.notify;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A webhook receiver on a loopback port: records every request and answers as its script says
 * (by the 0-based number of the request on its path).
 */
final class Receiver implements AutoCloseable {
    /** One request as it arrived. */
    record Received(String path, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonObject json() {
            return new JsonObject(text());
        }

        io.vertx.core.json.JsonArray array() {
            return new io.vertx.core.json.JsonArray(text());
        }

        long seq() {
            return json().getLong("seq");
        }
    }

    /** What to answer: a status, optional headers, and when (a future, to hold an answer back). */
    record Answer(int status, Map<String, String> headers, Future<Void> when) {
        static Answer of(int status) {
            return new Answer(status, Map.of(), Future.succeededFuture());
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> counts = new TreeMap<>();
    private final Function<Integer, Answer> script;

    private Receiver(Vertx vertx, Function<Integer, Answer> script) {
        this.script = script;
        this.server = vertx.createHttpServer().requestHandler(this::handle);
    }

    static Receiver start(Vertx vertx, Function<Integer, Answer> script) {
        Receiver r = new Receiver(vertx, script);
        try {
            r.server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("receiver did not start", e);
        }
        return r;
    }

    static Receiver answering(Vertx vertx, int... statuses) {
        return start(vertx, n -> Answer.of(statuses[Math.min(n, statuses.length - 1)]));
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            Map<String, String> headers = new TreeMap<>();
            request.headers().forEach(e -> headers.put(e.getKey().toLowerCase(java.util.Locale.ROOT), e.getValue()));
            int n;
            synchronized (counts) {
                n = counts.merge(request.path(), 1, Integer::sum) - 1;
            }
            received.add(new Received(request.path(), headers, body.getBytes()));
            Answer answer = script.apply(n);
            answer.when().onComplete(ignored -> {
                answer.headers().forEach(request.response()::putHeader);
                request.response().setStatusCode(answer.status()).end("answer " + answer.status());
            });
        });
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.actualPort() + path);
    }

    List<Received> received() {
        return new ArrayList<>(received);
    }

    List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Override
    public void close() {
        try {
            server.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An answer held back until the returned promise completes. */
    static Promise<Void> held() {
        return Promise.promise();
    }
}
