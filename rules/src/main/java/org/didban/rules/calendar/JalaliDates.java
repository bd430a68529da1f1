package org.didban.rules.calendar;

import com.ibm.icu.text.SimpleDateFormat;
import com.ibm.icu.util.Calendar;
import com.ibm.icu.util.TimeZone;
import com.ibm.icu.util.ULocale;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Locale;
import java.util.Objects;

/**
 * Solar Hijri (Jalali) dates, by ICU4J's Persian calendar ({@code com.ibm.icu.util.PersianCalendar},
 * obtained through {@code @calendar=persian} because ICU marks the class itself internal). No
 * calendar arithmetic is done here: ICU decides month lengths and leap years.
 *
 * <p>Only dates go through ICU; time zones are always java.time's, so a calendar file is read and
 * shown again with the same zone rules: an instant is turned into a local date and time by
 * {@link ZoneId}, and that local date is then written in the Persian calendar.
 */
public final class JalaliDates {
    /** A date in the Solar Hijri calendar; month 1 is Farvardin. */
    public record JalaliDate(int year, int month, int day) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%04d-%02d-%02d", year, month, day);
        }
    }

    private static final long DAY_MILLIS = 86_400_000L;
    private static final ULocale PERSIAN_CALENDAR = new ULocale("en@calendar=persian");
    private static final ULocale PERSIAN_DISPLAY = new ULocale("fa_IR@calendar=persian");
    private static final DateTimeFormatter GREGORIAN = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm", Locale.ROOT);

    private JalaliDates() {
    }

    /**
     * The Gregorian date of a Solar Hijri date.
     *
     * @throws IllegalArgumentException if there is no such date, e.g. 1404-12-30 (1404 is not a leap year)
     */
    public static LocalDate toGregorian(int year, int month, int day) {
        if (year < 1) {
            throw new IllegalArgumentException("Solar Hijri year " + year + " is before the calendar's epoch");
        }
        Calendar c = persianCalendar();
        c.setLenient(false);
        c.clear();
        c.set(Calendar.YEAR, year);
        c.set(Calendar.MONTH, month - 1); // ICU counts months from 0
        c.set(Calendar.DAY_OF_MONTH, day);
        long millis;
        try {
            millis = c.getTimeInMillis(); // non-lenient: refuses a day the month does not have
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(noSuchDate(year, month, day), e);
        }
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(millis, DAY_MILLIS));
        // And it must come back unchanged: a date ICU silently moved is not the date that was written.
        if (!toJalali(date).equals(new JalaliDate(year, month, day))) {
            throw new IllegalArgumentException(noSuchDate(year, month, day));
        }
        return date;
    }

    /** The Solar Hijri date of a Gregorian date. */
    public static JalaliDate toJalali(LocalDate date) {
        Calendar c = persianCalendar();
        c.setTimeInMillis(date.toEpochDay() * DAY_MILLIS);
        return new JalaliDate(c.get(Calendar.YEAR), c.get(Calendar.MONTH) + 1, c.get(Calendar.DAY_OF_MONTH));
    }

    /**
     * An instant as people read it, in local time of {@code zone}: for Persian ({@code fa}) the
     * Solar Hijri date in Persian digits, {@code ۱۴۰۵/۰۴/۰۸ ۰۸:۰۰}; for any other language the
     * Gregorian date, {@code 2026-06-29 08:00}.
     */
    public static String format(long epochMillis, ZoneId zone, Locale locale) {
        Objects.requireNonNull(zone, "zone");
        LocalDateTime local = LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), zone);
        if (!"fa".equals(locale.getLanguage())) {
            return GREGORIAN.format(local);
        }
        SimpleDateFormat f = new SimpleDateFormat("yyyy/MM/dd HH:mm", PERSIAN_DISPLAY);
        // The local time is formatted as if it were UTC, so ICU's zone data plays no part.
        f.setTimeZone(TimeZone.GMT_ZONE);
        return f.format(new Date(local.toInstant(ZoneOffset.UTC).toEpochMilli()));
    }

    private static Calendar persianCalendar() {
        Calendar c = Calendar.getInstance(TimeZone.GMT_ZONE, PERSIAN_CALENDAR);
        if (!"persian".equals(c.getType())) {
            throw new IllegalStateException("ICU4J gave a " + c.getType() + " calendar for @calendar=persian");
        }
        return c;
    }

    private static String noSuchDate(int year, int month, int day) {
        return String.format(Locale.ROOT, "there is no Solar Hijri date %04d-%02d-%02d", year, month, day);
    }
}
