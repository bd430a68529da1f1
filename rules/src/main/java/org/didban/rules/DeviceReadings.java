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
 * label set is one array of numbers, sized to exactly what it holds, beside a {@link MetricLayout}
 * shared with every device whose metrics came in the same order, instead of hash maps of boxed
 * numbers; the label sets are scanned until a device has more than {@link #SCANNED} of them. The
 * maps the evaluator and the readers see are read-only views over the arrays.
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
        MetricLayout layout = series.layout;
        int i = layout.indexOf(s.metric());
        if (i < 0) {
            series.append(s.metric(), s.value(), s.timestamp());
            return FIRST;
        }
        double[] d = series.data;
        int at = layout.offset(i);
        double previous = d[at];
        long previousAt = (long) d[at + 1];
        d[at] = s.value();
        d[at + 1] = s.timestamp();
        double rate = Double.NaN;
        if (s.timestamp() > previousAt && layout.hasRate(i)) {
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
        return s == null ? Map.of() : new Numbers(s, VALUE);
    }

    /** The live rates: only counters with two samples apart in time have one. */
    Map<String, Double> rawRates(Labels labels) {
        Series s = seriesOf(labels);
        return s == null ? Map.of() : new Numbers(s, RATE);
    }

    /** The latest values that carry exactly these labels; read-only. */
    public Map<String, Double> at(Labels labels) {
        return raw(labels);
    }

    /** Every label set seen and its latest values; a read-only copy of the structure. */
    public Map<Labels, Map<String, Double>> all() {
        Map<Labels, Map<String, Double>> out = new LinkedHashMap<>();
        for (int i = 0; i < seriesCount; i++) {
            out.put(series[i].labels, new Numbers(series[i], VALUE));
        }
        return Collections.unmodifiableMap(out);
    }

    /** When the collector last received any sample of this device; 0 if never. */
    public long lastSeen() {
        return lastSeen;
    }

    /** Which number of a metric a view reads: its value, or its rate (counters only). */
    private static final int VALUE = 0;
    private static final int RATE = 2;

    /**
     * The metrics of one label set: their {@link MetricLayout}, shared with other devices, and
     * their numbers in one array sized to exactly what they hold (value and time for each, epoch
     * ms exact in a double, and a rate after a counter's time, NaN while it has none).
     */
    private static final class Series {
        final Labels labels;
        MetricLayout layout = MetricLayout.EMPTY;
        double[] data = NO_DATA;

        private static final double[] NO_DATA = new double[0];

        Series(Labels labels) {
            this.labels = labels;
        }

        void append(String metric, double value, long timestamp) {
            // The array grows by exactly the new metric: a device's metrics all arrive within its
            // first rounds, and the copies made then are short-lived, unlike any slack kept.
            MetricLayout grown = layout.with(metric);
            double[] d = java.util.Arrays.copyOf(data, grown.slots());
            int at = grown.offset(grown.size() - 1);
            d[at] = value;
            d[at + 1] = timestamp;
            if (grown.hasRate(grown.size() - 1)) {
                d[at + 2] = Double.NaN;
            }
            data = d;
            layout = grown;
        }

        /** The number at {@code which} of metric {@code i}, or NaN when it has none (a gauge's rate). */
        double number(int i, int which) {
            if (which == RATE && !layout.hasRate(i)) {
                return Double.NaN;
            }
            return data[layout.offset(i) + which];
        }
    }

    /** A read-only map view of one series' values or rates; a rate is present once it has a number. */
    private static final class Numbers extends AbstractMap<String, Double> {
        private final Series series;
        private final int which;

        Numbers(Series series, int which) {
            this.series = series;
            this.which = which;
        }

        @Override
        public Double get(Object metric) {
            int i = series.layout.indexOf(metric);
            if (i < 0) {
                return null;
            }
            double n = series.number(i, which);
            return which == RATE && Double.isNaN(n) ? null : n;
        }

        @Override
        public boolean containsKey(Object metric) {
            return get(metric) != null;
        }

        @Override
        public Set<Entry<String, Double>> entrySet() {
            return new Entries(series, which);
        }
    }

    /** The metrics of a series that have a number at {@code which}, in order. */
    private static final class Entries extends AbstractSet<Map.Entry<String, Double>> {
        private final Series series;
        private final int which;

        Entries(Series series, int which) {
            this.series = series;
            this.which = which;
        }

        private boolean present(int i) {
            return which == VALUE || !Double.isNaN(series.number(i, which));
        }

        @Override
        public int size() {
            int n = 0;
            for (int i = 0; i < series.layout.size(); i++) {
                if (present(i)) {
                    n++;
                }
            }
            return n;
        }

        @Override
        public Iterator<Map.Entry<String, Double>> iterator() {
            MetricLayout layout = series.layout;
            return new Iterator<>() {
                private int next = advance(0);

                private int advance(int from) {
                    int i = from;
                    while (i < layout.size() && !present(i)) {
                        i++;
                    }
                    return i;
                }

                @Override
                public boolean hasNext() {
                    return next < layout.size();
                }

                @Override
                public Map.Entry<String, Double> next() {
                    if (next >= layout.size()) {
                        throw new NoSuchElementException();
                    }
                    Map.Entry<String, Double> e = new AbstractMap.SimpleImmutableEntry<>(layout.metric(next),
                            series.number(next, which));
                    next = advance(next + 1);
                    return e;
                }
            };
        }
    }
}
