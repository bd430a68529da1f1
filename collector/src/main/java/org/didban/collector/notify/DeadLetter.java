package org.didban.collector.notify;

import java.util.Objects;

/**
 * A notification given up on: kept so that someone can replay it or explain why a receiver never
 * heard of a change. Times are epoch milliseconds.
 *
 * @param target     the webhook target's name
 * @param deliveryId the id the receiver saw (or would have seen) in {@code X-Didban-Delivery}
 * @param changeSeq  the ledger sequence number of the alert change
 * @param attempts   how many times it was sent; 0 when it never left the queue
 * @param lastError  why the last attempt failed, or why it was never tried
 * @param firstTried when it was first sent, or when it was refused if it never was
 * @param body       the exact JSON that was (or would have been) signed and sent
 */
public record DeadLetter(String target, String deliveryId, long changeSeq, String alertId, int attempts,
                         String lastError, long firstTried, long givenUp, String body) {
    public DeadLetter {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(body, "body");
        lastError = lastError == null ? "" : lastError;
    }
}
