package org.didban.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.didban.agent.config.DeviceConfig;
import org.didban.agent.config.Secret;
import org.didban.agent.config.SiteConfig;
import org.didban.agent.config.SnmpCredentials;
import org.didban.agent.snmp.PollRound;
import org.didban.agent.snmp.SitePoller;
import org.didban.agent.snmp.SnmpSession;
import org.didban.model.DeviceRole;
import org.didban.simulator.SimulatedBranch;
import org.didban.simulator.SimulatedFleet;
import org.didban.wire.SiteBatch;
import org.didban.wire.SiteBatchCodec;
import org.junit.jupiter.api.Test;

/**
 * Bytes per branch per hour on the wire: a simulated branch (router, switch, UPS, auth, voting, two
 * cameras) polled every 10 s for one simulated hour (the simulator's clock moves 10 s per round),
 * each round one batch encoded with SiteBatchCodec, plain and gzip, with and without the
 * ReportFilter. Run: {@code ./mvnw -B -o -q -pl agents test -Dtest=WireBudgetTest} (figures on
 * standard output and in target/surefire-reports), or with {@code -Dwire.rounds=N} for another length.
 */
class WireBudgetTest {
    static final class StepClock extends Clock {
        final AtomicLong millis = new AtomicLong(Instant.parse("2025-06-01T05:00:00Z").toEpochMilli());

        @Override
        public long millis() {
            return millis.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    void bytesPerBranchPerHour() throws Exception {
        int rounds = Integer.getInteger("wire.rounds", 360);
        StepClock clock = new StepClock();
        long plain = 0, plainGz = 0, filtered = 0, filteredGz = 0, samplesAll = 0, samplesSent = 0;
        try (SimulatedFleet fleet = SimulatedFleet.start(clock); SnmpSession session = SnmpSession.open()) {
            SnmpCredentials.Usm usm = SnmpCredentials.Usm.of("didban", "auth-pass-1", "priv-pass-1");
            SimulatedBranch branch = fleet.addBranch("BEN-0001", usm);
            List<DeviceConfig> devices = new ArrayList<>(branch.deviceConfigs());
            devices.add(fleet.addDevice("BEN-0001-cam1", DeviceRole.CAMERA, usm).deviceConfig());
            devices.add(fleet.addDevice("BEN-0001-cam2", DeviceRole.CAMERA, usm).deviceConfig());
            Duration interval = Duration.ofSeconds(10);
            SiteConfig site = new SiteConfig("BEN-0001-a", "BEN-0001", java.net.URI.create("http://127.0.0.1:1"),
                    Secret.of("t"), interval, devices);
            // cameras at their profile's 30 s, everything else every round
            SitePoller poller = new SitePoller(session, devices, clock, interval);
            SitePipeline pipeline = SitePipeline.forSite(site, clock);
            SiteBatchCodec codec = new SiteBatchCodec();
            for (int seq = 1; seq <= rounds; seq++) {
                clock.millis.addAndGet(interval.toMillis());
                if (seq % 30 == 0) {
                    branch.votingDevice().vote(); // a little election-day activity
                }
                PollRound round = poller.poll().get(30, TimeUnit.SECONDS);
                PollRound out = pipeline.apply(round);
                byte[] a = codec.encode(new SiteBatch("BEN-0001-a", "BEN-0001", 1, seq, clock.millis(), round.samples(), round.events()));
                byte[] b = codec.encode(new SiteBatch("BEN-0001-a", "BEN-0001", 1, seq, clock.millis(), out.samples(), out.events()));
                plain += a.length;
                plainGz += gzip(a).length;
                filtered += b.length;
                filteredGz += gzip(b).length;
                samplesAll += round.samples().size();
                samplesSent += out.samples().size();
            }
        }
        double perHour = 3600.0 / (rounds * 10.0);
        String report = String.format(Locale.ROOT, "wire budget, 7 devices, 10 s polls, %d rounds (%.0f min):%n"
                        + "  samples/hour: all %d, after ReportFilter %d%n"
                        + "  bytes/hour JSON:      unfiltered %,d  filtered %,d%n"
                        + "  bytes/hour JSON+gzip: unfiltered %,d  filtered %,d%n",
                rounds, rounds / 6.0, Math.round(samplesAll * perHour), Math.round(samplesSent * perHour),
                Math.round(plain * perHour), Math.round(filtered * perHour), Math.round(plainGz * perHour),
                Math.round(filteredGz * perHour));
        System.out.println(report);
        assertThat(filtered).isLessThan(plain / 2);
        assertThat(filteredGz).isLessThan(plainGz);
    }

    static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body);
        }
        return out.toByteArray();
    }
}
