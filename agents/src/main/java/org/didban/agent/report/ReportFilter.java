package org.didban.agent.report;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.didban.agent.snmp.DeviceReading;
import org.didban.model.Labels;
import org.didban.model.MetricDefinition;
import org.didban.model.Metrics;
import org.didban.model.Sample;

/**
 * Report by exception, between the poller and the uplink: what the collector already has is not
 * sent again every poll.
 * <ul>
 *   <li>a gauge or a counter (its {@code _total} value, unchanged: the collector takes rates from
 *       consecutive samples and their timestamps, so a counter sent only when it moved still gives
 *       the right rate) is sent when its value differs from the last one sent;</li>
 *   <li>an info metric is sent when its labels are new (a new serial, hash, neighbour);</li>
 *   <li>{@code device_up} is always sent: it is the heartbeat DEV-01's {@code absent} reads;</li>
 *   <li>events always pass;</li>
 *   <li>everything of a device is sent again every {@code refresh} (default 5 minutes), and at the
 *       first poll after it failed or recovered (so the collector never keeps values from before
 *       an outage as current).</li>
 * </ul>
 * <p>A refresh goes with the poll nearest the time it falls due, not strictly the first one after
 * it: polls end a few milliseconds earlier or later from one round to the next, and a poll that
 * ends just before the due time must not put the refresh off by a whole interval (nor make a
 * {@code refresh} equal to the poll interval skip every other round). So a reading is a full one
 * when the refresh falls due within half the device's poll interval from now, the interval being
 * what elapsed since its previous reading. Hence a {@code refresh} no longer than the poll interval
 * makes every round a full one, and rounds every 10 s with the 5-minute refresh send everything
 * every 30th round. (An extra poll between rounds, the re-poll after a trap, counts like any
 * other: if it was the full one, the round just after it may send only what changed.)
 * <p>Memory: the last value of each series of each device; a device's table is rebuilt at each full
 * refresh (series that vanished are forgotten), and cleared if it ever holds more than
 * {@code maxSeriesPerDevice} (the next poll is then a full one).
 */
public final class ReportFilter implements ReadingStage {
    public static final Duration DEFAULT_REFRESH = Duration.ofMinutes(5);
    public static final int DEFAULT_MAX_SERIES_PER_DEVICE = 50_000;

    private record Key(String metric, Labels labels) {
    }

    private static final class DeviceState {
        Map<Key, Double> last = new HashMap<>();
        long lastFull = Long.MIN_VALUE;
        /** When the previous reading came: the gap to it is the device's poll interval as observed. */
        long lastSeen;
        Boolean lastUp;
    }

    private final Duration refresh;
    private final int maxSeries;
    private final Clock clock;
    private final Map<String, DeviceState> devices = new HashMap<>();
    private long sent;
    private long suppressed;

    public ReportFilter(Duration refresh, int maxSeriesPerDevice, Clock clock) {
        this.refresh = Objects.requireNonNull(refresh, "refresh");
        this.maxSeries = maxSeriesPerDevice;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public ReportFilter(Clock clock) {
        this(DEFAULT_REFRESH, DEFAULT_MAX_SERIES_PER_DEVICE, clock);
    }

    @Override
    public synchronized DeviceReading apply(DeviceReading reading) {
        long now = clock.millis();
        DeviceState state = devices.computeIfAbsent(reading.device(), d -> new DeviceState());
        boolean up = reading.answered();
        boolean full = state.lastUp == null || state.lastUp != up || refreshDue(state, now)
                || state.last.size() > maxSeries;
        state.lastUp = up;
        state.lastSeen = now;
        if (full) {
            state.last = new HashMap<>();
            state.lastFull = now;
        }
        List<Sample> out = new ArrayList<>(reading.samples().size());
        for (Sample s : reading.samples()) {
            Key key = new Key(s.metric(), s.labels());
            Double before = state.last.put(key, s.value());
            boolean send = full || s.metric().equals(Metrics.DEVICE_UP) || before == null
                    || (!info(s.metric()) && Double.compare(before, s.value()) != 0);
            if (send) {
                out.add(s);
            }
        }
        sent += out.size();
        suppressed += reading.samples().size() - out.size();
        return out.size() == reading.samples().size() ? reading : reading.with(out, reading.events());
    }

    /**
     * Whether the refresh falls due before halfway to this device's next poll (expected one
     * observed interval from now): this poll is then nearer the due time than the next one. A
     * refresh no longer than the interval is always due, however much the round times jitter.
     */
    private boolean refreshDue(DeviceState state, long now) {
        long sinceFull = now - state.lastFull;
        long halfInterval = Math.max(0, now - state.lastSeen) / 2;
        return sinceFull >= refresh.toMillis() - halfInterval;
    }

    /** Samples passed on since the start. */
    public synchronized long sent() {
        return sent;
    }

    /** Samples left out (unchanged) since the start. */
    public synchronized long suppressed() {
        return suppressed;
    }

    private static boolean info(String metric) {
        return Metrics.definition(metric).map(d -> d.kind() == MetricDefinition.Kind.INFO).orElse(false);
    }
}
