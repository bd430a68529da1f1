package org.didban.collector.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import org.didban.collector.notify.AlertmanagerCounters;
import org.didban.collector.notify.Notifications;
import org.didban.collector.notify.WebhookCounters;

/** Whether people are being told: webhook deliveries per target and Alertmanager posts. */
public final class NotificationMetrics {
    private NotificationMetrics() {
    }

    public static void register(PrometheusRegistry registry, Notifications notifications) {
        Map<String, WebhookCounters> hooks = notifications.webhookCounters();
        CounterWithCallback.builder().name("didban_webhook_deliveries_total")
                .help("Webhook deliveries by target and outcome (delivered, retried, dead_lettered, dropped_overflow).")
                .labelNames("target", "outcome")
                .callback(cb -> hooks.forEach((target, c) -> {
                    cb.call(c.delivered(), target, "delivered");
                    cb.call(c.retried(), target, "retried");
                    cb.call(c.deadLettered(), target, "dead_lettered");
                    cb.call(c.droppedOverflow(), target, "dropped_overflow");
                })).register(registry);
        GaugeWithCallback.builder().name("didban_webhook_waiting")
                .help("Alert changes waiting to be delivered, by webhook target.")
                .labelNames("target")
                .callback(cb -> hooks.forEach((target, c) -> cb.call(c.waiting(), target))).register(registry);
        notifications.alertmanagerCounters().ifPresent(am -> registerAlertmanager(registry, am));
    }

    private static void registerAlertmanager(PrometheusRegistry registry, AlertmanagerCounters am) {
        CounterWithCallback.builder().name("didban_alertmanager_posts_total")
                .help("POSTs to Alertmanager's /api/v2/alerts by outcome.")
                .labelNames("outcome")
                .callback(cb -> {
                    cb.call(am.postsOk(), "ok");
                    cb.call(am.postsFailed(), "failed");
                }).register(registry);
        CounterWithCallback.builder().name("didban_alertmanager_alerts_sent_total")
                .help("Alerts carried by successful POSTs to Alertmanager.")
                .callback(cb -> cb.call(am.alertsSent())).register(registry);
        GaugeWithCallback.builder().name("didban_alertmanager_firing")
                .help("Alerts Didban currently tells Alertmanager are firing.")
                .callback(cb -> cb.call(am.firing())).register(registry);
    }
}
