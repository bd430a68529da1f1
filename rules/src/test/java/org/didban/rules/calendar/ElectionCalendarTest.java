package org.didban.rules.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.didban.rules.calendar.ElectionCalendarReaderTest.tehran;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.didban.model.ElectionPhase;
import org.didban.rules.PhaseSchedule;
import org.junit.jupiter.api.Test;

class ElectionCalendarTest {
    private static final long MINUTE = 60_000;
    private static final ZoneId TEHRAN = ZoneId.of("Asia/Tehran");

    /** The design's 1405 calendar, with a gap between the count and the closing of the books. */
    private static final String WITH_GAP = """
            elections:
              - id: 1405-presidential
                title: {en: 14th presidential election, fa: چهاردهمین انتخابات ریاست جمهوری}
                phases:
                  - {phase: preparation,      from: 1405-03-20,       to: 1405-04-08 06:00}
                  - {phase: opening_ceremony, from: 1405-04-08 06:00, to: 1405-04-08 08:00}
                  - {phase: voting,           from: 1405-04-08 08:00, to: 1405-04-08 18:00}
                  - {phase: closing_ceremony, from: 1405-04-08 18:00, to: 1405-04-08 19:00}
                  - {phase: count,            from: 1405-04-08 19:00, to: 1405-04-09 12:00}
                  - {phase: closed,           from: 1405-04-10,       to: 1405-04-15}
            """;

    private static ElectionCalendar read(String text) throws InvalidCalendarException {
        return new ElectionCalendarReader().read(text, "test.yaml");
    }

    @Test
    void aPhaseHoldsFromItsStartUntilJustBeforeItsEnd() throws Exception {
        PhaseSchedule c = read(ElectionCalendarReaderTest.JALALI);
        long votingFrom = tehran(2026, 6, 29, 8, 0);
        long votingTo = tehran(2026, 6, 29, 18, 0);
        assertThat(c.phaseAt(votingFrom - 1)).isEqualTo(ElectionPhase.OPENING_CEREMONY);
        assertThat(c.phaseAt(votingFrom)).isEqualTo(ElectionPhase.VOTING);
        assertThat(c.phaseAt(votingTo - 1)).isEqualTo(ElectionPhase.VOTING);
        assertThat(c.phaseAt(votingTo)).isEqualTo(ElectionPhase.CLOSING_CEREMONY);
        assertThat(c.phaseAt(tehran(2026, 6, 10, 0, 0) - 1)).as("before the first phase").isEqualTo(ElectionPhase.NONE);
        assertThat(c.phaseAt(tehran(2026, 6, 10, 0, 0))).isEqualTo(ElectionPhase.PREPARATION);
        assertThat(c.phaseAt(tehran(2026, 7, 6, 0, 0) - 1)).isEqualTo(ElectionPhase.CLOSED);
        assertThat(c.phaseAt(tehran(2026, 7, 6, 0, 0))).as("the last phase's end").isEqualTo(ElectionPhase.NONE);
        assertThat(c.phaseAt(Long.MIN_VALUE)).isEqualTo(ElectionPhase.NONE);
        assertThat(c.phaseAt(Long.MAX_VALUE)).isEqualTo(ElectionPhase.NONE);
    }

    @Test
    void aGapBetweenPhasesIsNone() throws Exception {
        ElectionCalendar c = read(WITH_GAP);
        long countEnd = tehran(2026, 6, 30, 12, 0);
        long closedFrom = tehran(2026, 7, 1, 0, 0);
        assertThat(c.phaseAt(countEnd - 1)).isEqualTo(ElectionPhase.COUNT);
        assertThat(c.phaseAt(countEnd)).isEqualTo(ElectionPhase.NONE);
        assertThat(c.phaseAt(closedFrom - 1)).isEqualTo(ElectionPhase.NONE);
        assertThat(c.phaseAt(closedFrom)).isEqualTo(ElectionPhase.CLOSED);
        assertThat(c.electionAt(countEnd)).isEmpty();
        assertThat(c.electionAt(closedFrom)).map(Election::id).contains("1405-presidential");
        assertThat(c.periodAt(countEnd - 1)).contains(new PhasePeriod(ElectionPhase.COUNT, tehran(2026, 6, 29, 19, 0), countEnd));
        assertThat(c.nextChangeAfter(countEnd - 1)).isEqualTo(countEnd);
        assertThat(c.nextChangeAfter(countEnd)).as("from the gap, the next phase's start").isEqualTo(closedFrom);
    }

    @Test
    void nextChangeIsTheFirstBoundaryStrictlyAfter() throws Exception {
        ElectionCalendar c = read(ElectionCalendarReaderTest.JALALI);
        long votingFrom = tehran(2026, 6, 29, 8, 0);
        long votingTo = tehran(2026, 6, 29, 18, 0);
        assertThat(c.nextChangeAfter(Long.MIN_VALUE)).isEqualTo(tehran(2026, 6, 10, 0, 0));
        assertThat(c.nextChangeAfter(votingFrom - 1)).isEqualTo(votingFrom);
        assertThat(c.nextChangeAfter(votingFrom)).as("strictly after").isEqualTo(votingTo);
        assertThat(c.nextChangeAfter(votingTo - 1)).isEqualTo(votingTo);
        long end = tehran(2026, 7, 6, 0, 0);
        assertThat(c.nextChangeAfter(end - 1)).isEqualTo(end);
        assertThat(c.nextChangeAfter(end)).isEqualTo(Long.MAX_VALUE);
        assertThat(c.nextChangeAfter(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void whereOneElectionEndsInThePhaseTheNextBeginsWithNothingChanges() {
        long t0 = tehran(2026, 6, 1, 0, 0);
        long h = 3_600_000;
        Election first = new Election("a", "A", "الف", List.of(
                new PhasePeriod(ElectionPhase.VOTING, t0, t0 + h), new PhasePeriod(ElectionPhase.COUNT, t0 + h, t0 + 2 * h)));
        Election second = new Election("b", "B", "ب", List.of(
                new PhasePeriod(ElectionPhase.COUNT, t0 + 2 * h, t0 + 3 * h), new PhasePeriod(ElectionPhase.CLOSED, t0 + 3 * h, t0 + 4 * h)));
        ElectionCalendar c = ElectionCalendar.of(TEHRAN, List.of(second, first));
        assertThat(c.elections()).extracting(Election::id).containsExactly("a", "b");
        assertThat(c.nextChangeAfter(t0)).isEqualTo(t0 + h);
        assertThat(c.nextChangeAfter(t0 + h)).as("the count runs on into the next election's").isEqualTo(t0 + 3 * h);
        assertThat(c.electionAt(t0 + 2 * h)).map(Election::id).contains("b");
    }

    @Test
    void agreesWithALinearScanAtEveryMinute() throws Exception {
        ElectionCalendar c = read(WITH_GAP);
        List<PhasePeriod> periods = new ArrayList<>();
        c.elections().forEach(e -> periods.addAll(e.phases()));
        long from = tehran(2026, 6, 9, 0, 0);
        long to = tehran(2026, 7, 7, 0, 0);
        // Every boundary is on a whole minute, so minute steps see every change.
        long expectedNext = Long.MAX_VALUE;
        ElectionPhase after = ElectionPhase.NONE;
        for (long t = to; t >= from; t -= MINUTE) {
            ElectionPhase expected = ElectionPhase.NONE;
            for (PhasePeriod p : periods) {
                if (p.contains(t)) {
                    expected = p.phase();
                }
            }
            assertThat(c.phaseAt(t)).as("phase at %d", t).isEqualTo(expected);
            if (t < to && expected != after) {
                expectedNext = t + MINUTE;
            }
            if (t < to) {
                assertThat(c.nextChangeAfter(t)).as("next change after %d", t).isEqualTo(expectedNext);
            }
            after = expected;
        }
    }

    @Test
    void invariantsHoldWhenBuiltInCodeToo() {
        long t = 1_000_000;
        assertThatThrownBy(() -> new PhasePeriod(ElectionPhase.VOTING, t, t)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PhasePeriod(ElectionPhase.NONE, t, t + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Election("e", "E", "ا", List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Election("e", "E", "ا", List.of(new PhasePeriod(ElectionPhase.COUNT, t, t + 10),
                new PhasePeriod(ElectionPhase.VOTING, t + 10, t + 20)))).hasMessageContaining("cannot come after");
        assertThatThrownBy(() -> new Election("e", "E", "ا", List.of(new PhasePeriod(ElectionPhase.VOTING, t, t + 10),
                new PhasePeriod(ElectionPhase.COUNT, t + 5, t + 20)))).hasMessageContaining("begins before");
        Election a = new Election("a", "A", "ا", List.of(new PhasePeriod(ElectionPhase.VOTING, t, t + 10)));
        Election b = new Election("b", "B", "ب", List.of(new PhasePeriod(ElectionPhase.VOTING, t + 9, t + 20)));
        Election a2 = new Election("a", "A", "ا", List.of(new PhasePeriod(ElectionPhase.VOTING, t + 30, t + 40)));
        assertThatThrownBy(() -> ElectionCalendar.of(TEHRAN, List.of(a, b))).hasMessageContaining("overlap");
        assertThatThrownBy(() -> ElectionCalendar.of(TEHRAN, List.of(a, a2))).hasMessageContaining("distinct");
        assertThatThrownBy(() -> a.phases().add(b.phases().get(0))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ElectionCalendar.of(TEHRAN, List.of(a)).elections().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void anEmptyCalendarIsNoneAtEveryTime() {
        ElectionCalendar c = ElectionCalendar.empty();
        assertThat(c.phaseAt(0)).isEqualTo(ElectionPhase.NONE);
        assertThat(c.nextChangeAfter(0)).isEqualTo(Long.MAX_VALUE);
        assertThat(c.electionAt(0)).isEmpty();
    }
}
