package org.didban.model;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable, sorted set of label pairs. Sorted once at construction so that equality and
 * hashing are cheap: labels are part of every series key on the hot path.
 */
public final class Labels {
    public static final Labels EMPTY = new Labels(new String[0], new String[0]);

    private final String[] names;
    private final String[] values;
    private final int hash;
    /** Built on first use; a benign race builds an equal map twice at worst. */
    private Map<String, String> map;

    private Labels(String[] names, String[] values) {
        this.names = names;
        this.values = values;
        this.hash = 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
    }

    public static Labels of(Map<String, String> pairs) {
        if (pairs == null || pairs.isEmpty()) {
            return EMPTY;
        }
        TreeMap<String, String> sorted = new TreeMap<>(pairs);
        String[] n = new String[sorted.size()];
        String[] v = new String[sorted.size()];
        int i = 0;
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            n[i] = requireText(e.getKey(), "label name");
            v[i] = requireText(e.getValue(), "value of label " + e.getKey());
            i++;
        }
        return new Labels(n, v);
    }

    /**
     * The first {@code count} pairs of two parallel arrays, in any order (the arrays are not kept):
     * a decoder's way, without a map per sample. Names must differ.
     */
    public static Labels of(String[] names, String[] values, int count) {
        if (count == 0) {
            return EMPTY;
        }
        String[] n = Arrays.copyOf(names, count);
        String[] v = Arrays.copyOf(values, count);
        for (int i = 0; i < count; i++) {
            requireText(n[i], "label name");
            requireText(v[i], "value of label " + n[i]);
        }
        // insertion sort: a label set has a handful of pairs
        for (int i = 1; i < count; i++) {
            for (int j = i; j > 0 && n[j - 1].compareTo(n[j]) > 0; j--) {
                String t = n[j];
                n[j] = n[j - 1];
                n[j - 1] = t;
                t = v[j];
                v[j] = v[j - 1];
                v[j - 1] = t;
            }
        }
        for (int i = 1; i < count; i++) {
            if (n[i].equals(n[i - 1])) {
                throw new IllegalArgumentException("label " + n[i] + " given twice");
            }
        }
        return new Labels(n, v);
    }

    public static Labels of(String... nameValuePairs) {
        if (nameValuePairs.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name/value pairs");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            map.put(nameValuePairs[i], nameValuePairs[i + 1]);
        }
        return of(map);
    }

    private static String requireText(String s, String what) {
        if (s == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        return s;
    }

    public String get(String name) {
        int i = Arrays.binarySearch(names, name);
        return i < 0 ? null : values[i];
    }

    public int size() {
        return names.length;
    }

    public boolean isEmpty() {
        return names.length == 0;
    }

    public Map<String, String> asMap() {
        Map<String, String> m = map;
        if (m == null) {
            Map<String, String> built = new LinkedHashMap<>();
            for (int i = 0; i < names.length; i++) {
                built.put(names[i], values[i]);
            }
            m = names.length == 0 ? Collections.emptyMap() : Collections.unmodifiableMap(built);
            map = m;
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Labels other && hash == other.hash
                && Arrays.equals(names, other.names) && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < names.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(names[i]).append('=').append(values[i]);
        }
        return sb.append('}').toString();
    }
}
