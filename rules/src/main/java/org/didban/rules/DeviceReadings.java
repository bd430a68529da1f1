package org.didban.rules;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.didban.model.Labels;
import org.didban.model.Sample;

/**
 * The latest value of every metric of one device, grouped by labels, so that a rule on one
 * metric can read its siblings ({@code now.if_admin_status} beside {@code if_oper_status}).
 * Owned by one shard; not thread-safe.
 */
public final class DeviceReadings {
    private final Map<Labels, Map<String, Double>> values = new HashMap<>(4);
    private long lastSeen;

    void record(Sample s, long arrivedAt) {
        values.computeIfAbsent(s.labels(), k -> new HashMap<>(8)).put(s.metric(), s.value());
        lastSeen = arrivedAt;
    }

    /** The live map for the evaluator, which only reads it. */
    Map<String, Double> raw(Labels labels) {
        Map<String, Double> m = values.get(labels);
        return m == null ? Map.of() : m;
    }

    /** The latest values that carry exactly these labels; read-only. */
    public Map<String, Double> at(Labels labels) {
        Map<String, Double> m = values.get(labels);
        return m == null ? Map.of() : Collections.unmodifiableMap(m);
    }

    /** Every label set seen and its values; read-only view. */
    public Map<Labels, Map<String, Double>> all() {
        return Collections.unmodifiableMap(values);
    }

    /** When the collector last received any sample of this device; 0 if never. */
    public long lastSeen() {
        return lastSeen;
    }
}
