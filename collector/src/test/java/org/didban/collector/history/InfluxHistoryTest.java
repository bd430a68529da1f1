package org.didban.collector.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.collector.history.HistoryFixtures.EVENING;
import static org.didban.collector.history.HistoryFixtures.MORNING;
import static org.didban.collector.history.HistoryFixtures.MORNING_DAY_START;
import static org.didban.collector.history.HistoryFixtures.NEXT_DAY_START;
import static org.didban.collector.history.HistoryFixtures.NEXT_NIGHT;
import static org.didban.collector.history.HistoryFixtures.await;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.didban.collector.alerts.AlertChange;
import org.didban.collector.alerts.TrackedAlert;
import org.didban.collector.fiber.Detected;
import org.didban.collector.fiber.FiberCounts;
import org.didban.collector.readiness.ReadinessRollup;
import org.didban.collector.testing.InfluxServer;
import org.didban.model.Alert;
import org.didban.model.AlertState;
import org.didban.model.Branch;
import org.didban.model.Sample;
import org.didban.model.Severity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * History written to a real influxd (Debian's InfluxDB 1.6) and read back with InfluxQL. Each test
 * writes into a database of its own, which the history creates.
 */
class InfluxHistoryTest {
    private static final Duration ARRIVAL = Duration.ofSeconds(20);
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static InfluxServer influx;

    @BeforeAll
    static void startInflux() throws Exception {
        influx = InfluxServer.start();
    }

    @AfterAll
    static void stopInflux() {
        if (influx != null) {
            influx.close();
        }
    }

    private static InfluxSettings.Builder settings(String url) {
        return InfluxSettings.builder(url).database("history_" + DATABASES.incrementAndGet())
                .flushInterval(Duration.ofMillis(100));
    }

    /** Waits until the query answers this many rows, and returns them. */
    private static List<JsonObject> awaitRows(InfluxServer server, InfluxHistory history, String query, int count) {
        String db = history.settings().database();
        List<List<JsonObject>> last = new ArrayList<>(List.of(List.of()));
        await(ARRIVAL, () -> query + " answered " + last.get(0) + "; " + history + "; influxd's log:\n" + server.logTail(),
                () -> {
                    last.set(0, databaseExists(server, db) ? server.rows(db, query) : List.of());
                    return last.get(0).size() == count;
                });
        return last.get(0);
    }

    private static boolean databaseExists(InfluxServer server, String db) {
        return server.rows(null, "SHOW DATABASES").stream().anyMatch(r -> db.equals(r.getString("name")));
    }

    @Test
    void samplesOfABranchArriveWithTheirTagsAndValues() {
        Branch branch = HistoryFixtures.branch("2301-001", "2301", "23");
        try (InfluxHistory history = InfluxHistory.start(settings(influx.url()).build())) {
            history.samples(branch, List.of(
                    HistoryFixtures.sample("2301-001-router", "if_oper_status", 1, MORNING, "if_index", "1", "if_name", "wan0"),
                    HistoryFixtures.sample("2301-001-router", "if_oper_status", 2, MORNING, "if_index", "2", "if_name", "wan1",
                            "if_alias", ""),
                    HistoryFixtures.sample("2301-001-ups", "ups_battery_ratio", 0.875, MORNING + 1500)));

            List<JsonObject> rows = awaitRows(influx, history,
                    "SELECT * FROM sample WHERE \"branch\" = '2301-001' GROUP BY * ORDER BY time", 3);
            assertThat(rows).anySatisfy(r -> {
                assertThat(r.getString("province")).isEqualTo("23");
                assertThat(r.getString("county")).isEqualTo("2301");
                assertThat(r.getString("device")).isEqualTo("2301-001-router");
                assertThat(r.getString("metric")).isEqualTo("if_oper_status");
                assertThat(r.getString("if_index")).isEqualTo("2");
                assertThat(r.getString("if_name")).isEqualTo("wan1");
                assertThat(r.getDouble("value")).isEqualTo(2.0);
                assertThat(r.getLong("time")).isEqualTo(MORNING);
            });
            assertThat(rows).anySatisfy(r -> {
                assertThat(r.getString("device")).isEqualTo("2301-001-ups");
                assertThat(r.getDouble("value")).isEqualTo(0.875);
                assertThat(r.getLong("time")).isEqualTo(MORNING + 1500);
            });
            // An empty label is left out, not written as an empty tag.
            assertThat(influx.rows(history.settings().database(), "SHOW TAG KEYS FROM sample"))
                    .extracting(r -> r.getString("tagKey")).doesNotContain("if_alias");
            await(ARRIVAL, history::toString, () -> history.pointsWritten() == 3);
            assertThat(history.batchesWritten()).isPositive();
            assertThat(history.lastWriteMillis()).isPositive();
            assertThat(history.pointsDropped() + history.pointsInvalid() + history.pointsRefused()).isZero();
        }
    }

    @Test
    void samplesAreNotWrittenWhenSwitchedOff() {
        try (InfluxHistory history = InfluxHistory.start(settings(influx.url()).writeSamples(false).build())) {
            Branch branch = HistoryFixtures.branch("B1", "C1", "P1");
            history.samples(branch, List.of(HistoryFixtures.sample("d1", "m", 1, MORNING)));
            Alert alert = HistoryFixtures.alert(branch, "DEV-01", "d1", Severity.MEDIUM, AlertState.FIRING, 0, MORNING);
            history.transition(HistoryFixtures.fired(1, alert, false));

            // The transition's arrival shows the writer went past where the sample would have been.
            awaitRows(influx, history, "SELECT * FROM alert_transition", 1);
            assertThat(influx.rows(history.settings().database(), "SELECT * FROM sample")).isEmpty();
            assertThat(history.pointsQueued()).isEqualTo(1);
        }
    }

    @Test
    void anAlertTransitionArrivesAndTwoOfOneMillisecondBothCount() {
        Branch branch = HistoryFixtures.branch("2301-001", "2301", "23", true);
        Alert wan0 = HistoryFixtures.alert(branch, "NET-01", "2301-001-router", Severity.HIGH, AlertState.FIRING, 2.0,
                MORNING, "if_index", "1");
        Alert wan1 = HistoryFixtures.alert(branch, "NET-01", "2301-001-router", Severity.HIGH, AlertState.FIRING, 2.0,
                MORNING, "if_index", "2");
        try (InfluxHistory history = InfluxHistory.start(settings(influx.url()).build())) {
            history.transition(HistoryFixtures.fired(7, wan0, true));
            history.transition(new AlertChange(0, MORNING, AlertChange.Kind.EVALUATED, TrackedAlert.of(wan1, true),
                    AlertState.PENDING, AlertState.FIRING, AlertChange.ENGINE, ""));

            List<JsonObject> rows = awaitRows(influx, history,
                    "SELECT * FROM alert_transition WHERE \"branch\" = '2301-001' AND \"to\" = 'firing'", 2);
            JsonObject first = rows.stream().filter(r -> TrackedAlert.idOf(wan0).equals(r.getString("id"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no transition of " + TrackedAlert.idOf(wan0) + " in " + rows));
            assertThat(first.getString("province")).isEqualTo("23");
            assertThat(first.getString("county")).isEqualTo("2301");
            assertThat(first.getString("rule")).isEqualTo("NET-01");
            assertThat(first.getString("severity")).isEqualTo("high");
            assertThat(first.getString("kind")).isEqualTo("evaluated");
            assertThat(first.getString("sensitive")).isEqualTo("true");
            assertThat(first.getString("from")).isEqualTo("pending");
            assertThat(first.getString("summary")).isEqualTo("Uplink down");
            assertThat(first.getString("summary_fa")).isEqualTo("قطع لینک");
            assertThat(first.getDouble("value")).isEqualTo(2.0);
            assertThat(first.getLong("count")).isEqualTo(1);
            assertThat(first.getLong("time")).isEqualTo(MORNING);

            // What the dashboards ask: transitions to firing, summed.
            List<JsonObject> sum = influx.rows(history.settings().database(),
                    "SELECT sum(\"count\") FROM alert_transition WHERE \"to\" = 'firing'");
            assertThat(sum).singleElement().satisfies(r -> assertThat(r.getLong("sum")).isEqualTo(2));
        }
    }

    @Test
    void dailyPointsWrittenTwiceADayLeaveOnePerAreaAndDayAndTheLastWins() {
        try (InfluxHistory history = InfluxHistory.start(settings(influx.url()).build())) {
            String db = history.settings().database();
            history.readiness(HistoryFixtures.readiness(MORNING, Map.of("23", List.of(
                    county("2301", 1, 5), county("2302", 0, 3)))));
            awaitRows(influx, history, "SELECT * FROM readiness_daily", 4);

            history.readiness(HistoryFixtures.readiness(EVENING, Map.of("23", List.of(
                    county("2301", 6, 0), county("2302", 3, 0)))));
            await(ARRIVAL, history::toString, () -> history.pointsWritten() == 8);

            List<JsonObject> counties = influx.rows(db,
                    "SELECT * FROM readiness_daily WHERE \"level\" = 'county' GROUP BY \"county\"");
            assertThat(counties).hasSize(2).allSatisfy(r -> {
                assertThat(r.getLong("time")).isEqualTo(MORNING_DAY_START);
                assertThat(r.getLong("red")).isZero();
            });
            assertThat(counties).anySatisfy(r -> {
                assertThat(r.getString("county")).isEqualTo("2301");
                assertThat(r.getString("province")).isEqualTo("23");
                assertThat(r.getLong("green")).isEqualTo(6);
                assertThat(r.getLong("branches")).isEqualTo(6);
            });
            assertThat(influx.rows(db, "SELECT * FROM readiness_daily WHERE \"level\" = 'province'"))
                    .singleElement().satisfies(r -> {
                        assertThat(r.getString("province")).isEqualTo("23");
                        assertThat(r.containsKey("county") && r.getValue("county") != null).isFalse();
                        assertThat(r.getLong("green")).isEqualTo(9);
                    });

            // The next day (01:00 in Tehran, still the day before in UTC) is a day of its own.
            history.readiness(HistoryFixtures.readiness(NEXT_NIGHT, Map.of("23", List.of(
                    county("2301", 2, 4), county("2302", 3, 0)))));
            List<JsonObject> days = awaitRows(influx, history,
                    "SELECT \"green\" FROM readiness_daily WHERE \"county\" = '2301'", 2);
            assertThat(days).extracting(r -> r.getLong("time")).containsExactly(MORNING_DAY_START, NEXT_DAY_START);
            assertThat(days).extracting(r -> r.getLong("green")).containsExactly(6L, 2L);
        }
    }

    private static ReadinessRollup county(String code, int green, int red) {
        return HistoryFixtures.rollup(ReadinessRollup.Level.COUNTY, code, green, 0, red, green, 0, 90.0, List.of());
    }

    @Test
    void fiberWrittenTwiceADayLeavesOnePointPerCountyWithTheLastCounts() {
        List<Branch> branches = List.of(HistoryFixtures.branch("2301-001", "2301", "23"),
                HistoryFixtures.branch("2301-002", "2301", "23"), HistoryFixtures.branch("0101-001", "0101", "01"));
        try (InfluxHistory history = InfluxHistory.start(settings(influx.url()).build())) {
            String db = history.settings().database();
            history.fiber(HistoryFixtures.fiber(MORNING, Detected.CELLULAR, branches));
            awaitRows(influx, history, "SELECT * FROM fiber_daily", 2);
            history.fiber(HistoryFixtures.fiber(EVENING, Detected.FIBER, branches));
            await(ARRIVAL, history::toString, () -> history.pointsWritten() == 4);

            List<JsonObject> rows = influx.rows(db, "SELECT * FROM fiber_daily GROUP BY \"county\"");
            assertThat(rows).hasSize(2).allSatisfy(r -> {
                assertThat(r.getLong("time")).isEqualTo(MORNING_DAY_START);
                assertThat(r.getLong("detected_cellular")).isZero();
                for (FiberCounts.Tally t : FiberCounts.Tally.values()) {
                    assertThat(r.getValue(t.column())).as(t.column()).isNotNull();
                }
            });
            assertThat(rows).anySatisfy(r -> {
                assertThat(r.getString("county")).isEqualTo("2301");
                assertThat(r.getString("province")).isEqualTo("23");
                assertThat(r.getLong("branches")).isEqualTo(2);
                assertThat(r.getLong("detected_fiber")).isEqualTo(2);
            });
            // The dashboards' question: the share of a province's branches on fiber, by day.
            assertThat(influx.rows(db, "SELECT sum(\"detected_fiber\") * 100 / sum(\"branches\") AS \"on_fiber\""
                    + " FROM fiber_daily WHERE \"province\" =~ /^23$/ GROUP BY time(1d) fill(none)"))
                    .extracting(r -> r.getDouble("on_fiber")).containsExactly(100.0);
            // Days cut at UTC midnight put Tehran's day point in the bucket of the day before; tz() cuts Tehran's days.
            String byDay = "SELECT sum(\"branches\") AS \"branches\" FROM fiber_daily WHERE time >= " + (MORNING_DAY_START - 86_400_000L)
                    + "ms AND time < " + (MORNING_DAY_START + 86_400_000L) + "ms GROUP BY time(1d) fill(none)";
            assertThat(influx.rows(db, byDay)).singleElement()
                    .satisfies(r -> assertThat(r.getLong("time")).isLessThan(MORNING_DAY_START));
            assertThat(influx.rows(db, byDay + " tz('Asia/Tehran')")).singleElement().satisfies(r -> {
                assertThat(r.getLong("time")).isEqualTo(MORNING_DAY_START);
                assertThat(r.getLong("branches")).isEqualTo(3);
            });
        }
    }

    @Test
    void hostileTextIsWrittenEscapedAndReadBackEqualOrCountedInvalidWithoutHarmingItsBatch() {
        String[] tagValues = {
            "with space", "with,comma", "with=equals", "with \"quotes\" and 'apostrophes'", "شعبه ۱ تهران",
            "back\\slash in the middle", "a\\,b\\ c\\=d", "tab\there", "x".repeat(10_240), "emoji 🗳️ ballot",
        };
        String[] hostile = {"two\nlines", "carriage\rreturn", "ends with \\", "nul\0byte"};
        Branch branch = HistoryFixtures.branch("B 1,x=y", "C1", "P1");
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < tagValues.length; i++) {
            samples.add(HistoryFixtures.sample("d" + i, "m", i, MORNING, "name", tagValues[i]));
        }
        for (String h : hostile) {
            samples.add(HistoryFixtures.sample("dh", "m", 99, MORNING, "name", h));
        }
        samples.add(HistoryFixtures.sample("dnan", "m", Double.NaN, MORNING));
        samples.add(HistoryFixtures.sample("dinf", "m", Double.NEGATIVE_INFINITY, MORNING));

        String note = "note with \"quotes\", a backslash \\, a line\nbreak, Persian «تست» and " + "ب".repeat(10_000) + " \\";
        Alert alert = HistoryFixtures.alert(branch, "SEC-03", "d0", Severity.CRITICAL, AlertState.FIRING, 1, MORNING);
        AlertChange acknowledged = new AlertChange(3, MORNING + 5, AlertChange.Kind.ACKNOWLEDGED,
                TrackedAlert.of(alert, false), AlertState.FIRING, AlertState.ACKNOWLEDGED, "tehran-it", note);

        try (InfluxHistory history = InfluxHistory.start(settings(influx.url()).build())) {
            String db = history.settings().database();
            history.samples(branch, samples);
            history.transition(acknowledged);

            List<JsonObject> rows = awaitRows(influx, history, "SELECT * FROM sample GROUP BY *", tagValues.length);
            for (int i = 0; i < tagValues.length; i++) {
                String expected = tagValues[i];
                double value = i;
                assertThat(rows).as("the point with name '%s'", expected.length() > 60 ? expected.substring(0, 60) + "…" : expected)
                        .anySatisfy(r -> {
                            assertThat(r.getString("name")).isEqualTo(expected);
                            assertThat(r.getString("branch")).isEqualTo("B 1,x=y");
                            assertThat(r.getDouble("value")).isEqualTo(value);
                        });
            }
            JsonObject transition = awaitRows(influx, history, "SELECT * FROM alert_transition", 1).get(0);
            assertThat(transition.getString("note")).isEqualTo(note);
            assertThat(transition.getString("to")).isEqualTo("acknowledged");
            assertThat(transition.getString("actor")).isEqualTo("tehran-it");

            await(ARRIVAL, history::toString, () -> history.pointsWritten() == tagValues.length + 1);
            assertThat(history.pointsInvalid()).isEqualTo(hostile.length + 2);
            assertThat(history.batchesRefused()).isZero();
            // Nothing forged a measurement of its own out of a line break.
            assertThat(influx.rows(db, "SHOW MEASUREMENTS")).extracting(r -> r.getString("name"))
                    .containsExactlyInAnyOrder("sample", "alert_transition");
        }
    }

    @Test
    void aBatchInfluxRefusesIsLetGoAndTheNextOnesArrive() {
        try (InfluxHistory history = InfluxHistory.start(settings(influx.url()).batchSize(1).build())) {
            String db = history.settings().database();
            // Let the history create its database, then make "value" an integer field of "sample".
            Branch branch = HistoryFixtures.branch("B1", "C1", "P1");
            Alert alert = HistoryFixtures.alert(branch, "DEV-01", "d1", Severity.MEDIUM, AlertState.FIRING, 0, MORNING);
            history.transition(HistoryFixtures.fired(1, alert, false));
            awaitRows(influx, history, "SELECT * FROM alert_transition", 1);
            assertThat(influx.write(db, "sample,device=other,metric=m value=1i " + MORNING)).isEqualTo(204);

            history.samples(branch, List.of(HistoryFixtures.sample("d1", "m", 1.5, MORNING)));
            history.transition(HistoryFixtures.fired(2, alert, false));

            awaitRows(influx, history, "SELECT * FROM alert_transition", 2);
            await(ARRIVAL, history::toString, () -> history.batchesRefused() == 1);
            assertThat(history.pointsRefused()).isEqualTo(1);
            assertThat(history.batchFailures()).isZero();
            assertThat(influx.rows(db, "SELECT * FROM sample")).singleElement()
                    .satisfies(r -> assertThat(r.getString("device")).isEqualTo("other"));
        }
    }

    @Test
    void whileInfluxIsDownPointsQueueUpToCapacityTheRestAreCountedAndTheQueuedOnesArriveLater() throws Exception {
        int capacity = 50;
        int batch = 10;
        try (InfluxServer server = InfluxServer.start();
                InfluxHistory history = InfluxHistory.start(settings(server.url()).bufferCapacity(capacity)
                        .batchSize(batch).build(), Duration.ofMillis(50), Duration.ofMillis(400))) {
            Branch branch = HistoryFixtures.branch("B1", "C1", "P1");
            history.samples(branch, samplesFrom(0, 10));
            awaitRows(server, history, "SELECT count(\"value\") FROM sample", 1);
            await(ARRIVAL, history::toString, () -> history.pointsWritten() == 10);

            server.stop();
            // One at a time, as event loops would: each returns at once, and nothing throws.
            int offered = 0;
            long slowest = 0;
            for (int i = 10; i < 80; i++) {
                long started = System.nanoTime();
                history.samples(branch, samplesFrom(i, i + 1));
                slowest = Math.max(slowest, System.nanoTime() - started);
                offered++;
                if (i == 20) {
                    await(ARRIVAL, history::toString, () -> history.batchFailures() > 0);
                }
            }
            // no call waited for the stopped server (a wait would last the writer's read timeout, 20 s)
            assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofSeconds(10));
            // The writer holds at most one batch while it retries; the buffer holds the capacity.
            assertThat(history.pointsDropped()).isBetween((long) offered - capacity - batch, (long) offered - capacity);
            assertThat(history.queueDepth()).isLessThanOrEqualTo(capacity + batch);
            assertThat(history.pointsWritten()).isEqualTo(10);

            server.restart();
            long expected = 10 + offered - history.pointsDropped();
            List<JsonObject> count = new ArrayList<>();
            await(ARRIVAL, () -> "count " + count + ", " + history, () -> {
                count.clear();
                count.addAll(server.rows(history.settings().database(), "SELECT count(\"value\") FROM sample"));
                return !count.isEmpty() && count.get(0).getLong("count") == expected;
            });
            await(ARRIVAL, history::toString, () -> history.pointsWritten() == expected && history.queueDepth() == 0);
            assertThat(history.pointsQueued()).isEqualTo(expected);
            assertThat(history.pointsInvalid() + history.pointsRefused()).isZero();
        }
    }

    private static List<Sample> samplesFrom(int from, int to) {
        List<Sample> samples = new ArrayList<>();
        for (int i = from; i < to; i++) {
            samples.add(HistoryFixtures.sample("d1", "m", i, MORNING + i));
        }
        return samples;
    }

    @Test
    void closeWritesWhatIsQueued() {
        InfluxSettings slow = settings(influx.url()).flushInterval(Duration.ofMinutes(10)).build();
        InfluxHistory history = InfluxHistory.start(slow);
        history.samples(HistoryFixtures.branch("B1", "C1", "P1"), samplesFrom(0, 25));
        long started = System.nanoTime();
        history.close();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(InfluxHistory.CLOSE_TIMEOUT);
        assertThat(history.pointsWritten()).isEqualTo(25);
        assertThat(influx.rows(slow.database(), "SELECT count(\"value\") FROM sample"))
                .singleElement().satisfies(r -> assertThat(r.getLong("count")).isEqualTo(25));
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals(InfluxHistory.THREAD_NAME) && t.isAlive());
    }
}
