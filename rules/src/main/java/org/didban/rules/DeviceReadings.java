package org.didban.rules;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.didban.model.Labels;
import org.didban.model.Sample;

/**
 * The latest value of every metric of one device, grouped by labels, so that a rule on one
 * metric can read its siblings ({@code now.if_admin_status} beside {@code if_oper_status}); the
 * per-second rate of each counter ({@code _total}) between its last two samples. Owned by one
 * shard; not thread-safe.
 */
public final class DeviceReadings {
    private final Map<Labels, Series> byLabels = new HashMap<>(4);
    private long lastSeen;

    /** What recording a sample found before it. */
    record Recorded(double previous, double previousTime, double rate) {
    }

    Recorded record(Sample s, long arrivedAt) {
        Series series = byLabels.computeIfAbsent(s.labels(), k -> new Series());
        Double previous = series.values.put(s.metric(), s.value());
        Long previousAt = series.times.put(s.metric(), s.timestamp());
        double rate = Double.NaN;
        if (s.metric().endsWith("_total") && previous != null && previousAt != null && s.timestamp() > previousAt) {
            // A counter that went down was reset (the device restarted): it counted up from zero.
            double increase = s.value() >= previous ? s.value() - previous : s.value();
            rate = increase * 1000.0 / (s.timestamp() - previousAt);
            series.rates.put(s.metric(), rate);
        }
        lastSeen = arrivedAt;
        return new Recorded(previous == null ? Double.NaN : previous,
                previousAt == null ? Double.NaN : previousAt / 1000.0, rate);
    }

    /** The live maps for the evaluator, which only reads them. */
    Map<String, Double> raw(Labels labels) {
        Series s = byLabels.get(labels);
        return s == null ? Map.of() : s.values;
    }

    Map<String, Double> rawRates(Labels labels) {
        Series s = byLabels.get(labels);
        return s == null ? Map.of() : s.rates;
    }

    /** The latest values that carry exactly these labels; read-only. */
    public Map<String, Double> at(Labels labels) {
        return Collections.unmodifiableMap(raw(labels));
    }

    /** Every label set seen and its latest values; a read-only copy of the structure. */
    public Map<Labels, Map<String, Double>> all() {
        Map<Labels, Map<String, Double>> out = new HashMap<>();
        byLabels.forEach((l, s) -> out.put(l, Collections.unmodifiableMap(s.values)));
        return Collections.unmodifiableMap(out);
    }

    /** When the collector last received any sample of this device; 0 if never. */
    public long lastSeen() {
        return lastSeen;
    }

    private static final class Series {
        final Map<String, Double> values = new HashMap<>(8);
        final Map<String, Long> times = new HashMap<>(8);
        final Map<String, Double> rates = new HashMap<>(4);
    }
}
