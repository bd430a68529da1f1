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
