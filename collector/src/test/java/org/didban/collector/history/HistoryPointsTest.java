package org.didban.collector.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.collector.history.HistoryFixtures.EVENING;
import static org.didban.collector.history.HistoryFixtures.MORNING;
import static org.didban.collector.history.HistoryFixtures.MORNING_DAY_START;
import static org.didban.collector.history.HistoryFixtures.NEXT_DAY_START;
import static org.didban.collector.history.HistoryFixtures.NEXT_NIGHT;
import static org.didban.collector.history.HistoryFixtures.TEHRAN;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.didban.collector.alerts.AlertChange;
import org.didban.collector.alerts.TrackedAlert;
import org.didban.collector.fiber.Detected;
import org.didban.collector.readiness.ReadinessRollup;
import org.didban.model.Alert;
import org.didban.model.AlertState;
import org.didban.model.Branch;
import org.didban.model.Severity;
import org.influxdb.dto.Point;
import org.junit.jupiter.api.Test;

/** The line protocol each kind of history becomes, without a server. */
class HistoryPointsTest {
    private final HistoryPoints convert = new HistoryPoints(TEHRAN);
    private final List<String> lines = new ArrayList<>();
    private int invalid;
    private final HistoryPoints.Sink sink = new HistoryPoints.Sink() {
        @Override
        public void point(Point point) {
            lines.add(point.lineProtocol(TimeUnit.MILLISECONDS));
        }

        @Override
        public void invalid() {
            invalid++;
        }
    };

    @Test
    void aSampleCarriesItsBranchDeviceMetricAndLabelsAsTags() {
        Branch branch = HistoryFixtures.branch("2301-001", "2301", "23");
        convert.samples(branch, List.of(
                HistoryFixtures.sample("2301-001-router", "if_oper_status", 1, MORNING, "if_index", "1", "if_name", "wan 0",
                        "if_alias", ""),
                HistoryFixtures.sample("2301-001-ups", "ups_battery_ratio", 0.875, MORNING + 1)), sink);

        assertThat(lines).containsExactly(
                "sample,branch=2301-001,county=2301,device=2301-001-router,if_index=1,if_name=wan\\ 0,metric=if_oper_status,"
                        + "province=23 value=1.0 " + MORNING,
                "sample,branch=2301-001,county=2301,device=2301-001-ups,metric=ups_battery_ratio,province=23 value=0.875 "
                        + (MORNING + 1));
        assertThat(invalid).isZero();
    }

    @Test
    void aLabelNamedLikeAFixedTagIsPrefixedRatherThanTakingItOver() {
        convert.samples(HistoryFixtures.branch("B1", "C1", "P1"), List.of(
                HistoryFixtures.sample("d1", "m", 2, MORNING, "device", "other", "time", "t", "value", "v")), sink);

        assertThat(lines).containsExactly("sample,branch=B1,county=C1,device=d1,label_device=other,label_time=t,"
                + "label_value=v,metric=m,province=P1 value=2.0 " + MORNING);
    }

    @Test
    void valuesThatAreNotNumbersAndTextATagCannotHoldAreInvalidAndTheOthersStay() {
        Branch branch = HistoryFixtures.branch("B1", "C1", "P1");
        convert.samples(branch, List.of(
                HistoryFixtures.sample("d1", "m", Double.NaN, MORNING),
                HistoryFixtures.sample("d1", "m", Double.POSITIVE_INFINITY, MORNING),
                HistoryFixtures.sample("d1", "m", 1, MORNING, "name", "two\nlines"),
                HistoryFixtures.sample("d1", "m", 1, MORNING, "name", "ends in \\"),
                HistoryFixtures.sample("d1\r", "m", 1, MORNING),
                HistoryFixtures.sample("d1", "m", 1, Long.MAX_VALUE),
                HistoryFixtures.sample("d1", "m", 1, MORNING, "name", "x".repeat(HistoryPoints.MAX_SERIES_KEY_BYTES)),
                HistoryFixtures.sample("d1", "m", 3, MORNING, "name", "a \\ b, \"c\"=d")), sink);

        assertThat(invalid).isEqualTo(7);
        assertThat(lines).containsExactly(
                "sample,branch=B1,county=C1,device=d1,metric=m,name=a\\ \\\\ b\\,\\ \"c\"\\=d,province=P1 value=3.0 " + MORNING);
    }

    @Test
    void anAlertTransitionCountsOneWithItsStatesAndKeepsChangesOfOneMillisecondApart() {
        Branch branch = HistoryFixtures.branch("2301-001", "2301", "23", true);
        Alert wan0 = HistoryFixtures.alert(branch, "NET-01", "2301-001-router", Severity.HIGH, AlertState.FIRING, 2.0,
                MORNING, "if_index", "1");
        Alert wan1 = HistoryFixtures.alert(branch, "NET-01", "2301-001-router", Severity.HIGH, AlertState.FIRING,
                Double.NaN, MORNING, "if_index", "2");
        convert.transition(HistoryFixtures.fired(41, wan0, true), sink);
        convert.transition(HistoryFixtures.fired(42, wan1, true), sink);

        assertThat(lines).hasSize(2);
        String id = TrackedAlert.idOf(wan0);
        assertThat(lines.get(0)).isEqualTo("alert_transition,branch=2301-001,county=2301,engine=firing,kind=evaluated,province=23,"
                + "rule=NET-01,sensitive=true,severity=high,to=firing actor=\"didban\",count=1i,device=\"2301-001-router\","
                + "from=\"pending\",id=\"" + id + "\",summary=\"Uplink down\",summary_fa=\"قطع لینک\",value=2.0 " + MORNING);
        // Same series, same millisecond: the ledger's sequence number keeps them apart in nanoseconds.
        Point second = secondPoint(wan1);
        assertThat(second.lineProtocol(TimeUnit.NANOSECONDS)).endsWith(" " + (MORNING * 1_000_000L + 42));
        assertThat(lines.get(1)).doesNotContain("value=");
    }

    private Point secondPoint(Alert alert) {
        List<Point> points = new ArrayList<>();
        convert.transition(HistoryFixtures.fired(42, alert, true), new HistoryPoints.Sink() {
            @Override
            public void point(Point point) {
                points.add(point);
            }

            @Override
            public void invalid() {
            }
        });
        return points.get(0);
    }

    @Test
    void aNoteTooLongForInfluxIsCutNotRefused() {
        Branch branch = HistoryFixtures.branch("B1", "C1", "P1");
        Alert alert = HistoryFixtures.alert(branch, "NET-01", "d1", Severity.LOW, AlertState.FIRING, 1, MORNING);
        AlertChange change = new AlertChange(0, MORNING, AlertChange.Kind.ACKNOWLEDGED,
                TrackedAlert.of(alert, false), AlertState.FIRING, AlertState.ACKNOWLEDGED,
                "tehran-it", "ن".repeat(100_000));
        convert.transition(change, sink);

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("note=\"" + "ن".repeat(HistoryPoints.MAX_TEXT_CHARS) + "…\"");
    }

    @Test
    void dailyPointsSitAtTheStartOfTheirDayInTehran() {
        assertThat(convert.startOfDay(MORNING)).isEqualTo(MORNING_DAY_START);
        assertThat(convert.startOfDay(EVENING)).isEqualTo(MORNING_DAY_START);
        assertThat(convert.startOfDay(MORNING_DAY_START)).isEqualTo(MORNING_DAY_START);
        // 01:00 in Tehran is still the day before in UTC; it belongs to Tehran's new day.
        assertThat(convert.startOfDay(NEXT_NIGHT)).isEqualTo(NEXT_DAY_START);
        assertThat(convert.startOfDay(NEXT_DAY_START - 1)).isEqualTo(MORNING_DAY_START);
    }

    @Test
    void readinessMakesAPointPerCountyProvinceAndTheNation() {
        ReadinessRollup c1 = HistoryFixtures.rollup(ReadinessRollup.Level.COUNTY, "2301", 10, 5, 1, 9, 2, 88.5, List.of());
        ReadinessRollup c2 = HistoryFixtures.rollup(ReadinessRollup.Level.COUNTY, "2302", 0, 0, 0, 0, 0, Double.NaN, List.of());
        convert.readiness(HistoryFixtures.readiness(EVENING, Map.of("23", List.of(c1, c2))), sink);

        long day = MORNING_DAY_START;
        assertThat(lines).containsExactlyInAnyOrder(
                "readiness_daily,county=2301,level=county,province=23 amber=5i,branches=16i,green=10i,never_heard=2i,ready=9i,"
                        + "red=1i,score_avg=88.5 " + day,
                "readiness_daily,county=2302,level=county,province=23 amber=0i,branches=0i,green=0i,never_heard=0i,ready=0i,"
                        + "red=0i " + day,
                "readiness_daily,level=province,province=23 amber=5i,branches=16i,green=10i,never_heard=2i,ready=9i,red=1i,"
                        + "score_avg=80.0 " + day,
                "readiness_daily,level=nation amber=5i,branches=16i,green=10i,never_heard=2i,ready=9i,red=1i,score_avg=80.0 "
                        + day);
        assertThat(HistoryPoints.readinessPoints(HistoryFixtures.readiness(EVENING, Map.of("23", List.of(c1, c2)))))
                .isEqualTo(lines.size());
    }

    @Test
    void fiberMakesAPointPerCountyWithEveryTally() {
        convert.fiber(HistoryFixtures.fiber(MORNING, Detected.FIBER, List.of(
                HistoryFixtures.branch("2301-001", "2301", "23"),
                HistoryFixtures.branch("2301-002", "2301", "23"),
                HistoryFixtures.branch("0101-001", "0101", "01"))), sink);

        assertThat(lines).containsExactly(
                "fiber_daily,county=0101,province=01 branches=1i,connected_not_on_fiber=0i,detected_cellular=0i,"
                        + "detected_copper=0i,detected_down=0i,detected_fiber=1i,detected_unknown=0i,fiber_not_on_paper=0i,"
                        + "paper_connected=1i,paper_none=0i,paper_planned=0i,past_deadline=0i,plan_date_passed=0i,"
                        + "planned_after_deadline=0i,sensitive_without_fiber=0i,without_fiber=0i " + MORNING_DAY_START,
                "fiber_daily,county=2301,province=23 branches=2i,connected_not_on_fiber=0i,detected_cellular=0i,"
                        + "detected_copper=0i,detected_down=0i,detected_fiber=2i,detected_unknown=0i,fiber_not_on_paper=0i,"
                        + "paper_connected=2i,paper_none=0i,paper_planned=0i,past_deadline=0i,plan_date_passed=0i,"
                        + "planned_after_deadline=0i,sensitive_without_fiber=0i,without_fiber=0i " + MORNING_DAY_START);
    }

    @Test
    void refusedBatchesAreCountedByWhatInfluxSaysItDropped() {
        assertThat(InfluxHistory.refusedCount("partial write: field type conflict: input field \"value\" on measurement"
                + " \"sample\" is type float, already exists as type integer dropped=3", 100)).isEqualTo(3);
        assertThat(InfluxHistory.refusedCount("partial write: unable to parse 'x': missing fields dropped=0", 100)).isEqualTo(1);
        assertThat(InfluxHistory.refusedCount("unable to parse 'x': invalid tag format", 100)).isEqualTo(100);
        assertThat(InfluxHistory.refusedCount("Request Entity Too Large", 7)).isEqualTo(7);
    }

    @Test
    void aDatabaseNameIsQuotedForInfluxQl() {
        assertThat(InfluxHistory.identifier("didban")).isEqualTo("\"didban\"");
        assertThat(InfluxHistory.identifier("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    }
}
