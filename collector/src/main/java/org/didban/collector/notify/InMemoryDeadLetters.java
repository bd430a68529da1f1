package org.didban.collector.notify;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Dead letters kept in memory, the newest {@code capacity} of them: for tests, and for a collector
 * run without a ledger, where losing them on restart is accepted. Thread-safe.
 */
public final class InMemoryDeadLetters implements DeadLetters {
    private final int capacity;
    private final Deque<DeadLetter> letters = new ArrayDeque<>();

    public InMemoryDeadLetters() {
        this(10_000);
    }

    public InMemoryDeadLetters(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
    }

    @Override
    public synchronized void record(DeadLetter letter) {
        if (letters.size() == capacity) {
            letters.removeFirst();
        }
        letters.addLast(letter);
    }

    /** Oldest first. */
    public synchronized List<DeadLetter> letters() {
        return new ArrayList<>(letters);
    }

    public synchronized int size() {
        return letters.size();
    }
}
