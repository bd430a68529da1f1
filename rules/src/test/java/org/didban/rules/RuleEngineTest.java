package org.didban.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.rules.Fixtures.PLAIN;
import static org.didban.rules.Fixtures.SENSITIVE;
import static org.didban.rules.Fixtures.ifSample;
import static org.didban.rules.Fixtures.sample;

import java.util.ArrayList;
import java.util.List;
import org.didban.model.AlertState;
import org.didban.model.AlertTransition;
import org.didban.model.Inventory;
import org.didban.model.Metrics;
import org.didban.model.Severity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RuleEngineTest {
    private static final long T0 = 1_700_000_000_000L;
    private final List<AlertTransition> transitions = new ArrayList<>();
    private final Inventory inventory = Fixtures.inventory();
    private ManualScheduler time;
    private RuleEngine engine;

    @BeforeEach
    void setUp() {
        time = new ManualScheduler(T0);
        engine = new RuleEngine(spineRules(), inventory, time, transitions::add);
    }

    static RuleSet spineRules() {
        try {
            return new RuleFileReader().readResource("/org/didban/rules/spine-rules.yaml");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void uplink(String branch, double oper) {
        engine.offer(ifSample(branch + "-router", Metrics.IF_ADMIN_STATUS, 1, time.now()));
        engine.offer(ifSample(branch + "-router", Metrics.IF_OPER_STATUS, oper, time.now()));
    }

    private List<String> trail() {
        return transitions.stream().map(t -> t.alert().key().ruleId() + ":" + t.from() + "->" + t.to()).toList();
    }

    @Test
    void conditionHeldOneMillisecondShortOfForStaysPending() {
        uplink(PLAIN, 2);
        time.advance(59_999);
        assertThat(trail()).containsExactly("NET-01:INACTIVE->PENDING");
        assertThat(engine.active()).singleElement().extracting(a -> a.state()).isEqualTo(AlertState.PENDING);
    }

    @Test
    void conditionHeldForTheWholeForDurationFiresAtExactlyThatTime() {
        uplink(PLAIN, 2);
        time.advance(30_000);
        uplink(PLAIN, 2); // still down: does not restart the clock
        time.advance(30_000);
        assertThat(trail()).containsExactly("NET-01:INACTIVE->PENDING", "NET-01:PENDING->FIRING");
        AlertTransition fired = transitions.get(1);
        assertThat(fired.at()).isEqualTo(T0 + 60_000);
        assertThat(fired.alert().firedAt()).isEqualTo(T0 + 60_000);
        assertThat(fired.alert().activeSince()).isEqualTo(T0);
        assertThat(fired.alert().branchCode()).isEqualTo(PLAIN);
        assertThat(fired.alert().countyCode()).isEqualTo("THR-01");
        assertThat(fired.alert().severity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void conditionClearingWhilePendingNeverFires() {
        uplink(PLAIN, 2);
        time.advance(59_000);
        uplink(PLAIN, 1);
        time.advance(120_000);
        assertThat(trail()).containsExactly("NET-01:INACTIVE->PENDING", "NET-01:PENDING->INACTIVE");
        assertThat(engine.active()).isEmpty();
    }

    @Test
    void aNewBoutOfTheConditionStartsTheForClockAgain() {
        uplink(PLAIN, 2);
        time.advance(50_000);
        uplink(PLAIN, 1);
        time.advance(5_000);
        uplink(PLAIN, 2);
        time.advance(59_000);
        assertThat(engine.active()).singleElement().extracting(a -> a.state()).isEqualTo(AlertState.PENDING);
        time.advance(1_000);
        assertThat(engine.active()).singleElement().extracting(a -> a.state()).isEqualTo(AlertState.FIRING);
    }

    @Test
    void firingAlertResolvesWhenTheConditionClears() {
        uplink(PLAIN, 2);
        time.advance(61_000);
        uplink(PLAIN, 1);
        assertThat(trail()).containsExactly("NET-01:INACTIVE->PENDING", "NET-01:PENDING->FIRING", "NET-01:FIRING->RESOLVED");
        assertThat(transitions.get(2).alert().resolvedAt()).isEqualTo(T0 + 61_000);
        assertThat(engine.active()).isEmpty();
    }

    @Test
    void linkDownOnAnAdministrativelyDownPortIsNotAnOutage() {
        engine.offer(ifSample(PLAIN + "-router", Metrics.IF_ADMIN_STATUS, 2, time.now()));
        engine.offer(ifSample(PLAIN + "-router", Metrics.IF_OPER_STATUS, 2, time.now()));
        time.advance(300_000);
        assertThat(transitions).isEmpty();
    }

    @Test
    void operStatusWithoutAnyAdminStatusYetDoesNotHold() {
        engine.offer(ifSample(PLAIN + "-router", Metrics.IF_OPER_STATUS, 2, time.now()));
        time.advance(300_000);
        assertThat(transitions).isEmpty();
        assertThat(engine.evaluationErrors()).isZero();
    }

    @Test
    void rulesOnlyApplyToTheirRoles() {
        // NET-01 is for routers, modems and firewalls; PWR-01 for UPSes.
        engine.offer(ifSample(PLAIN + "-ups", Metrics.IF_ADMIN_STATUS, 1, time.now()));
        engine.offer(ifSample(PLAIN + "-ups", Metrics.IF_OPER_STATUS, 2, time.now()));
        engine.offer(sample(PLAIN + "-router", Metrics.UPS_OUTPUT_SOURCE, 5, time.now()));
        time.advance(600_000);
        assertThat(trail()).noneMatch(s -> s.startsWith("NET-01") || s.startsWith("PWR-01"));
    }

    @Test
    void upsOnBatteryFiresAfterThirtySecondsAndResolvesOnMains() {
        engine.offer(sample(PLAIN + "-ups", Metrics.UPS_OUTPUT_SOURCE, 5, time.now()));
        time.advance(29_999);
        assertThat(trail()).containsExactly("PWR-01:INACTIVE->PENDING");
        time.advance(1);
        assertThat(trail()).containsExactly("PWR-01:INACTIVE->PENDING", "PWR-01:PENDING->FIRING");
        engine.offer(sample(PLAIN + "-ups", Metrics.UPS_OUTPUT_SOURCE, 3, time.now()));
        assertThat(trail()).endsWith("PWR-01:FIRING->RESOLVED");
    }

    @Test
    void sensitiveBranchRaisesSeverityOneLevel() {
        engine.offer(sample(SENSITIVE + "-ups", Metrics.UPS_OUTPUT_SOURCE, 5, time.now()));
        time.advance(30_000);
        assertThat(transitions.get(1).alert().severity()).isEqualTo(Severity.HIGH); // medium + 1
    }

    @Test
    void deviceKnownFromInventoryThatNeverReportsIsSilentAfterTheAbsentDuration() {
        engine.expect(inventory.device(PLAIN + "-ups"));
        time.advance(59_999);
        assertThat(transitions).isEmpty();
        time.advance(1);
        assertThat(trail()).containsExactly("DEV-01:INACTIVE->FIRING");
        assertThat(transitions.get(0).alert().key().device()).isEqualTo(PLAIN + "-ups");
    }

    @Test
    void steadyHeartbeatsKeepAbsenceAwayWithoutATimerPerSample() {
        engine.expect(inventory.device(PLAIN + "-ups"));
        for (int i = 0; i < 20; i++) {
            engine.offer(sample(PLAIN + "-ups", Metrics.DEVICE_UP, 1, time.now()));
            time.advance(59_000);
        }
        assertThat(transitions).isEmpty();
        assertThat(time.pending()).isEqualTo(1); // one absence timer, re-armed lazily
    }

    @Test
    void heartbeatArrivingJustBeforeTheDeadlinePushesAbsenceBack() {
        engine.offer(sample(PLAIN + "-ups", Metrics.DEVICE_UP, 1, time.now()));
        time.advance(59_999);
        engine.offer(sample(PLAIN + "-ups", Metrics.DEVICE_UP, 1, time.now()));
        time.advance(59_999);
        assertThat(transitions).isEmpty();
        time.advance(1);
        assertThat(trail()).containsExactly("DEV-01:INACTIVE->FIRING");
        assertThat(transitions.get(0).at()).isEqualTo(T0 + 59_999 + 60_000);
    }

    @Test
    void silentDeviceResolvesWhenItAnswersAgain() {
        engine.offer(sample(PLAIN + "-ups", Metrics.DEVICE_UP, 1, time.now()));
        time.advance(60_000);
        engine.offer(sample(PLAIN + "-ups", Metrics.DEVICE_UP, 1, time.now()));
        assertThat(trail()).containsExactly("DEV-01:INACTIVE->FIRING", "DEV-01:FIRING->RESOLVED");
    }

    @Test
    void deviceReportedDownWhileAlreadySilentStaysFiringUntilItIsUp() {
        engine.offer(sample(PLAIN + "-ups", Metrics.DEVICE_UP, 1, time.now()));
        time.advance(60_000);
        engine.offer(sample(PLAIN + "-ups", Metrics.DEVICE_UP, 0, time.now()));
        time.advance(120_000);
        assertThat(trail()).containsExactly("DEV-01:INACTIVE->FIRING");
        engine.offer(sample(PLAIN + "-ups", Metrics.DEVICE_UP, 1, time.now()));
        assertThat(trail()).containsExactly("DEV-01:INACTIVE->FIRING", "DEV-01:FIRING->RESOLVED");
    }

    @Test
    void silenceDuringAPendingConditionFiresAtTheAbsenceDeadline() {
        engine.offer(sample(PLAIN + "-ups", Metrics.DEVICE_UP, 0, time.now()));
        time.advance(60_000);
        // for and absent both end at 60 s; the alert fires once.
        assertThat(trail()).containsExactly("DEV-01:INACTIVE->PENDING", "DEV-01:PENDING->FIRING");
        time.advance(600_000);
        assertThat(trail()).hasSize(2);
    }

    @Test
    void seriesAreKeptApartByLabels() {
        engine.offer(new org.didban.model.Sample(PLAIN + "-router", Metrics.IF_ADMIN_STATUS,
                org.didban.model.Labels.of("if_index", "2", "if_name", "lan0"), 1, time.now()));
        engine.offer(new org.didban.model.Sample(PLAIN + "-router", Metrics.IF_OPER_STATUS,
                org.didban.model.Labels.of("if_index", "2", "if_name", "lan0"), 1, time.now()));
        uplink(PLAIN, 2);
        time.advance(60_000);
        assertThat(engine.active()).singleElement()
                .satisfies(a -> assertThat(a.key().labels().get("if_name")).isEqualTo("wan0"));
    }

    @Test
    void samplesFromUnknownDevicesAreCountedAndIgnored() {
        engine.offer(sample("nowhere-router", Metrics.DEVICE_UP, 0, time.now()));
        time.advance(600_000);
        assertThat(transitions).isEmpty();
        assertThat(engine.unknownDevices()).isEqualTo(1);
    }

    @Test
    void readingsKeepTheLatestValuePerMetricAndLabels() {
        uplink(PLAIN, 2);
        uplink(PLAIN, 1);
        DeviceReadings r = engine.readings(PLAIN + "-router");
        assertThat(r.at(org.didban.model.Labels.of("if_index", "1", "if_name", "wan0")))
                .containsEntry(Metrics.IF_OPER_STATUS, 1.0)
                .containsEntry(Metrics.IF_ADMIN_STATUS, 1.0);
        assertThat(r.lastSeen()).isEqualTo(T0);
    }

    @Test
    void closeCancelsEveryTimer() {
        engine.expect(inventory.device(PLAIN + "-ups"));
        uplink(PLAIN, 2);
        engine.close();
        time.advance(600_000);
        assertThat(trail()).containsExactly("NET-01:INACTIVE->PENDING");
    }
}
