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
        // a 12-hour backlog drained in a second, then fresh batches every 15 s for ten minutes
        for (int i = 0; i < 2880; i++) {
            assertThat(s.observe("spooled", t - 43_200_000L + i * 15_000L, t + i / 3).skewed()).isFalse();
        }
        for (long at = t + 15_000; at <= t + 600_000; at += 15_000) {
            assertThat(s.observe("spooled", at, at + 200).skewed()).as("at %d", at).isFalse();
        }
        // an agent whose clock is 5 minutes behind: every batch is 5 minutes late
        ClockSkew.Verdict last = null;
        for (long at = t; at <= t + 600_000; at += 15_000) {
            last = s.observe("behind", at - 300_000, at);
        }
        assertThat(last.skewed()).isTrue();
        assertThat(last.direction()).isEqualTo("behind");
        assertThat(last.skewMillis()).isEqualTo(-300_000L);
        assertThat(last.report()).isTrue();
        // one batch a window is too little to judge
        assertThat(s.observe("rare", t - 3_600_000, t).skewed()).isFalse();
        assertThat(s.observe("rare", t + 600_000 - 3_600_000, t + 600_000).skewed()).isFalse();
    }
}
