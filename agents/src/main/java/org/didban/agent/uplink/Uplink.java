package org.didban.agent.uplink;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.didban.agent.WireText;
import org.didban.agent.config.Secret;
import org.didban.agent.config.SiteConfig;
import org.didban.agent.http.CollectorHttp;
import org.didban.model.Event;
import org.didban.model.Sample;
import org.didban.wire.SiteBatch;
import org.didban.wire.SiteBatchCodec;

/**
 * Pushes batches to the collector's ingest API ({@code POST /api/v1/ingest}, JSON, bearer token),
 * strictly one at a time and in sequence order. A batch the collector could not take now (no
 * connection, 5xx, 429, 408) is retried with backoff under the same sequence number, so the
 * collector can recognise a retry of a batch it already stored; any 2xx, including an
 * acknowledgement of such a duplicate, counts as delivered. A 401 refuses the agent's credential
 * (a revoked certificate, a wrong token), not the batch: it is kept and retried with backoff. Any
 * other 4xx will never be accepted: the batch is dropped, logged and counted. Sends run on the client's threads and retries are
 * scheduled on the given executor, so a slow collector never holds up polling.
 *
 * <p>Given the addresses of several collector nodes (a cluster: any node takes any batch and
 * hands it to the node that owns the branch), the uplink sends to one of them for as long as it
 * works. When that node cannot be reached, times out or answers 5xx (a node shutting down, or
 * whose branch is moving, answers 503), the retry of the same batch, after the same backoff,
 * goes to the next address in the list, round robin: each such move is a failover, counted and
 * logged. The batch keeps its epoch and seq, so a node that already holds it answers "duplicate".
 * Answers about the agent or the batch (401 and the other 4xx) and 429/408 stay on the node.
 */
public final class Uplink implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Uplink.class.getName());
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final String agent;
    private final String branch;
    /** Where batches are posted, one per collector node, in the configured order. */
    private final List<URI> ingest;
    private final Secret token;
    private final CollectorHttp http;
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
    private final AtomicLong sendErrors = new AtomicLong();
    private final AtomicLong unsendable = new AtomicLong();
    /** 401 answers since the last delivery: the credential is refused, the batches are kept. */
    private final AtomicLong unauthorized = new AtomicLong();
    /** The node batches go to now: an index into {@link #ingest}; only the one send in flight moves it. */
    private volatile int node;
    private final AtomicLong failovers = new AtomicLong();
    private volatile ScheduledFuture<?> pendingRetry;
    /** Told after every send whether the collector answered (true) or could not be reached (false). */
    private volatile java.util.function.Consumer<Boolean> reachability = reached -> { };
    private volatile boolean closed;

    /**
     * A new run of the agent: its epoch is the clock's time now.
     *
     * @param firstSeq the sequence number of the next batch: 1 for a fresh agent
     */
    public Uplink(String agent, String branch, URI ingest, Secret token, CollectorHttp http,
                  ScheduledExecutorService scheduler, BatchQueue queue, Backoff backoff, Clock clock, long firstSeq) {
        this(agent, branch, List.of(ingest), token, http, scheduler, queue, backoff, clock, firstSeq, clock.millis());
    }

    /**
     * A new run of the agent sending to a collector cluster: the first address first, the next one
     * after a failure (see the class comment).
     *
     * @param ingest the ingest address at each collector node, in the order to try them
     */
    public Uplink(String agent, String branch, List<URI> ingest, Secret token, CollectorHttp http,
                  ScheduledExecutorService scheduler, BatchQueue queue, Backoff backoff, Clock clock, long firstSeq) {
        this(agent, branch, ingest, token, http, scheduler, queue, backoff, clock, firstSeq, clock.millis());
    }

    /**
     * Continues a run: a queue that survives restarts (the disk spool) gives the epoch and the next
     * sequence number it persisted, so that the batches it replays and the new ones form one
     * increasing sequence of one run, which the collector neither drops as stale nor applies twice.
     *
     * @param firstSeq the sequence number of the next batch
     * @param epoch    the run these batches belong to (epoch milliseconds of its first start)
     */
    public Uplink(String agent, String branch, URI ingest, Secret token, CollectorHttp http,
                  ScheduledExecutorService scheduler, BatchQueue queue, Backoff backoff, Clock clock, long firstSeq,
                  long epoch) {
        this(agent, branch, List.of(ingest), token, http, scheduler, queue, backoff, clock, firstSeq, epoch);
    }

    /**
     * Continues a run (as above), sending to a collector cluster.
     *
     * @param ingest the ingest address at each collector node, in the order to try them
     */
    public Uplink(String agent, String branch, List<URI> ingest, Secret token, CollectorHttp http,
                  ScheduledExecutorService scheduler, BatchQueue queue, Backoff backoff, Clock clock, long firstSeq,
                  long epoch) {
        this.agent = Objects.requireNonNull(agent);
        this.branch = Objects.requireNonNull(branch);
        this.ingest = List.copyOf(ingest);
        if (this.ingest.isEmpty()) {
            throw new IllegalArgumentException("at least one collector address");
        }
        this.token = Objects.requireNonNull(token);
        this.http = Objects.requireNonNull(http);
        this.scheduler = Objects.requireNonNull(scheduler);
        this.queue = Objects.requireNonNull(queue);
        this.backoff = Objects.requireNonNull(backoff);
        this.clock = Objects.requireNonNull(clock);
        if (firstSeq < 1) {
            throw new IllegalArgumentException("sequence numbers start at 1");
        }
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch must be positive");
        }
        this.nextSeq = new AtomicLong(firstSeq);
        this.epoch = epoch;
    }

    /**
     * Queues what one poll round produced as the next batch and starts sending if idle. What the
     * collector would refuse anyway (over-long text, invalid names) is bounded or left out and
     * counted ({@link #unsendable()}), so that one bad string never costs the whole batch.
     */
    public void submit(List<Sample> samples, List<Event> events) {
        if (closed) {
            return;
        }
        WireText.Cleaned clean = WireText.clean(samples, events);
        int left = clean.droppedSamples() + clean.droppedEvents();
        if (left > 0) {
            unsendable.addAndGet(left);
            LOG.log(System.Logger.Level.WARNING, "agent {0}: left {1} samples and {2} events out of a batch:"
                    + " names or values the collector would refuse", agent, clean.droppedSamples(), clean.droppedEvents());
        }
        synchronized (nextSeq) {
            // numbering and queueing together, so that the queue is always in sequence order
            queue.add(new SiteBatch(agent, branch, epoch, nextSeq.getAndIncrement(), clock.millis(),
                    clean.samples(), clean.events()));
        }
        pump();
    }

    /** Who wants to know whether the collector can be reached (the agent's local rules). */
    public void onReachability(java.util.function.Consumer<Boolean> listener) {
        this.reachability = java.util.Objects.requireNonNull(listener);
    }

    /**
     * Starts sending what the queue already holds, without waiting for the next {@link #submit}:
     * a disk spool replaying the batches of an earlier start. Does nothing if already sending.
     */
    public void sendQueued() {
        pump();
    }

    private void pump() {
        while (!closed && sending.compareAndSet(false, true)) {
            SiteBatch head = queue.peek();
            if (head != null) {
                byte[] body;
                try {
                    body = gzip(codec.encode(head));
                } catch (RuntimeException e) {
                    // cannot happen with what submit() queues; it would fail again: drop it, go on
                    queue.remove(head);
                    refused.incrementAndGet();
                    LOG.log(System.Logger.Level.ERROR, "agent {0}: batch {1} cannot be encoded, dropped ({2})",
                            agent, head.seq(), e.getClass().getName());
                    sending.set(false);
                    continue;
                }
                send(head, body, 0);
                return;
            }
            sending.set(false);
            if (queue.peek() == null) {
                return; // else a batch arrived between peek and release: go round again
            }
        }
    }

    /**
     * Batches travel gzipped: a branch on a 4G link pays for every byte, and JSON of repetitive
     * metric names shrinks about fourfold (docs/BENCHMARKS.md). The collector counts its size
     * limit on the decompressed body.
     */
    static byte[] gzip(byte[] json) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(json.length / 3 + 64);
        try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(out)) {
            z.write(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private void send(SiteBatch batch, byte[] body, int attempt) {
        if (closed) {
            sending.set(false);
            return;
        }
        try {
            // The batch travels as sent by HTTP/1.1: the collector decompresses gzipped HTTP/1.1 bodies.
            CollectorHttp.Request request = CollectorHttp.Request.post(ingest.get(node), Map.of(
                    "Authorization", "Bearer " + token.reveal(),
                    "Content-Type", "application/json",
                    "Content-Encoding", "gzip"), body, REQUEST_TIMEOUT);
            http.send(request).whenComplete((response, error) -> {
                if (error != null && !(unwrap(error) instanceof java.io.IOException)) {
                    // not the network: the request could not be made (a token with a line break, a closed client)
                    failed(batch, body, attempt, unwrap(error));
                } else {
                    settle(batch, body, attempt, response, error);
                }
            });
        } catch (RuntimeException e) {
            // thrown before anything went out (a token with a line break, a closed client): retry later
            failed(batch, body, attempt, e);
        }
    }

    /**
     * Sending threw instead of answering: counted, logged (without the exception's text, which may
     * quote a header) and retried with backoff, so the uplink never stays "sending" with nothing
     * in flight.
     */
    private void failed(SiteBatch batch, byte[] body, int attempt, Throwable e) {
        sendErrors.incrementAndGet();
        Duration wait = backoff.delay(attempt);
        LOG.log(System.Logger.Level.ERROR, "agent {0}: could not send batch {1} ({2}); retry in {3} ms",
                agent, batch.seq(), e.getClass().getName(), wait.toMillis());
        retryLater(batch, body, attempt, wait);
    }

    private void retryLater(SiteBatch batch, byte[] body, int attempt, Duration wait) {
        try {
            pendingRetry = scheduler.schedule(() -> send(batch, body, attempt + 1), wait.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RuntimeException rejected) {
            // the scheduler is shut down or full: let the next submit() start again
            sendErrors.incrementAndGet();
            LOG.log(System.Logger.Level.ERROR, "agent {0}: cannot schedule a retry of batch {1} ({2});"
                    + " it waits for the next batch", agent, batch.seq(), rejected.getClass().getName());
            sending.set(false);
        }
    }

    private void settle(SiteBatch batch, byte[] body, int attempt, CollectorHttp.Reply response, Throwable error) {
        if (closed) {
            sending.set(false);
            return;
        }
        boolean finished;
        try {
            finished = finish(batch, body, attempt, response, error);
        } catch (RuntimeException e) {
            failed(batch, body, attempt, e);
            return;
        }
        if (finished) {
            next();
        }
    }

    /** Delivered or refused for good: true; to be sent again (retry scheduled): false. */
    private boolean finish(SiteBatch batch, byte[] body, int attempt, CollectorHttp.Reply response,
                           Throwable error) {
        int status = response == null ? -1 : response.status();
        boolean answered = status >= 200 && status < 500 && status != 429 && status != 408;
        try {
            reachability.accept(answered);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "reachability listener failed: {0}", e.getClass().getName());
        }
        if (status >= 200 && status < 300) {
            unauthorized.set(0);
            queue.remove(batch);
            sent.incrementAndGet();
            lastDelivered.set(batch.seq());
            return true;
        } else if (status == 401) {
            // The batch is fine, the agent's credential is not (a revoked or expired certificate, a
            // changed token): keep it queued (spooled) and retry with backoff, so nothing is lost
            // while the operator enrolls the agent again.
            retries.incrementAndGet();
            Duration wait = backoff.delay(attempt);
            if (unauthorized.getAndIncrement() == 0) {
                LOG.log(System.Logger.Level.ERROR, "collector refused the credential of agent {0} (HTTP 401: {1});"
                        + " batches are kept and retried; enroll the agent again or fix its token",
                        agent, abbreviate(response.bodyText()));
            }
            retryLater(batch, body, attempt, wait);
            return false;
        } else if (status >= 400 && status < 500 && status != 429 && status != 408) {
            queue.remove(batch);
            refused.incrementAndGet();
            LOG.log(System.Logger.Level.ERROR, "collector refused batch {0} of agent {1} with HTTP {2}: {3}",
                    batch.seq(), agent, status, abbreviate(response.bodyText()));
            return true;
        } else {
            retries.incrementAndGet();
            Duration wait = backoff.delay(attempt);
            if (status == 429) {
                wait = max(wait, retryAfter(response));
            }
            if (error != null || status < 200 || status >= 500) {
                // this node is down, unreachable or cannot take the batch now: the retry tries the
                // next one, after the same backoff, so a cluster that is all down is not hammered
                failOver(batch, error != null ? unwrap(error).getClass().getSimpleName() : "HTTP " + status);
            }
            LOG.log(System.Logger.Level.DEBUG, "batch {0} of agent {1} not delivered ({2}); retry in {3} ms",
                    batch.seq(), agent, error != null ? String.valueOf(error) : "HTTP " + status, wait.toMillis());
            retryLater(batch, body, attempt, wait);
            return false;
        }
    }

    /** Moves to the next collector address, round robin; nothing to move to with one address. */
    private void failOver(SiteBatch batch, String why) {
        if (ingest.size() < 2) {
            return;
        }
        int from = node;
        int to = (from + 1) % ingest.size();
        node = to;
        failovers.incrementAndGet();
        LOG.log(System.Logger.Level.WARNING, "agent {0}: collector {1} failed ({2}); batch {3} and the next go to {4}",
                agent, SiteConfig.shown(ingest.get(from)), why, batch.seq(), SiteConfig.shown(ingest.get(to)));
    }

    private void next() {
        sending.set(false);
        pump();
    }

    private static Duration retryAfter(CollectorHttp.Reply response) {
        try {
            return response.header("Retry-After")
                    .map(s -> Duration.ofSeconds(Math.min(Long.parseLong(s.trim()), 300)))
                    .orElse(Duration.ZERO);
        } catch (NumberFormatException e) {
            return Duration.ZERO; // an HTTP date: the backoff alone will do
        }
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
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

    /** Moves from one collector address to the next after a failure (always 0 with one address). */
    public long failovers() {
        return failovers.get();
    }

    /** The ingest address batches go to now. */
    public URI currentIngest() {
        return ingest.get(node);
    }

    public long batchesSent() {
        return sent.get();
    }

    /** Consecutive 401 answers (the agent's credential refused) since the last delivered batch. */
    public long credentialRefusals() {
        return unauthorized.get();
    }

    public long retries() {
        return retries.get();
    }

    /** Batches the collector refused for good (4xx other than 408/429). */
    public long batchesRefused() {
        return refused.get();
    }

    /** Sends that threw before reaching the network (bad header, rejected retry), retried with backoff. */
    public long sendErrors() {
        return sendErrors.get();
    }

    /** Samples and events left out of batches because the collector would refuse them. */
    public long unsendable() {
        return unsendable.get();
    }

    /** The sequence number of the last batch the collector took; 0 before the first. */
    public long lastDeliveredSeq() {
        return lastDelivered.get();
    }

    /** The run the batches of this uplink belong to. */
    public long epoch() {
        return epoch;
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
