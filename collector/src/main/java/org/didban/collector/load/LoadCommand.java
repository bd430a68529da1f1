package org.didban.collector.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.didban.collector.Collector;
import org.didban.collector.CollectorConfig;
import org.didban.collector.demo.DurationConverter;
import org.didban.collector.demo.ProvinceFacts;
import org.didban.collector.demo.SyntheticInventory;
import org.didban.collector.inventory.Agent;
import org.didban.collector.inventory.AgentRegistry;
import org.didban.model.Branch;
import org.didban.model.DeviceRole;
import org.didban.model.Inventory;
import org.didban.wire.SiteBatch;
import org.didban.wire.SiteBatchCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code didban load}: drives a collector's ingest and rules from simulated sites sending
 * agent-shaped batches over HTTP on loopback, and reports what was accepted. Flat out (the
 * default) it sends as hard as the collector answers; at election-day rates every site sends one
 * batch each 30 s round, by exception, and a burst of faults comes after a steady period.
 * Bounded in time and in batches; it stops by itself.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Measure ingest and rule evaluation of an in-process collector on loopback.",
            "--rate flat-out (default): every site sends as fast as it is answered (4 devices a site).",
            "--rate election-day: 9 devices a site (router, switch, UPS, auth device, 2 voting devices, 3 cameras);"
                + " one batch a site every 30 s at the site's own phase, report by exception (device_up always,"
                + " other values when changed, everything every 5 min per site, staggered); first rounds spread"
                + " over --ramp; steady faults; after --warmup and --duration a power cut over --burst-province"
                + " (every UPS on battery, cameras of 25 %% of its branches dark, uplinks of 20 %% failing over),"
                + " measured for --burst-window. Prints sustained rates, send lag, fault to alert (steady and"
                + " burst), heap per device, GC pauses and CPU by collector and generator threads. The ledger is an"
                + " H2 file in a temporary folder, removed at the end."})
public final class LoadCommand implements Callable<Integer> {
    @Option(names = "--rate", description = "flat-out or election-day (default ${DEFAULT-VALUE}).")
    String rate = "flat-out";

    @Option(names = "--ramp", description = "election-day: over how long the sites send their first round (default ${DEFAULT-VALUE}).",
            converter = DurationConverter.class)
    Duration ramp = Duration.ofSeconds(60);

    @Option(names = "--burst-window", description = "election-day: how long the burst is measured (default ${DEFAULT-VALUE}).",
            converter = DurationConverter.class)
    Duration burstWindow = Duration.ofSeconds(60);

    @Option(names = "--burst-province", description = "election-day: the province whose power fails (default: the one with most branches).")
    String burstProvince;

    @Option(names = "--device-fault-chance", description = "election-day: each healthy device's chance of a fault in a round (default ${DEFAULT-VALUE}).")
    double deviceFaultChance = 0.0002;

    @Option(names = "--histogram", description = "election-day: print the top of the live-object class histogram at the end.")
    boolean histogram;

    @Option(names = "--branches", description = "Simulated sites (default ${DEFAULT-VALUE}).")
    int branches = 5_000;

    @Option(names = "--duration", description = "How long to send, after warm-up (default ${DEFAULT-VALUE}, at most 10m).",
            converter = DurationConverter.class)
    Duration duration = Duration.ofSeconds(30);

    @Option(names = "--warmup", description = "Sending before measuring starts (default ${DEFAULT-VALUE}).",
            converter = DurationConverter.class)
    Duration warmup = Duration.ofSeconds(10);

    @Option(names = "--in-flight", description = "Batches in flight at once (default ${DEFAULT-VALUE}).")
    int inFlight = 64;

    @Option(names = "--connections", description = "HTTP connections (default ${DEFAULT-VALUE}).")
    int connections = 16;

    @Option(names = "--max-batches", description = "Stop after this many batches in all (default ${DEFAULT-VALUE}).")
    long maxBatches = 20_000_000;

    @Option(names = "--fault-share", description = "Share of values that are faults (default ${DEFAULT-VALUE}).")
    double faultShare = 0.001;

    @Option(names = "--shards", description = "Collector shards (default: 2 × processors).")
    int shards = 0;

    private final PrintStream out = System.out;
    /** election-day: how long the collector is given to start before the sites' first round. */
    private static final long STARTUP_ALLOWANCE_MILLIS = 20_000;

    @Override
    public Integer call() throws Exception {
        if (duration.compareTo(Duration.ofMinutes(10)) > 0 || branches < 1 || inFlight < 1 || connections < 1) {
            throw new IllegalArgumentException("need --duration at most 10m and positive --branches, --in-flight, --connections");
        }
        if ("election-day".equals(rate)) {
            return electionDay();
        }
        if (!"flat-out".equals(rate)) {
            throw new IllegalArgumentException("--rate is flat-out or election-day, not '" + rate + "'");
        }
        Inventory inventory = new SyntheticInventory(ProvinceFacts.shipped(),
                List.of(DeviceRole.ROUTER, DeviceRole.UPS, DeviceRole.AUTH_DEVICE, DeviceRole.VOTING_DEVICE), 1403)
                .generate(branches, 31);
        List<SyntheticSite> sites = new ArrayList<>();
        List<Agent> agents = new ArrayList<>();
        Random random = new Random(7);
        for (Branch b : inventory.branches()) {
            byte[] raw = new byte[16];
            random.nextBytes(raw);
            String token = HexFormat.of().formatHex(raw);
            agents.add(Agent.withToken(b.code() + "-agent", b.code(), token));
            sites.add(new SyntheticSite(b.code() + "-agent", b.code(), token, inventory.devicesOf(b.code()),
                    random.nextLong(), faultShare));
        }
        Vertx server = Vertx.vertx();
        Vertx client = Vertx.vertx();
        try {
            // Every site sends as fast as it is answered, all from one address: far beyond the rate
            // limits a real agent meets, which would turn this into a measure of the limiter. The
            // limits are lifted here; this measures ingest and rules.
            org.didban.collector.ingest.IngestLimits unlimited = org.didban.collector.ingest.IngestLimits.DEFAULT
                    .withAgent(1_000_000_000L, 1e9).withAddress(1_000_000_000L, 1e9, 1024);
            CollectorConfig.Builder config = CollectorConfig.builder().port(0).inventory(inventory, AgentRegistry.of(agents))
                    .ingestLimits(unlimited).onAlertTransition(faultToAlert::transition);
            if (shards > 0) {
                config.shards(shards);
            }
            Collector collector = await(Collector.start(server, config.build()));
            Run run = new Run(client, URI.create(collector.baseUrl()), sites);
            out.printf("load: %d sites, %d devices, %d in flight over %d connections; warm-up %ds, then %ds%n",
                    sites.size(), inventory.devices().size(), inFlight, connections, warmup.toSeconds(), duration.toSeconds());
            run.start();
            Thread.sleep(warmup.toMillis());
            Snapshot before = run.snapshot();
            long cpuBefore = processCpuNanos();
            Thread.sleep(duration.toMillis());
            Snapshot after = run.snapshot();
            long cpuAfter = processCpuNanos();
            run.stop();
            report(before, after, cpuAfter - cpuBefore, run);
            faultToAlert.report(out);
            // The collector's own count, so the figure above is not the load generator's word alone.
            out.printf("load: collector counted %,.0f samples ingested, %,.0f rule evaluations, %,.0f alert transitions%n",
                    counter(collector, "didban_ingest_samples"), counter(collector, "didban_rule_evaluations"),
                    counter(collector, "didban_alert_transitions"));
            await(collector.close());
        } finally {
            await(client.close());
            await(server.close());
        }
        return 0;
    }

    /** What every branch has on election day in this run: nine devices, ~527,760 nationally. */
    static final List<DeviceRole> ELECTION_DAY_ROLES = List.of(DeviceRole.ROUTER, DeviceRole.SWITCH, DeviceRole.UPS,
            DeviceRole.AUTH_DEVICE, DeviceRole.VOTING_DEVICE, DeviceRole.VOTING_DEVICE,
            DeviceRole.CAMERA, DeviceRole.CAMERA, DeviceRole.CAMERA);

    private int electionDay() throws Exception {
        if (burstWindow.compareTo(Duration.ofMinutes(10)) > 0 || ramp.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("need --burst-window and --ramp of at most 10m");
        }
        Inventory inventory = new SyntheticInventory(ProvinceFacts.shipped(), ELECTION_DAY_ROLES, 1403).generate(branches, 31);
        Random random = new Random(7);
        List<Agent> agents = new ArrayList<>();
        List<ElectionDaySite> sites = new ArrayList<>();
        // phases spread evenly over the round, in an order unrelated to provinces
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < inventory.branches().size(); i++) {
            slots.add(i);
        }
        java.util.Collections.shuffle(slots, random);
        int n = 0;
        for (Branch b : inventory.branches()) {
            byte[] raw = new byte[16];
            random.nextBytes(raw);
            String token = HexFormat.of().formatHex(raw);
            agents.add(Agent.withToken(b.code() + "-agent", b.code(), token));
            long phase = slots.get(n++) * ElectionDaySite.ROUND_MILLIS / inventory.branches().size();
            sites.add(new ElectionDaySite(b.code() + "-agent", b.code(), token, inventory.devicesOf(b.code()), phase,
                    random.nextLong()));
        }
        String province = burstProvince != null ? burstProvince : inventory.branches().stream()
                .collect(java.util.stream.Collectors.groupingBy(Branch::provinceCode, java.util.stream.Collectors.counting()))
                .entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
        List<ElectionDaySite> struck = sites.stream().filter(s -> inventory.branch(s.branch).provinceCode().equals(province)).toList();
        int rampRounds = (int) Math.max(1, ramp.toMillis() / ElectionDaySite.ROUND_MILLIS);
        int devices = inventory.devices().size();

        JvmWatch jvm = new JvmWatch();
        Vertx client = Vertx.vertx(new io.vertx.core.VertxOptions().setEventLoopPoolSize(2));
        java.util.Set<Long> generatorThreads = threadsOf(client);
        ElectionDayRun run = new ElectionDayRun(client, sites, rampRounds, connections, deviceFaultChance);
        // Everything the generator keeps exists before this baseline, so the difference is the collector's.
        long baseline = jvm.liveHeapAfterFullGc();
        java.nio.file.Path ledgerDir = java.nio.file.Files.createTempDirectory("didban-load-ledger");
        Vertx server = Vertx.vertx();
        try {
            org.didban.collector.ingest.IngestLimits unlimited = org.didban.collector.ingest.IngestLimits.DEFAULT
                    .withAgent(1_000_000_000L, 1e9).withAddress(1_000_000_000L, 1e9, 1024);
            // every simulated site speaks from 127.0.0.1: the per-address limit is lifted, as in flat-out mode
            // Election day as it runs: the collector starts in the preparation, the sites come in
            // over the ramp, and the polls open as the ramp ends, so the measured windows are voting
            // hours (DEV-01 notices silence in 60 s, not 15 min) and no vote is counted outside them.
            long opensAt = System.currentTimeMillis() + STARTUP_ALLOWANCE_MILLIS + ramp.toMillis();
            sites.forEach(s -> s.votingOpensAt(opensAt));
            // The ledger in an H2 file, as `didban serve` keeps it by default: in memory, every alert
            // change recorded would count as heap of the devices.
            CollectorConfig.Builder config = CollectorConfig.builder().port(0).inventory(inventory, AgentRegistry.of(agents))
                    .phases(org.didban.collector.demo.DemoCommand.votingDay(opensAt))
                    .ingestLimits(unlimited).onAlertTransition(run.faults::transition)
                    .ledger(org.didban.collector.ledger.LedgerSettings.embedded(ledgerDir));
            if (shards > 0) {
                config.shards(shards);
            }
            long startedAt = System.nanoTime();
            Collector collector = await(Collector.start(server, config.build()));
            out.printf("load: election day: %,d sites, %,d devices (%s); collector started in %.1f s; ramp %ds, warm-up %ds,"
                            + " steady %ds, burst over %s (%,d branches) measured %ds%n",
                    sites.size(), devices, roleCounts(inventory), (System.nanoTime() - startedAt) / 1e9, ramp.toSeconds(),
                    warmup.toSeconds(), duration.toSeconds(), province, struck.size(), burstWindow.toSeconds());
            out.printf("load: JVM %s, %s, max heap %d MiB; %d processors%n", System.getProperty("java.vm.version"),
                    gcNames(), Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
            long firstRoundAt = opensAt - ramp.toMillis();
            if (System.currentTimeMillis() + 200 > firstRoundAt) {
                out.printf("load: the collector took longer than %d s to start: the polls open before the ramp ends%n",
                        STARTUP_ALLOWANCE_MILLIS / 1000);
                firstRoundAt = System.currentTimeMillis() + 200;
            }
            run.start(URI.create(collector.baseUrl()), firstRoundAt);
            Thread.sleep(Math.max(0, firstRoundAt + ramp.toMillis() + warmup.toMillis() - System.currentTimeMillis()));

            run.faults.timing(true);
            jvm.record(true);
            ElectionDayRun.Mark steadyStart = run.mark();
            Map<Long, Long> cpuSteadyStart = jvm.threadCpu();
            long processSteadyStart = JvmWatch.processCpuNanos();
            Thread.sleep(duration.toMillis());
            ElectionDayRun.Mark steadyEnd = run.mark();
            Map<Long, Long> cpuSteadyEnd = jvm.threadCpu();
            long processSteadyEnd = JvmWatch.processCpuNanos();
            String steadyGc = jvm.pauses();
            long[] steadyAlerts = ElectionDayRun.FaultClock.sorted(run.faults.steady);

            run.burst(struck, 0.25, 0.20, 11);
            Thread.sleep(burstWindow.toMillis());
            ElectionDayRun.Mark burstEnd = run.mark();
            Map<Long, Long> cpuBurstEnd = jvm.threadCpu();
            long processBurstEnd = JvmWatch.processCpuNanos();
            jvm.record(false);
            String allGc = jvm.pauses();
            run.stop(10_000);
            Thread.sleep(500);

            out.println("load: -- steady (" + duration.toSeconds() + " s) --");
            window(run, steadyStart, steadyEnd);
            cpu(jvm, cpuSteadyStart, cpuSteadyEnd, processSteadyEnd - processSteadyStart, steadyEnd.atNanos() - steadyStart.atNanos(),
                    generatorThreads);
            out.println("load: GC " + steadyGc);
            latencies("steady faults", steadyAlerts, run.faults.steadyFaults.get());
            out.println("load: -- burst (" + burstWindow.toSeconds() + " s from the power cut) --");
            window(run, steadyEnd, burstEnd);
            cpu(jvm, cpuSteadyEnd, cpuBurstEnd, processBurstEnd - processSteadyEnd, burstEnd.atNanos() - steadyEnd.atNanos(),
                    generatorThreads);
            out.println("load: GC over steady and burst together: " + allGc);
            long[] all = ElectionDayRun.FaultClock.sorted(run.faults.steady);
            latencies("steady faults (whole run)", all, run.faults.steadyFaults.get());
            latencies("burst faults", ElectionDayRun.FaultClock.sorted(run.faults.burst), run.faults.burstFaults.get());
            out.printf("load: faults sent and not (yet) raised at the end: %,d%n", run.faults.unanswered());
            out.println("load: commonest alert changes of the run (rule, state moved to): " + run.faults.commonestChanges(8));

            long warm = jvm.liveHeapAfterFullGc();
            out.printf("load: live heap after full GC: %,d MiB before the collector, %,d MiB with the warm national state:"
                            + " %,d bytes per device (%,d devices; MemoryMXBean after System.gc())%n",
                    baseline >> 20, warm >> 20, (warm - baseline) / devices, devices);
            if (histogram) {
                out.print(JvmWatch.classHistogram(40));
            }
            out.printf("load: collector counted %,.0f samples ingested, %,.0f rule evaluations, %,.0f alert transitions%n",
                    counter(collector, "didban_ingest_samples"), counter(collector, "didban_rule_evaluations"),
                    counter(collector, "didban_alert_transitions"));
            await(collector.close());
        } finally {
            jvm.close();
            await(client.close());
            await(server.close());
            try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(ledgerDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        return 0;
    }

    private void window(ElectionDayRun run, ElectionDayRun.Mark from, ElectionDayRun.Mark to) {
        double seconds = (to.atNanos() - from.atNanos()) / 1e9;
        out.printf("load: %,.0f samples/s, %,.1f batches/s accepted (%,d batches, %,d samples in %.1f s); %d errors%n",
                (to.samples() - from.samples()) / seconds, (to.batches() - from.batches()) / seconds,
                to.batches() - from.batches(), to.samples() - from.samples(), seconds, to.errors() - from.errors());
        int[] lags = run.lagsBetween(from, to);
        if (lags.length > 0) {
            out.printf("load: sends behind schedule: p50 %d ms, p99 %d ms, max %d ms; %,d of %,d sent more than 1 s late%n",
                    lags[lags.length / 2], lags[(int) (lags.length * 0.99)], lags[lags.length - 1],
                    to.sentLate() - from.sentLate(), to.sent() - from.sent());
        }
        int[] req = run.requestsBetween(from, to);
        if (req.length > 0) {
            out.printf("load: request latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    req[req.length / 2] / 1e3, req[(int) (req.length * 0.99)] / 1e3, req[req.length - 1] / 1e3);
        }
    }

    private void cpu(JvmWatch jvm, Map<Long, Long> before, Map<Long, Long> after, long processNanos, long wallNanos,
                     java.util.Set<Long> generatorThreads) {
        long generator = jvm.cpuBetween(before, after, JvmWatch.ids(generatorThreads));
        long threads = jvm.cpuBetween(before, after, info -> true);
        double wall = wallNanos / 1e9;
        out.printf("load: CPU %.2f cores of %d: collector threads %.2f, load generator %.2f, JVM (GC, JIT) %.2f%n",
                processNanos / 1e9 / wall, Runtime.getRuntime().availableProcessors(), (threads - generator) / 1e9 / wall,
                generator / 1e9 / wall, (processNanos - threads) / 1e9 / wall);
    }

    private void latencies(String what, long[] sorted, long faults) {
        if (sorted.length == 0) {
            out.printf("load: fault to alert, %s: none raised (%,d faults sent)%n", what, faults);
            return;
        }
        out.printf("load: fault to alert, %s: %,d alerts of %,d faults: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", what,
                sorted.length, faults, sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6,
                sorted[sorted.length - 1] / 1e6);
    }

    /** The client's event-loop threads, so that their CPU is told apart from the collector's. */
    private static java.util.Set<Long> threadsOf(Vertx vertx) throws Exception {
        java.util.Set<Long> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
        for (io.netty.util.concurrent.EventExecutor loop : ((io.vertx.core.internal.VertxInternal) vertx).eventLoopGroup()) {
            loop.submit(() -> ids.add(Thread.currentThread().getId())).get(10, TimeUnit.SECONDS);
        }
        return ids;
    }

    private static String gcNames() {
        return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(java.lang.management.GarbageCollectorMXBean::getName).collect(java.util.stream.Collectors.joining(" + "));
    }

    private static String roleCounts(Inventory inventory) {
        Map<DeviceRole, Long> counts = new java.util.EnumMap<>(DeviceRole.class);
        inventory.devices().forEach(d -> counts.merge(d.role(), 1L, Long::sum));
        return counts.entrySet().stream().map(e -> String.format("%,d %s", e.getValue(), e.getKey().wireName()))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private void report(Snapshot before, Snapshot after, long cpuNanos, Run run) {
        double seconds = (after.atNanos - before.atNanos) / 1e9;
        long batches = after.batches - before.batches;
        long samples = after.samples - before.samples;
        long[] latencies = run.latenciesSince(before.latencyIndex, after.latencyIndex);
        Arrays.sort(latencies);
        out.printf("load: %,d batches, %,d samples in %.1f s%n", batches, samples, seconds);
        out.printf("load: %,.0f samples/s, %,.0f batches/s accepted; %d errors%n", samples / seconds, batches / seconds,
                after.errors - before.errors);
        if (latencies.length > 0) {
            out.printf("load: request latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    latencies[latencies.length / 2] / 1e6, latencies[(int) (latencies.length * 0.99)] / 1e6,
                    latencies[latencies.length - 1] / 1e6);
        }
        if (cpuNanos > 0) {
            out.printf("load: process CPU %.2f cores of %d (collector and load generator together)%n",
                    cpuNanos / 1e9 / seconds, Runtime.getRuntime().availableProcessors());
        }
        Runtime rt = Runtime.getRuntime();
        out.printf("load: heap used %d MiB%n", (rt.totalMemory() - rt.freeMemory()) >> 20);
    }

    private static double counter(Collector collector, String name) {
        double total = 0;
        for (io.prometheus.metrics.model.snapshots.MetricSnapshot m : collector.registry().scrape()) {
            if (m.getMetadata().getName().equals(name)
                    && m instanceof io.prometheus.metrics.model.snapshots.CounterSnapshot c) {
                for (var point : c.getDataPoints()) {
                    total += point.getValue();
                }
            }
        }
        return total;
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private record Snapshot(long atNanos, long batches, long samples, long errors, int latencyIndex) {
    }

    private final FaultToAlert faultToAlert = new FaultToAlert();

    /**
     * Fault to alert: from the moment a batch carrying a device's new fault is sent to the moment
     * the rule engine raises an alert of that device (pending or firing) — HTTP, decoding, the
     * shard's queue and the rule, not the rules' `for`, which is policy. A device whose fault
     * clears without an alert is forgotten at its next healthy round.
     */
    private static final class FaultToAlert {
        private final java.util.concurrent.ConcurrentHashMap<String, Long> pending = new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.concurrent.ConcurrentLinkedQueue<Long> latencies = new java.util.concurrent.ConcurrentLinkedQueue<>();

        /** On the sending thread, as a batch goes out. */
        void sent(SyntheticSite site, long nanos) {
            for (org.didban.model.Device d : site.devices()) {
                if (site.faulted.contains(d.id())) {
                    pending.putIfAbsent(d.id(), nanos);
                } else {
                    pending.remove(d.id());
                }
            }
        }

        /** On a shard's event loop: a map removal and a queue offer. */
        void transition(org.didban.model.AlertTransition t) {
            boolean raised = (t.to() == org.didban.model.AlertState.PENDING || t.to() == org.didban.model.AlertState.FIRING)
                    && (t.from() == org.didban.model.AlertState.INACTIVE || t.from() == org.didban.model.AlertState.RESOLVED);
            if (!raised) {
                return;
            }
            Long sent = pending.remove(t.alert().key().device());
            if (sent != null) {
                latencies.add(System.nanoTime() - sent);
            }
        }

        void report(java.io.PrintStream out) {
            long[] all = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            if (all.length == 0) {
                out.println("load: fault to alert: no alert raised by a fault (raise --fault-share)");
                return;
            }
            out.printf("load: fault to alert (sent to raised, %,d alerts): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    all.length, all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6, all[all.length - 1] / 1e6);
        }
    }

    /** The sending loop: a fixed number of batches in flight; each site has at most one. */
    private final class Run {
        private final HttpClient http;
        private final URI target;
        private final ArrayDeque<SyntheticSite> idle;
        private final SiteBatchCodec codec = new SiteBatchCodec();
        private final AtomicLong batches = new AtomicLong();
        private final AtomicLong samples = new AtomicLong();
        private final AtomicLong errors = new AtomicLong();
        private final long[] latencies = new long[4_000_000];
        private int latencyCount;
        private volatile boolean running;
        private final Vertx vertx;

        Run(Vertx vertx, URI target, List<SyntheticSite> sites) {
            this.vertx = vertx;
            this.target = target;
            this.idle = new ArrayDeque<>(sites);
            this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                    new PoolOptions().setHttp1MaxSize(connections));
        }

        void start() {
            running = true;
            // All of the client's work happens on one Vert.x context, so `idle` needs no lock.
            vertx.runOnContext(v -> {
                for (int i = 0; i < inFlight && !idle.isEmpty(); i++) {
                    sendNext();
                }
            });
        }

        private void sendNext() {
            if (!running || batches.get() + errors.get() >= maxBatches) {
                return;
            }
            SyntheticSite site = idle.poll();
            if (site == null) {
                return;
            }
            SiteBatch batch = site.nextRound(System.currentTimeMillis());
            Buffer body = Buffer.buffer(codec.encode(batch));
            long started = System.nanoTime();
            faultToAlert.sent(site, started);
            IngestPost.send(http, target, site.token, body)
                    .onComplete(ar -> {
                        if (ar.succeeded() && ar.result() == 200) {
                            batches.incrementAndGet();
                            samples.addAndGet(batch.samples().size());
                            if (latencyCount < latencies.length) {
                                latencies[latencyCount++] = System.nanoTime() - started;
                            }
                        } else {
                            errors.incrementAndGet();
                        }
                        idle.add(site);
                        sendNext();
                    });
        }

        Snapshot snapshot() throws Exception {
            Promise<Integer> index = Promise.promise();
            vertx.runOnContext(v -> index.complete(latencyCount));
            int at = await(index.future());
            return new Snapshot(System.nanoTime(), batches.get(), samples.get(), errors.get(), at);
        }

        long[] latenciesSince(int from, int to) {
            return Arrays.copyOfRange(latencies, from, Math.min(to, latencies.length));
        }

        void stop() throws Exception {
            running = false;
            await(http.close());
        }
    }
}
