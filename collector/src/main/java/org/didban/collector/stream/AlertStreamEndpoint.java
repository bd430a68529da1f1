package org.didban.collector.stream;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.didban.collector.alerts.AlertChange;
import org.didban.collector.alerts.AlertFeed;
import org.didban.collector.alerts.TrackedAlert;
import org.didban.collector.api.AlertJson;
import org.didban.collector.http.Replies;
import org.didban.collector.people.Person;

/**
 * {@code GET /api/v1/alerts/stream}: the alert changes a person may see, live, as Server-Sent
 * Events, for dashboards. Must sit behind authentication (the {@link Person} of the request
 * decides what is sent: {@link Person#sees}); {@code ?province=&county=&branch=&severity=} (each a
 * value or a comma-separated list) narrow it further, never widen it.
 *
 * <pre>
 * id: 4711
 * event: alert
 * data: {"seq":4711,"kind":"evaluated","at":"…","from":"pending","to":"firing","actor":"didban","note":null,"alert":{…}}
 *
 * : keep-alive
 * </pre>
 *
 * The feed calls on the ledger's thread; each connection hops the change onto its own Vert.x
 * context. A consumer that cannot keep up (the connection's write queue is full, or too many
 * changes wait for its context) is dropped and counted — nothing is buffered without bound —
 * and should reconnect and re-read {@code GET /api/v1/alerts}. {@code Last-Event-ID} is not
 * replayed: after any reconnect the client re-reads the current alerts.
 */
public final class AlertStreamEndpoint {
    public static final String PATH = "/api/v1/alerts/stream";
    public static final String CONTENT_TYPE = "text/event-stream; charset=utf-8";
    /** What a browser's EventSource waits before reconnecting, in ms (sent as {@code retry:}). */
    static final int RETRY_MILLIS = 5_000;
    private static final String HEARTBEAT = ": keep-alive\n\n";

    /**
     * @param heartbeat          how often an idle stream gets a {@code : keep-alive} comment (proxies
     *                           close silent connections; a dead client is noticed at the next write)
     * @param maxStreams         open streams at most; more are answered 503
     * @param writeQueueMaxBytes bytes a connection may have waiting to be sent before it counts as slow
     * @param maxPending         changes that may wait for a connection's context before it counts as slow
     */
    public record Settings(Duration heartbeat, int maxStreams, int writeQueueMaxBytes, int maxPending) {
        public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(15), 5_000, 256 * 1024, 10_000);

        public Settings {
            Objects.requireNonNull(heartbeat, "heartbeat");
            if (heartbeat.toMillis() < 1) {
                throw new IllegalArgumentException("the heartbeat interval must be at least 1 ms");
            }
            if (maxStreams < 1 || writeQueueMaxBytes < 1 || maxPending < 1) {
                throw new IllegalArgumentException("stream limits must be positive");
            }
        }

        public Settings withHeartbeat(Duration every) {
            return new Settings(every, maxStreams, writeQueueMaxBytes, maxPending);
        }

        public Settings withMaxStreams(int streams) {
            return new Settings(heartbeat, streams, writeQueueMaxBytes, maxPending);
        }

        public Settings withWriteQueueMaxBytes(int bytes) {
            return new Settings(heartbeat, maxStreams, bytes, maxPending);
        }

        public Settings withMaxPending(int changes) {
            return new Settings(heartbeat, maxStreams, writeQueueMaxBytes, changes);
        }
    }

    private final AlertFeed feed;
    private final Settings settings;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final AtomicLong opened = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    /** The last change encoded, so that N subscribers of one change encode it once. */
    private final AtomicReference<Frame> lastFrame = new AtomicReference<>();
    private volatile boolean closing;

    public AlertStreamEndpoint(AlertFeed feed) {
        this(feed, Settings.DEFAULTS);
    }

    public AlertStreamEndpoint(AlertFeed feed, Settings settings) {
        this.feed = Objects.requireNonNull(feed, "feed");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Adds the route. Mount it after the authentication handler of this path, and before any
     * {@code /api/v1/alerts/:id} route (which would take "stream" for an id).
     */
    public void mount(Router router) {
        router.get(PATH).handler(this::open);
    }

    /** Streams open now. */
    public int streams() {
        return streams.size();
    }

    /** Streams ever opened. */
    public long opened() {
        return opened.get();
    }

    /** Streams closed because their consumer could not keep up. */
    public long dropped() {
        return dropped.get();
    }

    /** Requests refused because {@link Settings#maxStreams()} were open, or the endpoint was closing. */
    public long refused() {
        return refused.get();
    }

    /** Events written to all streams. */
    public long sent() {
        return sent.get();
    }

    /**
     * Ends every open stream (clients reconnect, e.g. to another collector) and refuses new ones.
     * Call before closing the HTTP server; safe from any thread.
     */
    public void close() {
        closing = true;
        for (Stream s : streams) {
            s.context.runOnContext(v -> s.end());
        }
    }

    private void open(RoutingContext ctx) {
        Person person = ctx.get(Person.CONTEXT_KEY);
        if (person == null) {
            // a wiring mistake, not the caller's: refuse rather than stream everything
            Replies.error(ctx, 500, "the alert stream is not behind authentication");
            return;
        }
        StreamFilter filter;
        try {
            filter = StreamFilter.parse(ctx.queryParams());
        } catch (IllegalArgumentException e) {
            Replies.error(ctx, 400, e.getMessage());
            return;
        }
        if (closing || streams.size() >= settings.maxStreams()) {
            refused.incrementAndGet();
            ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "30");
            Replies.error(ctx, 503, closing ? "the collector is shutting down" : "too many open alert streams; retry later");
            return;
        }
        Context context = Vertx.currentContext();
        HttpServerResponse response = ctx.response();
        response.setStatusCode(200)
                .putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                // compression could hold events back in the deflater; and proxies must not buffer
                .putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY)
                .putHeader("X-Accel-Buffering", "no")
                .setChunked(true)
                .setWriteQueueMaxSize(settings.writeQueueMaxBytes());
        Stream stream = new Stream(ctx, person, filter, context);
        streams.add(stream);
        opened.incrementAndGet();
        response.closeHandler(v -> stream.close(false));
        response.exceptionHandler(e -> stream.close(false));
        stream.subscription = feed.subscribe(stream::offer);
        java.util.function.BooleanSupplier stillValid = ctx.get(Person.STILL_VALID_KEY);
        stream.timer = ctx.vertx().setPeriodic(settings.heartbeat().toMillis(), id -> {
            // a stream outlives its request: once its person signed out or was disabled, it ends
            if (stillValid != null && !stillValid.getAsBoolean()) {
                stream.end();
                return;
            }
            stream.write(HEARTBEAT, false);
        });
        // the first write sends the headers, so the client knows at once that it is connected
        stream.write(": didban alert stream for " + person.role().wireName()
                + (person.area().isEmpty() ? "" : " " + person.area()) + "\nretry: " + RETRY_MILLIS + "\n\n", false);
    }

    private String frameOf(AlertChange change) {
        Frame last = lastFrame.get();
        if (last != null && last.change == change) {
            return last.text;
        }
        StringBuilder b = new StringBuilder(512);
        if (change.seq() > 0) {
            b.append("id: ").append(change.seq()).append('\n');
        }
        // JSON escapes CR and LF inside strings, so the data is one line
        b.append("event: alert\ndata: ").append(AlertJson.change(change, true).encode()).append("\n\n");
        String text = b.toString();
        lastFrame.set(new Frame(change, text));
        return text;
    }

    private record Frame(AlertChange change, String text) {
    }

    /** One subscriber's connection. Its state is touched on its context only, but for {@link #offer}. */
    private final class Stream {
        final RoutingContext ctx;
        final Person person;
        final StreamFilter filter;
        final Context context;
        final AtomicInteger pending = new AtomicInteger();
        final AtomicBoolean dropping = new AtomicBoolean();
        volatile boolean closed;
        volatile AutoCloseable subscription;
        long timer = -1;

        Stream(RoutingContext ctx, Person person, StreamFilter filter, Context context) {
            this.ctx = ctx;
            this.person = person;
            this.filter = filter;
            this.context = context;
        }

        /** On the feed's thread: filter, encode (once for all streams), hop onto the connection's context. */
        void offer(AlertChange change) {
            if (closed) {
                return;
            }
            TrackedAlert a = change.alert();
            if (!person.sees(a.provinceCode(), a.countyCode()) || !filter.matches(a)) {
                return;
            }
            if (pending.incrementAndGet() > settings.maxPending()) {
                pending.decrementAndGet();
                if (dropping.compareAndSet(false, true)) {
                    context.runOnContext(v -> drop());
                }
                return;
            }
            String frame = frameOf(change);
            context.runOnContext(v -> {
                pending.decrementAndGet();
                write(frame, true);
            });
        }

        /** On the context. */
        void write(String text, boolean event) {
            if (closed) {
                return;
            }
            HttpServerResponse r = ctx.response();
            if (r.closed() || r.ended()) {
                close(false);
                return;
            }
            if (r.writeQueueFull()) {
                drop();
                return;
            }
            r.write(text);
            if (event) {
                sent.incrementAndGet();
            }
        }

        void drop() {
            if (!closed) {
                dropped.incrementAndGet();
                close(true);
            }
        }

        /** Ends the response cleanly, for a shutdown. */
        void end() {
            if (closed) {
                return;
            }
            close(false);
            HttpServerResponse r = ctx.response();
            if (!r.closed() && !r.ended()) {
                r.end();
            }
        }

        /** On the context; idempotent. {@code reset} closes the connection (or HTTP/2 stream) at once. */
        void close(boolean reset) {
            if (closed) {
                return;
            }
            closed = true;
            streams.remove(this);
            if (timer >= 0) {
                ctx.vertx().cancelTimer(timer);
            }
            AutoCloseable s = subscription;
            if (s != null) {
                try {
                    s.close();
                } catch (Exception e) {
                    // AlertFeed's handle only removes the subscriber from a list
                }
            }
            if (reset && !ctx.response().closed()) {
                ctx.response().reset();
            }
        }
    }
}
