package org.didban.rules.bench;

import java.util.concurrent.TimeUnit;
import org.didban.model.Branch;
import org.didban.model.County;
import org.didban.model.Device;
import org.didban.model.DeviceRole;
import org.didban.model.FiberStatus;
import org.didban.model.Inventory;
import org.didban.model.Labels;
import org.didban.model.Metrics;
import org.didban.model.Province;
import org.didban.model.Sample;
import org.didban.rules.ManualScheduler;
import org.didban.rules.RuleEngine;
import org.didban.rules.RuleFileReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rule evaluation on one thread with the whole shipped catalogue loaded: a mix of fifteen metrics
 * from 1,000 branches (router interfaces and counters, device health, UPS, signal, optics), all
 * healthy, so every sample is evaluated and none opens an alert. Run with {@code scripts/bench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RuleEngineBenchmark {
    private static final int BRANCHES = 1_000;
    private static final int BATCH = 10_000;

    private RuleEngine engine;
    private Sample[] samples;

    @Setup
    public void setUp() {
        Inventory.Builder b = Inventory.builder()
                .province(new Province("THR", "تهران", "Tehran"))
                .county(new County("THR-01", "THR", "ت", "T"));
        for (int i = 0; i < BRANCHES; i++) {
            String code = "THR-" + i;
            b.branch(new Branch(code, "THR-01", "THR", "ش", "B", false, i % 20 == 0, "", null, FiberStatus.CONNECTED, null, 2, ""));
            b.device(new Device(code + "-router", code, DeviceRole.ROUTER, "", ""));
            b.device(new Device(code + "-ups", code, DeviceRole.UPS, "", ""));
        }
        Inventory inventory = b.build();
        engine = new RuleEngine(RuleFileReader.catalogue(), inventory, new ManualScheduler(0), t -> { });
        Labels wan = Labels.of(Metrics.LABEL_IF_INDEX, "1", Metrics.LABEL_IF_NAME, "wan0");
        samples = new Sample[BATCH];
        // One poll's worth per branch, cycling: interface status and counters, device health,
        // UPS, signal and optics — metrics read by about a third of the catalogue's rules.
        String[] metrics = {
            Metrics.IF_ADMIN_STATUS, Metrics.IF_OPER_STATUS, Metrics.DEVICE_UP, Metrics.UPS_OUTPUT_SOURCE,
            Metrics.IF_IN_OCTETS_TOTAL, "if_in_packets_total", Metrics.IF_IN_ERRORS_TOTAL, Metrics.IF_SPEED_MBPS,
            "temperature_celsius", "clock_offset_seconds", "cellular_rsrp_dbm", "optical_rx_power_dbm",
            Metrics.UPS_MINUTES_REMAINING, "storage_used_ratio", "if_number"};
        double[] healthy = {1, 1, 1, 3, 0, 0, 0, 1000, 41, 0.2, -85, -12, 180, 0.4, 3};
        for (int i = 0; i < BATCH; i++) {
            int k = i % metrics.length;
            int round = i / metrics.length;
            String branch = "THR-" + (round % BRANCHES);
            boolean ups = metrics[k].startsWith("ups_");
            boolean counter = metrics[k].endsWith("_total");
            Labels labels = metrics[k].startsWith("if_") && !metrics[k].equals("if_number") ? wan : Labels.EMPTY;
            double value = counter ? 1_000.0 * round : healthy[k];
            samples[i] = new Sample(branch + (ups ? "-ups" : "-router"), metrics[k], labels, value, 1_000L * round);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long offerSamples() {
        for (Sample s : samples) {
            engine.offer(s);
        }
        return engine.evaluations();
    }
}
