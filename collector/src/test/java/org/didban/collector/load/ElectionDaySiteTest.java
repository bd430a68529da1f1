package org.didban.collector.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.didban.collector.demo.ProvinceFacts;
import org.didban.collector.demo.SyntheticInventory;
import org.didban.model.Branch;
import org.didban.model.Device;
import org.didban.model.DeviceRole;
import org.didban.model.Inventory;
import org.didban.model.Metrics;
import org.didban.model.Sample;
import org.didban.wire.SiteBatch;
import org.junit.jupiter.api.Test;

/** The election-day site's report by exception, refresh and burst, round by round (no clocks). */
class ElectionDaySiteTest {
    private static final Inventory INVENTORY = new SyntheticInventory(ProvinceFacts.shipped(),
            LoadCommand.ELECTION_DAY_ROLES, 1403).generate(3, 1);

    private static ElectionDaySite site() {
        Branch b = INVENTORY.branches().iterator().next();
        return new ElectionDaySite(b.code() + "-agent", b.code(), "token", INVENTORY.devicesOf(b.code()), 1_234, 42);
    }

    private static long count(SiteBatch batch, String metric) {
        return batch.samples().stream().filter(s -> s.metric().equals(metric)).count();
    }

    @Test
    void everyBranchHasNineDevicesTheSecondOfARoleNumbered() {
        List<Device> devices = INVENTORY.devicesOf(INVENTORY.branches().iterator().next().code());
        assertThat(devices).hasSize(9);
        assertThat(devices.stream().filter(d -> d.role() == DeviceRole.CAMERA).map(Device::id))
                .containsExactly(devices.get(0).branchCode() + "-camera", devices.get(0).branchCode() + "-camera-2",
                        devices.get(0).branchCode() + "-camera-3");
    }

    @Test
    void firstRoundCarriesEverythingThenOnlyWhatChangedAndTheHeartbeat() {
        ElectionDaySite site = site();
        SiteBatch first = site.nextRound(1_000, 0);
        assertThat(first.samples()).hasSize(site.seriesCount());
        assertThat(first.seq()).isEqualTo(1);

        // the rounds between refreshes: partial
        int partial = 0;
        for (int r = 1; r <= ElectionDaySite.ROUNDS_PER_REFRESH; r++) {
            boolean full = site.fullRoundNext();
            SiteBatch b = site.nextRound(1_000 + r * ElectionDaySite.ROUND_MILLIS, 0);
            assertThat(count(b, Metrics.DEVICE_UP)).isEqualTo(9);   // the heartbeat of every device, always
            if (full) {
                continue;
            }
            partial++;
            assertThat(b.samples().size()).isLessThan(site.seriesCount());
            assertThat(count(b, Metrics.IF_ADMIN_STATUS)).isZero(); // never changes: only in full rounds
            assertThat(count(b, Metrics.SYS_UPTIME_SECONDS)).isEqualTo(9);
        }
        assertThat(partial).isEqualTo(ElectionDaySite.ROUNDS_PER_REFRESH - 1);
    }

    /** Each device's value of {@code metric} in the batch (absent: not sent, as it did not change). */
    private static java.util.Map<String, Double> values(SiteBatch batch, String metric) {
        return batch.samples().stream().filter(s -> s.metric().equals(metric))
                .collect(Collectors.toMap(Sample::device, Sample::value));
    }

    @Test
    void noVoteIsCountedBeforeThePollsOpenAndLookUpsAllSucceed() {
        ElectionDaySite site = site();
        long opens = 1_000 + 5 * ElectionDaySite.ROUND_MILLIS;
        site.votingOpensAt(opens);
        SiteBatch first = site.nextRound(1_000, 0);
        java.util.Map<String, Double> votes = new java.util.HashMap<>(values(first, Metrics.VOTES_TOTAL));
        java.util.Map<String, Double> lookups = new java.util.HashMap<>(values(first, Metrics.AUTH_LOOKUPS_TOTAL));
        assertThat(votes).hasSize(2);
        assertThat(values(first, Metrics.AUTH_LOOKUP_SUCCESSES_TOTAL)).isEqualTo(lookups);
        for (int r = 1; r < 5; r++) {
            SiteBatch b = site.nextRound(1_000 + r * ElectionDaySite.ROUND_MILLIS, 0);
            // sent only when changed (or in a full round), and then unchanged
            values(b, Metrics.VOTES_TOTAL).forEach((d, v) -> assertThat(v).isEqualTo(votes.get(d)));
            values(b, Metrics.AUTH_LOOKUPS_TOTAL).forEach((d, v) -> assertThat(v).isEqualTo(lookups.get(d)));
        }
        java.util.Map<String, Double> votesAfter = new java.util.HashMap<>(votes);
        java.util.Map<String, Double> lookupsAfter = new java.util.HashMap<>(lookups);
        for (int r = 5; r < 25; r++) {
            SiteBatch b = site.nextRound(1_000 + r * ElectionDaySite.ROUND_MILLIS, 0);
            votesAfter.putAll(values(b, Metrics.VOTES_TOTAL));
            java.util.Map<String, Double> l = values(b, Metrics.AUTH_LOOKUPS_TOTAL);
            lookupsAfter.putAll(l);
            assertThat(values(b, Metrics.AUTH_LOOKUP_SUCCESSES_TOTAL)).isEqualTo(l);
        }
        votes.forEach((d, v) -> assertThat(votesAfter.get(d)).as(d).isGreaterThan(v));
        lookups.forEach((d, v) -> assertThat(lookupsAfter.get(d)).as(d).isGreaterThan(v));
    }

    @Test
    void aFullRefreshEveryFiveMinutesOfRounds() {
        ElectionDaySite site = site();
        int full = 0;
        int rounds = 3 * ElectionDaySite.ROUNDS_PER_REFRESH;
        for (int r = 0; r < rounds; r++) {
            boolean due = site.fullRoundNext();
            SiteBatch b = site.nextRound(r * ElectionDaySite.ROUND_MILLIS, 0);
            assertThat(b.samples().size() == site.seriesCount()).isEqualTo(due);
            if (due) {
                full++;
            }
        }
        // the first round, then one in every ten (the site's own stagger may add one more in 30 rounds)
        assertThat(full).isBetween(3, 4);
    }

    @Test
    void aSilentDeviceSendsOnlyItsHeartbeatThenEverythingWhenItAnswersAgain() {
        ElectionDaySite site = site();
        site.nextRound(0, 0);
        site.nextRound(30_000, 1.0);   // every device gets a fault this round
        Set<String> silent = site.devices().stream().map(Device::id)
                .filter(id -> site.faultOf(id) == ElectionDaySite.Fault.SILENT).collect(Collectors.toSet());
        assertThat(silent).isNotEmpty();
        assertThat(site.newFaults).hasSize(9);
        assertThat(site.newFaultInBurst).containsOnly(false);
        SiteBatch during = site.nextRound(60_000, 0);
        for (Sample s : during.samples()) {
            if (silent.contains(s.device()) && site.faultOf(s.device()) == ElectionDaySite.Fault.SILENT) {
                assertThat(s.metric()).isEqualTo(Metrics.DEVICE_UP);
                assertThat(s.value()).isZero();
            }
        }
    }

    @Test
    void theBurstPutsTheUpsOnBatteryAndMarksTheStruckDevices() {
        ElectionDaySite site = site();
        site.nextRound(0, 0);
        site.startBurst(true, true);
        SiteBatch b = site.nextRound(30_000, 0);
        String branch = INVENTORY.branches().iterator().next().code();
        assertThat(site.newFaults).contains(branch + "-ups", branch + "-router", branch + "-camera",
                branch + "-camera-2", branch + "-camera-3");
        assertThat(site.newFaultInBurst).containsOnly(true);
        assertThat(b.samples()).anyMatch(s -> s.device().equals(branch + "-ups")
                && s.metric().equals(Metrics.UPS_OUTPUT_SOURCE) && s.value() == 5);
        assertThat(b.samples()).anyMatch(s -> s.device().equals(branch + "-router")
                && s.metric().equals(Metrics.IF_OPER_STATUS) && s.value() == 2);
        // a burst lasts: the next rounds start nothing new and clear nothing
        for (int r = 2; r < 20; r++) {
            site.nextRound(r * 30_000L, 0);
            assertThat(site.newFaults).isEmpty();
            assertThat(site.cleared).isEmpty();
        }
        assertThat(site.faultOf(branch + "-ups")).isEqualTo(ElectionDaySite.Fault.ON_BATTERY);
    }

    @Test
    void withoutTheCamerasAndUplinkOnlyTheUpsIsStruck() {
        ElectionDaySite site = site();
        site.nextRound(0, 0);
        site.startBurst(false, false);
        site.nextRound(30_000, 0);
        assertThat(site.newFaults).containsExactly(INVENTORY.branches().iterator().next().code() + "-ups");
    }

    @Test
    void roundsFollowThePhase() {
        ElectionDaySite site = site();
        assertThat(site.dueAt(100_000, 0)).isEqualTo(101_234);
        assertThat(site.dueAt(100_000, 2)).isEqualTo(101_234 + 2 * ElectionDaySite.ROUND_MILLIS);
    }
}
