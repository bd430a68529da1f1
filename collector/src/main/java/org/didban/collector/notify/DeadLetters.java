package org.didban.collector.notify;

/**
 * Where notifications go when Didban gives up on them. Called on the notifier's event loop: an
 * implementation must not block (hand the letter to its own writer and return); one that throws
 * is logged and does not stop deliveries.
 */
public interface DeadLetters {
    void record(DeadLetter letter);
}
