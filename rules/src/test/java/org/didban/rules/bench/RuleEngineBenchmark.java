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
 * Rule evaluation on one thread with the shipped catalogue: a realistic mix of samples from
 * 1,000 branches (router interfaces, UPS, device_up), none of them faulty, so every sample is
 * evaluated and none opens an alert. Run with {@code scripts/bench}.
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
        for (int i = 0; i < BATCH; i++) {
            String branch = "THR-" + (i % BRANCHES);
            samples[i] = switch (i % 5) {
                case 0 -> new Sample(branch + "-router", Metrics.IF_ADMIN_STATUS, wan, 1, i);
                case 1 -> new Sample(branch + "-router", Metrics.IF_OPER_STATUS, wan, 1, i);
                case 2 -> new Sample(branch + "-router", Metrics.DEVICE_UP, Labels.EMPTY, 1, i);
                case 3 -> new Sample(branch + "-ups", Metrics.UPS_OUTPUT_SOURCE, Labels.EMPTY, 3, i);
                default -> new Sample(branch + "-ups", Metrics.IF_IN_OCTETS_TOTAL, wan, i, i);
            };
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
