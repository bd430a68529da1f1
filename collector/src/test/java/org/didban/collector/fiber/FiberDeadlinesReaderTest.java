package org.didban.collector.fiber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.didban.collector.TestFleet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fiber-deadlines.yaml: Jalali dates through ICU4J, county over province over nation, problems with file:line. */
class FiberDeadlinesReaderTest {
    @TempDir
    Path tmp;

    private final FiberDeadlinesReader reader = FiberDeadlinesReader.against(TestFleet.inventory());

    @Test
    void jalaliDeadlinesCountyOverProvinceOverNation() throws Exception {
        FiberDeadlines d = reader.readResource("/fiber/fiber-deadlines.yaml");
        assertThat(d.zone()).isEqualTo(ZoneId.of("Asia/Tehran"));
        // 31 Shahrivar 1404, 30 Azar 1404 (written in Persian digits), and 30 Esfand 1403, a leap day
        assertThat(d.national()).isEqualTo(LocalDate.of(2025, 9, 22));
        assertThat(d.forArea("ISF", "ISF-05")).isEqualTo(new Deadline(LocalDate.of(2025, 9, 22), Deadline.Level.NATIONAL));
        assertThat(d.forArea("THR", "THR-01")).isEqualTo(new Deadline(LocalDate.of(2025, 12, 21), Deadline.Level.PROVINCE));
        assertThat(d.forArea("THR", "THR-02")).isEqualTo(new Deadline(LocalDate.of(2025, 3, 20), Deadline.Level.COUNTY));
        // and shown again as written
        assertThat(FiberDates.jalali(d.national())).isEqualTo("1404/06/31");
        assertThat(FiberDates.jalali(LocalDate.of(2025, 3, 20))).isEqualTo("1403/12/30");
    }

    @Test
    void aFileIsReadFromDiskWithABomAndGregorianYearsToo() throws Exception {
        Path file = tmp.resolve("fiber-deadlines.yaml");
        Files.writeString(file, "\uFEFFnational: 2025-09-22\nprovinces:\ncounties: {}\n", StandardCharsets.UTF_8);
        FiberDeadlines d = new FiberDeadlinesReader().read(file);
        assertThat(d.national()).isEqualTo(LocalDate.of(2025, 9, 22));
        assertThat(d.provinces()).isEmpty();
        assertThat(d.zone()).isEqualTo(FiberDeadlines.DEFAULT_ZONE);
    }

    @Test
    void everyProblemOfABadFileIsListedWithFileAndLine() {
        InvalidFiberDeadlinesException e = catchThrowableOfType(InvalidFiberDeadlinesException.class,
                () -> reader.readResource("/fiber/bad-deadlines.yaml"));
        List<String> problems = e.problems().stream().map(FiberDeadlineProblem::toString).toList();
        assertThat(problems).containsExactly(
                "/fiber/bad-deadlines.yaml:1: 'national': '1404/12/30' is not a Solar Hijri date: month 12 of 1404 has no day 30"
                        + " (years below 1700 are Solar Hijri)",
                "/fiber/bad-deadlines.yaml:3: province THR: '1404/13/01' is not a Solar Hijri date: month 13 does not exist"
                        + " (years below 1700 are Solar Hijri)",
                "/fiber/bad-deadlines.yaml:5: province ISF given twice (first on line 4)",
                "/fiber/bad-deadlines.yaml:6: no province 'XXX' in the inventory",
                "/fiber/bad-deadlines.yaml:8: county THR-01: '31/06/1404' is not a date: write YYYY/MM/DD, e.g. 1404/06/31"
                        + " (Solar Hijri; years from 1700 on are Gregorian)",
                "/fiber/bad-deadlines.yaml:9: county THR-02 must be text, not a list or mapping",
                "/fiber/bad-deadlines.yaml:10: unknown field 'deadline'; known: counties, national, provinces, timezone");
        assertThat(e.getMessage()).startsWith("/fiber/bad-deadlines.yaml:1: ");
    }

    @Test
    void theNationalDefaultIsRequiredAndTheRestIsChecked() {
        assertThatThrownBy(() -> reader.read("provinces:\n  THR: 1404/06/31\n", "f.yaml"))
                .hasMessageStartingWith("f.yaml:1: 'national' is required");
        assertThatThrownBy(() -> reader.read("", "f.yaml")).hasMessageStartingWith("f.yaml:1: the file is empty");
        assertThatThrownBy(() -> reader.read("- 1404/06/31\n", "f.yaml"))
                .hasMessageStartingWith("f.yaml:1: expected a mapping");
        assertThatThrownBy(() -> reader.read("national: 1404/06/31\ntimezone: +03:30\n", "f.yaml"))
                .hasMessage("f.yaml:2: 'timezone': '+03:30' is not an IANA time zone name such as Asia/Tehran");
        assertThatThrownBy(() -> reader.read("national: 1404/06/31\nnational: 1404/07/01\n", "f.yaml"))
                .hasMessage("f.yaml:2: field 'national' given twice (first on line 1)");
        assertThatThrownBy(() -> reader.read("national: 0404/06/31\n", "f.yaml"))
                .hasMessage("f.yaml:1: 'national': '0404/06/31': year 0404 is not a plausible year");
        assertThatThrownBy(() -> reader.read("national: 2025/02/29\n", "f.yaml"))
                .hasMessage("f.yaml:1: 'national': '2025/02/29' is not a Gregorian date: month 2 of 2025 has no day 29"
                        + " (years below 1700 are Solar Hijri)");
        assertThatThrownBy(() -> reader.read("national: 1404/06/31\ncounties:\n  'a b': 1404/06/31\n", "f.yaml"))
                .hasMessageContaining("f.yaml:3: 'a b' is not a county code");
    }

    @Test
    void hostileYamlIsRefusedNotRun() {
        assertThatThrownBy(() -> reader.read("national: !thing 1404/06/31\n", "f.yaml"))
                .hasMessageContaining("f.yaml:1: tag !thing is not allowed");
        assertThatThrownBy(() -> reader.read("national: !!java.net.URL [\"http://example.invalid/\"]\n", "f.yaml"))
                .isInstanceOf(InvalidFiberDeadlinesException.class).hasMessageStartingWith("f.yaml:1:");
        String laughs = "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nnational: 1404/06/31\n";
        assertThatThrownBy(() -> reader.read(laughs, "f.yaml")).isInstanceOf(InvalidFiberDeadlinesException.class);
        assertThatThrownBy(() -> reader.read("national: [1404/06/31\n", "f.yaml"))
                .hasMessageStartingWith("f.yaml:2: not valid YAML");
    }

    @Test
    void datesAreReadTheWayPlannersWriteThem() {
        assertThat(FiberDates.parse("1404/06/31")).isEqualTo(LocalDate.of(2025, 9, 22));
        assertThat(FiberDates.parse("1404-6-31")).isEqualTo(LocalDate.of(2025, 9, 22));
        assertThat(FiberDates.parse("۱۴۰۴/۰۶/۳۱")).isEqualTo(LocalDate.of(2025, 9, 22));
        assertThat(FiberDates.parse("١٤٠٤/٠٦/٣١")).as("Arabic-Indic digits").isEqualTo(LocalDate.of(2025, 9, 22));
        assertThat(FiberDates.parse("2025-09-22")).isEqualTo(LocalDate.of(2025, 9, 22));
        assertThatThrownBy(() -> FiberDates.parse("1404/06-31")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FiberDates.parse("1404/07/31")).hasMessageContaining("month 7 of 1404 has no day 31");
    }
}
