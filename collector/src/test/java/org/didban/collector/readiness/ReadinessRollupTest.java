package org.didban.collector.readiness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.collector.RunningCollector.await;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.didban.collector.demo.ProvinceFacts;
import org.didban.collector.demo.SyntheticInventory;
import org.didban.collector.shard.Shards;
import org.didban.model.Branch;
import org.didban.model.County;
import org.didban.model.DeviceRole;
import org.didban.model.ElectionPhase;
import org.didban.model.FiberStatus;
import org.didban.model.Inventory;
import org.didban.rules.PhaseSchedule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Roll-ups over 2,000 generated branches on three real shards: a third of them report as healthy
 * branches do, one in ten of those with its UPS on battery and not lasting; the rest never report.
 * The counts must add up from county to province to nation, match what each branch says of
 * itself, and keep silent branches out of green.
 */
@ExtendWith(VertxExtension.class)
class ReadinessRollupTest {
    private static final int BRANCHES = 2_000;
    private Inventory inventory;
    private Shards shards;
    private ReadinessBoard board;
    private final Set<String> fed = new HashSet<>();
    private final Set<String> faulted = new HashSet<>();

    @BeforeEach
    void start(Vertx vertx) {
        inventory = LiveShards.withApprovedConfiguration(new SyntheticInventory(ProvinceFacts.shipped(),
                List.of(DeviceRole.ROUTER, DeviceRole.AUTH_DEVICE, DeviceRole.VOTING_DEVICE, DeviceRole.UPS), 1403)
                .generate(BRANCHES, 4));
        shards = LiveShards.deploy(vertx, inventory, 3, PhaseSchedule.always(ElectionPhase.PREPARATION));
        int i = 0;
        for (Branch b : inventory.branches()) {
            if (i++ % 3 != 0) {
                continue;
            }
            LiveShards.apply(shards, b.code(), LiveShards.healthy(b, inventory.devicesOf(b.code())));
            fed.add(b.code());
            if (fed.size() % 10 == 0) {
                LiveShards.apply(shards, b.code(), LiveShards.onBattery(inventory.devicesOf(b.code()), 10));
                faulted.add(b.code());
            }
        }
        board = new ReadinessBoard(vertx, shards, inventory, new ReadinessAssessor(), Duration.ofHours(1), 20, 97);
    }

    @AfterEach
    void stop() {
        board.stop();
        await(shards.undeploy());
    }

    @Test
    void theNationAddsUpAndSaysWhatEachBranchSays() {
        ReadinessSnapshot s = await(board.refresh());
        ReadinessRollup nation = s.nation();
        int unfed = BRANCHES - fed.size();
        int sensitive = (int) inventory.branches().stream().filter(Branch::sensitive).count();
        long expectedGreen = inventory.branches().stream().filter(b -> fed.contains(b.code()) && !faulted.contains(b.code())
                && !b.sensitive() && !b.inspector().isBlank() && (b.mobile() || b.fiber() == FiberStatus.CONNECTED)).count();
        assertThat(expectedGreen).isGreaterThan(100);

        assertThat(nation.branches()).isEqualTo(BRANCHES);
        assertThat(nation.count(Band.GREEN) + nation.count(Band.AMBER) + nation.count(Band.RED)).isEqualTo(BRANCHES);
        assertThat(nation.neverHeard()).isEqualTo(unfed);
        assertThat(nation.count(Band.GREEN)).isEqualTo((int) expectedGreen);
        assertThat(nation.count(Band.RED)).isGreaterThanOrEqualTo(unfed + faulted.size());
        // the gates say exactly why
        assertThat(nation.failed(Gate.POWER)).isEqualTo(faulted.size());
        assertThat(nation.unknown(Gate.POWER)).isEqualTo(unfed);
        assertThat(nation.unknown(Gate.DEVICES)).isEqualTo(unfed);
        assertThat(nation.failed(Gate.DEVICES)).isZero();
        assertThat(nation.unknown(Gate.UPLINK)).isEqualTo(unfed);
        assertThat(nation.failed(Gate.UPLINK)).isZero();
        // cameras are not monitored by these agents: a sensitive branch's camera gate cannot be told
        assertThat(nation.unknown(Gate.CAMERAS)).isEqualTo(sensitive);
        assertThat(nation.sensitive()).isEqualTo(sensitive);
        assertThat(nation.sensitiveBands().get(Band.GREEN)).isZero();
        assertThat(nation.ready()).isEqualTo(fed.size() - faulted.size()
                - (int) inventory.branches().stream().filter(b -> fed.contains(b.code()) && !faulted.contains(b.code())
                && b.sensitive()).count());
        // the worst are the silent ones
        assertThat(nation.worst()).hasSize(20).allSatisfy(r -> {
            assertThat(r.band()).isEqualTo(Band.RED);
            assertThat(r.lastHeard()).isZero();
        });
        assertThat(nation.worst()).isSortedAccordingTo(AreaTally.WORST_FIRST);
        assertThat(s.computedAt()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
        assertThat(s.phase()).isEqualTo(ElectionPhase.PREPARATION);
    }

    @Test
    void oneCollectorOfAClusterShowsTheNationWithTheOthersCountiesButExportsOnlyItsOwn(Vertx vertx) {
        // this collector holds half of the counties and has heard from none of their branches yet;
        // the other (the fed board above) told it the counts of all of its counties
        Set<String> mine = new HashSet<>();
        int i = 0;
        for (County c : inventory.counties()) {
            if (i++ % 2 == 0) {
                mine.add(c.code());
            }
        }
        int mineBranches = (int) inventory.branches().stream().filter(b -> mine.contains(b.countyCode())).count();
        int othersUnfed = (int) inventory.branches().stream()
                .filter(b -> !mine.contains(b.countyCode()) && !fed.contains(b.code())).count();
        await(board.refresh());
        CountyTallies told = CountyTallies.fromJson(new io.vertx.core.json.JsonObject(board.own().toJson().encode()),
                inventory, 20);
        assertThat(told.counties()).hasSize(inventory.counties().size());

        Shards half = await(Shards.deploy(vertx, new org.didban.collector.shard.ShardSettings(inventory,
                org.didban.rules.RuleFileReader.catalogue(), PhaseSchedule.always(ElectionPhase.PREPARATION), 2, 100, 20,
                new org.didban.collector.shard.ShardMetrics(new io.prometheus.metrics.model.registry.PrometheusRegistry()),
                List.of(), java.util.concurrent.CompletableFuture::completedFuture,
                new org.didban.collector.alerts.SilenceBoard(), List.of(), mine::contains)));
        try {
            ReadinessBoard one = new ReadinessBoard(vertx, half, inventory, new ReadinessAssessor(), Duration.ofHours(1),
                    20, 97);
            one.withElsewhere(() -> told);
            ReadinessSnapshot own = await(one.refresh());
            ReadinessSnapshot national = await(one.national());

            assertThat(own.nation().branches()).as("its metrics and history: its own counties").isEqualTo(mineBranches);
            assertThat(one.own().counties()).isEqualTo(mine);
            assertThat(national.nation().branches()).as("people see the nation").isEqualTo(BRANCHES);
            // its own counties as it assessed them (never heard, here), the others' as they were told
            assertThat(national.nation().neverHeard()).isEqualTo(mineBranches + othersUnfed);
            for (County c : inventory.counties()) {
                ReadinessRollup county = national.county(c.code());
                ReadinessRollup theirs = await(board.national()).county(c.code());
                if (mine.contains(c.code())) {
                    assertThat(county.neverHeard()).isEqualTo(county.branches());
                } else {
                    assertThat(county.count(Band.GREEN)).isEqualTo(theirs.count(Band.GREEN));
                    assertThat(county.failed(Gate.POWER)).isEqualTo(theirs.failed(Gate.POWER));
                    assertThat(county.worst()).isEqualTo(theirs.worst());
                }
            }
        } finally {
            await(half.undeploy());
        }
    }

    @Test
    void countsFromAnotherCollectorThatDoNotFitTheInventoryAreRefused() {
        await(board.refresh());
        io.vertx.core.json.JsonObject good = board.own().toJson();
        String county = good.getJsonObject("counties").fieldNames().stream()
                .filter(code -> !good.getJsonObject("counties").getJsonObject(code).getJsonArray("worst").isEmpty())
                .findFirst().orElseThrow();
        String otherCounty = inventory.counties().stream().map(County::code).filter(c -> !c.equals(county))
                .findFirst().orElseThrow();
        String branchElsewhere = inventory.branchesOf(otherCounty).get(0).code();
        List<java.util.function.Consumer<io.vertx.core.json.JsonObject>> spoilers = List.of(
                j -> j.remove("counties"),
                j -> j.put("counties", "not an object"),
                j -> j.getJsonObject("counties").put("XX-999", j.getJsonObject("counties").getJsonObject(county).copy()),
                j -> c(j, county).put("branches", 1_000_000),
                j -> c(j, county).put("ready", -1),
                j -> c(j, county).put("scoreSum", Long.MAX_VALUE),
                j -> c(j, county).put("bands", new io.vertx.core.json.JsonArray().add(1)),
                j -> c(j, county).put("bands", new io.vertx.core.json.JsonArray().add(0).add(0).add(0)),
                j -> c(j, county).put("gateFailed", "many"),
                j -> c(j, county).put("worst", new io.vertx.core.json.JsonArray().add(
                        new io.vertx.core.json.JsonObject().put("code", branchElsewhere).put("score", 1).put("band", "RED")
                                .put("ready", false).put("lastHeard", 0).put("gates", new io.vertx.core.json.JsonArray()))),
                j -> c(j, county).put("worst", new io.vertx.core.json.JsonArray().add("x")),
                j -> c(j, county).put("branches", 1.5),
                j -> c(j, county).put("branches", 4_294_967_296L + c(j, county).getInteger("branches")),
                j -> c(j, county).put("gateFailed", new io.vertx.core.json.JsonArray().add(2_000_000_000).add(0).add(0).add(0)),
                j -> c(j, county).put("gateUnknown", new io.vertx.core.json.JsonArray().add(0).add(0).add(0).add(0).add(0)),
                j -> {
                    io.vertx.core.json.JsonArray worst = c(j, county).getJsonArray("worst");
                    worst.add(worst.getJsonObject(0).copy()); // listed twice
                },
                j -> c(j, county).getJsonArray("worst").getJsonObject(0).put("score", 101));
        int n = 0;
        for (java.util.function.Consumer<io.vertx.core.json.JsonObject> spoil : spoilers) {
            io.vertx.core.json.JsonObject bad = good.copy();
            spoil.accept(bad);
            int which = n++;
            org.assertj.core.api.Assertions.assertThatCode(() -> CountyTallies.fromJson(bad, inventory, 20))
                    .as("spoiler %d", which).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(CountyTallies.fromJson(good, inventory, 20).counties()).isEqualTo(board.own().counties());
    }

    private static io.vertx.core.json.JsonObject c(io.vertx.core.json.JsonObject j, String county) {
        return j.getJsonObject("counties").getJsonObject(county);
    }

    @Test
    void provincesAndCountiesAddUpToTheNation() {
        ReadinessSnapshot s = await(board.refresh());
        assertThat(s.nation().parts()).hasSize(inventory.provinces().size());
        int branches = 0;
        double scoreSum = 0;
        int[] gateFailures = new int[Gate.values().length];
        for (ReadinessRollup p : s.nation().parts()) {
            branches += p.branches();
            scoreSum += p.scoreAverage() * p.branches();
            for (Gate g : Gate.values()) {
                gateFailures[g.ordinal()] += p.failed(g);
            }
            ReadinessRollup full = s.province(p.code());
            assertThat(full.nameFa()).isNotBlank();
            assertThat(full.nameEn()).isNotBlank();
            int inCounties = 0;
            int redInCounties = 0;
            for (ReadinessRollup c : full.parts()) {
                inCounties += c.branches();
                redInCounties += c.count(Band.RED);
                assertThat(inventory.county(c.code()).provinceCode()).isEqualTo(p.code());
            }
            assertThat(inCounties).isEqualTo(p.branches());
            assertThat(redInCounties).isEqualTo(p.count(Band.RED));
        }
        assertThat(branches).isEqualTo(BRANCHES);
        assertThat(scoreSum / BRANCHES).isCloseTo(s.nation().scoreAverage(), org.assertj.core.data.Offset.offset(1e-9));
        for (Gate g : Gate.values()) {
            assertThat(gateFailures[g.ordinal()]).isEqualTo(s.nation().failed(g));
        }
    }

    @Test
    void aCountyAssessedNowMatchesTheSnapshotBranchByBranch() {
        ReadinessSnapshot s = await(board.refresh());
        List<County> some = new ArrayList<>(inventory.counties()).subList(0, 3);
        for (County c : some) {
            CountyReadiness now = await(board.county(c.code()));
            ReadinessRollup then = s.county(c.code());
            assertThat(now.rollup().branches()).isEqualTo(then.branches()).isEqualTo(now.branches().size());
            for (Band band : Band.values()) {
                assertThat(now.rollup().count(band)).as("%s %s", c.code(), band).isEqualTo(then.count(band));
            }
            assertThat(now.branches()).isSortedAccordingTo(AreaTally.WORST_FIRST_FULL)
                    .allSatisfy(r -> assertThat(r.branch().countyCode()).isEqualTo(c.code()));
            assertThat(now.rollup().worst()).extracting(BranchSummary::code)
                    .isEqualTo(then.worst().stream().map(BranchSummary::code).toList());
            assertThat(now.rollup().worst()).extracting(BranchSummary::code)
                    .isEqualTo(now.branches().stream().limit(20).map(BranchReadiness::code).toList());
            for (BranchReadiness r : now.branches()) {
                if (faulted.contains(r.code())) {
                    assertThat(r.gate(Gate.POWER).finding()).isEqualTo(Finding.UPS_WONT_LAST);
                    assertThat(r.band()).isEqualTo(Band.RED);
                } else if (!fed.contains(r.code())) {
                    assertThat(r.band()).isEqualTo(Band.RED);
                    assertThat(r.gate(Gate.POWER).finding()).isEqualTo(Finding.UPS_NEVER_REPORTED);
                }
            }
        }
        String faultedBranch = faulted.iterator().next();
        BranchReadiness one = await(board.branch(faultedBranch));
        assertThat(one.gate(Gate.POWER).status()).isEqualTo(GateStatus.FAIL);
        assertThat(one.gate(Gate.POWER).reason()).isEqualTo("UPS on battery with 10 min left, 30 needed until close (PWR-02)");
        assertThat(await(board.branch("no-such-branch"))).isNull();
        assertThat(await(board.county("no-such-county"))).isNull();
    }

    @Test
    void computationsThatWouldOverlapAreJoinedAndTheSnapshotIsKept() {
        assertThat(board.latest()).isNull();
        var first = board.refresh();
        var second = board.refresh();
        assertThat(second).isSameAs(first);
        ReadinessSnapshot s = await(first);
        assertThat(board.latest()).isSameAs(s);
        assertThat(await(board.current())).isSameAs(s);
        assertThat(board.computations()).isEqualTo(1);
        assertThat(s.tookMillis()).isGreaterThanOrEqualTo(s.longestVisitMillis());
        assertThat(s.shardBusyMillis()).isGreaterThanOrEqualTo(s.longestVisitMillis()).isPositive();
    }
}
