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
 * Batches waiting for the collector, oldest first. The uplink sends the head and removes it only
 * once the collector has taken it (or refused it for good), so a queue that survives restarts (the
 * disk spool, a later issue) can implement this same interface.
 *
 * <p>A bounded queue may drop older content to take new batches, but never from the head: that
 * batch may be on the wire, and a retry must carry exactly what its sequence number first carried.
 */
public interface BatchQueue {
    /** Appends a batch; may drop older samples (a whole device at a time), then events, to stay within bounds. */
    void add(SiteBatch batch);

    /** The oldest batch, still in the queue; null when empty. */
    SiteBatch peek();

    /** Removes the head once it was delivered or refused; a batch that is not the head is ignored. */
    void remove(SiteBatch batch);

    /** Batches waiting, including the head. */
    int size();

    long droppedSamples();

    long droppedEvents();

    /**
     * The samples left after dropping whole devices, in the order they first appear, until at least
     * {@code atLeast} samples are gone (or none is left): a device's samples of one poll go together,
     * so that no rule reads one of them without its siblings (NET-01 reads admin beside oper status).
     */
    static List<Sample> withoutDevices(List<Sample> samples, int atLeast) {
        Map<String, Integer> perDevice = new LinkedHashMap<>();
        for (Sample s : samples) {
            perDevice.merge(s.device(), 1, Integer::sum);
        }
        Set<String> dropped = new HashSet<>();
        int gone = 0;
        for (Map.Entry<String, Integer> d : perDevice.entrySet()) {
            if (gone >= atLeast) {
                break;
            }
            dropped.add(d.getKey());
            gone += d.getValue();
        }
        if (gone == samples.size()) {
            return List.of();
        }
        List<Sample> kept = new ArrayList<>(samples.size() - gone);
        for (Sample s : samples) {
            if (!dropped.contains(s.device())) {
                kept.add(s);
            }
        }
        return kept;
    }

}
