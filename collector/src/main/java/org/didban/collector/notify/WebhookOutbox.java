package org.didban.collector.notify;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.didban.collector.alerts.AlertChange;

/**
 * The changes on their way to one webhook target, sent one at a time in ledger order: the next is
 * sent only once the one before was delivered or given up on. So a receiver never hears an alert
 * resolved before it heard it fire, even while retrying; the price is that a slow receiver holds
 * up its own queue (no other target's), which is why the queue is bounded and every delivery has a
 * deadline. Owned by the notifier's context: every method runs on it.
 */
final class WebhookOutbox {
    private static final System.Logger LOG = System.getLogger(WebhookOutbox.class.getName());

    private final WebhookTarget target;
    private final Vertx vertx;
    private final JsonPoster poster;
    private final DeadLetters deadLetters;
    private final Clock clock;
    private final RandomGenerator random;
    private final WebhookCounters counters = new WebhookCounters();
    private final ArrayDeque<Delivery> waiting = new ArrayDeque<>();
    /** The delivery being sent, or waiting to be sent again; null when idle. */
    private Delivery current;
    private boolean inFlight;
    private long retryTimer = -1;
    private Promise<Void> closing;

    WebhookOutbox(WebhookTarget target, Vertx vertx, JsonPoster poster, DeadLetters deadLetters, Clock clock,
                  RandomGenerator random) {
        this.target = target;
        this.vertx = vertx;
        this.poster = poster;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.random = random;
    }

    WebhookTarget target() {
        return target;
    }

    WebhookCounters counters() {
        return counters;
    }

    void offer(AlertChange change, String body) {
        if (closing != null) {
            return;
        }
        Delivery d = new Delivery(target.name(), change, body, clock.millis());
        if (waiting.size() >= target.queueCapacity()) {
            // Growing without bound would trade a slow receiver for the collector's memory.
            d.lastError = "not sent: " + waiting.size() + " changes were already waiting for this target";
            long dropped = counters.droppedOverflow.incrementAndGet();
            if (isPowerOfTen(dropped)) {
                // A receiver down for long overflows on every change; the 1st, 10th, 100th… tell the story.
                LOG.log(Level.WARNING, "webhook " + target.name() + ": queue full (" + target.queueCapacity()
                        + "); " + dropped + " changes dead-lettered unsent so far");
            }
            record(d);
            return;
        }
        waiting.addLast(d);
        counters.waiting.set(waiting.size());
        sendNext();
    }

    private void sendNext() {
        if (current != null || closing != null) {
            return;
        }
        current = waiting.pollFirst();
        counters.waiting.set(waiting.size());
        if (current != null) {
            send(current);
        }
    }

    private void send(Delivery d) {
        long now = clock.millis();
        if (d.attempts == 0) {
            d.firstTried = now;
        }
        d.attempts++;
        long timestamp = now / 1000;
        Map<String, String> headers = Map.of(
                WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp),
                WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(target.secret(), timestamp, d.bytes),
                WebhookSignature.DELIVERY_HEADER, d.id);
        inFlight = true;
        poster.post(target.url(), headers, d.bytes, target.retry().timeout()).onComplete(result -> settle(d, result));
    }

    private void settle(Delivery d, AsyncResult<ReceiverAnswer> result) {
        inFlight = false;
        ReceiverAnswer.Verdict verdict;
        long retryAfter = -1;
        if (result.succeeded()) {
            ReceiverAnswer answer = result.result();
            verdict = answer.verdict();
            d.lastError = verdict == ReceiverAnswer.Verdict.DELIVERED ? "" : answer.describe();
            retryAfter = answer.retryAfterMillis(clock.instant());
        } else {
            verdict = ReceiverAnswer.Verdict.RETRY;
            d.lastError = describe(result.cause());
        }
        if (verdict == ReceiverAnswer.Verdict.DELIVERED) {
            counters.delivered.incrementAndGet();
            finished();
        } else if (closing != null) {
            d.lastError += "; then the collector stopped";
            giveUp(d);
        } else if (verdict == ReceiverAnswer.Verdict.REFUSED) {
            giveUp(d);
        } else {
            retryOrGiveUp(d, retryAfter);
        }
    }

    private void retryOrGiveUp(Delivery d, long retryAfterMillis) {
        RetryPolicy policy = target.retry();
        if (d.attempts >= policy.attempts()) {
            d.lastError += " (attempt " + d.attempts + " of " + policy.attempts() + ")";
            giveUp(d);
            return;
        }
        long delay = policy.delayMillis(d.attempts, retryAfterMillis, random);
        if (clock.millis() + delay > d.queuedAt + policy.maxAge().toMillis()) {
            d.lastError += " (older than " + policy.maxAge() + " by the next attempt)";
            giveUp(d);
            return;
        }
        counters.retried.incrementAndGet();
        LOG.log(Level.DEBUG, () -> "webhook " + target.name() + ": delivery " + d.id + " failed (" + d.lastError
                + "); retrying in " + delay + " ms");
        retryTimer = vertx.setTimer(delay, id -> {
            retryTimer = -1;
            send(d);
        });
    }

    private void giveUp(Delivery d) {
        counters.deadLettered.incrementAndGet();
        LOG.log(Level.WARNING, "webhook " + target.name() + ": gave up on delivery " + d.id + " of alert " + d.alertId
                + " after " + d.attempts + " attempts: " + d.lastError);
        record(d);
        finished();
    }

    private void finished() {
        current = null;
        if (closing != null) {
            closing.tryComplete();
        } else {
            sendNext();
        }
    }

    private void record(Delivery d) {
        try {
            deadLetters.record(d.deadLetter(target.name(), clock.millis()));
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "webhook " + target.name() + ": could not keep dead letter " + d.id, e);
        }
    }

    /**
     * Stops: what waits is dead-lettered (a stop is not a loss: it can be replayed), and the
     * delivery in flight, if any, is waited for — at most its timeout — and dead-lettered unless
     * it got through.
     */
    Future<Void> close() {
        if (closing != null) {
            return closing.future();
        }
        closing = Promise.promise();
        if (!waiting.isEmpty()) {
            LOG.log(Level.WARNING, "webhook " + target.name() + ": " + waiting.size()
                    + " changes not sent before the collector stopped; dead-lettered");
        }
        for (Delivery d : waiting) {
            d.lastError = "not sent before the collector stopped";
            counters.deadLettered.incrementAndGet();
            record(d);
        }
        waiting.clear();
        counters.waiting.set(0);
        if (current != null && !inFlight) {
            vertx.cancelTimer(retryTimer);
            retryTimer = -1;
            current.lastError += "; then the collector stopped before the next attempt";
            giveUp(current);
        } else if (current == null) {
            closing.complete();
        }
        return closing.future();
    }

    /** Why a send failed, without the URL's path: it may carry a token, and this goes to logs and dead letters. */
    private String describe(Throwable cause) {
        String message = cause.getMessage() == null ? "" : cause.getMessage();
        String path = target.url().getRawPath();
        message = message.replace(target.url().toString(), Endpoints.origin(target.url()));
        if (path != null && path.length() > 1) {
            message = message.replace(path, "/…");
        }
        return cause.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }

    private static boolean isPowerOfTen(long n) {
        while (n >= 10 && n % 10 == 0) {
            n /= 10;
        }
        return n == 1;
    }
}
