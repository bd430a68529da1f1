package org.didban.agent.uplink;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.didban.agent.config.Secret;
import org.didban.model.Event;
import org.didban.model.Sample;
import org.didban.wire.SiteBatch;
import org.didban.wire.SiteBatchCodec;

/**
 * Pushes batches to the collector's ingest API ({@code POST /api/v1/ingest}, JSON, bearer token),
 * strictly one at a time and in sequence order. A batch the collector could not take now (no
 * connection, 5xx, 429, 408) is retried with backoff under the same sequence number, so the
 * collector can recognise a retry of a batch it already stored; any 2xx, including an
 * acknowledgement of such a duplicate, counts as delivered. Any other 4xx will never be accepted:
 * the batch is dropped, logged and counted. Nothing blocks a thread: sends are asynchronous and
 * retries are scheduled on the given executor.
 */
public final class Uplink implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Uplink.class.getName());
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final String agent;
    private final String branch;
    private final URI ingest;
    private final Secret token;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final BatchQueue queue;
    private final Backoff backoff;
    private final Clock clock;
    private final SiteBatchCodec codec = new SiteBatchCodec();
    private final AtomicLong nextSeq;
    /** This run of the agent: its start time, so the collector tells a restart from a replay. */
    private final long epoch;
    private final AtomicBoolean sending = new AtomicBoolean();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lastDelivered = new AtomicLong();
    private volatile ScheduledFuture<?> pendingRetry;
    private volatile boolean closed;

    /**
     * @param firstSeq the sequence number of the next batch: 1 for a fresh agent; a spool that
     *                 survives restarts would resume after the last one it holds
     */
    public Uplink(String agent, String branch, URI ingest, Secret token, HttpClient http,
                  ScheduledExecutorService scheduler, BatchQueue queue, Backoff backoff, Clock clock, long firstSeq) {
        this.agent = Objects.requireNonNull(agent);
        this.branch = Objects.requireNonNull(branch);
        this.ingest = Objects.requireNonNull(ingest);
        this.token = Objects.requireNonNull(token);
        this.http = Objects.requireNonNull(http);
        this.scheduler = Objects.requireNonNull(scheduler);
        this.queue = Objects.requireNonNull(queue);
        this.backoff = Objects.requireNonNull(backoff);
        this.clock = Objects.requireNonNull(clock);
        if (firstSeq < 1) {
            throw new IllegalArgumentException("sequence numbers start at 1");
        }
        this.nextSeq = new AtomicLong(firstSeq);
        this.epoch = clock.millis();
    }

    /** Queues what one poll round produced as the next batch and starts sending if idle. */
    public void submit(List<Sample> samples, List<Event> events) {
        if (closed) {
            return;
        }
        synchronized (nextSeq) {
            // numbering and queueing together, so that the queue is always in sequence order
            queue.add(new SiteBatch(agent, branch, epoch, nextSeq.getAndIncrement(), clock.millis(), samples, events));
        }
        pump();
    }

    private void pump() {
        while (!closed && sending.compareAndSet(false, true)) {
            SiteBatch head = queue.peek();
            if (head != null) {
                send(head, codec.encode(head), 0);
                return;
            }
            sending.set(false);
            if (queue.peek() == null) {
                return; // else a batch arrived between peek and release: go round again
            }
        }
    }

    private void send(SiteBatch batch, byte[] body, int attempt) {
        if (closed) {
            sending.set(false);
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(ingest)
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token.reveal())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .whenComplete((response, error) -> settle(batch, body, attempt, response, error));
    }

    private void settle(SiteBatch batch, byte[] body, int attempt, HttpResponse<String> response, Throwable error) {
        if (closed) {
            sending.set(false);
            return;
        }
        int status = response == null ? -1 : response.statusCode();
        if (status >= 200 && status < 300) {
            queue.remove(batch);
            sent.incrementAndGet();
            lastDelivered.set(batch.seq());
            next();
        } else if (status >= 400 && status < 500 && status != 429 && status != 408) {
            queue.remove(batch);
            refused.incrementAndGet();
            LOG.log(System.Logger.Level.ERROR, "collector refused batch {0} of agent {1} with HTTP {2}: {3}",
                    batch.seq(), agent, status, abbreviate(response.body()));
            next();
        } else {
            retries.incrementAndGet();
            Duration wait = backoff.delay(attempt);
            if (status == 429) {
                wait = max(wait, retryAfter(response));
            }
            LOG.log(System.Logger.Level.DEBUG, "batch {0} of agent {1} not delivered ({2}); retry in {3} ms",
                    batch.seq(), agent, error != null ? String.valueOf(error) : "HTTP " + status, wait.toMillis());
            pendingRetry = scheduler.schedule(() -> send(batch, body, attempt + 1), wait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void next() {
        sending.set(false);
        pump();
    }

    private static Duration retryAfter(HttpResponse<String> response) {
        try {
            return response.headers().firstValue("Retry-After")
                    .map(s -> Duration.ofSeconds(Math.min(Long.parseLong(s.trim()), 300)))
                    .orElse(Duration.ZERO);
        } catch (NumberFormatException e) {
            return Duration.ZERO; // an HTTP date: the backoff alone will do
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String abbreviate(String body) {
        if (body == null) {
            return "";
        }
        return body.length() <= 200 ? body : body.substring(0, 200) + "…";
    }

    public long batchesSent() {
        return sent.get();
    }

    public long retries() {
        return retries.get();
    }

    /** Batches the collector refused for good (4xx other than 408/429). */
    public long batchesRefused() {
        return refused.get();
    }

    /** The sequence number of the last batch the collector took; 0 before the first. */
    public long lastDeliveredSeq() {
        return lastDelivered.get();
    }

    public BatchQueue queue() {
        return queue;
    }

    /** Stops sending; batches still queued stay in the queue (lost with a memory queue). */
    @Override
    public void close() {
        closed = true;
        ScheduledFuture<?> retry = pendingRetry;
        if (retry != null) {
            retry.cancel(false);
        }
    }
}
