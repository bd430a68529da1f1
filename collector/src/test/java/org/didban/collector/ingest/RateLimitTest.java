package org.didban.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Token buckets and the clock-skew judge, with a hand-moved clock (no sleeps). */
class RateLimitTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Test
    void anAgentGetsItsBurstThenOneBatchPerRefillWithTheWaitToldExactly() {
        AgentBuckets b = new AgentBuckets(3, 2.0, nanos::get);
        assertThat(b.take("a")).isZero();
        assertThat(b.take("a")).isZero();
        assertThat(b.take("a")).isZero();
        assertThat(b.take("a")).isEqualTo(500_000_000L);
        assertThat(b.take("other")).isZero(); // one agent's flood does not touch another
        nanos.addAndGet(500_000_000L);
        assertThat(b.take("a")).isZero();
        assertThat(b.take("a")).isPositive();
        nanos.addAndGet(3_600_000_000_000L);
        for (int i = 0; i < 3; i++) {
            assertThat(b.take("a")).isZero(); // refills to the burst, never beyond
        }
        assertThat(b.take("a")).isPositive();
    }

    @Test
    void aSpoolDrainWithDefaultLimitsPassesItsBurstAtOnce() {
        IngestLimits d = IngestLimits.DEFAULT;
        AgentBuckets b = new AgentBuckets(d.agentBurst(), d.agentPerSecond(), nanos::get);
        for (int i = 0; i < d.agentBurst(); i++) {
            assertThat(b.take("agent")).isZero();
        }
        assertThat(b.take("agent")).isPositive();
    }

    @Test
    void addressesShareAFixedTableThatASprayCannotGrow() {
        TokenBuckets t = new TokenBuckets(1024, 2, 1.0, nanos::get, 42L);
        assertThat(t.take("127.0.0.2")).isZero();
        assertThat(t.take("127.0.0.2")).isZero();
        assertThat(t.take("127.0.0.2")).isEqualTo(1_000_000_000L);
        int blocked = 0;
        for (int i = 0; i < 1_000_000; i++) {
            if (t.take("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255)) > 0) {
                blocked++;
            }
        }
        assertThat(t.slots()).isEqualTo(1024); // memory: the table, whatever was sprayed
        assertThat(blocked).isPositive();
        // the sprayed-on address did not get its bucket back by being pushed out
        assertThat(t.take("127.0.0.2")).isPositive();
    }

    @Test
    void slotsDependOnTheSecretSeed() {
        TokenBuckets a = new TokenBuckets(65_536, 1, 1.0, nanos::get, 1L);
        TokenBuckets b = new TokenBuckets(65_536, 1, 1.0, nanos::get, 2L);
        int same = 0;
        for (int i = 0; i < 1000; i++) {
            same += a.slot("192.0.2." + i) == b.slot("192.0.2." + i) ? 1 : 0;
        }
        assertThat(same).isLessThan(10);
    }

    @Test
    void aheadIsJudgedPerBatchAndReportedOncePerWindow() {
        ClockSkew s = new ClockSkew(120_000, 600_000);
        long t = 1_800_000_000_000L;
        assertThat(s.observe("a", t + 119_000, t).skewed()).isFalse();
        ClockSkew.Verdict v = s.observe("a", t + 300_000, t + 1);
        assertThat(v.skewed()).isTrue();
        assertThat(v.direction()).isEqualTo("ahead");
        assertThat(v.report()).isTrue();
        assertThat(s.observe("a", t + 300_000, t + 2).report()).isFalse();
        assertThat(s.observe("a", t + 300_000 + 600_000, t + 600_002).report()).isTrue();
        assertThat(s.observe("a", 0, t).skewed()).isFalse(); // no sent_at: not judged
    }

    @Test
    void aDrainedSpoolIsNotBehindButAClockBehindIs() {
        ClockSkew s = new ClockSkew(120_000, 600_000);
        long t = 1_800_000_000_000L;
        // a 12-hour backlog drained one batch at a time over 20 minutes: each request says when it
        // was sent (a sound clock), so the old sent_at of the batches is no skew
        for (int i = 0; i < 2880; i++) {
            long at = t + i * 420L;
            assertThat(s.observe("spooled", t - 43_200_000L + i * 15_000L, at - 30, at).skewed()).isFalse();
        }
        // and an older agent that does not say: "behind" is never judged, so never a false alarm
        for (int i = 0; i < 2880; i++) {
            long at = t + i * 420L;
            assertThat(s.observe("older", t - 43_200_000L + i * 15_000L, at).skewed()).isFalse();
        }
        // an agent whose clock is 5 minutes behind says so at every request
        ClockSkew.Verdict v = s.observe("behind", t - 300_000, t - 300_000, t);
        assertThat(v.skewed()).isTrue();
        assertThat(v.direction()).isEqualTo("behind");
        assertThat(v.skewMillis()).isEqualTo(-300_000L);
        assertThat(v.report()).isTrue();
        assertThat(s.observe("behind", t - 299_000, t - 299_000, t + 1_000).report()).as("once per window").isFalse();
        // ahead is told from the send clock too
        assertThat(s.observe("ahead", t, t + 200_000, t).direction()).isEqualTo("ahead");
    }
}
