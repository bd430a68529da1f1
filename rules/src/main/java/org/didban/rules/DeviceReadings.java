package org.didban.rules;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.didban.model.Labels;
import org.didban.model.Sample;

/**
 * The latest value of every metric of one device, grouped by labels, so that a rule on one
 * metric can read its siblings ({@code now.if_admin_status} beside {@code if_oper_status}); the
 * per-second rate of each counter ({@code _total}) between its last two samples. Owned by one
 * shard; not thread-safe.
 *
 * <p>Kept compact, because the collector holds one for each of half a million devices: a device
 * has a handful of label sets (its interfaces, a sensor) of a handful of metrics each, so each
 * label set is a few parallel arrays scanned in order instead of hash maps of boxed numbers, and
 * the label sets are scanned too until a device has more than {@link #SCANNED} of them. The maps
 * the evaluator and the readers see are read-only views over the arrays.
 */
public final class DeviceReadings {
    /** Label sets up to this many are found by a scan; past it, through a hash index. */
    static final int SCANNED = 16;

    private Series[] series = new Series[2];
    private int seriesCount;
    private Map<Labels, Series> index;
    private long lastSeen;

    /** What recording a sample found before it. */
    record Recorded(double previous, double previousTime, double rate) {
    }

    private static final Recorded FIRST = new Recorded(Double.NaN, Double.NaN, Double.NaN);

    Recorded record(Sample s, long arrivedAt) {
        lastSeen = arrivedAt;
        Series series = seriesOf(s.labels());
        if (series == null) {
            series = add(s.labels());
        }
        int i = series.indexOf(s.metric());
        if (i < 0) {
            series.append(s.metric(), s.value(), s.timestamp());
            return FIRST;
        }
        double[] d = series.data;
        int at = i * Series.STRIDE;
        double previous = d[at];
        long previousAt = (long) d[at + 1];
        d[at] = s.value();
        d[at + 1] = s.timestamp();
        double rate = Double.NaN;
        if (s.timestamp() > previousAt && s.metric().endsWith("_total")) {
            // A counter that went down was reset (the device restarted): it counted up from zero.
            double increase = s.value() >= previous ? s.value() - previous : s.value();
            rate = increase * 1000.0 / (s.timestamp() - previousAt);
            d[at + 2] = rate;
        }
        return new Recorded(previous, previousAt / 1000.0, rate);
    }

    private Series seriesOf(Labels labels) {
        if (index != null) {
            return index.get(labels);
        }
        for (int i = 0; i < seriesCount; i++) {
            Series s = series[i];
            if (s.labels == labels || s.labels.equals(labels)) {
                return s;
            }
        }
        return null;
    }

    private Series add(Labels labels) {
        Series s = new Series(labels);
        if (seriesCount == series.length) {
            series = java.util.Arrays.copyOf(series, seriesCount * 2);
        }
        series[seriesCount++] = s;
        if (index != null) {
            index.put(labels, s);
        } else if (seriesCount > SCANNED) {
            index = new HashMap<>();
            for (int i = 0; i < seriesCount; i++) {
                index.put(series[i].labels, series[i]);
            }
        }
        return s;
    }

    /** The live values for the evaluator, which only reads them. */
    Map<String, Double> raw(Labels labels) {
        Series s = seriesOf(labels);
        return s == null ? Map.of() : s;
    }

    /** The live rates: only counters with two samples apart in time have one. */
    Map<String, Double> rawRates(Labels labels) {
        Series s = seriesOf(labels);
        return s == null ? Map.of() : s.rates();
    }

    /** The latest values that carry exactly these labels; read-only. */
    public Map<String, Double> at(Labels labels) {
        return raw(labels);
    }

    /** Every label set seen and its latest values; a read-only copy of the structure. */
    public Map<Labels, Map<String, Double>> all() {
        Map<Labels, Map<String, Double>> out = new LinkedHashMap<>();
        for (int i = 0; i < seriesCount; i++) {
            out.put(series[i].labels, series[i]);
        }
        return Collections.unmodifiableMap(out);
    }

    /** When the collector last received any sample of this device; 0 if never. */
    public long lastSeen() {
        return lastSeen;
    }

    /**
     * The metrics of one label set: names, and for each its value, when it was sampled (epoch ms,
     * exact in a double) and its rate (NaN while it has none), side by side in one array. Reads as
     * a map of latest values.
     */
    private static final class Series extends AbstractMap<String, Double> {
        static final int STRIDE = 3;

        final Labels labels;
        // Many label sets hold one or two metrics (a sensor, an uplink path, a probe target):
        // start with one slot and grow 1, 2, 4, then by four.
        String[] metrics = new String[1];
        double[] data = new double[STRIDE];
        int size;

        Series(Labels labels) {
            this.labels = labels;
        }

        int indexOf(Object metric) {
            for (int i = 0; i < size; i++) {
                if (metrics[i] == metric) {
                    return i;
                }
            }
            for (int i = 0; i < size; i++) {
                if (metrics[i].equals(metric)) {
                    return i;
                }
            }
            return -1;
        }

        void append(String metric, double value, long timestamp) {
            if (size == metrics.length) {
                // a label set rarely has more than a dozen metrics: past four, grow by a few, not by doubling
                int capacity = size < 4 ? size * 2 : size + 4;
                metrics = java.util.Arrays.copyOf(metrics, capacity);
                data = java.util.Arrays.copyOf(data, capacity * STRIDE);
            }
            metrics[size] = metric;
            data[size * STRIDE] = value;
            data[size * STRIDE + 1] = timestamp;
            data[size * STRIDE + 2] = Double.NaN;
            size++;
        }

        @Override
        public Double get(Object metric) {
            int i = indexOf(metric);
            return i < 0 ? null : data[i * STRIDE];
        }

        @Override
        public boolean containsKey(Object metric) {
            return indexOf(metric) >= 0;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public Set<Entry<String, Double>> entrySet() {
            return new Entries(this, 0);
        }

        Map<String, Double> rates() {
            return new AbstractMap<>() {
                @Override
                public Double get(Object metric) {
                    int i = indexOf(metric);
                    return i < 0 || Double.isNaN(data[i * STRIDE + 2]) ? null : data[i * STRIDE + 2];
                }

                @Override
                public boolean containsKey(Object metric) {
                    return get(metric) != null;
                }

                @Override
                public Set<Entry<String, Double>> entrySet() {
                    return new Entries(Series.this, 2);
                }
            };
        }
    }

    /** The metrics of a series that have a number at {@code offset} (value 0, rate 2), in order. */
    private static final class Entries extends AbstractSet<Map.Entry<String, Double>> {
        private final Series series;
        private final int offset;

        Entries(Series series, int offset) {
            this.series = series;
            this.offset = offset;
        }

        private boolean present(int i) {
            return offset == 0 || !Double.isNaN(series.data[i * Series.STRIDE + offset]);
        }

        @Override
        public int size() {
            int n = 0;
            for (int i = 0; i < series.size; i++) {
                if (present(i)) {
                    n++;
                }
            }
            return n;
        }

        @Override
        public Iterator<Map.Entry<String, Double>> iterator() {
            return new Iterator<>() {
                private int next = advance(0);

                private int advance(int from) {
                    int i = from;
                    while (i < series.size && !present(i)) {
                        i++;
                    }
                    return i;
                }

                @Override
                public boolean hasNext() {
                    return next < series.size;
                }

                @Override
                public Map.Entry<String, Double> next() {
                    if (next >= series.size) {
                        throw new NoSuchElementException();
                    }
                    Map.Entry<String, Double> e = new AbstractMap.SimpleImmutableEntry<>(series.metrics[next],
                            series.data[next * Series.STRIDE + offset]);
                    next = advance(next + 1);
                    return e;
                }
            };
        }
    }
}
