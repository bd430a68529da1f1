package org.didban.collector.alerts;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Alert changes after the ledger has stored them, for whoever tells people: webhooks,
 * Alertmanager, the live stream. Subscribers are called on the ledger's thread, in ledger order,
 * and must hand the change on without blocking (e.g. {@code context.runOnContext}); one that
 * throws is logged and does not stop the others.
 */
public final class AlertFeed {
    private static final System.Logger LOG = System.getLogger(AlertFeed.class.getName());
    private final List<Consumer<AlertChange>> subscribers = new CopyOnWriteArrayList<>();

    /** Subscribes; close the returned handle to stop. */
    public AutoCloseable subscribe(Consumer<AlertChange> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    public void publish(AlertChange change) {
        for (Consumer<AlertChange> s : subscribers) {
            try {
                s.accept(change);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "alert feed subscriber failed on " + change.alert().id(), e);
            }
        }
    }

    public int subscribers() {
        return subscribers.size();
    }
}
