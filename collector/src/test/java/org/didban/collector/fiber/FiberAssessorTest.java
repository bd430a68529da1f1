package org.didban.collector.fiber;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.didban.collector.fiber.Detection.DeviceUplinks;
import org.didban.model.Branch;
import org.didban.model.FiberStatus;
import org.junit.jupiter.api.Test;

/** The findings, computed on hand-made branches and device reports. */
class FiberAssessorTest {
    static final double NO = Double.NaN;
    static final LocalDate DEADLINE = LocalDate.of(2025, 9, 22);
    static final FiberDeadlines DEADLINES = new FiberDeadlines(ZoneId.of("Asia/Tehran"), DEADLINE, Map.of(), Map.of());

    static Branch branch(String code, FiberStatus fiber, LocalDate planned, boolean sensitive) {
        return new Branch(code, "C1", "P1", "شعبه " + code, "Branch " + code, false, sensitive,
                sensitive ? "مرز" : "", null, fiber, planned, 2, "");
    }

    static Detection router(double fiber, double copper, double cellular) {
        return Detection.combine(List.of(new DeviceUplinks(fiber, copper, cellular, 1_000)));
    }

    static BranchFiber judge(Branch b, Detection d, LocalDate today) {
        return FiberAssessor.assess(b, d, DEADLINES, today);
    }

    @Test
    void connectedOnPaperButRunningOnCellularOrCopperIsAFinding() {
        LocalDate before = DEADLINE.minusDays(10);
        Branch b = branch("B1", FiberStatus.CONNECTED, null, false);
        BranchFiber onCellular = judge(b, router(0, NO, 1), before);
        assertThat(onCellular.detected()).isEqualTo(Detected.CELLULAR);
        assertThat(onCellular.detection().paths()).containsExactly(Detected.FIBER, Detected.CELLULAR);
        assertThat(onCellular.findings()).containsExactly(FiberFinding.CONNECTED_NOT_ON_FIBER);
        assertThat(onCellular.fiberInPlace()).as("the fiber is there; it is not carrying traffic").isTrue();
        assertThat(judge(b, router(NO, 1, 0), before).findings()).containsExactly(FiberFinding.CONNECTED_NOT_ON_FIBER);
        // on fiber: nothing to say; all paths down is an outage, not a rollout finding; no readings: unknown
        assertThat(judge(b, router(1, NO, 0), before).findings()).isEmpty();
        BranchFiber down = judge(b, router(0, NO, 0), before);
        assertThat(down.detected()).isEqualTo(Detected.DOWN);
        assertThat(down.findings()).isEmpty();
        BranchFiber unknown = judge(b, Detection.NONE_REPORTED, DEADLINE.plusDays(30));
        assertThat(unknown.detected()).isEqualTo(Detected.UNKNOWN);
        assertThat(unknown.findings()).as("connected on paper is never past the deadline").isEmpty();
    }

    @Test
    void noneOnPaperButFiberDetectedMeansTheInventoryIsOutOfDate() {
        BranchFiber f = judge(branch("B2", FiberStatus.NONE, null, false), router(1, NO, 0), DEADLINE.plusDays(5));
        assertThat(f.findings()).containsExactly(FiberFinding.FIBER_NOT_ON_PAPER);
        assertThat(f.fiberInPlace()).isTrue();
        assertThat(f.pastDeadline()).as("it runs on fiber: not late, just not written down").isFalse();
        // a fiber port that is down is not "fiber detected": SFP cages exist without a line
        BranchFiber cage = judge(branch("B3", FiberStatus.NONE, null, false), router(0, NO, 1), DEADLINE.minusDays(1));
        assertThat(cage.findings()).isEmpty();
        assertThat(cage.fiberInPlace()).isFalse();
    }

    @Test
    void theDeadlineDayIsStillInTimeAndTheDayAfterIsNot() {
        Branch none = branch("B4", FiberStatus.NONE, null, false);
        BranchFiber onTheDay = judge(none, Detection.NONE_REPORTED, DEADLINE);
        assertThat(onTheDay.findings()).isEmpty();
        assertThat(onTheDay.daysPastDeadline()).isZero();
        BranchFiber after = judge(none, Detection.NONE_REPORTED, DEADLINE.plusDays(1));
        assertThat(after.findings()).containsExactly(FiberFinding.PAST_DEADLINE);
        assertThat(after.daysPastDeadline()).isEqualTo(1);
        assertThat(judge(none, Detection.NONE_REPORTED, DEADLINE.minusDays(3)).daysPastDeadline()).isEqualTo(-3);
    }

    @Test
    void aPlanAfterTheDeadlineOrAPlanThatSlippedIsAFinding() {
        Branch late = branch("B5", FiberStatus.PLANNED, DEADLINE.plusDays(20), false);
        assertThat(judge(late, Detection.NONE_REPORTED, DEADLINE.minusDays(30)).findings())
                .containsExactly(FiberFinding.PLANNED_AFTER_DEADLINE);
        assertThat(judge(late, Detection.NONE_REPORTED, DEADLINE.plusDays(21)).findings())
                .containsExactly(FiberFinding.PAST_DEADLINE, FiberFinding.PLANNED_AFTER_DEADLINE, FiberFinding.PLAN_DATE_PASSED);
        Branch slipped = branch("B6", FiberStatus.PLANNED, DEADLINE.minusDays(20), false);
        assertThat(judge(slipped, router(0, 0, 1), DEADLINE.minusDays(5)).findings())
                .containsExactly(FiberFinding.PLAN_DATE_PASSED);
        // and once it runs on fiber, the plan is done whatever the paper says
        assertThat(judge(slipped, router(1, 0, 0), DEADLINE.plusDays(5)).findings())
                .containsExactly(FiberFinding.FIBER_NOT_ON_PAPER);
    }

    @Test
    void aMobileBranchWithNoneOnPaperIsNoGap() {
        Branch mobile = new Branch("M1", "C1", "P1", "شعبه سیار", "Mobile", true, false, "", null, FiberStatus.NONE, null, 0, "");
        BranchFiber f = judge(mobile, router(NO, NO, 1), DEADLINE.plusDays(40));
        assertThat(f.fiberExpected()).isFalse();
        assertThat(f.gap()).isFalse();
        assertThat(f.findings()).isEmpty();
        assertThat(Urgency.of(f)).isNull();
        // planned fiber for a mobile branch (parked at a school, say) is held to its deadline
        Branch planned = new Branch("M2", "C1", "P1", "شعبه سیار", "Mobile", true, false, "", null, FiberStatus.PLANNED,
                DEADLINE.minusDays(1), 0, "");
        assertThat(judge(planned, router(NO, NO, 1), DEADLINE.plusDays(1)).findings())
                .containsExactly(FiberFinding.PAST_DEADLINE, FiberFinding.PLAN_DATE_PASSED);
    }

    @Test
    void withoutDeadlinesNothingIsEverLate() {
        BranchFiber f = FiberAssessor.assess(branch("B7", FiberStatus.NONE, null, true), Detection.NONE_REPORTED,
                FiberDeadlines.none(), LocalDate.of(2030, 1, 1));
        assertThat(f.deadline()).isNull();
        assertThat(f.daysPastDeadline()).isNull();
        assertThat(f.findings()).isEmpty();
        assertThat(Urgency.of(f)).isEqualTo(Urgency.SENSITIVE);
    }

    @Test
    void theBranchRunsOnTheBestPathAnyOfItsDevicesReportsActive() {
        // a router on fiber beside a 4G modem whose own (only) path is always "active"
        DeviceUplinks routerOnFiber = new DeviceUplinks(1, NO, 0, 5_000);
        DeviceUplinks modem = new DeviceUplinks(NO, NO, 1, 7_000);
        Detection d = Detection.combine(List.of(modem, routerOnFiber));
        assertThat(d.active()).isEqualTo(Detected.FIBER);
        assertThat(d.paths()).containsExactly(Detected.FIBER, Detected.CELLULAR);
        assertThat(d.lastSeen()).isEqualTo(7_000);
        // the router failed over: both say cellular
        assertThat(Detection.combine(List.of(new DeviceUplinks(0, NO, 1, 1), modem)).active()).isEqualTo(Detected.CELLULAR);
        // devices that report no uplink at all do not count
        assertThat(Detection.combine(List.of(new DeviceUplinks(NO, NO, NO, 9)))).isEqualTo(Detection.NONE_REPORTED);
        assertThat(Detection.combine(List.of())).isEqualTo(Detection.NONE_REPORTED);
    }

    @Test
    void countyOverProvinceOverNation() {
        FiberDeadlines d = new FiberDeadlines(ZoneId.of("Asia/Tehran"), DEADLINE,
                Map.of("P1", DEADLINE.plusDays(10)), Map.of("C1", DEADLINE.plusDays(20)));
        assertThat(d.forArea("P1", "C1")).isEqualTo(new Deadline(DEADLINE.plusDays(20), Deadline.Level.COUNTY));
        assertThat(d.forArea("P1", "C2")).isEqualTo(new Deadline(DEADLINE.plusDays(10), Deadline.Level.PROVINCE));
        assertThat(d.forArea("P2", "C3")).isEqualTo(new Deadline(DEADLINE, Deadline.Level.NATIONAL));
        assertThat(FiberDeadlines.none().forArea("P1", "C1")).isNull();
    }
}
