package org.didban.collector.fiber;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.didban.rules.calendar.JalaliDates;

/**
 * Dates as planners write and read them: Solar Hijri {@code 1404/06/31} (or {@code 1404-06-31},
 * in Latin or Persian digits); a year from {@value #FIRST_GREGORIAN_YEAR} on is Gregorian, as in
 * the election calendar. ICU4J converts (through {@link JalaliDates}); nothing is computed by hand.
 */
public final class FiberDates {
    /** Years from this one on are Gregorian; years below are Solar Hijri (docs/CALENDAR.md). */
    public static final int FIRST_GREGORIAN_YEAR = 1700;
    private static final int MAX_REMEMBERED = 4_096;
    private static final Map<LocalDate, String> SHOWN = new ConcurrentHashMap<>();
    private static final Pattern DATE = Pattern.compile("(\\d{4})([/-])(\\d{1,2})\\2(\\d{1,2})");

    private FiberDates() {
    }

    /**
     * {@code 1404/06/31} for 2025-09-22. Remembered: a national list holds a handful of distinct
     * deadlines and planned dates, and ICU builds a calendar for every conversion.
     */
    public static String jalali(LocalDate date) {
        String known = SHOWN.get(date);
        if (known != null) {
            return known;
        }
        JalaliDates.JalaliDate j = JalaliDates.toJalali(date);
        String text = String.format(Locale.ROOT, "%04d/%02d/%02d", j.year(), j.month(), j.day());
        if (SHOWN.size() >= MAX_REMEMBERED) {
            SHOWN.clear();
        }
        SHOWN.put(date, text);
        return text;
    }

    /**
     * Reads a date.
     *
     * @throws IllegalArgumentException saying what is wrong, in words for the person who wrote it
     */
    public static LocalDate parse(String text) {
        String t = latinDigits(text.strip());
        Matcher m = DATE.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text.strip() + "' is not a date: write YYYY/MM/DD, e.g. 1404/06/31"
                    + " (Solar Hijri; years from " + FIRST_GREGORIAN_YEAR + " on are Gregorian)");
        }
        int year = Integer.parseInt(m.group(1));
        int month = Integer.parseInt(m.group(3));
        int day = Integer.parseInt(m.group(4));
        if (year < 1000) {
            throw new IllegalArgumentException("'" + text.strip() + "': year " + m.group(1) + " is not a plausible year");
        }
        boolean jalali = year < FIRST_GREGORIAN_YEAR;
        try {
            return jalali ? JalaliDates.toGregorian(year, month, day) : LocalDate.of(year, month, day);
        } catch (IllegalArgumentException | DateTimeException e) {
            String why = month < 1 || month > 12 ? "month " + month + " does not exist"
                    : "month " + month + " of " + year + " has no day " + day;
            throw new IllegalArgumentException("'" + text.strip() + "' is not a " + (jalali ? "Solar Hijri" : "Gregorian")
                    + " date: " + why + " (years below " + FIRST_GREGORIAN_YEAR + " are Solar Hijri)");
        }
    }

    /** Persian (U+06F0…) and Arabic-Indic (U+0660…) digits as 0–9; everything else as it is. */
    static String latinDigits(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char latin = c >= '\u06F0' && c <= '\u06F9' ? (char) ('0' + c - '\u06F0')
                    : c >= '\u0660' && c <= '\u0669' ? (char) ('0' + c - '\u0660') : c;
            if (latin != c && out == null) {
                out = new StringBuilder(s.substring(0, i));
            }
            if (out != null) {
                out.append(latin);
            }
        }
        return out == null ? s : out.toString();
    }
}
