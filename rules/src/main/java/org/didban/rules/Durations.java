package org.didban.rules;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as operators write them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1h30m}; at most 30 days. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
    /** Longer than any election; a larger window is a typo, not an intent. */
    public static final long MAX_MILLIS = 30L * 24 * 3600 * 1000;

    private Durations() {
    }

    public static long parseMillis(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        Matcher m = PART.matcher(s);
        long total = 0;
        int at = 0;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("'" + text + "' is not a duration (write e.g. 30s, 5m, 1h30m)");
            }
            long n = Long.parseLong(m.group(1));
            total += switch (m.group(2)) {
                case "ms" -> n;
                case "s" -> n * 1000;
                case "m" -> n * 60_000;
                case "h" -> n * 3_600_000;
                default -> n * 86_400_000;
            };
            if (total > MAX_MILLIS) {
                throw new IllegalArgumentException("'" + text + "' is longer than 30 days");
            }
            at = m.end();
        }
        return total;
    }
}
