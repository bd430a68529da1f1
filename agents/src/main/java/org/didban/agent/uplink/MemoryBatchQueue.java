package org.didban.agent.uplink;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.didban.model.Sample;
import org.didban.wire.SiteBatch;

/**
 * A {@link BatchQueue} in memory, bounded by the number of samples and events it holds. When full,
 * samples go first (events are rarer and carry more: a trap, a reboot), from the oldest batch after
 * the head, one whole device at a time: all of a device's samples in a batch go together, so
 * the collector never gets {@code if_oper_status} without the {@code if_admin_status} read beside it
 * (rule NET-01), nor half a device. Only then go events, oldest first. A batch left empty is dropped
 * entirely, so the collector sees the gap in the sequence numbers.
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
            if (!b.samples().isEmpty()) {
                List<Sample> kept = BatchQueue.withoutDevices(b.samples(), items - capacity);
                int drop = b.samples().size() - kept.size();
                replace(i, new SiteBatch(b.agent(), b.branch(), b.epoch(), b.seq(), b.sentAt(), kept, b.events()));
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
