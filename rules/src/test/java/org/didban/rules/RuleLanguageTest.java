package org.didban.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.rules.Fixtures.PLAIN;
import static org.didban.rules.Fixtures.SENSITIVE;
import static org.didban.rules.Fixtures.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.didban.model.AlertState;
import org.didban.model.AlertTransition;
import org.didban.model.Branch;
import org.didban.model.County;
import org.didban.model.Device;
import org.didban.model.DeviceRole;
import org.didban.model.ElectionPhase;
import org.didban.model.Event;
import org.didban.model.FiberStatus;
import org.didban.model.Inventory;
import org.didban.model.Labels;
import org.didban.model.Province;
import org.didban.model.Sample;
import org.didban.model.Severity;
import org.junit.jupiter.api.Test;

/** The timing forms and escalation of the rule language, one at a time, on virtual time. */
class RuleLanguageTest {
    private static final long T0 = 1_700_000_000_000L;
    private final List<AlertTransition> transitions = new ArrayList<>();
    private final ManualScheduler time = new ManualScheduler(T0);

    private RuleEngine engine(String rulesYaml, Inventory inventory, PhaseSchedule phases) throws Exception {
        return new RuleEngine(new RuleFileReader().read("rules:\n" + rulesYaml, "test.yaml"), inventory, time, phases,
                transitions::add);
    }

    private RuleEngine engine(String rulesYaml) throws Exception {
        return engine(rulesYaml, Fixtures.inventory(), PhaseSchedule.NONE);
    }

    private List<String> trail() {
        return transitions.stream().map(t -> t.alert().key().ruleId() + ":" + t.from() + "->" + t.to()).toList();
    }

    private static final String FLAPPING = """
              - id: NET-02
                title: {en: Link flapping, fa: ناپایداری لینک}
                category: network
                events: [link_down, link_up]
                count: 3
                window: 10m
                severity: medium
            """;

    @Test
    void countWithinWindowFiresOnTheNthAndResolvesWhenTheWindowEmpties() throws Exception {
        RuleEngine e = engine(FLAPPING);
        String router = PLAIN + "-router";
        e.offer(new Event(router, "link_down", Map.of("if_index", "1"), time.now()));
        time.advance(60_000);
        e.offer(new Event(router, "link_up", Map.of("if_index", "1"), time.now()));
        time.advance(60_000);
        assertThat(transitions).isEmpty();
        e.offer(new Event(router, "link_down", Map.of("if_index", "1"), time.now()));
        assertThat(trail()).containsExactly("NET-02:INACTIVE->FIRING");
        // The first occurrence leaves the window 10 min after it: two remain, below the count.
        time.advance(8 * 60_000 - 1);
        assertThat(trail()).hasSize(1);
        time.advance(1);
        assertThat(trail()).containsExactly("NET-02:INACTIVE->FIRING", "NET-02:FIRING->RESOLVED");
    }

    @Test
    void occurrencesOutsideTheWindowDoNotAddUp() throws Exception {
        RuleEngine e = engine(FLAPPING);
        for (int i = 0; i < 10; i++) {
            e.offer(new Event(PLAIN + "-router", "link_down", Map.of(), time.now()));
            time.advance(5 * 60_001);
        }
        assertThat(transitions).isEmpty();
    }

    @Test
    void singleOccurrenceFiresAtOnceAndResolvesAfterHoldInQuiet() throws Exception {
        RuleEngine e = engine("""
                  - id: DEV-02
                    title: {en: Unexpected reboot, fa: راه‌اندازی مجدد}
                    category: device
                    events: [cold_start, warm_start]
                    hold: 10m
                    severity: medium
                """);
        e.offer(new Event(PLAIN + "-router", "cold_start", Map.of(), time.now()));
        assertThat(trail()).containsExactly("DEV-02:INACTIVE->FIRING");
        time.advance(5 * 60_000);
        e.offer(new Event(PLAIN + "-router", "warm_start", Map.of(), time.now())); // pushes the hold back
        time.advance(10 * 60_000 - 1);
        assertThat(trail()).hasSize(1);
        time.advance(1);
        assertThat(trail()).containsExactly("DEV-02:INACTIVE->FIRING", "DEV-02:FIRING->RESOLVED");
    }

    private static final String TAMPER = """
              - id: PHY-02
                title: {en: Tamper, fa: دستکاری}
                category: physical
                events: [tamper]
                condition: "!(phase in ['opening_ceremony', 'closing_ceremony']) && attributes.input == 'door'"
                severity: high
            """;

    @Test
    void eventConditionsSeeTypeAttributesAndPhase() throws Exception {
        RuleEngine e = engine(TAMPER, Fixtures.inventory(), PhaseSchedule.always(ElectionPhase.OPENING_CEREMONY));
        e.offer(new Event(PLAIN + "-router", "tamper", Map.of("input", "door"), time.now()));
        assertThat(transitions).as("a ceremony opens the box on purpose").isEmpty();

        RuleEngine later = engine(TAMPER, Fixtures.inventory(), PhaseSchedule.always(ElectionPhase.VOTING));
        later.offer(new Event(PLAIN + "-router", "tamper", Map.of("input", "lid"), time.now()));
        assertThat(transitions).isEmpty();
        later.offer(new Event(PLAIN + "-router", "tamper", Map.of("input", "door"), time.now()));
        assertThat(trail()).containsExactly("PHY-02:INACTIVE->FIRING");
        assertThat(transitions.get(0).alert().severity()).as("high, one up in voting hours").isEqualTo(Severity.CRITICAL);
    }

    @Test
    void changedValueIsAnOccurrenceButTheFirstSampleIsOnlyABaseline() throws Exception {
        RuleEngine e = engine("""
                  - id: DEV-10
                    title: {en: New interface, fa: واسط جدید}
                    category: device
                    metric: if_number
                    changed: value
                    hold: 1h
                    severity: high
                """);
        String router = PLAIN + "-router";
        e.offer(sample(router, "if_number", 3, time.now()));
        e.offer(sample(router, "if_number", 3, time.now()));
        assertThat(transitions).isEmpty();
        e.offer(sample(router, "if_number", 4, time.now()));
        assertThat(trail()).containsExactly("DEV-10:INACTIVE->FIRING");
        assertThat(transitions.get(0).alert().value()).isEqualTo(4.0);
    }

    @Test
    void changedLabelsCatchANewNeighbourOnAnInfoMetric() throws Exception {
        RuleEngine e = engine("""
                  - id: SEC-07
                    title: {en: Different device on the uplink, fa: دستگاه متفاوت روی لینک}
                    category: cyber
                    metric: lldp_neighbor_info
                    changed: labels
                    severity: high
                """);
        String router = PLAIN + "-router";
        e.offer(new Sample(router, "lldp_neighbor_info", Labels.of("chassis_id", "aa:bb"), 1, time.now()));
        e.offer(new Sample(router, "lldp_neighbor_info", Labels.of("chassis_id", "aa:bb"), 1, time.now()));
        assertThat(transitions).isEmpty();
        e.offer(new Sample(router, "lldp_neighbor_info", Labels.of("chassis_id", "de:ad"), 1, time.now()));
        assertThat(trail()).containsExactly("SEC-07:INACTIVE->FIRING");
        assertThat(transitions.get(0).alert().key().labels()).isEqualTo(Labels.EMPTY);
    }

    @Test
    void countersBecomeRatesAndRatiosOfSiblingRates() throws Exception {
        RuleEngine e = engine("""
                  - id: NET-06
                    title: {en: Interface errors, fa: خطای واسط}
                    category: network
                    metric: if_in_errors_total
                    condition: has(rates.if_in_packets_total) && rates.if_in_packets_total > 0.0 && rate / rates.if_in_packets_total > 0.001
                    for: 5m
                    severity: low
                """);
        String router = PLAIN + "-router";
        Labels wan = Labels.of("if_index", "1");
        long t = time.now();
        e.offer(new Sample(router, "if_in_packets_total", wan, 1_000_000, t));
        e.offer(new Sample(router, "if_in_errors_total", wan, 10, t));
        time.advance(10_000);
        t = time.now();
        e.offer(new Sample(router, "if_in_packets_total", wan, 1_100_000, t)); // 10,000 packets/s
        e.offer(new Sample(router, "if_in_errors_total", wan, 110, t));        // 10 errors/s: 0.1 %, not above
        assertThat(transitions).isEmpty();
        time.advance(10_000);
        t = time.now();
        e.offer(new Sample(router, "if_in_packets_total", wan, 1_200_000, t));
        e.offer(new Sample(router, "if_in_errors_total", wan, 310, t));        // 20 errors/s: 0.2 %
        assertThat(trail()).containsExactly("NET-06:INACTIVE->PENDING");
        // A counter reset (device restart) counts from zero, not as a huge negative rate.
        time.advance(10_000);
        t = time.now();
        e.offer(new Sample(router, "if_in_packets_total", wan, 50_000, t));
        e.offer(new Sample(router, "if_in_errors_total", wan, 0, t));
        assertThat(trail()).containsExactly("NET-06:INACTIVE->PENDING", "NET-06:PENDING->INACTIVE");
    }

    private static final String NET01_BY_PHASE = """
              - id: NET-01
                title: {en: Uplink down, fa: قطع لینک}
                category: network
                roles: [router]
                metric: if_oper_status
                condition: value == 2.0
                for: {default: 5m, voting: 60s}
                severity: high
            """;

    /** Voting from T0 + 10 min to T0 + 20 min. */
    private static PhaseSchedule votingFromTenMinutes() {
        return new PhaseSchedule() {
            @Override
            public ElectionPhase phaseAt(long t) {
                return t >= T0 + 600_000 && t < T0 + 1_200_000 ? ElectionPhase.VOTING : ElectionPhase.PREPARATION;
            }

            @Override
            public long nextChangeAfter(long t) {
                return t < T0 + 600_000 ? T0 + 600_000 : t < T0 + 1_200_000 ? T0 + 1_200_000 : Long.MAX_VALUE;
            }
        };
    }

    /** A scheduler whose timers run only when told: an event loop busy past a phase boundary. */
    private static final class LateTimers implements Scheduler {
        long now = T0;
        private final List<boolean[]> cancelled = new ArrayList<>();
        private final List<Runnable> tasks = new ArrayList<>();

        @Override
        public long now() {
            return now;
        }

        @Override
        public Timer schedule(long delayMillis, Runnable task) {
            boolean[] off = {false};
            cancelled.add(off);
            tasks.add(task);
            return () -> off[0] = true;
        }

        long live() {
            return cancelled.stream().filter(off -> !off[0]).count();
        }

        /** Runs the timers armed so far that were not cancelled (late, as a busy loop would). */
        void runLate() {
            int n = tasks.size();
            for (int i = 0; i < n; i++) {
                if (!cancelled.get(i)[0]) {
                    cancelled.get(i)[0] = true;
                    tasks.get(i).run();
                }
            }
        }
    }

    private RuleEngine lateEngine(LateTimers late, String condition) throws Exception {
        return new RuleEngine(new RuleFileReader().read("rules:\n" + """
                  - id: DEV-13-HOURS
                    title: {en: Counted outside voting hours, fa: شمارش خارج از ساعات}
                    category: device
                    roles: [router]
                    metric: hits_total
                    condition: %s
                    severity: critical
                """.formatted(condition), "test.yaml"), Fixtures.inventory(), late, votingFromTenMinutes(),
                transitions::add);
    }

    @Test
    void aSampleAfterThePollsOpenIsJudgedInVotingHoursThoughThePhaseTimerHasNotRunYet() throws Exception {
        LateTimers late = new LateTimers();
        RuleEngine e = lateEngine(late, "phase != 'voting' && rate > 0.0 && previous_time >= phase_since");
        String router = PLAIN + "-router";
        late.now = T0 + 9 * 60_000 + 30_000;
        e.offer(sample(router, "hits_total", 10, late.now));
        late.now = T0 + 600_000 + 200;   // the polls opened 200 ms ago; the phase timer is still queued
        e.offer(sample(router, "hits_total", 12, late.now));
        assertThat(trail()).isEmpty();
        assertThat(e.phase()).isEqualTo(ElectionPhase.VOTING);
        assertThat(late.live()).as("the late timer cancelled, the close's armed").isEqualTo(1);
        late.runLate();   // the close's timer is not due: the engine stays in voting hours
        assertThat(trail()).isEmpty();
    }

    @Test
    void thePhaseBeganAtItsBoundaryNotWhenItWasNoticed() throws Exception {
        LateTimers late = new LateTimers();
        // holds when the previous reading came more than 50 ms after the phase began
        RuleEngine e = lateEngine(late, "rate > 0.0 && previous_time - phase_since > 0.05");
        String router = PLAIN + "-router";
        late.now = T0 + 600_000 + 100;   // noticed 100 ms after the polls opened
        e.offer(sample(router, "hits_total", 10, late.now));
        late.now = T0 + 600_000 + 200;
        e.offer(sample(router, "hits_total", 12, late.now));
        assertThat(trail()).containsExactly("DEV-13-HOURS:INACTIVE->FIRING");
    }

    @Test
    void forDependsOnThePhaseAndIsMeasuredAgainWhenThePhaseChanges() throws Exception {
        RuleEngine e = engine(NET01_BY_PHASE, Fixtures.inventory(), votingFromTenMinutes());
        time.advance(9 * 60_000); // 1 min before voting
        e.offer(sample(PLAIN + "-router", "if_oper_status", 2, time.now()));
        time.advance(60_000 - 1);
        assertThat(trail()).containsExactly("NET-01:INACTIVE->PENDING");
        // Voting starts: 60 s is enough now, and the alert has been down 60 s already.
        time.advance(1);
        assertThat(trail()).containsExactly("NET-01:INACTIVE->PENDING", "NET-01:PENDING->FIRING");
        assertThat(transitions.get(1).alert().severity()).as("high, one up in voting hours").isEqualTo(Severity.CRITICAL);
    }

    @Test
    void outsideVotingHoursTheLongerForApplies() throws Exception {
        RuleEngine e = engine(NET01_BY_PHASE, Fixtures.inventory(), PhaseSchedule.always(ElectionPhase.PREPARATION));
        e.offer(sample(PLAIN + "-router", "if_oper_status", 2, time.now()));
        time.advance(5 * 60_000 - 1);
        assertThat(trail()).containsExactly("NET-01:INACTIVE->PENDING");
        time.advance(1);
        assertThat(transitions.get(1).alert().severity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void sensitiveBranchInVotingHoursHalvesForAndRaisesTwice() throws Exception {
        RuleEngine e = engine(NET01_BY_PHASE, Fixtures.inventory(), PhaseSchedule.always(ElectionPhase.VOTING));
        e.offer(sample(SENSITIVE + "-router", "if_oper_status", 2, time.now()));
        time.advance(30_000);
        assertThat(trail()).containsExactly("NET-01:INACTIVE->PENDING", "NET-01:PENDING->FIRING");
        assertThat(transitions.get(1).alert().severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void integrityRulesCountCeremoniesAsVotingHoursAndNoneKeepsTheWrittenSeverity() throws Exception {
        String yaml = """
                  - id: DEV-06
                    title: {en: Removable media, fa: رسانه جداشدنی}
                    category: device
                    events: [removable_media]
                    severity: medium
                    escalation: integrity
                  - id: SEC-99
                    title: {en: Plain, fa: ساده}
                    category: cyber
                    events: [removable_media]
                    severity: medium
                    escalation: none
                """;
        RuleEngine e = engine(yaml, Fixtures.inventory(), PhaseSchedule.always(ElectionPhase.CLOSING_CEREMONY));
        e.offer(new Event(SENSITIVE + "-router", "removable_media", Map.of(), time.now()));
        assertThat(transitions).extracting(t -> t.alert().key().ruleId() + "=" + t.alert().severity())
                .containsExactlyInAnyOrder("DEV-06=CRITICAL", "SEC-99=MEDIUM");
    }

    @Test
    void absenceDependsOnThePhase() throws Exception {
        RuleEngine e = engine("""
                  - id: DEV-01
                    title: {en: Silent, fa: خاموش}
                    category: device
                    metric: device_up
                    condition: value == 0.0
                    for: 60s
                    absent: {default: 15m, voting: 60s}
                    severity: high
                """, Fixtures.inventory(), votingFromTenMinutes());
        e.offer(sample(PLAIN + "-ups", "device_up", 1, time.now()));
        time.advance(10 * 60_000 - 1);
        assertThat(transitions).as("silent 10 min before voting: under 15").isEmpty();
        time.advance(1);
        assertThat(trail()).as("voting starts: 60 s of silence is too much").containsExactly("DEV-01:INACTIVE->FIRING");
    }

    @Test
    void inventoryRulesAreEvaluatedPerBranchAndAgainOnReload() throws Exception {
        String yaml = """
                  - id: RDY-05
                    title: {en: Not enough devices, fa: کمبود دستگاه}
                    category: readiness
                    inventory: branch
                    condition: branch.devices['auth-device'] < 1 || branch.devices['voting-device'] < 1
                    severity: high
                """;
        Inventory inv = Fixtures.inventory();
        RuleEngine e = engine(yaml, inv, PhaseSchedule.NONE);
        e.evaluateInventory(inv.branches());
        assertThat(e.active()).hasSize(2).allSatisfy(a -> {
            assertThat(a.key().ruleId()).isEqualTo("RDY-05");
            assertThat(a.state()).isEqualTo(AlertState.FIRING);
            assertThat(a.key().labels().get("branch")).isIn(PLAIN, SENSITIVE);
        });
        e.replaceRules(new RuleFileReader().read("rules:\n" + yaml.replace("< 1", "< 0"), "test.yaml"));
        assertThat(e.active()).isEmpty();
    }

    @Test
    void reloadKeepsActiveAlertsOfKeptRulesAndResolvesRemovedOnes() throws Exception {
        RuleEngine e = engine(NET01_BY_PHASE + FLAPPING);
        e.offer(sample(PLAIN + "-router", "if_oper_status", 2, time.now()));
        for (int i = 0; i < 3; i++) {
            e.offer(new Event(PLAIN + "-router", "link_down", Map.of(), time.now()));
        }
        assertThat(trail()).containsExactly("NET-01:INACTIVE->PENDING", "NET-02:INACTIVE->FIRING");
        e.replaceRules(new RuleFileReader().read("rules:\n" + NET01_BY_PHASE.replace("default: 5m", "default: 10m"), "t.yaml"));
        assertThat(trail()).endsWith("NET-02:FIRING->RESOLVED");
        time.advance(5 * 60_000);
        assertThat(e.active()).singleElement().extracting(a -> a.state()).isEqualTo(AlertState.PENDING);
        time.advance(5 * 60_000);
        assertThat(e.active()).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(AlertState.FIRING);
            assertThat(a.activeSince()).as("the pending clock was not restarted by the reload").isEqualTo(T0);
        });
    }

    private static Inventory county(int branches) {
        Inventory.Builder b = Inventory.builder().province(new Province("KRN", "کرمان", "Kerman"))
                .county(new County("KRN-03", "KRN", "بم", "Bam"));
        for (int i = 1; i <= branches; i++) {
            String code = "B" + i;
            b.branch(new Branch(code, "KRN-03", "KRN", "ش", "B", false, false, "", null, FiberStatus.CONNECTED, null, 2, ""));
            b.device(new Device(code + "-router", code, DeviceRole.ROUTER, "", ""));
        }
        return b.build();
    }

    private static final String AREA = NET01_BY_PHASE.replace("for: {default: 5m, voting: 60s}", "for: 60s") + """
              - id: NET-08
                title: {en: Area dark, fa: قطعی منطقه‌ای}
                category: network
                area: {of: NET-01, per: county, min_branches: 3, within: 5m}
                severity: high
            """;

    @Test
    void threeBranchesOfACountyDarkTogetherRaiseOneAreaAlertThatGroupsTheirs() throws Exception {
        RuleEngine e = engine(AREA, county(4), PhaseSchedule.NONE);
        for (int i = 1; i <= 3; i++) {
            e.offer(sample("B" + i + "-router", "if_oper_status", 2, time.now()));
            time.advance(60_000);
        }
        assertThat(trail()).filteredOn(s -> s.startsWith("NET-08")).containsExactly("NET-08:INACTIVE->FIRING");
        AlertTransition area = transitions.stream().filter(t -> t.alert().key().ruleId().equals("NET-08")).findFirst().orElseThrow();
        assertThat(area.alert().countyCode()).isEqualTo("KRN-03");
        assertThat(area.alert().provinceCode()).isEqualTo("KRN");
        assertThat(area.alert().value()).isEqualTo(3.0);
        // The three uplink alerts that made the area dark are grouped under it from then on.
        assertThat(e.active()).filteredOn(a -> a.key().ruleId().equals("NET-01"))
                .hasSize(3).allSatisfy(a -> assertThat(a.groupedUnder()).isEqualTo(area.alert().key().id()));
        // The fourth branch's uplink alert is explained by the area alert.
        e.offer(sample("B4-router", "if_oper_status", 2, time.now()));
        time.advance(60_000);
        AlertTransition fourth = transitions.get(transitions.size() - 1);
        assertThat(fourth.alert().branchCode()).isEqualTo("B4");
        assertThat(fourth.alert().groupedUnder()).isEqualTo(area.alert().key().id());
        // Recovery below three branches resolves the area.
        e.offer(sample("B1-router", "if_oper_status", 1, time.now()));
        e.offer(sample("B2-router", "if_oper_status", 1, time.now()));
        assertThat(trail()).contains("NET-08:FIRING->RESOLVED");
    }

    @Test
    void branchesDarkFarApartInTimeAreNotAnArea() throws Exception {
        RuleEngine e = engine(AREA, county(3), PhaseSchedule.NONE);
        for (int i = 1; i <= 3; i++) {
            e.offer(sample("B" + i + "-router", "if_oper_status", 2, time.now()));
            time.advance(4 * 60_000);
        }
        assertThat(trail()).noneMatch(s -> s.startsWith("NET-08"));
    }
}
