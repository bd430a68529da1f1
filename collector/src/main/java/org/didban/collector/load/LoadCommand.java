package org.didban.collector.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
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
 * {@code didban load}: drives a collector's ingest and rules as hard as it will go, from
 * simulated sites sending agent-shaped batches over HTTP on loopback, and reports what was
 * accepted. Bounded in time and in batches; it stops by itself.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Measure ingest and rule evaluation throughput of an in-process collector on loopback.")
public final class LoadCommand implements Callable<Integer> {
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

    @Override
    public Integer call() throws Exception {
        if (duration.compareTo(Duration.ofMinutes(10)) > 0 || branches < 1 || inFlight < 1 || connections < 1) {
            throw new IllegalArgumentException("need --duration at most 10m and positive --branches, --in-flight, --connections");
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
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(target.getHost())
                    .setPort(target.getPort()).setURI("/api/v1/ingest")
                    .putHeader("Authorization", "Bearer " + site.token).putHeader("Content-Type", "application/json");
            http.request(options)
                    .compose(req -> req.send(body))
                    .compose(resp -> resp.body().map(b -> resp.statusCode()))
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
