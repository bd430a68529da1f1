package org.didban.collector.fiber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.collector.RunningCollector.await;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.didban.collector.RunningCollector;
import org.didban.collector.TestFleet;
import org.didban.collector.alerts.AlertFeed;
import org.didban.collector.demo.ProvinceFacts;
import org.didban.collector.demo.SyntheticInventory;
import org.didban.collector.ledger.AlertLedger;
import org.didban.collector.ledger.LedgerSettings;
import org.didban.collector.people.Person;
import org.didban.collector.people.Role;
import org.didban.model.Branch;
import org.didban.model.DeviceRole;
import org.didban.model.FiberStatus;
import org.didban.model.Inventory;
import org.didban.model.Metrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The rollout read from real shards fed real batches: findings, roll-ups, metrics, the daily snapshot. */
@ExtendWith(VertxExtension.class)
class FiberRolloutTest {
    @Test
    void aCollectorOfAClusterJudgesTheOthersBranchesFromWhatTheyTellIt(Vertx vertx) throws Exception {
        try (FiberFleet fleet = FiberFleet.testFleet(vertx)) {
            fleet.send(TestFleet.TEHRAN_BRANCH, FiberFleet.uplinks("THR-0001-router", Metrics.KIND_FIBER, 0,
                    Metrics.KIND_CELLULAR, 1));
            fleet.send(TestFleet.KASHAN_BRANCH, FiberFleet.uplinks("ISF-0501-router", Metrics.KIND_FIBER, 1,
                    Metrics.KIND_COPPER, 0));
            FiberPicture everything = fleet.refresh();
            BranchDetections told = BranchDetections.fromJson(
                    new io.vertx.core.json.JsonObject(fleet.rollout.own().toJson().encode()), fleet.inventory);
            assertThat(told.byBranch()).hasSize(fleet.inventory.branches().size());
            assertThat(told.byBranch().get(TestFleet.TEHRAN_BRANCH))
                    .isEqualTo(everything.branch(TestFleet.TEHRAN_BRANCH).detection());

            // this collector holds only Rey's county, and has heard nothing from its branches
            String reyCounty = fleet.inventory.branch(TestFleet.REY_BRANCH).countyCode();
            org.didban.collector.shard.Shards mine = await(org.didban.collector.shard.Shards.deploy(vertx,
                    new org.didban.collector.shard.ShardSettings(fleet.inventory,
                            org.didban.rules.RuleFileReader.catalogue(), org.didban.rules.PhaseSchedule.NONE, 2, 100, 20,
                            new org.didban.collector.shard.ShardMetrics(new PrometheusRegistry()), List.of(),
                            java.util.concurrent.CompletableFuture::completedFuture,
                            new org.didban.collector.alerts.SilenceBoard(), List.of(), reyCounty::equals)));
            try {
                FiberRollout one = new FiberRollout(vertx, mine, () -> fleet.inventory, FiberFleet.deadlines(),
                        new FiberRollout.Settings(Duration.ofHours(1), 2), FiberFleet.CLOCK);
                // before the others are heard from, the day's snapshot (stored once, for all) is not taken
                java.util.concurrent.atomic.AtomicReference<BranchDetections> others =
                        new java.util.concurrent.atomic.AtomicReference<>(BranchDetections.NONE);
                one.withElsewhere(others::get);
                LedgerSettings db = LedgerSettings.inMemory();
                try (AlertLedger ledger = AlertLedger.open(db, new AlertFeed()); FiberHistory history = new FiberHistory(db)) {
                    DailySnapshots daily = new DailySnapshots(vertx, one, history, DailySnapshots.Settings.standard());
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> daily.takeIfMissing().get(30, TimeUnit.SECONDS))
                            .hasMessageContaining("covers");
                    assertThat(history.hasDay(FiberFleet.TODAY).get(10, TimeUnit.SECONDS)).isFalse();
                    others.set(told);
                    assertThat(daily.takeIfMissing().get(30, TimeUnit.SECONDS)).isTrue();
                    assertThat(history.series(FiberArea.of(new Person("hq", Role.HQ, ""), null, null), FiberFleet.TODAY,
                            FiberFleet.TODAY).get(10, TimeUnit.SECONDS)
                            .get(0).counts().get(FiberCounts.Tally.BRANCHES)).isEqualTo(fleet.inventory.branches().size());
                }
                FiberPicture own = await(Future.fromCompletionStage(one.refresh()));
                FiberPicture nation = one.nationalPicture();

                assertThat(own.branches()).as("its metrics: its own branches")
                        .allSatisfy(b -> assertThat(b.branch().countyCode()).isEqualTo(reyCounty));
                assertThat(one.own().byBranch().keySet()).allSatisfy(code ->
                        assertThat(fleet.inventory.branch(code).countyCode()).isEqualTo(reyCounty));
                assertThat(nation.branches()).as("planners see the nation").hasSize(fleet.inventory.branches().size());
                assertThat(nation.branch(TestFleet.TEHRAN_BRANCH).findings())
                        .as("judged here from what the other told").containsExactly(FiberFinding.CONNECTED_NOT_ON_FIBER);
                assertThat(nation.branch(TestFleet.KASHAN_BRANCH).findings()).containsExactly(FiberFinding.FIBER_NOT_ON_PAPER);
                assertThat(nation.branch(TestFleet.REY_BRANCH).detected()).isEqualTo(Detected.UNKNOWN);
                assertThat(await(Future.fromCompletionStage(one.national()))).isSameAs(nation);
            } finally {
                await(mine.undeploy());
            }
        }
    }

    @Test
    void detectionsFromAnotherCollectorThatDoNotFitTheInventoryAreRefused() {
        Inventory inventory = TestFleet.inventory();
        String branch = TestFleet.TEHRAN_BRANCH;
        List<String> bad = List.of("{}", "{\"branches\":[]}", "{\"branches\":{\"NO-SUCH\":[]}}",
                "{\"branches\":{\"" + branch + "\":[0,1]}}", "{\"branches\":{\"" + branch + "\":[9,1,0]}}",
                "{\"branches\":{\"" + branch + "\":[0,8,0]}}", "{\"branches\":{\"" + branch + "\":[0,1,-5]}}",
                "{\"branches\":{\"" + branch + "\":\"fiber\"}}", "{\"branches\":{\"" + branch + "\":[\"a\",1,0]}}",
                // fiber active but not among the paths seen; unknown with paths; no path at all; far ahead
                "{\"branches\":{\"" + branch + "\":[0,2,1700000000000]}}",
                "{\"branches\":{\"" + branch + "\":[4,1,1700000000000]}}",
                "{\"branches\":{\"" + branch + "\":[3,0,1700000000000]}}",
                "{\"branches\":{\"" + branch + "\":[0,1," + (System.currentTimeMillis() + 86_400_000L) + "]}}",
                "{\"branches\":{\"" + branch + "\":[0.5,1,1700000000000]}}");
        for (String json : bad) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                    BranchDetections.fromJson(new io.vertx.core.json.JsonObject(json), inventory))
                    .as(json).isInstanceOf(IllegalArgumentException.class);
        }
        BranchDetections ok = BranchDetections.fromJson(new io.vertx.core.json.JsonObject(
                "{\"branches\":{\"" + branch + "\":[2,5,1700000000000]}}"), inventory);
        assertThat(ok.byBranch().get(branch))
                .isEqualTo(new Detection(Detected.CELLULAR, List.of(Detected.FIBER, Detected.CELLULAR), 1_700_000_000_000L));
    }

    @Test
    void findingsFromWhatTheBranchesRoutersReport(Vertx vertx) {
        try (FiberFleet fleet = FiberFleet.testFleet(vertx)) {
            FiberPicture before = fleet.refresh();
            assertThat(before.branches()).extracting(BranchFiber::detected).containsOnly(Detected.UNKNOWN);

            // Tehran: connected on paper, running on its 4G backup
            fleet.send(TestFleet.TEHRAN_BRANCH, FiberFleet.uplinks("THR-0001-router", Metrics.KIND_FIBER, 0,
                    Metrics.KIND_CELLULAR, 1));
            // Kashan: none on paper, on fiber
            fleet.send(TestFleet.KASHAN_BRANCH, FiberFleet.uplinks("ISF-0501-router", Metrics.KIND_FIBER, 1,
                    Metrics.KIND_COPPER, 0));
            FiberPicture p = fleet.refresh();
            assertThat(p.today()).isEqualTo(FiberFleet.TODAY);
            BranchFiber tehran = p.branch(TestFleet.TEHRAN_BRANCH);
            assertThat(tehran.detected()).isEqualTo(Detected.CELLULAR);
            assertThat(tehran.detection().paths()).containsExactly(Detected.FIBER, Detected.CELLULAR);
            assertThat(tehran.detection().lastSeen()).isPositive();
            assertThat(tehran.findings()).containsExactly(FiberFinding.CONNECTED_NOT_ON_FIBER);
            assertThat(tehran.deadline()).isEqualTo(new Deadline(LocalDate.of(2025, 12, 21), Deadline.Level.PROVINCE));

            BranchFiber kashan = p.branch(TestFleet.KASHAN_BRANCH);
            assertThat(kashan.findings()).containsExactly(FiberFinding.FIBER_NOT_ON_PAPER);
            assertThat(kashan.fiberInPlace()).isTrue();

            // Rey: planned for 30 Esfand 1403, its county's deadline, and silent: unknown, long overdue
            BranchFiber rey = p.branch(TestFleet.REY_BRANCH);
            assertThat(rey.detected()).isEqualTo(Detected.UNKNOWN);
            assertThat(rey.deadline()).isEqualTo(new Deadline(LocalDate.of(2025, 3, 20), Deadline.Level.COUNTY));
            assertThat(rey.findings()).containsExactly(FiberFinding.PAST_DEADLINE, FiberFinding.PLAN_DATE_PASSED);
            assertThat(rey.daysPastDeadline()).isEqualTo(196);
            assertThat(p.gaps()).extracting(BranchFiber::code).containsExactly(TestFleet.REY_BRANCH);

            // Tehran fails back to fiber
            fleet.send(TestFleet.TEHRAN_BRANCH, FiberFleet.uplinks("THR-0001-router", Metrics.KIND_FIBER, 1,
                    Metrics.KIND_CELLULAR, 0));
            assertThat(fleet.refresh().branch(TestFleet.TEHRAN_BRANCH).findings()).isEmpty();
            assertThat(fleet.rollout.refreshes()).isEqualTo(3);
        }
    }

    @Test
    void scrapesAndRequestsReadTheKeptPictureAndRefreshesShareOneComputation(Vertx vertx) {
        try (FiberFleet fleet = FiberFleet.testFleet(vertx)) {
            assertThat(fleet.rollout.picture()).isNull();
            var a = fleet.rollout.refresh();
            var b = fleet.rollout.refresh();
            assertThat(b).isSameAs(a);
            FiberPicture first = await(Future.fromCompletionStage(a));
            assertThat(await(Future.fromCompletionStage(fleet.rollout.current()))).isSameAs(first);
            fleet.rollout.start();
            RunningCollector.eventually(() -> fleet.rollout.refreshes(), n -> n >= 2, "start computes at once");
        }
    }

    /** 2,000 generated branches, three shards, slices of 97: every count adds up. */
    @Test
    void rollUpsOnAGeneratedInventory(Vertx vertx) throws Exception {
        Inventory inventory = new SyntheticInventory(ProvinceFacts.shipped(),
                List.of(DeviceRole.ROUTER, DeviceRole.AUTH_DEVICE, DeviceRole.VOTING_DEVICE), 1404).generate(2_000, 31);
        FiberDeadlines deadlines = new FiberDeadlines(FiberDeadlines.DEFAULT_ZONE, LocalDate.of(2027, 2, 1),
                Map.of("THR", LocalDate.of(2025, 9, 22)), Map.of());
        try (FiberFleet fleet = new FiberFleet(vertx, inventory, deadlines, 97)) {
            Map<Detected, Integer> sent = new EnumMap<>(Detected.class);
            int i = 0;
            for (Branch b : inventory.branches()) {
                String router = SyntheticInventory.deviceId(b.code(), DeviceRole.ROUTER);
                Detected d = Detected.values()[i++ % 4]; // fiber, copper, cellular, down; every fifth: nothing
                if (i % 5 == 0) {
                    d = Detected.UNKNOWN;
                } else if (d == Detected.DOWN) {
                    fleet.send(b.code(), FiberFleet.uplinks(router, Metrics.KIND_FIBER, 0, Metrics.KIND_CELLULAR, 0));
                } else {
                    fleet.send(b.code(), FiberFleet.uplinks(router, d.kindLabel(), 1,
                            d == Detected.CELLULAR ? Metrics.KIND_FIBER : Metrics.KIND_CELLULAR, 0));
                }
                sent.merge(d, 1, Integer::sum);
            }
            FiberPicture p = fleet.refresh();
            FiberCounts n = p.nation();
            assertThat(n.branches()).isEqualTo(2_000);
            assertThat(p.branches()).hasSize(2_000);
            assertThat(n.get(FiberCounts.Tally.DETECTED_FIBER)).isEqualTo(sent.get(Detected.FIBER));
            assertThat(n.get(FiberCounts.Tally.DETECTED_COPPER)).isEqualTo(sent.get(Detected.COPPER));
            assertThat(n.get(FiberCounts.Tally.DETECTED_CELLULAR)).isEqualTo(sent.get(Detected.CELLULAR));
            assertThat(n.get(FiberCounts.Tally.DETECTED_DOWN)).isEqualTo(sent.get(Detected.DOWN));
            assertThat(n.get(FiberCounts.Tally.DETECTED_UNKNOWN)).isEqualTo(sent.get(Detected.UNKNOWN));
            for (FiberStatus s : FiberStatus.values()) {
                assertThat(n.get(FiberCounts.paperTally(s)))
                        .isEqualTo((int) inventory.branches().stream().filter(b -> b.fiber() == s).count());
            }
            // every branch judged as the assessor judges it alone
            FiberCounts.Builder again = new FiberCounts.Builder();
            for (BranchFiber b : p.branches()) {
                BranchFiber alone = FiberAssessor.assess(b.branch(), b.detection(), deadlines, FiberFleet.TODAY);
                assertThat(alone).isEqualTo(b);
                again.add(alone);
            }
            assertThat(again.build()).isEqualTo(n);
            // nation = Σ provinces = Σ counties, and every county under its own province
            assertThat(p.provinces().values().stream().reduce(FiberCounts.ZERO, FiberCounts::plus)).isEqualTo(n);
            assertThat(p.counties().values().stream().reduce(FiberCounts.ZERO, FiberCounts::plus)).isEqualTo(n);
            for (String county : p.counties().keySet()) {
                assertThat(p.provinceOf(county)).isEqualTo(inventory.county(county).provinceCode());
            }
            assertThat(p.provinces().get("THR").get(FiberCounts.Tally.PAST_DEADLINE)).isPositive();
            assertThat(n.get(FiberCounts.Tally.PAST_DEADLINE)).isEqualTo(p.provinces().get("THR").get(FiberCounts.Tally.PAST_DEADLINE));
            // the gap list: exactly the branches without fiber, in urgency order
            assertThat(p.gaps()).hasSize(n.get(FiberCounts.Tally.WITHOUT_FIBER)).allMatch(BranchFiber::gap);
            assertThat(p.gaps()).isSortedAccordingTo(Urgency.ORDER);
            assertThat(p.gaps().get(0).branch().sensitive()).isTrue();

            // metrics: bounded labels, read from the kept picture
            PrometheusRegistry registry = new PrometheusRegistry();
            FiberMetrics.register(registry, fleet.rollout, null);
            String text = scrape(registry);
            List<String> series = Arrays.stream(text.split("\n")).filter(l -> l.startsWith("didban_fiber_branches{")).toList();
            assertThat(series).hasSize(p.provinces().size() * FiberStatus.values().length * Detected.values().length);
            assertThat(text).doesNotContain("branch=");
            assertThat(Arrays.stream(text.split("\n")).filter(l -> l.contains("county=")))
                    .allMatch(l -> l.startsWith("didban_fiber_county_"));
            // by county: every tally of every county, equal to the picture's, and each county's deadline
            List<String> byCounty = Arrays.stream(text.split("\n"))
                    .filter(l -> l.startsWith("didban_fiber_county_branches{")).toList();
            assertThat(byCounty).hasSize(p.counties().size() * FiberCounts.Tally.values().length);
            for (var e : p.counties().entrySet()) {
                assertThat(text).contains("didban_fiber_county_branches{county=\"" + e.getKey() + "\",province=\""
                        + p.provinceOf(e.getKey()) + "\",tally=\"without_fiber\"} "
                        + e.getValue().get(FiberCounts.Tally.WITHOUT_FIBER) + ".0");
                Deadline d = deadlines.forArea(p.provinceOf(e.getKey()), e.getKey());
                String deadline = "didban_fiber_county_deadline_timestamp_seconds{county=\"" + e.getKey() + "\"";
                if (d == null) {
                    assertThat(text).doesNotContain(deadline);
                } else {
                    assertThat(text).contains(deadline + ",from=\"" + d.from().wireName() + "\",province=\""
                            + p.provinceOf(e.getKey()) + "\"} "
                            + (double) d.date().atStartOfDay(deadlines.zone()).toEpochSecond());
                }
            }
            assertThat(text).contains("didban_fiber_past_deadline{province=\"THR\"} "
                    + p.provinces().get("THR").get(FiberCounts.Tally.PAST_DEADLINE) + ".0");
            int total = series.stream().mapToInt(l -> (int) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
            assertThat(total).isEqualTo(2_000);
            long refreshes = fleet.rollout.refreshes();
            scrape(registry);
            assertThat(fleet.rollout.refreshes()).as("a scrape never recomputes").isEqualTo(refreshes);

            // the daily snapshot, stored once
            LedgerSettings db = LedgerSettings.inMemory();
            try (AlertLedger ledger = AlertLedger.open(db, new AlertFeed()); FiberHistory history = new FiberHistory(db)) {
                DailySnapshots daily = new DailySnapshots(vertx, fleet.rollout, history,
                        new DailySnapshots.Settings(LocalTime.of(0, 5), Duration.ZERO));
                assertThat(daily.takeIfMissing().get(30, TimeUnit.SECONDS)).isTrue();
                assertThat(daily.takeIfMissing().get(30, TimeUnit.SECONDS)).isFalse();
                daily.start(); // finds today's there, and waits for tomorrow
                List<FiberHistory.Day> days = history.series(FiberArea.of(new Person("hq", Role.HQ, ""), null, null),
                        FiberFleet.TODAY, FiberFleet.TODAY).get(30, TimeUnit.SECONDS);
                assertThat(days).singleElement().satisfies(d -> assertThat(d.counts()).isEqualTo(n));
                assertThat(daily.taken()).isEqualTo(1);
                // 12:00 in Tehran now: the next one at 00:05 tomorrow
                assertThat(daily.millisToNext()).isEqualTo(Duration.ofHours(12).plusMinutes(5).toMillis());
                daily.stop();
            }
        }
    }

    @Test
    void aMissingDayIsTakenAfterStart(Vertx vertx) throws Exception {
        LedgerSettings db = LedgerSettings.inMemory();
        try (FiberFleet fleet = FiberFleet.testFleet(vertx);
             AlertLedger ledger = AlertLedger.open(db, new AlertFeed()); FiberHistory history = new FiberHistory(db)) {
            DailySnapshots daily = new DailySnapshots(vertx, fleet.rollout, history,
                    new DailySnapshots.Settings(LocalTime.of(0, 5), Duration.ofMillis(50)));
            daily.start();
            RunningCollector.eventually(daily::taken, t -> t == 1, "today's snapshot after the start delay");
            assertThat(history.hasDay(FiberFleet.TODAY).get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(daily.lastTakenAt()).isEqualTo(FiberFleet.CLOCK.millis());
            daily.stop();
            PrometheusRegistry registry = new PrometheusRegistry();
            FiberMetrics.register(registry, fleet.rollout, daily);
            String text = scrape(registry);
            assertThat(sample(text, "didban_fiber_snapshot_last_timestamp_seconds")).isEqualTo(FiberFleet.CLOCK.millis() / 1000.0);
            assertThat(text).contains("didban_fiber_snapshots_total 1.0")
                    .contains("didban_fiber_past_deadline{province=\"THR\"} 1.0")
                    .contains("didban_fiber_findings{finding=\"plan_date_passed\",province=\"THR\"} 1.0");
        }
    }

    static double sample(String text, String name) {
        return Arrays.stream(text.split("\n")).filter(l -> l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1).trim()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " in\n" + text));
    }

    static String scrape(PrometheusRegistry registry) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.builder().setIncludeCreatedTimestamps(false).build().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }
}
