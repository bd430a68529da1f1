package org.didban.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.didban.agent.snmp.DeviceReading;
import org.didban.model.Event;
import org.didban.model.Labels;
import org.didban.model.Metrics;
import org.didban.model.Sample;
import org.junit.jupiter.api.Test;

class ReportFilterTest {
    long now = 1_700_000_000_000L;
    final Clock clock = new Clock() {
        @Override
        public long millis() {
            return now;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };
    final ReportFilter filter = new ReportFilter(Duration.ofMinutes(5), 1000, clock);

    DeviceReading reading(boolean up, double temperature, double octets, String serial) {
        List<Sample> s = up ? List.of(
                new Sample("d", Metrics.TEMPERATURE_CELSIUS, Labels.of("sensor", "cpu"), temperature, now),
                new Sample("d", Metrics.IF_IN_OCTETS_TOTAL, Labels.of("if_index", "1", "if_name", "wan0", "if_alias", ""), octets, now),
                new Sample("d", Metrics.DEVICE_INFO, Labels.of("serial", serial, "model", "m", "software", "1", "sys_object_id", "1.3"), 1, now),
                new Sample("d", Metrics.DEVICE_UP, Labels.EMPTY, 1, now))
                : List.of(new Sample("d", Metrics.DEVICE_UP, Labels.EMPTY, 0, now));
        List<Event> events = up ? List.of() : List.of(new Event("d", "poll_failed", Map.of("reason", "timeout"), now));
        return new DeviceReading("d", up, null, s, events, 0);
    }

    List<String> sent(DeviceReading r) {
        now += 10_000;
        return filter.apply(r).samples().stream().map(Sample::metric).toList();
    }

    @Test
    void unchangedValuesAreNotSentAgainButTheHeartbeatIs() {
        assertThat(sent(reading(true, 38.5, 100, "A"))).hasSize(4);
        assertThat(sent(reading(true, 38.5, 100, "A"))).containsExactly(Metrics.DEVICE_UP);
        assertThat(sent(reading(true, 39.0, 100, "A"))).containsExactly(Metrics.TEMPERATURE_CELSIUS, Metrics.DEVICE_UP);
        assertThat(sent(reading(true, 39.0, 250, "A"))).containsExactly(Metrics.IF_IN_OCTETS_TOTAL, Metrics.DEVICE_UP);
        assertThat(sent(reading(true, 39.0, 250, "B"))).as("info: new labels").containsExactly(Metrics.DEVICE_INFO, Metrics.DEVICE_UP);
        assertThat(filter.suppressed()).isEqualTo(9);
    }

    @Test
    void everythingIsSentAgainOnScheduleAndAfterFailureAndRecovery() {
        sent(reading(true, 38.5, 100, "A"));
        for (int i = 0; i < 29; i++) { // 10 s polls: the 31st poll is 5 minutes after the first
            assertThat(sent(reading(true, 38.5, 100, "A"))).hasSize(1);
        }
        assertThat(sent(reading(true, 38.5, 100, "A"))).hasSize(4);
        assertThat(sent(reading(true, 38.5, 100, "A"))).hasSize(1);

        DeviceReading down = reading(false, 0, 0, "A");
        now += 10_000;
        DeviceReading out = filter.apply(down);
        assertThat(out.samples()).extracting(Sample::value).containsExactly(0.0);
        assertThat(out.events()).hasSize(1);
        assertThat(sent(reading(true, 38.5, 100, "A"))).as("recovered: all again").hasSize(4);
        assertThat(sent(reading(true, 38.5, 100, "A"))).hasSize(1);
    }

    /** Round k of a poll every {@code intervalMs}, ending {@code jitterMs} early (negative) or late. */
    boolean fullAt(ReportFilter f, long start, int k, long intervalMs, long jitterMs) {
        now = start + k * intervalMs + jitterMs;
        return f.apply(reading(true, 38.5, 100, "A")).samples().size() == 4;
    }

    /** A few milliseconds either way, as rounds end on a real machine; deterministic. */
    static long jitter(int k) {
        return (k * 37L) % 101 - 50; // -50 .. +50 ms
    }

    @Test
    void aRefreshEqualToThePollIntervalSendsEverythingEveryRoundThoughRoundsEndEarlierOrLater() {
        ReportFilter f = new ReportFilter(Duration.ofSeconds(10), 1000, clock);
        long start = now;
        for (int k = 0; k < 50; k++) {
            assertThat(fullAt(f, start, k, 10_000, jitter(k))).as("round %d, %+d ms", k, jitter(k)).isTrue();
        }
        // the round that ends early right after one that ended late: 9,988 ms apart
        ReportFilter g = new ReportFilter(Duration.ofSeconds(10), 1000, clock);
        start = now + 10_000;
        assertThat(fullAt(g, start, 0, 10_000, 0)).isTrue();
        assertThat(fullAt(g, start, 1, 10_000, 7)).isTrue();
        assertThat(fullAt(g, start, 2, 10_000, -5)).isTrue();
        assertThat(g.suppressed()).isZero();
    }

    @Test
    void aRefreshShorterThanThePollIntervalSendsEverythingEveryRound() {
        ReportFilter f = new ReportFilter(Duration.ofMillis(500), 1000, clock);
        long start = now;
        for (int k = 0; k < 20; k++) {
            assertThat(fullAt(f, start, k, 1_000, jitter(k) / 5)).as("round %d", k).isTrue();
        }
    }

    @Test
    void theFiveMinuteRefreshKeepsToEveryThirtiethPollThoughRoundsJitter() {
        ReportFilter f = new ReportFilter(Duration.ofMinutes(5), 1000, clock);
        long start = now;
        List<Integer> full = new ArrayList<>();
        for (int k = 0; k <= 150; k++) {
            if (fullAt(f, start, k, 10_000, jitter(k))) {
                full.add(k);
            }
        }
        // neither put off to the 31st poll when the 30th ends a little early, nor sent early
        assertThat(full).containsExactly(0, 30, 60, 90, 120, 150);
    }
}
