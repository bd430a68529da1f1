package org.didban.collector.notify;

import org.didban.collector.alerts.AlertChange;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.didban.collector.alerts.AlertFeed;
import org.didban.collector.alerts.TrackedAlert;

/**
 * The collector telling people's systems of alert changes: webhooks and Alertmanager, fed from
 * the {@link AlertFeed}. The feed calls on the ledger's thread; each change is handed at once to
 * one Vert.x context, which owns all notification state, so nothing here locks or blocks.
 */
public final class Notifications {
    private static final System.Logger LOG = System.getLogger(Notifications.class.getName());

    private final Context context;
    private final JsonPoster poster;
    private final Webhooks webhooks;
    private final AlertmanagerNotifier alertmanager;
    private final AutoCloseable subscription;
    private Future<Void> closed;

    private Notifications(Vertx vertx, NotifySettings settings, AlertFeed feed, DeadLetters deadLetters) {
        this.context = vertx.getOrCreateContext();
        this.poster = new JsonPoster(vertx);
        Clock clock = Clock.systemUTC();
        this.webhooks = new Webhooks(settings.webhooks(), vertx, poster, deadLetters, clock, new SplittableRandom());
        this.alertmanager = settings.alertmanager() == null ? null
                : new AlertmanagerNotifier(settings.alertmanager(), vertx, poster, clock, new SplittableRandom());
        if (alertmanager != null) {
            context.runOnContext(v -> alertmanager.start());
        }
        this.subscription = feed.subscribe(change -> context.runOnContext(v -> {
            webhooks.tell(change);
            if (alertmanager != null) {
                alertmanager.tell(change);
            }
        }));
    }

    /**
     * Starts telling the receivers of {@code settings} of every change published on {@code feed}
     * from now on; what cannot be delivered goes to {@code deadLetters}.
     */
    public static Notifications start(Vertx vertx, NotifySettings settings, AlertFeed feed, DeadLetters deadLetters) {
        Notifications n = new Notifications(vertx, settings, feed, deadLetters);
        LOG.log(Level.INFO, () -> "notifications: " + settings.webhooks().size() + " webhooks"
                + (settings.alertmanager() == null ? ""
                        : ", alertmanager at " + Endpoints.origin(settings.alertmanager().url())));
        return n;
    }

    /**
     * The alerts active when the collector started (the ledger's), so that Alertmanager keeps
     * hearing of those that fired before a restart; webhooks told of them then already.
     */
    public void alreadyActive(Collection<TrackedAlert> active) {
        if (alertmanager != null) {
            List<TrackedAlert> copy = List.copyOf(active);
            context.runOnContext(v -> alertmanager.alreadyActive(copy));
        }
    }

    /**
     * Changes another collector of the cluster recorded and may not have delivered before it
     * died: told to the webhooks again (not to Alertmanager, which hears the active set), under
     * their original delivery ids ({@code <seq>-<target>}), so a receiver drops what it had.
     */
    public void replay(Collection<AlertChange> changes) {
        List<AlertChange> copy = List.copyOf(changes);
        context.runOnContext(v -> copy.forEach(webhooks::tell));
    }

    /** Counties another collector of the cluster now holds: it tells Alertmanager of their alerts from now on. */
    public void forget(java.util.Set<String> counties) {
        if (alertmanager != null) {
            java.util.Set<String> copy = java.util.Set.copyOf(counties);
            context.runOnContext(v -> alertmanager.forget(copy));
        }
    }

    /** Each webhook target's counters, by target name, in the order of the settings. */
    public Map<String, WebhookCounters> webhookCounters() {
        return webhooks.counters();
    }

    public Optional<AlertmanagerCounters> alertmanagerCounters() {
        return alertmanager == null ? Optional.empty() : Optional.of(alertmanager.counters());
    }

    /**
     * Stops listening, dead-letters what was still waiting for a webhook, waits for the deliveries
     * in flight (at most their timeout) and releases the HTTP client. Close it before the dead
     * letters' store.
     */
    public synchronized Future<Void> close() {
        if (closed == null) {
            try {
                subscription.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "notifications: could not leave the alert feed", e);
            }
            closed = Future.<Void>future(p -> context.runOnContext(v -> {
                if (alertmanager != null) {
                    alertmanager.close();
                }
                webhooks.close().onComplete(p);
            })).eventually(poster::close);
        }
        return closed;
    }
}
