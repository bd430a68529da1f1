package org.didban.rules.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.didban.model.ElectionPhase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElectionCalendarReaderTest {
    private static final ZoneId TEHRAN = ZoneId.of("Asia/Tehran");
    private final ElectionCalendarReader reader = new ElectionCalendarReader();

    static final String JALALI = """
            timezone: Asia/Tehran
            elections:
              - id: 1405-presidential
                title: {en: 14th presidential election, fa: چهاردهمین انتخابات ریاست جمهوری}
                phases:
                  - {phase: preparation,      from: 1405-03-20,       to: 1405-04-08 06:00}
                  - {phase: opening_ceremony, from: 1405-04-08 06:00, to: 1405-04-08 08:00}
                  - {phase: voting,           from: 1405-04-08 08:00, to: 1405-04-08 18:00}
                  - {phase: closing_ceremony, from: 1405-04-08 18:00, to: 1405-04-08 19:00}
                  - {phase: count,            from: 1405-04-08 19:00, to: 1405-04-09 12:00}
                  - {phase: closed,           from: 1405-04-09 12:00, to: 1405-04-15}
            """;

    /** The same calendar with Gregorian dates, block style, quoted values and no timezone (the default). */
    static final String GREGORIAN = """
            elections:
              - id: 1405-presidential
                title:
                  en: 14th presidential election
                  fa: چهاردهمین انتخابات ریاست جمهوری
                phases:
                  - phase: preparation
                    from: 2026-06-10
                    to: 2026-06-29 06:00
                  - {phase: opening_ceremony, from: "2026-06-29 06:00", to: '2026-06-29 08:00'}
                  - {phase: voting,           from: 2026-06-29 08:00, to: 2026-06-29 18:00}
                  - {phase: closing_ceremony, from: 2026-06-29 18:00, to: 2026-06-29 19:00}
                  - {phase: count,            from: 2026-06-29 19:00, to: 2026-06-30 12:00}
                  - {phase: closed,           from: 2026-06-30 12:00, to: 2026-07-06}
            """;

    static long tehran(int y, int mo, int d, int h, int mi) {
        return LocalDateTime.of(y, mo, d, h, mi).atZone(TEHRAN).toInstant().toEpochMilli();
    }

    @Test
    void readsTheExampleOfTheDesign() throws Exception {
        ElectionCalendar calendar = reader.read(JALALI, "calendar.yaml");
        assertThat(calendar.zone()).isEqualTo(TEHRAN);
        assertThat(calendar.elections()).hasSize(1);
        Election e = calendar.elections().get(0);
        assertThat(e.id()).isEqualTo("1405-presidential");
        assertThat(e.titleEn()).isEqualTo("14th presidential election");
        assertThat(e.titleFa()).isEqualTo("چهاردهمین انتخابات ریاست جمهوری");
        assertThat(e.phases()).extracting(PhasePeriod::phase).containsExactly(ElectionPhase.PREPARATION,
                ElectionPhase.OPENING_CEREMONY, ElectionPhase.VOTING, ElectionPhase.CLOSING_CEREMONY,
                ElectionPhase.COUNT, ElectionPhase.CLOSED);
        PhasePeriod voting = e.phases().get(2);
        // Tehran keeps +03:30 all year since 2022: 08:00 local is 04:30 UTC.
        assertThat(voting.fromMillis()).isEqualTo(java.time.Instant.parse("2026-06-29T04:30:00Z").toEpochMilli());
        assertThat(voting.toMillis()).isEqualTo(tehran(2026, 6, 29, 18, 0));
        assertThat(e.fromMillis()).as("a date alone is 00:00 local").isEqualTo(tehran(2026, 6, 10, 0, 0));
        assertThat(e.toMillis()).isEqualTo(tehran(2026, 7, 6, 0, 0));
    }

    @Test
    void jalaliAndGregorianFilesGiveTheSameInstants() throws Exception {
        ElectionCalendar jalali = reader.read(JALALI, "jalali.yaml");
        ElectionCalendar gregorian = reader.read(GREGORIAN, "gregorian.yaml");
        assertThat(gregorian.elections()).isEqualTo(jalali.elections());
        assertThat(gregorian.zone()).isEqualTo(ElectionCalendar.DEFAULT_ZONE).isEqualTo(TEHRAN);
    }

    @Test
    void theTimezoneDecidesTheInstants() throws Exception {
        ElectionCalendar utc = reader.read(JALALI.replace("Asia/Tehran", "UTC"), "utc.yaml");
        assertThat(utc.elections().get(0).phases().get(2).fromMillis())
                .isEqualTo(java.time.Instant.parse("2026-06-29T08:00:00Z").toEpochMilli());
    }

    @Test
    void readsAFileAndAllowsNoElections(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("election-calendar.yaml");
        Files.writeString(file, JALALI);
        assertThat(reader.read(file).elections()).hasSize(1);
        ElectionCalendar none = reader.read("elections: []\n", "none.yaml");
        assertThat(none.elections()).isEmpty();
        assertThat(none.phaseAt(0)).isEqualTo(ElectionPhase.NONE);
        assertThat(none.nextChangeAfter(0)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void theShippedExampleLoads() throws Exception {
        // The sample in the collector module; the build runs tests with the module as working directory.
        Path example = Path.of("../collector/src/main/resources/org/didban/collector/election-calendar-example.yaml");
        ElectionCalendar calendar = reader.read(example);
        assertThat(calendar.elections()).extracting(Election::id).contains("1405-presidential");
        assertThat(calendar.phaseAt(tehran(2026, 6, 29, 12, 0))).isEqualTo(ElectionPhase.VOTING);
    }

    @Test
    void leapDaysExistOnlyInLeapYears() throws Exception {
        String leap = election("{phase: voting, from: 1403-12-30 08:00, to: 1403-12-30 18:00}");
        assertThat(reader.read(leap, "leap.yaml").elections().get(0).fromMillis()).isEqualTo(tehran(2025, 3, 20, 8, 0));
        assertProblems(election("{phase: voting, from: 1404-12-30 08:00, to: 1405-01-01}"),
                "x.yaml:5: election e: voting: 'from': 1404-12-30 08:00 is not a Solar Hijri date: month 12 of 1404 has no day 30 (years below 1700 are Solar Hijri)");
        assertProblems(election("{phase: voting, from: 2025-02-29 08:00, to: 2025-03-01}"),
                "x.yaml:5: election e: voting: 'from': 2025-02-29 08:00 is not a Gregorian date: month 2 of 2025 has no day 29 (years below 1700 are Solar Hijri)");
    }

    @Test
    void monthAndDayRangesAreThoseOfEachCalendar() {
        assertProblems(election("{phase: voting, from: 1405-07-31, to: 1405-13-01}"),
                "x.yaml:5: election e: voting: 'from': 1405-07-31 is not a Solar Hijri date: month 7 of 1405 has no day 31 (years below 1700 are Solar Hijri)",
                "x.yaml:5: election e: voting: 'to': 1405-13-01 is not a Solar Hijri date: month 13 does not exist (years below 1700 are Solar Hijri)");
        assertProblems(election("{phase: voting, from: 2026-04-31, to: 2026-00-01}"),
                "x.yaml:5: election e: voting: 'from': 2026-04-31 is not a Gregorian date: month 4 of 2026 has no day 31 (years below 1700 are Solar Hijri)",
                "x.yaml:5: election e: voting: 'to': 2026-00-01 is not a Gregorian date: month 0 does not exist (years below 1700 are Solar Hijri)");
        assertProblems(election("{phase: voting, from: 1405-01-00, to: 0999-01-01}"),
                "x.yaml:5: election e: voting: 'from': 1405-01-00 is not a Solar Hijri date: month 1 of 1405 has no day 0 (years below 1700 are Solar Hijri)",
                "x.yaml:5: election e: voting: 'to': year 0999 is not a plausible year");
    }

    @Test
    void datesAndTimesMustBeWrittenOneWay() {
        assertProblems(election("{phase: voting, from: 1405/04/08, to: 1405-4-8}"),
                "x.yaml:5: election e: voting: 'from': '1405/04/08' is not a date like 1405-04-08 or 1405-04-08 08:00 (YYYY-MM-DD or YYYY-MM-DD HH:MM)",
                "x.yaml:5: election e: voting: 'to': '1405-4-8' is not a date like 1405-04-08 or 1405-04-08 08:00 (YYYY-MM-DD or YYYY-MM-DD HH:MM)");
        assertProblems(election("{phase: voting, from: 1405-04-08T08:00, to: 1405-04-08 8:00}"),
                "x.yaml:5: election e: voting: 'from': '1405-04-08T08:00' is not a date like 1405-04-08 or 1405-04-08 08:00 (YYYY-MM-DD or YYYY-MM-DD HH:MM)",
                "x.yaml:5: election e: voting: 'to': '1405-04-08 8:00' is not a date like 1405-04-08 or 1405-04-08 08:00 (YYYY-MM-DD or YYYY-MM-DD HH:MM)");
        assertProblems(election("{phase: voting, from: 1405-04-08 24:00, to: 1405-04-08 08:60}"),
                "x.yaml:5: election e: voting: 'from': 24:00 is not a time of day (00:00 to 23:59; for midnight at the end of a day write the next day)",
                "x.yaml:5: election e: voting: 'to': 08:60 is not a time of day (00:00 to 23:59; for midnight at the end of a day write the next day)");
        assertProblems(election("{phase: voting, from: [1405-04-08], to: ''}"),
                "x.yaml:5: election e: voting: 'from' must be text",
                "x.yaml:5: election e: voting: 'to' is empty");
    }

    @Test
    void aPhaseEndsAfterItBegins() {
        assertProblems(election("{phase: voting, from: 1405-04-08 08:00, to: 1405-04-08 08:00}"),
                "x.yaml:5: election e: voting: 'to' must be after 'from'");
        assertProblems(election("{phase: voting, from: 2026-06-29 18:00, to: 1405-04-08 08:00}"),
                "x.yaml:5: election e: voting: 'to' must be after 'from'");
    }

    @Test
    void phasesAreInOrderAndDoNotOverlap() {
        assertProblems(election(
                        "{phase: voting, from: 1405-04-08 08:00, to: 1405-04-08 18:00}",
                        "{phase: count, from: 1405-04-08 17:00, to: 1405-04-09}"),
                "x.yaml:6: election e: count begins before voting ends; phases are listed in order and do not overlap");
        assertProblems(election(
                        "{phase: count, from: 1405-04-08 19:00, to: 1405-04-09}",
                        "{phase: voting, from: 1405-04-08 08:00, to: 1405-04-08 18:00}"),
                "x.yaml:6: election e: voting begins before count ends; phases are listed in order and do not overlap");
        assertProblems(election(
                        "{phase: count, from: 1405-04-08 08:00, to: 1405-04-08 18:00}",
                        "{phase: voting, from: 1405-04-08 19:00, to: 1405-04-09}"),
                "x.yaml:6: election e: voting cannot follow count; phases go preparation, opening_ceremony, voting,"
                        + " closing_ceremony, count, closed, each at most once");
        assertProblems(election(
                        "{phase: voting, from: 1405-04-08 08:00, to: 1405-04-08 12:00}",
                        "{phase: voting, from: 1405-04-08 13:00, to: 1405-04-08 18:00}"),
                "x.yaml:6: election e: voting cannot follow voting; phases go preparation, opening_ceremony, voting,"
                        + " closing_ceremony, count, closed, each at most once");
    }

    @Test
    void phaseNamesAreThoseOfTheModel() {
        assertProblems(election("{phase: vote, from: 1405-04-08 08:00, to: 1405-04-08 18:00}"),
                "x.yaml:5: election e: unknown election phase 'vote'; known: none, preparation, opening_ceremony, voting,"
                        + " closing_ceremony, count, closed");
        assertProblems(election("{phase: none, from: 1405-04-08 08:00, to: 1405-04-08 18:00}"),
                "x.yaml:5: election e: 'none' is not written; it is any time no phase covers, so leave a gap");
        assertProblems(election("{from: 1405-04-08 08:00, to: 1405-04-08 18:00}"),
                "x.yaml:5: election e: 'phase' is required");
    }

    @Test
    void electionsDoNotOverlapAndHaveDistinctIds() {
        String two = """
                elections:
                  - id: first
                    title: {en: First, fa: نخست}
                    phases:
                      - {phase: voting, from: 1405-04-08 08:00, to: 1405-04-08 18:00}
                      - {phase: closed, from: 1405-04-09, to: 1405-04-15}
                  - id: second
                    title: {en: Second, fa: دوم}
                    phases:
                      - {phase: preparation, from: 1405-04-14, to: 1405-04-20}
                  - id: first
                    title: {en: Again, fa: دوباره}
                    phases:
                      - {phase: voting, from: 1406-04-08 08:00, to: 1406-04-08 18:00}
                """;
        assertProblems(two,
                "x.yaml:7: election second overlaps election first (line 2): it begins before that one's 'closed' ends",
                "x.yaml:11: election id first given twice (first on line 2)");
    }

    @Test
    void electionsMayFollowOneAnotherInAnyOrder() throws Exception {
        String two = """
                elections:
                  - id: runoff
                    title: {en: Run-off, fa: دور دوم}
                    phases:
                      - {phase: voting, from: 1405-04-15 08:00, to: 1405-04-15 18:00}
                  - id: first
                    title: {en: First round, fa: دور نخست}
                    phases:
                      - {phase: voting, from: 1405-04-08 08:00, to: 1405-04-08 18:00}
                      - {phase: closed, from: 1405-04-09, to: 1405-04-15 08:00}
                """;
        ElectionCalendar c = reader.read(two, "x.yaml");
        assertThat(c.elections()).extracting(Election::id).containsExactly("first", "runoff");
    }

    @Test
    void unknownFieldsAndMissingOnesAreRefused() {
        String text = """
                timezone: Asia/Tehran
                election: []
                elections:
                  - id: e
                    title: {en: E, fr: É}
                    phases:
                      - {phase: voting, from: 1405-04-08 08:00, to: 1405-04-08 18:00, severity: high}
                    runbook: none
                  - id: bad id!
                    phases: []
                """;
        assertProblems(text,
                "x.yaml:2: unknown field 'election'; known: elections, timezone",
                "x.yaml:5: election e: title: unknown field 'fr'; known: en, fa",
                "x.yaml:5: election e: title: 'fa' is required",
                "x.yaml:7: election e: voting: unknown field 'severity'; known: from, phase, to",
                "x.yaml:8: election: unknown field 'runbook'; known: id, phases, title",
                "x.yaml:9: election id 'bad id!' must be letters, digits, '-' and '_', like 1405-presidential",
                "x.yaml:9: election bad id!: 'title' with 'en' and 'fa' is required",
                "x.yaml:10: election bad id!: 'phases' must be a list of at least one phase");
        assertProblems("timezone: Asia/Tehran\n", "x.yaml:1: no 'elections' list (write 'elections: []' for none)");
        assertProblems("elections:\n  - id: e\n    id: f\n    title: {en: E, fa: ا}\n    phases: [{phase: voting, from: 1405-04-08 08:00, to: 1405-04-08 18:00}]\n",
                "x.yaml:3: election: field 'id' given twice");
    }

    @Test
    void timezoneMustBeAnIanaZone() {
        assertProblems("timezone: Mars/Olympus_Mons\nelections: []\n",
                "x.yaml:1: 'timezone': 'Mars/Olympus_Mons' is not an IANA time zone name such as Asia/Tehran");
        assertProblems("timezone: +03:30\nelections: []\n",
                "x.yaml:1: 'timezone': '+03:30' is not an IANA time zone name such as Asia/Tehran");
    }

    @Test
    void localTimesTheClocksSkippedOrRepeatedAreRefused() {
        // Iran kept summer time until 2022: at 24:00 on 1 Farvardin 1400 clocks went to 01:00, and
        // at 24:00 on 30 Shahrivar 1400 back to 23:00.
        assertProblems(election("{phase: voting, from: 1400-01-02 00:30, to: 1400-06-30 23:30}"),
                "x.yaml:5: election e: voting: 'from': 1400-01-02 00:30 does not exist in Asia/Tehran (the clocks skipped it)",
                "x.yaml:5: election e: voting: 'to': 1400-06-30 23:30 happens twice in Asia/Tehran (the clocks went back); choose another time");
    }

    @Test
    void everyProblemOfAFileIsReportedTogetherWithItsLine() {
        String text = """
                elections:
                  - id: e
                    title: {en: E, fa: ا}
                    phases:
                      - {phase: preparation, from: 1405-03-20, to: 1405-03-32}
                      - {phase: votin, from: 1405-04-08 08:00, to: 1405-04-08 18:00}
                      - phase: count
                        from: 1405-04-08 19:00
                        to: 1405-04-08 18:00
                """;
        InvalidCalendarException e = refused(text);
        assertThat(e.problems()).extracting(CalendarProblem::line).containsExactly(5, 6, 9);
        assertThat(e.getMessage()).contains("x.yaml:9: election e: count: 'to' must be after 'from'");
    }

    @Test
    void malformedFilesAreRefusedWithALine() {
        assertProblems("", "x.yaml:1: the file is empty");
        assertProblems("- 1\n- 2\n", "x.yaml:1: expected a mapping with 'timezone' and an 'elections' list");
        assertProblems("elections: {id: e}\n", "x.yaml:1: 'elections' must be a list");
        assertProblems("elections:\n  - just text\n",
                "x.yaml:2: each election must be a mapping with 'id', 'title' and 'phases'");
        assertThat(refused("elections: [\n  {id: e\n").getMessage()).startsWith("x.yaml:").contains("not valid YAML");
    }

    @Test
    void hostileYamlIsRefusedNotObeyed() {
        // A type tag would construct an arbitrary object under a naive loader; here nothing is constructed.
        assertThat(refused("!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[]]]\n").getMessage())
                .contains("x.yaml:1: not valid YAML: Global tag is not allowed");
        assertProblems("elections: !calendar []\n", "x.yaml:1: tag !calendar is not allowed");
        StringBuilder bomb = new StringBuilder("a: &a [x,x,x,x,x,x,x,x,x]\n");
        for (int i = 0; i < 8; i++) {
            char c = (char) ('b' + i);
            char prev = (char) ('a' + i);
            bomb.append(c).append(": &").append(c).append(" [");
            bomb.append(("*" + prev + ",").repeat(8)).append('*').append(prev).append("]\n");
        }
        assertThat(refused(bomb.toString()).getMessage()).contains("not valid YAML");
        // A list that contains itself is read as what it is: not an election.
        assertProblems("elections: &a [*a]\n", "x.yaml:1: each election must be a mapping with 'id', 'title' and 'phases'");
        assertProblems("!x [1]\n", "x.yaml:1: tag !x is not allowed",
                "x.yaml:1: expected a mapping with 'timezone' and an 'elections' list");
        assertProblems("<<: {elections: []}\n", "x.yaml:1: unknown field '<<'; known: elections, timezone",
                "x.yaml:1: no 'elections' list (write 'elections: []' for none)");
    }

    @Test
    void largeFilesAreRefusedBeforeParsing(@TempDir Path dir) throws Exception {
        String huge = "# " + "x".repeat(ElectionCalendarReader.MAX_FILE_CHARS) + "\nelections: []\n";
        assertProblems(huge, "x.yaml:1: file is larger than 65536 characters");
        Path file = dir.resolve("huge.yaml");
        Files.writeString(file, huge.repeat(5));
        assertThatThrownBy(() -> reader.read(file)).isInstanceOf(InvalidCalendarException.class)
                .hasMessageContaining("file is larger than");
    }

    /** A file with one election {@code e} whose phases, in flow style, start on line 5. */
    private static String election(String... phases) {
        StringBuilder s = new StringBuilder("""
                elections:
                  - id: e
                    title: {en: E, fa: ا}
                    phases:
                """);
        for (String p : phases) {
            s.append("      - ").append(p).append('\n');
        }
        return s.toString();
    }

    private InvalidCalendarException refused(String text) {
        InvalidCalendarException e = catchThrowableOfType(InvalidCalendarException.class, () -> reader.read(text, "x.yaml"));
        assertThat(e).as("refused:\n%s", text).isNotNull();
        return e;
    }

    private void assertProblems(String text, String... expected) {
        assertThat(refused(text).problems()).extracting(CalendarProblem::toString).containsExactly(expected);
    }
}
