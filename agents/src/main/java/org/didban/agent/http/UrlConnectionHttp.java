package org.didban.agent.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URLConnection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@link CollectorHttp} over {@link HttpURLConnection}: HTTP/1.1 with the JDK's keep-alive cache,
 * blocking, on threads of its own so that a slow collector never holds up polling. An agent sends
 * one request at a time, so one thread serves it; the demo shares a few among its agents.
 * Threads end when idle, so a quiet agent holds none.
 */
public final class UrlConnectionHttp implements CollectorHttp, AutoCloseable {
    /** The header carrying the agent's clock at the moment a request is sent (epoch milliseconds). */
    public static final String SEND_CLOCK_HEADER = "X-Didban-Sent-At";

    /**
     * The JDK's HttpURLConnection logs every request header, Authorization included, at FINE: an
     * operator who turns on debug logging would put the agent's token in the log. Held here so the
     * level set is not lost when the logger is collected.
     */
    private static final java.util.logging.Logger JDK_HTTP_LOG =
            java.util.logging.Logger.getLogger("sun.net.www.protocol.http.HttpURLConnection");

    static {
        JDK_HTTP_LOG.setLevel(java.util.logging.Level.INFO);
    }

    /**
     * Replies are read up to this many bytes plus one, so a caller can tell an oversized reply by
     * its length; the rest is not read. The collector's answers are a few hundred bytes, configs
     * less than 1 MiB.
     */
    public static final int MAX_REPLY_BYTES = 4 << 20;

    private final ThreadPoolExecutor threads;
    private final Duration connectTimeout;
    /** The agent's mutual TLS (its certificate, only the collector's CA trusted), or null: token mode. */
    private final javax.net.ssl.SSLSocketFactory tls;

    private UrlConnectionHttp(String name, int threadCount, Duration connectTimeout, javax.net.ssl.SSLSocketFactory tls) {
        this.connectTimeout = connectTimeout;
        this.tls = tls;
        this.threads = new ThreadPoolExecutor(threadCount, threadCount, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                });
        threads.allowCoreThreadTimeOut(true);
    }

    /** One sending thread, named for the agent: what one agent needs. */
    public static UrlConnectionHttp forAgent(String agentId, Duration connectTimeout) {
        return new UrlConnectionHttp("didban-http-" + agentId, 1, connectTimeout, null);
    }

    /**
     * One sending thread for an enrolled agent: HTTPS only, with {@code tls} (from
     * {@link org.didban.agent.identity.AgentIdentity#socketFactory()}, made once per agent so that
     * its connection is kept alive). A plain {@code http://} address is refused.
     */
    public static UrlConnectionHttp forAgent(String agentId, Duration connectTimeout, javax.net.ssl.SSLSocketFactory tls) {
        return new UrlConnectionHttp("didban-http-" + agentId, 1, connectTimeout,
                java.util.Objects.requireNonNull(tls, "tls"));
    }

    /** A few threads shared by many agents in one process (the demo). */
    public static UrlConnectionHttp shared(int threadCount, Duration connectTimeout) {
        if (threadCount < 1) {
            throw new IllegalArgumentException("at least one thread");
        }
        return new UrlConnectionHttp("didban-http", threadCount, connectTimeout, null);
    }

    @Override
    public CompletableFuture<Reply> send(Request request) {
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        try {
            threads.execute(() -> {
                try {
                    reply.complete(exchange(request));
                } catch (IOException | RuntimeException e) {
                    reply.completeExceptionally(e);
                }
            });
        } catch (RuntimeException rejected) {
            reply.completeExceptionally(rejected); // closed
        }
        return reply;
    }

    private Reply exchange(Request request) throws IOException {
        URLConnection opened = request.uri().toURL().openConnection();
        if (!(opened instanceof HttpURLConnection)) {
            throw new IOException("not an HTTP address: " + request.uri().getScheme());
        }
        HttpURLConnection c = (HttpURLConnection) opened;
        if (tls != null) {
            if (!(c instanceof javax.net.ssl.HttpsURLConnection)) {
                throw new IOException("this agent holds a certificate: the collector address must be https, not "
                        + request.uri().getScheme());
            }
            ((javax.net.ssl.HttpsURLConnection) c).setSSLSocketFactory(tls);
        }
        try {
            c.setRequestMethod(request.method());
            c.setConnectTimeout(millis(connectTimeout));
            c.setReadTimeout(millis(request.timeout()));
            c.setInstanceFollowRedirects(false);
            c.setUseCaches(false);
            request.headers().forEach(c::setRequestProperty);
            // the agent's clock as it sends: what the collector judges the clock by, since a
            // spooled batch's own sent_at tells when it was made, not when it went out
            c.setRequestProperty(SEND_CLOCK_HEADER, Long.toString(System.currentTimeMillis()));
            if (request.body().length > 0 || "POST".equals(request.method())) {
                c.setDoOutput(true);
                c.setFixedLengthStreamingMode(request.body().length);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(request.body());
                }
            }
            int status = c.getResponseCode();
            Map<String, String> headers = new HashMap<>();
            for (Map.Entry<String, List<String>> h : c.getHeaderFields().entrySet()) {
                if (h.getKey() != null && !h.getValue().isEmpty()) {
                    headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue().get(0));
                }
            }
            byte[] body;
            // The body is read to the end (error bodies too) so the connection goes back to the keep-alive cache.
            try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                body = in == null ? new byte[0] : in.readNBytes(MAX_REPLY_BYTES + 1);
            }
            if (body.length > MAX_REPLY_BYTES) {
                c.disconnect(); // not worth reading the rest of an oversized reply to keep the connection
            }
            return new Reply(status, headers, body);
        } catch (IOException | RuntimeException e) {
            c.disconnect();
            throw e;
        }
    }

    private static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
