package org.didban.agent.http;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The HTTP an agent speaks with its collector: a batch POST or a config GET at a time, small
 * bodies, a handful of headers. Kept this narrow so that the agent can use the JDK's lightest
 * client ({@link UrlConnectionHttp}); {@code java.net.http} alone costs an agent about 14 MB of
 * resident memory (docs/BENCHMARKS.md), a fifth of its budget.
 */
@FunctionalInterface
public interface CollectorHttp {

    /**
     * Sends the request; the future completes with whatever status the collector answered, or
     * exceptionally with an {@link java.io.IOException} when it could not be reached, or another
     * exception when the request could not be made at all (a header with a line break).
     */
    CompletableFuture<Reply> send(Request request);

    /** One request. Header names as written; the body may be empty (a GET). */
    record Request(String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout) {
        public Request {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(uri, "uri");
            headers = Map.copyOf(headers);
            body = body == null ? new byte[0] : body;
            Objects.requireNonNull(timeout, "timeout");
        }

        public static Request get(URI uri, Map<String, String> headers, Duration timeout) {
            return new Request("GET", uri, headers, null, timeout);
        }

        public static Request post(URI uri, Map<String, String> headers, byte[] body, Duration timeout) {
            return new Request("POST", uri, headers, body, timeout);
        }
    }

    /**
     * The collector's answer, its body read up to the client's limit.
     *
     * @param headers first value of each header, names in lower case
     */
    record Reply(int status, Map<String, String> headers, byte[] body) {
        public Reply {
            headers = Map.copyOf(headers);
            body = body == null ? new byte[0] : body;
        }

        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }

        public String bodyText() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
