package org.didban.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.rules.Fixtures.PLAIN;
import static org.didban.rules.Fixtures.ifSample;

import java.util.ArrayList;
import java.util.List;
import org.didban.model.Alert;
import org.didban.model.AlertKey;
import org.didban.model.AlertState;
import org.didban.model.AlertTransition;
import org.didban.model.Inventory;
import org.didban.model.Labels;
import org.didban.model.Metrics;
import org.junit.jupiter.api.Test;

/** A restarted collector takes up recorded alerts; a person's resolution starts a series afresh. */
class RuleEngineRestoreTest {
    private static final long T0 = 1_700_000_000_000L;
    private final Inventory inventory = Fixtures.inventory();
    private final List<AlertTransition> before = new ArrayList<>();
    private final List<AlertTransition> after = new ArrayList<>();

    private static void uplink(RuleEngine engine, ManualScheduler time, double oper) {
        engine.offer(ifSample(PLAIN + "-router", Metrics.IF_ADMIN_STATUS, 1, time.now()));
        engine.offer(ifSample(PLAIN + "-router", Metrics.IF_OPER_STATUS, oper, time.now()));
    }

    private static List<String> trail(List<AlertTransition> ts) {
        return ts.stream().map(t -> t.alert().key().ruleId() + ":" + t.from() + "->" + t.to()).toList();
    }

    @Test
    void aPendingAlertFiresWhenWhatWasLeftOfItsForRunsOutAfterTheRestart() {
        ManualScheduler time = new ManualScheduler(T0);
        RuleEngine first = new RuleEngine(RuleEngineTest.spineRules(), inventory, time, before::add);
        uplink(first, time, 2);
        time.advance(40_000); // 40 s of NET-01's 60 s `for` have passed
        Alert pending = before.get(0).alert();
        assertThat(pending.state()).isEqualTo(AlertState.PENDING);
        first.close();

        ManualScheduler later = new ManualScheduler(T0 + 45_000); // back 5 s later
        RuleEngine second = new RuleEngine(RuleEngineTest.spineRules(), inventory, later, after::add);
        assertThat(second.restore(List.of(pending))).isEmpty();
        assertThat(second.active()).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(AlertState.PENDING);
            assertThat(a.activeSince()).isEqualTo(T0);
        });
        assertThat(after).isEmpty(); // taking it up announces nothing
        later.advance(14_999);
        assertThat(after).isEmpty();
        later.advance(1);
        assertThat(trail(after)).containsExactly("NET-01:PENDING->FIRING");
        assertThat(after.get(0).alert().activeSince()).isEqualTo(T0);
        assertThat(after.get(0).at()).isEqualTo(T0 + 60_000);
    }

    @Test
    void aReleasedCountyFallsSilentAndItsNewEngineTakesItUp() {
        ManualScheduler time = new ManualScheduler(T0);
        RuleEngine engine = new RuleEngine(RuleEngineTest.spineRules(), inventory, time, before::add);
        uplink(engine, time, 2);
        Alert pending = before.get(0).alert();
        engine.release(java.util.Set.of("ISF-01")); // another county: nothing of ours changes
        assertThat(engine.active()).hasSize(1);
        engine.release(java.util.Set.of("THR-01"));
        assertThat(engine.active()).isEmpty();
        assertThat(engine.readings(PLAIN + "-router")).isNull();
        time.advance(120_000); // its `for` would have run out: a released series says nothing
        assertThat(trail(before)).containsExactly("NET-01:INACTIVE->PENDING");

        // The engine that takes the county over goes on where the record left off.
        RuleEngine next = new RuleEngine(RuleEngineTest.spineRules(), inventory, time, after::add);
        assertThat(next.restore(List.of(pending))).isEmpty();
        time.advance(1);
        assertThat(trail(after)).containsExactly("NET-01:PENDING->FIRING");
    }

    @Test
    void aRestoredFiringAlertResolvesWhenTheConditionClears() {
        ManualScheduler time = new ManualScheduler(T0);
        RuleEngine engine = new RuleEngine(RuleEngineTest.spineRules(), inventory, time, after::add);
        Alert firing = firingNet01();
        engine.restore(List.of(firing));
        uplink(engine, time, 2); // still down: nothing new
        assertThat(after).isEmpty();
        uplink(engine, time, 1);
        assertThat(trail(after)).containsExactly("NET-01:FIRING->RESOLVED");
        assertThat(after.get(0).alert().activeSince()).isEqualTo(firing.activeSince());
    }

    @Test
    void alertsOfRulesOrDevicesThatAreGoneAreHandedBack() {
        ManualScheduler time = new ManualScheduler(T0);
        RuleEngine engine = new RuleEngine(RuleEngineTest.spineRules(), inventory, time, after::add);
        Alert noRule = new Alert(new AlertKey("XYZ-99", PLAIN + "-router", Labels.EMPTY), PLAIN, "THR-01", "THR",
                org.didban.model.Severity.LOW, AlertState.FIRING, "x", "x", 1, T0, T0, 0, "");
        Alert noDevice = new Alert(new AlertKey("NET-01", "GONE-router", Labels.EMPTY), PLAIN, "THR-01", "THR",
                org.didban.model.Severity.LOW, AlertState.FIRING, "x", "x", 1, T0, T0, 0, "");
        assertThat(engine.restore(List.of(noRule, noDevice))).containsExactly(noRule, noDevice);
        assertThat(engine.active()).isEmpty();
    }

    @Test
    void afterAHandResolutionAFaultThatGoesOnOpensANewAlert() {
        ManualScheduler time = new ManualScheduler(T0);
        RuleEngine engine = new RuleEngine(RuleEngineTest.spineRules(), inventory, time, after::add);
        uplink(engine, time, 2);
        time.advance(60_000);
        Alert fired = engine.active().get(0);
        assertThat(fired.state()).isEqualTo(AlertState.FIRING);
        engine.reset(fired.key());
        assertThat(engine.active()).isEmpty();
        time.advance(1_000);
        uplink(engine, time, 2);
        assertThat(engine.active()).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(AlertState.PENDING);
            assertThat(a.activeSince()).isEqualTo(T0 + 61_000);
        });
    }

    private Alert firingNet01() {
        ManualScheduler time = new ManualScheduler(T0 - 120_000);
        RuleEngine e = new RuleEngine(RuleEngineTest.spineRules(), inventory, time, before::add);
        uplink(e, time, 2);
        time.advance(60_000);
        Alert a = e.active().get(0);
        e.close();
        return a;
    }
}
