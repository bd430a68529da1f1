package org.didban.collector.fiber;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.didban.collector.fiber.Detection.DeviceUplinks;
import org.didban.model.Branch;
import org.didban.model.County;
import org.didban.model.FiberStatus;
import org.didban.model.Inventory;
import org.didban.model.Province;
import org.junit.jupiter.api.Test;

/** The gap list's urgency order, and its CSV for planners. */
class GapOrderAndCsvTest {
    static final LocalDate TODAY = LocalDate.of(2025, 10, 2);
    static final FiberDeadlines DEADLINES = new FiberDeadlines(ZoneId.of("Asia/Tehran"), LocalDate.of(2025, 12, 1),
            Map.of("P2", LocalDate.of(2025, 9, 1)),
            Map.of("C3", LocalDate.of(2025, 9, 25), "C4", LocalDate.of(2025, 11, 1)));

    static Branch branch(String code, String county, String province, FiberStatus fiber, LocalDate planned,
                         boolean sensitive, String nameFa) {
        return new Branch(code, county, province, nameFa, "Branch " + code, false, sensitive,
                sensitive ? "=HYPERLINK(\"http://evil.invalid\",\"click\")" : "", null, fiber, planned, 2, "");
    }

    static Inventory inventory(List<Branch> branches) {
        Inventory.Builder b = Inventory.builder()
                .province(new Province("P1", "تهران", "Tehran")).province(new Province("P2", "اصفهان", "Isfahan"))
                .county(new County("C1", "P1", "ری", "Rey")).county(new County("C2", "P1", "شمیرانات", "Shemiranat"))
                .county(new County("C3", "P2", "کاشان", "Kashan")).county(new County("C4", "P2", "نطنز", "Natanz"))
                .county(new County("C5", "P2", "نائین", "Nain"));
        branches.forEach(b::branch);
        return b.build();
    }

    static List<Branch> branches() {
        return List.of(
                branch("N-NOPLAN", "C1", "P1", FiberStatus.NONE, null, false, "شعبه بی‌برنامه"),
                branch("N-PLAN-LATE", "C4", "P2", FiberStatus.PLANNED, LocalDate.of(2025, 10, 20), false, "شعبه نطنز"),
                branch("N-PLAN-SOON", "C1", "P1", FiberStatus.PLANNED, LocalDate.of(2025, 11, 15), false, "شعبه ری"),
                branch("O-40", "C5", "P2", FiberStatus.NONE, null, false, "+cmd|' /C calc'!A0"),
                branch("O-7", "C3", "P2", FiberStatus.PLANNED, LocalDate.of(2025, 12, 1), false, "-2+3"),
                branch("S-LATE", "C3", "P2", FiberStatus.NONE, null, true, "@SUM(1+1)"),
                branch("S-AHEAD", "C1", "P1", FiberStatus.PLANNED, LocalDate.of(2025, 11, 1), true, "مدرسه «الف»، طبقه ۲"),
                branch("CONNECTED", "C1", "P1", FiberStatus.CONNECTED, null, true, "شعبه متصل"),
                branch("FIBER-NOT-ON-PAPER", "C1", "P1", FiberStatus.NONE, null, false, "شعبه فیبر"));
    }

    static FiberPicture picture() {
        List<BranchFiber> judged = new ArrayList<>();
        for (Branch b : branches()) {
            Detection d = b.code().equals("FIBER-NOT-ON-PAPER")
                    ? Detection.combine(List.of(new DeviceUplinks(1, Double.NaN, 0, 1))) : Detection.NONE_REPORTED;
            judged.add(FiberAssessor.assess(b, d, DEADLINES, TODAY));
        }
        return FiberPicture.of(judged, TODAY, 1_759_393_800_000L, 12);
    }

    @Test
    void sensitiveFirstThenMostOverdueThenNearestDeadlineThenNoPlan() {
        FiberPicture p = picture();
        assertThat(p.gaps()).extracting(BranchFiber::code).containsExactly(
                "S-LATE",        // sensitive, 7 days past (C3: 25 Sep)
                "S-AHEAD",       // sensitive, deadline ahead
                "O-40",          // 31 days past (P2: 1 Sep)
                "O-7",           // 7 days past
                "N-PLAN-LATE",   // planned, deadline 1 Nov (C4)
                "N-PLAN-SOON",   // planned, deadline 1 Dec (national)
                "N-NOPLAN");     // no plan
        assertThat(p.gaps()).extracting(Urgency::of).containsExactly(Urgency.SENSITIVE, Urgency.SENSITIVE,
                Urgency.PAST_DEADLINE, Urgency.PAST_DEADLINE, Urgency.PLANNED, Urgency.PLANNED, Urgency.NO_PLAN);
        assertThat(p.branch("O-40").daysPastDeadline()).isEqualTo(31);
        assertThat(p.branch("N-PLAN-LATE").findings()).isEmpty();
        assertThat(p.branch("O-7").findings()).containsExactly(FiberFinding.PAST_DEADLINE, FiberFinding.PLANNED_AFTER_DEADLINE);
        // connected on paper and fiber detected are not gaps
        assertThat(p.gaps()).extracting(BranchFiber::code).doesNotContain("CONNECTED", "FIBER-NOT-ON-PAPER");
    }

    @Test
    void rollUpsAddUpNationProvinceCounty() {
        FiberPicture p = picture();
        assertThat(p.nation().branches()).isEqualTo(9);
        assertThat(p.nation().get(FiberCounts.Tally.WITHOUT_FIBER)).isEqualTo(7);
        assertThat(p.nation().get(FiberCounts.Tally.PAST_DEADLINE)).isEqualTo(3);
        assertThat(p.nation().get(FiberCounts.Tally.SENSITIVE_WITHOUT_FIBER)).isEqualTo(2);
        assertThat(p.nation().get(FiberCounts.Tally.FIBER_NOT_ON_PAPER)).isEqualTo(1);
        assertThat(p.nation().get(FiberCounts.Tally.DETECTED_UNKNOWN)).isEqualTo(8);
        assertThat(p.provinces().get("P2").plus(p.provinces().get("P1"))).isEqualTo(p.nation());
        assertThat(p.counties().get("C1")).isEqualTo(p.provinces().get("P1"));
        assertThat(p.counties().get("C3").plus(p.counties().get("C4")).plus(p.counties().get("C5")))
                .isEqualTo(p.provinces().get("P2"));
        assertThat(p.provinceOf("C5")).isEqualTo("P2");
        assertThat(p.count("P1", FiberStatus.NONE, Detected.FIBER)).isEqualTo(1);
    }

    @Test
    void theCsvKeepsPersianHasABomAndDefusesFormulas() throws Exception {
        List<Branch> branches = branches();
        FiberPicture p = picture();
        List<FiberCsv.Row> rows = new ArrayList<>();
        int rank = 0;
        for (BranchFiber b : p.gaps()) {
            rows.add(new FiberCsv.Row(++rank, Urgency.of(b), b));
        }
        String csv = FiberCsv.branches(rows, inventory(branches));
        assertThat(csv).startsWith("\uFEFFrank,urgency,branch,name_fa,");
        assertThat(csv).contains("\r\n");
        List<CSVRecord> records;
        try (CSVParser parser = CSVParser.parse(new StringReader(csv.substring(1)),
                CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            records = parser.getRecords();
        }
        assertThat(records).hasSize(7);
        CSVRecord first = records.get(0);
        assertThat(first.get("rank")).isEqualTo("1");
        assertThat(first.get("urgency")).isEqualTo("sensitive");
        assertThat(first.get("branch")).isEqualTo("S-LATE");
        assertThat(first.get("name_fa")).isEqualTo("'@SUM(1+1)");
        assertThat(first.get("sensitive_reason")).isEqualTo("'=HYPERLINK(\"http://evil.invalid\",\"click\")");
        assertThat(first.get("province_fa")).isEqualTo("اصفهان");
        assertThat(first.get("county_fa")).isEqualTo("کاشان");
        assertThat(first.get("deadline_jalali")).isEqualTo("1404/07/03");
        assertThat(first.get("deadline")).isEqualTo("2025-09-25");
        assertThat(first.get("deadline_from")).isEqualTo("county");
        assertThat(first.get("days_past_deadline")).as("our own numbers are left as numbers").isEqualTo("7");
        assertThat(first.get("findings")).isEqualTo("past_deadline");
        CSVRecord ahead = records.get(1);
        assertThat(ahead.get("name_fa")).isEqualTo("مدرسه «الف»، طبقه ۲");
        assertThat(ahead.get("planned_jalali")).isEqualTo("1404/08/10");
        assertThat(ahead.get("days_past_deadline")).isEqualTo("-60");
        assertThat(records.get(2).get("name_fa")).isEqualTo("'+cmd|' /C calc'!A0");
        assertThat(records.get(3).get("name_fa")).isEqualTo("'-2+3");
        assertThat(records.get(6).get("name_fa")).isEqualTo("شعبه بی‌برنامه");
        assertThat(records.get(6).get("detected")).isEqualTo("unknown");
        assertThat(FiberCsv.cell("\tx")).isEqualTo("'\tx");
        assertThat(FiberCsv.cell("plain")).isEqualTo("plain");
    }
}
