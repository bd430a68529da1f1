package org.didban.collector.notify;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.didban.collector.alerts.AlertChange;

/**
 * Tells webhook receivers of alert changes: each change that a target should hear ({@link
 * Newsworthy}, then its {@link WebhookScope}) goes to that target's outbox, signed and in order.
 * The body is built once per change, whichever targets hear it. Runs on the notifier's context.
 */
final class Webhooks {
    private final Map<String, WebhookOutbox> outboxes = new LinkedHashMap<>();

    Webhooks(List<WebhookTarget> targets, Vertx vertx, JsonPoster poster, DeadLetters deadLetters, Clock clock,
             RandomGenerator random) {
        for (WebhookTarget t : targets) {
            if (outboxes.put(t.name(), new WebhookOutbox(t, vertx, poster, deadLetters, clock, random)) != null) {
                throw new IllegalArgumentException("two webhooks are named " + t.name());
            }
        }
    }

    void tell(AlertChange change) {
        String body = null;
        for (WebhookOutbox outbox : outboxes.values()) {
            WebhookScope scope = outbox.target().scope();
            if (Newsworthy.forWebhook(change, scope.includePending()) && scope.covers(change.alert())) {
                if (body == null) {
                    body = WebhookPayload.of(change);
                }
                outbox.offer(change, body);
            }
        }
    }

    Map<String, WebhookCounters> counters() {
        Map<String, WebhookCounters> out = new LinkedHashMap<>();
        outboxes.forEach((name, outbox) -> out.put(name, outbox.counters()));
        return Collections.unmodifiableMap(out);
    }

    Future<Void> close() {
        List<Future<Void>> closing = new ArrayList<>();
        outboxes.values().forEach(o -> closing.add(o.close()));
        return Future.all(closing).mapEmpty();
    }
}
