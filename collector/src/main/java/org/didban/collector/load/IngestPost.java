package org.didban.collector.load;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;

/** One simulated agent's batch sent to a collector's ingest, as the agent sends it. */
final class IngestPost {
    private IngestPost() {
    }

    /** Completes with the answer's status code, once its body is read. */
    static Future<Integer> send(HttpClient http, URI collector, String token, Buffer body) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(collector.getHost())
                .setPort(collector.getPort()).setURI("/api/v1/ingest")
                .putHeader("Authorization", "Bearer " + token).putHeader("Content-Type", "application/json");
        return http.request(options)
                .compose(req -> req.send(body))
                .compose(resp -> resp.body().map(b -> resp.statusCode()));
    }
}
