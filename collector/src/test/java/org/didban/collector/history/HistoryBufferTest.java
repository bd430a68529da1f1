package org.didban.collector.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.collector.history.HistoryFixtures.MORNING;
import static org.didban.collector.history.HistoryFixtures.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.didban.collector.fiber.Detected;
import org.didban.collector.readiness.ReadinessRollup;
import org.didban.model.Alert;
import org.didban.model.AlertState;
import org.didban.model.Branch;
import org.didban.model.Sample;
import org.didban.model.Severity;
import org.junit.jupiter.api.Test;

/**
 * The callers' side never waits: with no InfluxDB at all, and with an InfluxDB that does not answer
 * and a buffer that is full, every call returns at once and what does not fit is counted.
 */
class HistoryBufferTest {
    /**
     * Not a speed target (benchmarks hold those): far below what a call waiting on the store would
     * take (the writer's connect timeout is 5 s, its read timeout 20 s), and far above a stall of a loaded CI machine.
     */
    private static final Duration AT_ONCE = Duration.ofSeconds(4);
    private final Branch branch = HistoryFixtures.branch("2301-001", "2301", "23");

    @Test
    void noneKeepsNothingAndTakesEverything() {
        Alert alert = HistoryFixtures.alert(branch, "NET-01", "r", Severity.HIGH, AlertState.FIRING, 1, MORNING);
        History.NONE.samples(branch, List.of(HistoryFixtures.sample("r", "device_up", 1, MORNING)));
        History.NONE.samples(null, null);
        History.NONE.transition(HistoryFixtures.fired(1, alert, false));
        History.NONE.readiness(HistoryFixtures.readiness(MORNING, Map.of()));
        History.NONE.fiber(HistoryFixtures.fiber(MORNING, Detected.FIBER, List.of(branch)));
        assertThat(History.NONE).hasToString("History.NONE");
    }

    @Test
    void aFullBufferDropsAndCountsAtOnceWhileInfluxDoesNotAnswer() {
        int capacity = 3;
        InfluxSettings settings = InfluxSettings.builder("http://127.0.0.1:" + HistoryFixtures.closedPort())
                .bufferCapacity(capacity).batchSize(1).flushInterval(Duration.ofMillis(20)).build();
        InfluxHistory history = InfluxHistory.start(settings, Duration.ofSeconds(30), Duration.ofSeconds(30));
        long offered;
        try {
            // The writer takes one point, fails, and waits 30 s before it tries again; the buffer fills behind it.
            history.samples(branch, samples(1));
            await(Duration.ofSeconds(10), history::toString, () -> history.batchFailures() == 1);
            history.samples(branch, samples(1));
            assertThat(history.queueDepth()).isEqualTo(2);

            // Room for 2: a snapshot of 3 points (county, province, nation) is taken whole or not at all...
            history.readiness(HistoryFixtures.readiness(MORNING, Map.of("23", List.of(
                    HistoryFixtures.rollup(ReadinessRollup.Level.COUNTY, "2301", 1, 0, 0, 1, 0, 95, List.of())))));
            assertThat(history.pointsDropped()).isEqualTo(3);
            // ...while samples are taken as far as they fit.
            history.samples(branch, samples(5));
            assertThat(history.pointsDropped()).isEqualTo(3 + 3);
            assertThat(history.pointsQueued()).isEqualTo(1 + 1 + 2);
            assertThat(history.queueDepth()).isEqualTo(capacity + 1);
            offered = 1 + 1 + 3 + 5;

            long slowest = 0;
            for (int i = 0; i < 10_000; i++) {
                long started = System.nanoTime();
                history.samples(branch, samples(1 + i % 3));
                offered += 1 + i % 3;
                slowest = Math.max(slowest, System.nanoTime() - started);
            }
            long started = System.nanoTime();
            history.transition(HistoryFixtures.fired(1, HistoryFixtures.alert(branch, "NET-01", "r", Severity.HIGH,
                    AlertState.FIRING, 1, MORNING), false));
            history.fiber(HistoryFixtures.fiber(MORNING, Detected.FIBER, List.of(branch)));
            slowest = Math.max(slowest, System.nanoTime() - started);
            offered += 1 + 1;

            assertThat(Duration.ofNanos(slowest)).isLessThan(AT_ONCE);
            assertThat(history.pointsQueued()).isEqualTo(capacity + 1);
            assertThat(history.pointsDropped()).isEqualTo(offered - history.pointsQueued());
            assertThat(history.queueDepth()).isEqualTo(capacity + 1);
            assertThat(history.pointsWritten()).isZero();
            assertThat(history.batchFailures()).isEqualTo(1);
        } finally {
            long started = System.nanoTime();
            history.close();
            // The writer tries once more, gives up on what it could not write within the close timeout, and counts it.
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(InfluxHistory.CLOSE_TIMEOUT.plusSeconds(3));
        }
        assertThat(history.queueDepth()).isZero();
        assertThat(history.pointsWritten()).isZero();
        assertThat(history.pointsDropped()).isEqualTo(offered);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals(InfluxHistory.THREAD_NAME) && t.isAlive());
    }

    @Test
    void aHostNameThatDoesNotResolveIsAnOutageNotAFailureToStart() {
        InfluxSettings settings = InfluxSettings.builder("http://didban-no-such-host.invalid:8086")
                .flushInterval(Duration.ofMillis(20)).build();
        long started = System.nanoTime();
        InfluxHistory history = InfluxHistory.start(settings, Duration.ofSeconds(30), Duration.ofSeconds(30));
        try {
            history.samples(branch, samples(2));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(AT_ONCE);
            await(Duration.ofSeconds(20), history::toString, () -> history.batchFailures() == 1);
            assertThat(history.queueDepth()).isEqualTo(2);
        } finally {
            history.close();
        }
        assertThat(history.pointsDropped()).isEqualTo(2);
    }

    @Test
    void afterCloseCallsAreCountedAsDropped() {
        InfluxHistory history = InfluxHistory.start(InfluxSettings.builder("http://127.0.0.1:" + HistoryFixtures.closedPort())
                .build());
        history.close();
        history.samples(branch, samples(4));
        assertThat(history.pointsDropped()).isEqualTo(4);
        assertThat(history.pointsQueued()).isZero();
        history.close();
    }

    @Test
    void samplesAreNotEvenQueuedWhenSwitchedOff() {
        try (InfluxHistory history = InfluxHistory.start(InfluxSettings.builder("http://127.0.0.1:" + HistoryFixtures.closedPort())
                .writeSamples(false).build())) {
            history.samples(branch, samples(4));
            assertThat(history.pointsQueued() + history.pointsDropped()).isZero();
        }
    }

    private static List<Sample> samples(int n) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            samples.add(HistoryFixtures.sample("2301-001-router", "device_up", 1, MORNING + i));
        }
        return samples;
    }
}
