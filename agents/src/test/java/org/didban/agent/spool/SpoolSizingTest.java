package org.didban.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.didban.agent.config.SnmpCredentials;
import org.didban.agent.snmp.PollRound;
import org.didban.agent.snmp.SitePoller;
import org.didban.agent.snmp.SnmpSession;
import org.didban.simulator.SimulatedBranch;
import org.didban.simulator.SimulatedFleet;
import org.didban.wire.SiteBatch;
import org.didban.wire.SiteBatchCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Justifies {@link DiskSpool#DEFAULT_MAX_BYTES} with a real batch: one poll round of a simulated
 * branch (router, switch, UPS, authentication and voting device) over SNMPv3, spooled; its bytes,
 * scaled to ten devices, times a day of 10-second rounds must fit the default with room to spare.
 */
class SpoolSizingTest {
    static final int ROUNDS_PER_DAY = 24 * 60 * 60 / 10;
    static final int DEVICES_TO_PLAN_FOR = 10;

    @TempDir
    Path dir;

    @Test
    void theDefaultBoundHoldsADayOfATenDeviceBranchAt10sPolls() throws Exception {
        try (SimulatedFleet fleet = SimulatedFleet.start(); SnmpSession session = SnmpSession.open()) {
            SimulatedBranch branch = fleet.addBranch("THR-0001",
                    SnmpCredentials.Usm.of("didban", "auth-pass-123", "priv-pass-456"));
            PollRound round = new SitePoller(session, branch.deviceConfigs()).poll().get(30, TimeUnit.SECONDS);
            assertThat(round.failures()).isZero();
            SiteBatch batch = new SiteBatch("THR-0001-a", "THR-0001", System.currentTimeMillis(), 1,
                    System.currentTimeMillis(), round.samples(), round.events());
            int json = new SiteBatchCodec().encode(batch).length;
            long spooled;
            try (DiskSpool spool = DiskSpool.open(dir, DiskSpool.DEFAULT_MAX_BYTES, Clock.systemUTC())) {
                spool.add(batch);
                spooled = spool.bytes();
            }
            int devices = branch.devices().size();
            long perTenDeviceRound = spooled * DEVICES_TO_PLAN_FOR / devices;
            long day = perTenDeviceRound * ROUNDS_PER_DAY;
            System.out.printf("spool sizing: %d devices, %d samples, %d events: JSON %d B, spooled %d B;"
                            + " %d devices x %d rounds = %d B (bound %d B)%n",
                    devices, batch.samples().size(), batch.events().size(), json, spooled, DEVICES_TO_PLAN_FOR,
                    ROUNDS_PER_DAY, day, DiskSpool.DEFAULT_MAX_BYTES);
            assertThat(batch.samples()).hasSizeGreaterThan(devices * 3);
            assertThat(spooled).as("records are deflated").isLessThan(json);
            assertThat(DiskSpool.DEFAULT_MAX_BYTES).as("a day of a 10-device branch, with 2x headroom")
                    .isGreaterThanOrEqualTo(2 * day);
        }
    }
}
