package org.didban.collector.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.didban.collector.alerts.AlertChange;
import org.didban.collector.alerts.AlertFeed;
import org.didban.collector.alerts.TrackedAlert;
import org.didban.collector.ledger.AlertLedger;
import org.didban.collector.ledger.LedgerSettings;
import org.didban.model.Alert;
import org.didban.model.AlertKey;
import org.didban.model.AlertState;
import org.didban.model.Labels;
import org.didban.model.Severity;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How fast the ledger records alert changes: a storm of {@code burst} changes (an area going
 * dark, a rule reload) appended at once, timed until the last is committed — each record
 * hashed into the chain, its alert row updated, committed to the file. Reported per record.
 * {@code scripts/bench collector LedgerBenchmark} (docs/BENCHMARKS.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class LedgerBenchmark {
    static final int BURST = 1000;

    @Param({"file"})
    public String store;

    private Path dir;
    private AlertLedger ledger;
    private TrackedAlert[] alerts;
    private long at = 1_780_000_000_000L;

    @Setup(Level.Trial)
    public void open() throws Exception {
        dir = Files.createTempDirectory("didban-ledger-bench");
        ledger = AlertLedger.open(LedgerSettings.embedded(dir), new AlertFeed());
        alerts = new TrackedAlert[BURST];
        for (int i = 0; i < BURST; i++) {
            String branch = String.format("THR-%04d", i);
            Alert a = new Alert(new AlertKey("NET-01", branch + "-router", Labels.of("if_index", "1", "if_name", "wan0")),
                    branch, "THR-01", "THR", Severity.HIGH, AlertState.FIRING, "Uplink down", "قطع لینک ارتباطی شعبه",
                    2, at, at + 60_000, 0, "");
            alerts[i] = TrackedAlert.of(a, i % 10 == 0);
        }
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        ledger.close();
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public AlertChange burstOfChanges() throws Exception {
        CompletableFuture<AlertChange> last = null;
        at += 1000;
        for (TrackedAlert a : alerts) {
            last = ledger.append(new AlertChange(0, at, AlertChange.Kind.EVALUATED, a, AlertState.PENDING,
                    AlertState.FIRING, AlertChange.ENGINE, ""));
        }
        return last.get(60, TimeUnit.SECONDS);
    }
}
