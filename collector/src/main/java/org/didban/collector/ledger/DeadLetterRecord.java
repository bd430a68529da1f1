package org.didban.collector.ledger;

/** A notification given up on, as the ledger keeps it for someone to replay or explain. */
public record DeadLetterRecord(String target, String deliveryId, long changeSeq, String alertId, int attempts,
                               String lastError, long firstTried, long givenUp, String body) {
}
