package org.didban.collector.fiber;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.didban.collector.alerts.AlertFeed;
import org.didban.collector.ledger.AlertLedger;
import org.didban.collector.ledger.LedgerSettings;
import org.didban.collector.people.Person;
import org.didban.collector.people.Role;
import org.didban.collector.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daily snapshot in the ledger's database: stored once a day, read back as a series, within the person's area. */
class FiberHistoryTest {
    static final Person HQ = new Person("hq", Role.HQ, "");
    static final Person C1_IT = new Person("c1-it", Role.COUNTY, "C1");
    static final Person P2_OFFICER = new Person("p2-officer", Role.PROVINCE, "P2");

    @TempDir
    Path tmp;

    static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    /** The same branches judged a day later, one of them connected meanwhile. */
    static FiberPicture nextDay() {
        FiberPicture today = GapOrderAndCsvTest.picture();
        List<BranchFiber> judged = new ArrayList<>();
        for (BranchFiber b : today.branches()) {
            Detection d = b.code().equals("N-NOPLAN")
                    ? Detection.combine(List.of(new Detection.DeviceUplinks(1, Double.NaN, Double.NaN, 1))) : b.detection();
            judged.add(FiberAssessor.assess(b.branch(), d, GapOrderAndCsvTest.DEADLINES, today.today().plusDays(1)));
        }
        return FiberPicture.of(judged, today.today().plusDays(1), today.computedAt() + 86_400_000L, 9);
    }

    @Test
    void aDayIsStoredOnceAndReadBackWithinThePersonsArea() throws Exception {
        LedgerSettings settings = LedgerSettings.embedded(tmp);
        FiberPicture day1 = GapOrderAndCsvTest.picture();
        FiberPicture day2 = nextDay();
        LocalDate d1 = day1.today();
        // the ledger migrates the schema, V2 (the fiber tables) with it
        try (AlertLedger ledger = AlertLedger.open(settings, new AlertFeed()); FiberHistory history = new FiberHistory(settings)) {
            assertThat(get(history.hasDay(d1))).isFalse();
            assertThat(get(history.store(day1))).isTrue();
            assertThat(get(history.store(day1))).as("a day is stored once").isFalse();
            assertThat(get(history.store(day2))).isTrue();
            assertThat(get(history.hasDay(d1))).isTrue();
        }
        try (AlertLedger ledger = AlertLedger.open(settings, new AlertFeed()); FiberHistory history = new FiberHistory(settings)) {
            List<FiberHistory.Day> nation = get(history.series(FiberArea.of(HQ, null, null), d1.minusDays(30), d1.plusDays(30)));
            assertThat(nation).extracting(FiberHistory.Day::day).containsExactly(d1, d1.plusDays(1));
            assertThat(nation.get(0).counts()).isEqualTo(day1.nation());
            assertThat(nation.get(0).takenAt()).isEqualTo(day1.computedAt());
            assertThat(nation.get(1).counts()).isEqualTo(day2.nation());
            assertThat(nation.get(1).counts().get(FiberCounts.Tally.WITHOUT_FIBER))
                    .isEqualTo(nation.get(0).counts().get(FiberCounts.Tally.WITHOUT_FIBER) - 1);
            // county IT: its county only, whatever it asks for
            List<FiberHistory.Day> c1 = get(history.series(FiberArea.of(C1_IT, null, null), d1, d1));
            assertThat(c1).singleElement().satisfies(d -> assertThat(d.counts()).isEqualTo(day1.counties().get("C1")));
            assertThat(get(history.series(FiberArea.of(C1_IT, "P2", null), d1, d1)))
                    .singleElement().satisfies(d -> assertThat(d.counts().branches()).isZero());
            assertThat(get(history.series(FiberArea.of(C1_IT, null, "C3"), d1, d1))).isEmpty();
            // a province officer: the province, or one of its counties
            assertThat(get(history.series(FiberArea.of(P2_OFFICER, null, null), d1, d1)))
                    .singleElement().satisfies(d -> assertThat(d.counts()).isEqualTo(day1.provinces().get("P2")));
            assertThat(get(history.series(FiberArea.of(P2_OFFICER, null, "C3"), d1, d1)))
                    .singleElement().satisfies(d -> assertThat(d.counts()).isEqualTo(day1.counties().get("C3")));
            assertThat(get(history.series(FiberArea.of(P2_OFFICER, "P1", null), d1, d1))).isEmpty();
            // a span without snapshots
            assertThat(get(history.series(FiberArea.of(HQ, null, null), d1.plusDays(5), d1.plusDays(9)))).isEmpty();
        }
        try (Connection c = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM fiber_daily")) {
            rs.next();
            assertThat(rs.getInt(1)).as("one row per county per day").isEqualTo(2 * day1.counties().size());
        }
    }

    @Test
    void theSameTablesOnARealPostgresql() throws Exception {
        PostgresServer.requireInstalled();
        // not under @TempDir: the server runs as 'postgres', which must be able to reach its folder
        Path folder = Files.createTempDirectory("didban-fiber-pg");
        try (PostgresServer pg = PostgresServer.start(folder)) {
            LedgerSettings settings = LedgerSettings.postgres(pg.jdbcUrl("ledger"), pg.user(), pg.password());
            FiberPicture day1 = GapOrderAndCsvTest.picture();
            try (AlertLedger ledger = AlertLedger.open(settings, new AlertFeed()); FiberHistory history = new FiberHistory(settings)) {
                assertThat(get(history.store(day1))).isTrue();
                assertThat(get(history.store(day1))).isFalse();
                assertThat(get(history.store(nextDay()))).isTrue();
                List<FiberHistory.Day> series = get(history.series(FiberArea.of(HQ, null, null), day1.today(),
                        day1.today().plusDays(1)));
                assertThat(series).hasSize(2);
                assertThat(series.get(0).counts()).isEqualTo(day1.nation());
                assertThat(get(history.series(FiberArea.of(C1_IT, null, null), day1.today(), day1.today())))
                        .singleElement().satisfies(d -> assertThat(d.counts()).isEqualTo(day1.counties().get("C1")));
            }
        } finally {
            try (java.util.stream.Stream<Path> walk = Files.walk(folder)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
