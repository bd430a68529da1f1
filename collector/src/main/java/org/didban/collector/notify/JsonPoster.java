package org.didban.collector.notify;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * POSTs JSON to receivers without blocking: the whole exchange, answer included, within a
 * deadline, after which the request is reset. Only the first few hundred bytes of an answer are
 * kept (for dead letters); a receiver cannot make Didban buffer a large one. Fails the future on
 * anything short of an HTTP answer: refused or lost connection, TLS failure, deadline.
 */
final class JsonPoster {
    static final String CONTENT_TYPE = "application/json; charset=utf-8";
    private static final int EXCERPT_BYTES = 300;

    private final Vertx vertx;
    private final HttpClientAgent client;

    JsonPoster(Vertx vertx) {
        this.vertx = vertx;
        // Redirects are not followed: a POST that is redirected is a misconfigured URL, reported as such.
        this.client = vertx.createHttpClient(new HttpClientOptions().setDecompressionSupported(false));
    }

    Future<ReceiverAnswer> post(URI url, Map<String, String> headers, byte[] body, Duration timeout) {
        long millis = timeout.toMillis();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url.toString())
                .setConnectTimeout(millis)
                .setIdleTimeout(millis)
                .setFollowRedirects(false)
                .putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("User-Agent", "didban-notifier");
        headers.forEach(options::putHeader);
        return client.request(options).compose(request -> {
            long deadline = vertx.setTimer(millis, id ->
                    request.reset(0, new TimeoutException("no answer within " + millis + " ms")));
            return request.send(Buffer.buffer(body))
                    .compose(JsonPoster::read)
                    .andThen(done -> vertx.cancelTimer(deadline));
        });
    }

    private static Future<ReceiverAnswer> read(HttpClientResponse response) {
        Promise<ReceiverAnswer> answer = Promise.promise();
        Buffer head = Buffer.buffer();
        response.handler(chunk -> {
            int room = EXCERPT_BYTES - head.length();
            if (room > 0) {
                head.appendBuffer(chunk.length() <= room ? chunk : chunk.slice(0, room));
            }
        });
        response.exceptionHandler(answer::tryFail);
        response.endHandler(v -> answer.tryComplete(new ReceiverAnswer(response.statusCode(),
                response.getHeader("Retry-After"), excerpt(head))));
        return answer.future();
    }

    private static String excerpt(Buffer head) {
        // A multi-byte character cut at the edge decodes as U+FFFD; good enough for a note.
        return new String(head.getBytes(), StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
    }

    Future<Void> close() {
        return client.close();
    }
}
