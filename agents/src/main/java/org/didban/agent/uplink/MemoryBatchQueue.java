package org.didban.agent.uplink;

import java.util.ArrayList;
import java.util.List;
import org.didban.wire.SiteBatch;

/**
 * A {@link BatchQueue} in memory, bounded by the number of samples and events it holds. When full,
 * the oldest samples go first (events are rarer and carry more: a trap, a reboot); a batch left
 * empty is dropped entirely, so the collector sees the gap in the sequence numbers.
 */
public final class MemoryBatchQueue implements BatchQueue {
    public static final int DEFAULT_CAPACITY = 200_000;

    private final int capacity;
    private final List<SiteBatch> batches = new ArrayList<>();
    private int items;
    private long droppedSamples;
    private long droppedEvents;

    public MemoryBatchQueue() {
        this(DEFAULT_CAPACITY);
    }

    /** @param capacity most samples plus events held at once (the head may overshoot it alone) */
    public MemoryBatchQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    @Override
    public synchronized void add(SiteBatch batch) {
        batches.add(batch);
        items += batch.size();
        trim();
    }

    private void trim() {
        // samples first, oldest batch first, never the head
        for (int i = 1; i < batches.size() && items > capacity; ) {
            SiteBatch b = batches.get(i);
            int drop = Math.min(items - capacity, b.samples().size());
            if (drop > 0) {
                replace(i, new SiteBatch(b.agent(), b.branch(), b.epoch(), b.seq(), b.sentAt(),
                        b.samples().subList(drop, b.samples().size()), b.events()));
                droppedSamples += drop;
            }
            if (batches.get(i).size() == 0) {
                batches.remove(i);
            } else {
                i++;
            }
        }
        for (int i = 1; i < batches.size() && items > capacity; ) {
            SiteBatch b = batches.get(i);
            int drop = Math.min(items - capacity, b.events().size());
            replace(i, new SiteBatch(b.agent(), b.branch(), b.epoch(), b.seq(), b.sentAt(), b.samples(),
                    b.events().subList(drop, b.events().size())));
            droppedEvents += drop;
            if (batches.get(i).size() == 0) {
                batches.remove(i);
            } else {
                i++;
            }
        }
    }

    private void replace(int index, SiteBatch smaller) {
        items -= batches.get(index).size() - smaller.size();
        batches.set(index, smaller);
    }

    @Override
    public synchronized SiteBatch peek() {
        return batches.isEmpty() ? null : batches.get(0);
    }

    @Override
    public synchronized void remove(SiteBatch batch) {
        if (!batches.isEmpty() && batches.get(0).seq() == batch.seq()) {
            items -= batches.remove(0).size();
        }
    }

    @Override
    public synchronized int size() {
        return batches.size();
    }

    public synchronized int items() {
        return items;
    }

    @Override
    public synchronized long droppedSamples() {
        return droppedSamples;
    }

    @Override
    public synchronized long droppedEvents() {
        return droppedEvents;
    }
}
