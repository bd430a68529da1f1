package org.didban.rules.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The promtool-like notation of a series' values, one per step, separated by spaces:
 *
 * <ul>
 *   <li>{@code 2} — one value; {@code _} — no sample at this step;</li>
 *   <li>{@code axn} — {@code a} then {@code n} more times {@code a} (n+1 values): {@code 2x3} is {@code 2 2 2 2};</li>
 *   <li>{@code a+bxn} / {@code a-bxn} — {@code a}, then {@code n} further values changing by {@code b}:
 *       {@code 0+10x3} is {@code 0 10 20 30};</li>
 *   <li>{@code _xn} — {@code n} steps without a sample (as in promtool: the gap cannot start anywhere).</li>
 * </ul>
 */
public final class SeriesNotation {
    /** A series longer than this is a typo (a repetition count too many digits long). */
    public static final int MAX_VALUES = 100_000;
    private static final String NUMBER = "[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?";
    private static final Pattern TERM = Pattern.compile(
            "(?<start>" + NUMBER + ")(?:(?<step>[-+](?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?)?x(?<times>\\d{1,6}))?");
    private static final Pattern SKIP = Pattern.compile("_(?:x(?<times>\\d{1,6}))?");

    private SeriesNotation() {
    }

    /**
     * The values of the series in order, {@code null} where a step has no sample.
     *
     * @throws IllegalArgumentException naming the term that is not understood
     */
    public static List<Double> expand(String text) {
        List<Double> out = new ArrayList<>();
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        for (String term : trimmed.split("\\s+")) {
            Matcher skip = SKIP.matcher(term);
            if (skip.matches()) {
                int n = skip.group("times") == null ? 1 : Integer.parseInt(skip.group("times"));
                check(out.size() + (long) n);
                out.addAll(Collections.nCopies(n, null));
                continue;
            }
            Matcher m = TERM.matcher(term);
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + term + "' is not a value (write 2, _, 2x3, 0+10x3 or 5-1x4)");
            }
            double start = Double.parseDouble(m.group("start"));
            if (m.group("times") == null) {
                check(out.size() + 1L);
                out.add(start);
                continue;
            }
            int n = Integer.parseInt(m.group("times"));
            double step = m.group("step") == null ? 0 : Double.parseDouble(m.group("step"));
            check(out.size() + n + 1L);
            for (int i = 0; i <= n; i++) {
                out.add(start + i * step);
            }
        }
        return out;
    }

    private static void check(long size) {
        if (size > MAX_VALUES) {
            throw new IllegalArgumentException("more than " + MAX_VALUES + " values");
        }
    }
}
