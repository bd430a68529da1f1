package org.didban.rules.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import org.didban.rules.calendar.JalaliDates.JalaliDate;
import org.junit.jupiter.api.Test;

class JalaliDatesTest {
    private static final ZoneId TEHRAN = ZoneId.of("Asia/Tehran");

    @Test
    void nowruzFallsWhereTheCalendarsOfTheYearsSayItDoes() {
        // Nowruz (1 Farvardin) 1403 was Wednesday 20 March 2024, 1404 Friday 21 March 2025,
        // 1400 Sunday 21 March 2021: published facts, not derived from ICU.
        assertThat(JalaliDates.toGregorian(1403, 1, 1)).isEqualTo(LocalDate.of(2024, 3, 20));
        assertThat(JalaliDates.toGregorian(1404, 1, 1)).isEqualTo(LocalDate.of(2025, 3, 21));
        assertThat(JalaliDates.toGregorian(1400, 1, 1)).isEqualTo(LocalDate.of(2021, 3, 21));
        assertThat(JalaliDates.toJalali(LocalDate.of(2024, 3, 20))).isEqualTo(new JalaliDate(1403, 1, 1));
        assertThat(JalaliDates.toJalali(LocalDate.of(2025, 3, 21))).isEqualTo(new JalaliDate(1404, 1, 1));
    }

    @Test
    void otherWellKnownDates() {
        // 22 Bahman 1357: 11 February 1979. 12 Farvardin 1358: 1 April 1979.
        assertThat(JalaliDates.toGregorian(1357, 11, 22)).isEqualTo(LocalDate.of(1979, 2, 11));
        assertThat(JalaliDates.toGregorian(1358, 1, 12)).isEqualTo(LocalDate.of(1979, 4, 1));
        // The day of the 1405 example calendar's vote.
        assertThat(JalaliDates.toGregorian(1405, 4, 8)).isEqualTo(LocalDate.of(2026, 6, 29));
    }

    @Test
    void leapYearsAreIcusToDecide() {
        // 1403 is a Solar Hijri leap year: Esfand has 30 days, the last being the eve of Nowruz 1404.
        assertThat(JalaliDates.toGregorian(1403, 12, 30)).isEqualTo(LocalDate.of(2025, 3, 20));
        assertThat(JalaliDates.toGregorian(1399, 12, 30)).isEqualTo(LocalDate.of(2021, 3, 20));
        assertThatThrownBy(() -> JalaliDates.toGregorian(1404, 12, 30))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1404-12-30");
        assertThat(JalaliDates.toGregorian(1404, 12, 29)).isEqualTo(LocalDate.of(2026, 3, 20));
    }

    @Test
    void monthLengthsAreChecked() {
        assertThat(JalaliDates.toGregorian(1403, 6, 31)).isEqualTo(LocalDate.of(2024, 9, 21));
        assertThatThrownBy(() -> JalaliDates.toGregorian(1403, 7, 31)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JalaliDates.toGregorian(1403, 11, 31)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JalaliDates.toGregorian(1403, 13, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JalaliDates.toGregorian(1403, 0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JalaliDates.toGregorian(1403, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JalaliDates.toGregorian(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyDayOfAGenerationRoundTrips() {
        LocalDate day = LocalDate.of(2015, 1, 1);
        JalaliDate previous = JalaliDates.toJalali(day.minusDays(1));
        for (; day.isBefore(LocalDate.of(2040, 1, 1)); day = day.plusDays(1)) {
            JalaliDate j = JalaliDates.toJalali(day);
            assertThat(JalaliDates.toGregorian(j.year(), j.month(), j.day())).isEqualTo(day);
            // Consecutive: the next day of the month, or the first of the next month or year.
            boolean nextDay = j.year() == previous.year() && j.month() == previous.month() && j.day() == previous.day() + 1;
            boolean nextMonth = j.year() == previous.year() && j.month() == previous.month() + 1 && j.day() == 1;
            boolean nextYear = j.year() == previous.year() + 1 && j.month() == 1 && j.day() == 1;
            assertThat(nextDay || nextMonth || nextYear).as("%s after %s", j, previous).isTrue();
            previous = j;
        }
    }

    @Test
    void rendersPersianWithJalaliDatesAndPersianDigits() {
        long voting = LocalDateTime.of(2026, 6, 29, 8, 0).atZone(TEHRAN).toInstant().toEpochMilli();
        assertThat(JalaliDates.format(voting, TEHRAN, Locale.forLanguageTag("fa-IR"))).isEqualTo("۱۴۰۵/۰۴/۰۸ ۰۸:۰۰");
        assertThat(JalaliDates.format(voting, TEHRAN, Locale.forLanguageTag("fa"))).isEqualTo("۱۴۰۵/۰۴/۰۸ ۰۸:۰۰");
        assertThat(JalaliDates.format(voting, TEHRAN, Locale.ENGLISH)).isEqualTo("2026-06-29 08:00");
        assertThat(JalaliDates.format(voting, ZoneOffset.UTC, Locale.ENGLISH)).isEqualTo("2026-06-29 04:30");
    }

    @Test
    void theLocalDayDecidesTheDateNotTheUtcOne() {
        // 00:10 on 1 Farvardin 1405 in Tehran is still 20 March in UTC.
        long nowruz = LocalDateTime.of(2026, 3, 21, 0, 10).atZone(TEHRAN).toInstant().toEpochMilli();
        assertThat(JalaliDates.format(nowruz, TEHRAN, new Locale("fa", "IR"))).isEqualTo("۱۴۰۵/۰۱/۰۱ ۰۰:۱۰");
        assertThat(JalaliDates.format(nowruz, ZoneOffset.UTC, new Locale("fa", "IR"))).isEqualTo("۱۴۰۴/۱۲/۲۹ ۲۰:۴۰");
        assertThat(JalaliDates.format(nowruz, TEHRAN, Locale.ENGLISH)).isEqualTo("2026-03-21 00:10");
    }
}
