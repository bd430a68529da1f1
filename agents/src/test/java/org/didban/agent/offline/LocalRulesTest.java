package org.didban.agent.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.didban.model.Event;
import org.didban.model.Labels;
import org.didban.model.Metrics;
import org.didban.rules.ManualScheduler;
import org.didban.rules.RuleFileReader;
import org.didban.rules.RuleInput;
import org.didban.rules.RuleSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalRulesTest {
    private static final long T0 = Instant.parse("2026-06-19T04:30:00Z").toEpochMilli();

    @TempDir
    Path dir;

    private final ManualScheduler clock = new ManualScheduler(T0);
    private final List<List<Event>> synced = new ArrayList<>();

    private LocalRules rules(LocalRules.Options options, LocalAlertLog log) throws Exception {
        return LocalRules.create(Sites.config(), options, clock, Runnable::run, log, synced::add);
    }

    private static SiteStatus.ActiveAlert alert(LocalRules rules, String rule) {
        return rules.status().alerts().stream().filter(a -> a.rule().equals(rule)).findFirst().orElse(null);
    }

    @Test
    void uplinkPowerAndSilentDeviceFireLocallyWhileTheCollectorIsUnreachable() throws Exception {
        try (LocalAlertLog log = LocalAlertLog.open(dir)) {
            LocalRules rules = rules(LocalRules.Options.DEFAULT, log);
            rules.collectorReachable(false);
            for (int i = 0; i <= 90; i++) {                  // 15 minutes of polls every 10 s
                rules.accept(Sites.troubled(clock.now()), List.of());
                clock.advance(10_000);
            }
            SiteStatus s = rules.status();
            assertThat(s.link()).isEqualTo(SiteStatus.Link.UNREACHABLE);
            assertThat(alert(rules, "NET-01")).isNotNull();
            assertThat(alert(rules, "NET-01").state()).isEqualTo("firing");
            assertThat(alert(rules, "NET-01").device()).isEqualTo(Sites.ROUTER);
            assertThat(alert(rules, "NET-01").labels()).containsEntry("if_index", "1");
            assertThat(alert(rules, "PWR-01").state()).isEqualTo("firing");
            assertThat(alert(rules, "PWR-01").firedAt()).isEqualTo(T0 + 30_000);
            assertThat(alert(rules, "DEV-01").state()).isEqualTo("firing");
            assertThat(alert(rules, "DEV-01").device()).isEqualTo(Sites.VOTING);
            assertThat(alert(rules, "PWR-01").titleFa()).contains("باتری");
            assertThat(log.read().entries()).extracting(LocalAlertLog.Entry::rule)
                    .contains("NET-01", "PWR-01", "DEV-01");
            rules.close();
        }
    }

    @Test
    void healthyRoundsRaiseNothing() throws Exception {
        LocalRules rules = rules(LocalRules.Options.DEFAULT, null);
        for (int i = 0; i <= 90; i++) {
            rules.accept(Sites.healthy(clock.now()), List.of());
            clock.advance(10_000);
        }
        assertThat(rules.status().alerts()).isEmpty();
        SiteStatus.DeviceStatus ups = rules.status().devices().stream()
                .filter(d -> d.id().equals(Sites.UPS)).findFirst().orElseThrow();
        assertThat(ups.deviceUp()).isEqualTo(1.0);
        assertThat(ups.values()).containsEntry(Metrics.UPS_OUTPUT_SOURCE, 3.0);
    }

    @Test
    void areaAndInventoryRulesAreLeftToTheCollector() throws Exception {
        RuleSet catalogue = RuleFileReader.catalogue();
        assertThat(catalogue.rule("NET-08")).isNotNull();
        assertThat(catalogue.rule("RDY-08")).isNotNull();
        LocalRules rules = rules(LocalRules.Options.DEFAULT, null);
        assertThat(rules.rules().all()).noneMatch(r -> r.input() instanceof RuleInput.Area);
        assertThat(rules.rules().rule("NET-08")).isNull();
        assertThat(rules.rules().rule("RDY-08")).isNull();   // the stand-in inventory has no inspector
        assertThat(rules.rules().rule("NET-01")).isNotNull();
        assertThat(rules.rules().size()).isEqualTo(catalogue.size() - 4); // NET-08, RDY-05, RDY-07, RDY-08
        // with three branches of a county down NET-08 would fire at the collector; here only NET-01 does
        clock.advance(1);
        rules.accept(Sites.troubled(clock.now()), List.of());
        clock.advance(600_000);
        rules.accept(Sites.troubled(clock.now()), List.of());
        assertThat(rules.status().alerts()).extracting(SiteStatus.ActiveAlert::rule)
                .doesNotContain("NET-08", "RDY-05", "RDY-07", "RDY-08");
    }

    @Test
    void theAgentsOwnRuleFileReplacesTheCatalogueAndLosesItsAreaRules() throws Exception {
        Path file = dir.resolve("site-rules.yaml");
        Files.writeString(file, """
                rules:
                  - id: PWR-51
                    title: {en: On battery, fa: روی باتری}
                    category: power
                    roles: [ups]
                    metric: ups_output_source
                    condition: value == 5.0
                    severity: high
                  - id: PWR-52
                    title: {en: Many on battery, fa: چند شعبه روی باتری}
                    category: power
                    area: {of: PWR-51, per: county, min_branches: 2, within: 5m}
                    severity: critical
                """);
        LocalRules rules = rules(LocalRules.Options.DEFAULT.withRuleFile(file), null);
        assertThat(rules.rules().all()).extracting(r -> r.id()).containsExactly("PWR-51");
        rules.accept(List.of(Sites.sample(Sites.UPS, Metrics.UPS_OUTPUT_SOURCE, Labels.EMPTY, 5, T0)), List.of());
        assertThat(rules.status().alerts()).extracting(SiteStatus.ActiveAlert::rule).containsExactly("PWR-51");
    }

    private void onBattery(LocalRules rules) {
        rules.accept(List.of(Sites.sample(Sites.UPS, Metrics.UPS_OUTPUT_SOURCE, Labels.EMPTY, 5, clock.now())), List.of());
    }

    private void mainsBack(LocalRules rules) {
        rules.accept(List.of(Sites.sample(Sites.UPS, Metrics.UPS_OUTPUT_SOURCE, Labels.EMPTY, 3, clock.now())), List.of());
    }

    private List<Event> allSynced() {
        List<Event> all = new ArrayList<>();
        synced.forEach(all::addAll);
        return all;
    }

    @Test
    void transitionsOfAnOutageGoToTheUplinkAtOnceInOrder() throws Exception {
        LocalRules rules = rules(LocalRules.Options.DEFAULT, null);
        rules.collectorReachable(true);
        onBattery(rules);                // pending, firing, resolved while the collector hears everything
        clock.advance(40_000);
        mainsBack(rules);
        rules.collectorReachable(true);  // the batch carrying them was delivered
        assertThat(synced).isEmpty();

        clock.advance(60_000);
        long cut = clock.now();
        rules.collectorReachable(false);
        assertThat(rules.status().link()).isEqualTo(SiteStatus.Link.UNREACHABLE);
        assertThat(rules.status().linkSince()).isEqualTo(cut);
        assertThat(synced).isEmpty();    // nothing happened since the last delivery
        clock.advance(1_000);
        onBattery(rules);
        long pendingAt = clock.now();
        // queued on the uplink at once (its disk spool survives a restart), not held in memory
        assertThat(allSynced()).extracting(e -> e.attributes().get(LocalAlertEvents.ATTR_STATE)).containsExactly("pending");
        clock.advance(40_000);
        mainsBack(rules);
        long resolvedAt = clock.now();
        rules.collectorReachable(false); // retries keep failing
        assertThat(rules.status().syncBacklog()).isZero();

        List<Event> events = allSynced();
        assertThat(events).extracting(Event::type).containsOnly(LocalAlertEvents.LOCAL_ALERT);
        assertThat(events).extracting(Event::device).containsOnly(Sites.UPS);
        assertThat(events).extracting(e -> e.attributes().get(LocalAlertEvents.ATTR_STATE))
                .containsExactly("pending", "firing", "resolved");
        assertThat(events).extracting(Event::timestamp)
                .containsExactly(pendingAt, pendingAt + 30_000, resolvedAt);
        Map<String, String> firing = events.get(1).attributes();
        assertThat(firing).containsEntry(LocalAlertEvents.ATTR_RULE, "PWR-01")
                .containsEntry(LocalAlertEvents.ATTR_SEVERITY, "medium")
                .containsEntry(LocalAlertEvents.ATTR_FROM, "pending")
                .containsEntry(LocalAlertEvents.ATTR_AT, Instant.ofEpochMilli(pendingAt + 30_000).toString())
                .doesNotContainKey(LocalAlertEvents.ATTR_DROPPED_BEFORE);

        clock.advance(5_000);
        rules.collectorReachable(true);
        assertThat(rules.status().link()).isEqualTo(SiteStatus.Link.REACHABLE);
        int handed = synced.size();
        onBattery(rules);                // after the outage: the collector sees it itself
        rules.collectorReachable(true);
        rules.collectorReachable(true);
        assertThat(synced).hasSize(handed);
    }

    @Test
    void aTransitionBetweenTheLastDeliveryAndTheFirstFailureBelongsToTheOutage() throws Exception {
        LocalRules rules = rules(LocalRules.Options.DEFAULT, null);
        rules.collectorReachable(true);
        onBattery(rules);                // its batch is the one that fails
        assertThat(synced).isEmpty();
        rules.collectorReachable(false);
        assertThat(synced).singleElement().satisfies(events -> assertThat(events)
                .extracting(e -> e.attributes().get(LocalAlertEvents.ATTR_STATE)).containsExactly("pending"));
        rules.collectorReachable(true);
        assertThat(synced).hasSize(1);
    }

    @Test
    void theBufferBetweenDeliveriesIsBoundedAndSaysHowManyItDropped() throws Exception {
        LocalRules rules = rules(LocalRules.Options.DEFAULT.withSyncLimit(2), null);
        rules.collectorReachable(true);
        onBattery(rules);
        clock.advance(40_000);
        mainsBack(rules);                // pending, firing, resolved, none confirmed: one too many
        rules.collectorReachable(false);
        assertThat(synced).singleElement().satisfies(events -> {
            assertThat(events).extracting(e -> e.attributes().get(LocalAlertEvents.ATTR_STATE))
                    .containsExactly("firing", "resolved");
            assertThat(events.get(0).attributes()).containsEntry(LocalAlertEvents.ATTR_DROPPED_BEFORE, "1");
        });
        assertThat(rules.status().syncDropped()).isEqualTo(1);
    }

    @Test
    void runsOnTheAgentsRealSchedulerWithRealTimers() throws Exception {
        Path file = dir.resolve("fast.yaml");
        Files.writeString(file, """
                rules:
                  - id: PWR-61
                    title: {en: On battery, fa: روی باتری}
                    category: power
                    roles: [ups]
                    metric: ups_output_source
                    condition: value == 5.0
                    for: 500ms
                    severity: high
                """);
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        List<List<Event>> handed = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (LocalAlertLog log = LocalAlertLog.open(dir.resolve("log"))) {
            LocalRules rules = LocalRules.start(Sites.config(), LocalRules.Options.DEFAULT.withRuleFile(file), executor,
                    log, handed::add);
            rules.collectorReachable(false);
            rules.accept(List.of(Sites.sample(Sites.UPS, Metrics.UPS_OUTPUT_SOURCE, Labels.EMPTY, 5,
                    System.currentTimeMillis())), List.of());
            await(() -> {
                SiteStatus.ActiveAlert a = alert(rules, "PWR-61");
                return a != null && a.state().equals("firing");
            });
            await(() -> handed.stream().mapToInt(List::size).sum() == 2);
            assertThat(handed.stream().flatMap(List::stream).toList())
                    .extracting(e -> e.attributes().get(LocalAlertEvents.ATTR_STATE)).containsExactly("pending", "firing");
            assertThat(log.read().entries()).extracting(LocalAlertLog.Entry::to).containsExactly("pending", "firing");
            rules.close();
        } finally {
            executor.shutdownNow();
            assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
