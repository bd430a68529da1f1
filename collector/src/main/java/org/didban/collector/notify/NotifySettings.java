package org.didban.collector.notify;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whom the collector tells of alert changes: webhook receivers, and at most one Alertmanager.
 * Read from a file by {@link NotifySettingsReader}; the format is in {@code docs/NOTIFICATIONS.md}.
 *
 * @param alertmanager null for none
 */
public record NotifySettings(List<WebhookTarget> webhooks, AlertmanagerTarget alertmanager) {
    /** Nobody is told: the collector's default. */
    public static final NotifySettings NONE = new NotifySettings(List.of(), null);

    public NotifySettings {
        webhooks = List.copyOf(webhooks == null ? List.of() : webhooks);
        Set<String> names = new HashSet<>();
        for (WebhookTarget w : webhooks) {
            if (!names.add(w.name())) {
                throw new IllegalArgumentException("two webhooks are named " + w.name());
            }
        }
    }

    public boolean isEmpty() {
        return webhooks.isEmpty() && alertmanager == null;
    }
}
