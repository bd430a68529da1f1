package org.didban.collector.notify;

import java.nio.charset.StandardCharsets;
import org.didban.collector.alerts.AlertChange;

/**
 * One alert change on its way to one target, with what happened to it so far. Its id is the same
 * on every attempt, so that a receiver can drop a repeat it already handled (an answer lost on the
 * way back makes Didban send again). Owned by the target's outbox; not thread-safe.
 */
final class Delivery {
    final String id;
    final long seq;
    final String alertId;
    final String body;
    final byte[] bytes;
    final long queuedAt;
    int attempts;
    long firstTried;
    String lastError = "";

    Delivery(String target, AlertChange change, String body, long queuedAt) {
        this.id = change.seq() + "-" + target;
        this.seq = change.seq();
        this.alertId = change.alert().id();
        this.body = body;
        this.bytes = body.getBytes(StandardCharsets.UTF_8);
        this.queuedAt = queuedAt;
    }

    DeadLetter deadLetter(String target, long givenUp) {
        return new DeadLetter(target, id, seq, alertId, attempts, lastError, attempts == 0 ? givenUp : firstTried,
                givenUp, body);
    }
}
