package org.didban.collector.notify;

import io.vertx.core.AsyncResult;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.didban.collector.alerts.AlertChange;
import org.didban.collector.alerts.TrackedAlert;
import org.didban.model.AlertState;

/**
 * Keeps a Prometheus Alertmanager in step with the alerts that fire: it holds the set of alerts
 * firing or acknowledged (not pending: not yet an alert; not silenced by Didban: a silence stops
 * notifications, so Alertmanager is told the alert ended when the silence began) and POSTs that
 * whole set to {@code /api/v2/alerts} shortly after each change (changes within the batch window
 * go together) and again every resend interval, since Alertmanager ends any alert it has not heard
 * of for {@code resolve_timeout}. An alert that leaves the set is sent once more with its end
 * time, until a POST carrying it is taken.
 *
 * <p>One POST at a time, so Alertmanager never hears an older picture after a newer one. A failed
 * POST is retried with backoff, and the resend covers it anyway. Runs on the notifier's context.
 */
final class AlertmanagerNotifier {
    private static final System.Logger LOG = System.getLogger(AlertmanagerNotifier.class.getName());
    /** Ended alerts kept for a POST that goes through; past this, Alertmanager's own timeout ends them. */
    private static final int MAX_ENDINGS = 10_000;
    /** Alerts heard to end, so that a late {@link #alreadyActive} cannot bring them back. */
    private static final int REMEMBERED_ENDS = 10_000;

    private record Ending(String alertId, JsonObject alert) {
    }

    private final AlertmanagerTarget target;
    private final Vertx vertx;
    private final JsonPoster poster;
    private final Clock clock;
    private final Backoff backoff;
    private final RandomGenerator random;
    private final AlertmanagerCounters counters = new AlertmanagerCounters();
    private final Map<String, TrackedAlert> firing = new LinkedHashMap<>();
    /** By labels (the fingerprint Alertmanager sees), oldest first. */
    private final LinkedHashMap<String, Ending> endings = new LinkedHashMap<>();
    private final Map<String, Boolean> ended = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_ENDS;
        }
    };
    private long resendTimer = -1;
    private long flushTimer = -1;
    private long flushDue;
    private boolean inFlight;
    private boolean changedInFlight;
    private int failuresInARow;
    private boolean closed;

    AlertmanagerNotifier(AlertmanagerTarget target, Vertx vertx, JsonPoster poster, Clock clock,
                         RandomGenerator random) {
        this.target = target;
        this.vertx = vertx;
        this.poster = poster;
        this.clock = clock;
        this.random = random;
        this.backoff = new Backoff(Math.min(1000, target.resendInterval().toMillis()), target.resendInterval().toMillis());
    }

    AlertmanagerCounters counters() {
        return counters;
    }

    /** Starts the resend timer; call on the notifier's context. */
    void start() {
        resendTimer = vertx.setPeriodic(target.resendInterval().toMillis(), id -> flushWithin(0));
    }

    void tell(AlertChange change) {
        if (closed) {
            return;
        }
        TrackedAlert alert = change.alert();
        TrackedAlert before = firing.get(alert.id());
        if (pushed(alert)) {
            JsonObject labels = AlertmanagerAlert.labels(alert);
            if (before != null && !AlertmanagerAlert.labels(before).equals(labels)) {
                // New labels are a new alert to Alertmanager (e.g. the severity was raised): end the old one.
                end(before, AlertmanagerAlert.labels(before), change.at());
            }
            Ending pending = endings.get(labels.encode());
            if (pending != null && pending.alertId().equals(alert.id())) {
                endings.remove(labels.encode());
            }
            firing.put(alert.id(), alert);
        } else {
            firing.remove(alert.id());
            boolean resolved = alert.state() == AlertState.RESOLVED;
            if (resolved) {
                ended.put(alert.id(), Boolean.TRUE);
            }
            if (before != null || (resolved && alert.alert().firedAt() > 0)) {
                long endsAt = resolved && alert.alert().resolvedAt() > 0 ? alert.alert().resolvedAt() : change.at();
                end(alert, AlertmanagerAlert.labels(alert), endsAt);
            }
        }
        counters.firing.set(firing.size());
        flushWithin(target.batchWindow().toMillis());
    }

    /**
     * The alerts that were active before the collector started (from the ledger), so that
     * Alertmanager keeps hearing of them; any this notifier already heard of since, it knows better.
     */
    void alreadyActive(Collection<TrackedAlert> active) {
        if (closed) {
            return;
        }
        for (TrackedAlert a : active) {
            if (pushed(a) && !firing.containsKey(a.id()) && !ended.containsKey(a.id())) {
                firing.put(a.id(), a);
            }
        }
        counters.firing.set(firing.size());
        flushWithin(target.batchWindow().toMillis());
    }

    /**
     * Lets go of the alerts of counties another collector of the cluster now holds: that one
     * tells Alertmanager of them from now on, and a resend from here would bring back as firing
     * an alert it resolved. Endings already due are still sent.
     */
    void forget(java.util.Set<String> counties) {
        firing.values().removeIf(a -> counties.contains(a.countyCode()));
        counters.firing.set(firing.size());
    }

    /** Firing or acknowledged, and not silenced; {@link TrackedAlert#state()} says SILENCED for silenced ones. */
    private static boolean pushed(TrackedAlert a) {
        AlertState s = a.state();
        return s == AlertState.FIRING || s == AlertState.ACKNOWLEDGED;
    }

    private void end(TrackedAlert alert, JsonObject labels, long endsAt) {
        endings.put(labels.encode(), new Ending(alert.id(),
                AlertmanagerAlert.ended(alert, labels, endsAt, target.collectorUrl())));
        while (endings.size() > MAX_ENDINGS) {
            String oldest = endings.keySet().iterator().next();
            endings.remove(oldest);
        }
    }

    /** Makes sure a POST starts within {@code delayMillis}, keeping an earlier one if planned. */
    private void flushWithin(long delayMillis) {
        if (closed) {
            return;
        }
        if (inFlight) {
            changedInFlight = true;
            return;
        }
        long due = clock.millis() + delayMillis;
        if (flushTimer != -1) {
            if (flushDue <= due) {
                return;
            }
            vertx.cancelTimer(flushTimer);
        }
        flushDue = due;
        flushTimer = vertx.setTimer(Math.max(1, delayMillis), id -> {
            flushTimer = -1;
            flush();
        });
    }

    private void flush() {
        if (closed || inFlight) {
            return;
        }
        List<Ending> sentEndings = new ArrayList<>(endings.values());
        JsonArray alerts = new JsonArray();
        // Ends first: when an alert ends and fires again under the same labels, the firing is the later news.
        sentEndings.forEach(e -> alerts.add(e.alert()));
        firing.values().forEach(a -> alerts.add(AlertmanagerAlert.firing(a, target.collectorUrl())));
        if (alerts.isEmpty()) {
            return;
        }
        Map<String, String> headers = target.credentials() == null ? Map.of()
                : Map.of("Authorization", target.credentials().header());
        inFlight = true;
        changedInFlight = false;
        poster.post(target.alertsUrl(), headers, alerts.encode().getBytes(StandardCharsets.UTF_8), target.timeout())
                .onComplete(result -> settle(result, alerts.size(), sentEndings));
    }

    private void settle(AsyncResult<ReceiverAnswer> result, int sent, List<Ending> sentEndings) {
        inFlight = false;
        if (closed) {
            return;
        }
        boolean ok = result.succeeded() && result.result().verdict() == ReceiverAnswer.Verdict.DELIVERED;
        if (ok) {
            counters.postsOk.incrementAndGet();
            counters.alertsSent.addAndGet(sent);
            failuresInARow = 0;
            for (Ending e : sentEndings) {
                endings.values().remove(e);
            }
            if (changedInFlight) {
                flushWithin(target.batchWindow().toMillis());
            }
            return;
        }
        counters.postsFailed.incrementAndGet();
        failuresInARow++;
        String why = result.succeeded() ? result.result().describe() : String.valueOf(result.cause());
        long delay = backoff.delayMillis(failuresInARow, random);
        // Once is news; every failure of an outage would bury the log.
        LOG.log(failuresInARow == 1 ? Level.WARNING : Level.DEBUG, () -> "alertmanager " + Endpoints.origin(target.url())
                + ": POST of " + sent + " alerts failed (" + why + "); retrying in " + delay + " ms");
        flushWithin(delay);
    }

    void close() {
        closed = true;
        vertx.cancelTimer(resendTimer);
        vertx.cancelTimer(flushTimer);
    }
}
