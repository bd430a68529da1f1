package org.didban.collector.readiness;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.didban.collector.demo.ProvinceFacts;
import org.didban.collector.demo.SyntheticInventory;
import org.didban.collector.shard.Shards;
import org.didban.model.Branch;
import org.didban.model.Device;
import org.didban.model.DeviceRole;
import org.didban.model.ElectionPhase;
import org.didban.model.Inventory;
import org.didban.model.Labels;
import org.didban.model.Metrics;
import org.didban.model.Sample;
import org.didban.rules.PhaseSchedule;
import org.didban.wire.SiteBatch;

/**
 * What one national readiness computation costs: the synthetic national inventory (58,640
 * branches, 8 devices each) on 4 shards (about 14,700 branches a shard), every branch reporting
 * (one in fifty with its UPS on battery), then timed computations: wall time, the longest a shard's
 * event loop was busy, and the bytes all threads allocated. Not a unit test; run by hand:
 * <pre>
 * ./mvnw -B -q -o -pl collector test-compile
 * ./mvnw -B -q -o -pl collector dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp
 * java -Xmx6g -cp collector/target/test-classes:collector/target/classes:$(cat /tmp/cp) \
 *     org.didban.collector.readiness.ReadinessNationalMeasure [shards] [runs]
 * </pre>
 */
public final class ReadinessNationalMeasure {
    private ReadinessNationalMeasure() {
    }

    public static void main(String[] args) throws Exception {
        int shardCount = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int perVisit = args.length > 2 ? Integer.parseInt(args[2]) : ReadinessBoard.DEFAULT_BRANCHES_PER_VISIT;
        List<DeviceRole> roles = List.of(DeviceRole.ROUTER, DeviceRole.SWITCH, DeviceRole.MODEM, DeviceRole.AUTH_DEVICE,
                DeviceRole.VOTING_DEVICE, DeviceRole.UPS, DeviceRole.CAMERA, DeviceRole.NVR);
        long t0 = System.nanoTime();
        Inventory inventory = LiveShards.withApprovedConfiguration(new SyntheticInventory(ProvinceFacts.shipped(), roles, 1403)
                .generate(SyntheticInventory.NATIONAL_BRANCHES, 31));
        System.out.printf("inventory: %,d branches, %,d devices, %,d counties (%.1f s)%n", inventory.branches().size(),
                inventory.devices().size(), inventory.counties().size(), (System.nanoTime() - t0) / 1e9);
        Vertx vertx = Vertx.vertx();
        try {
            Shards shards = LiveShards.deployLarge(vertx, inventory, shardCount, PhaseSchedule.always(ElectionPhase.PREPARATION));
            t0 = System.nanoTime();
            List<Future<?>> pending = new ArrayList<>();
            long seq = 0;
            int i = 0;
            for (Branch b : inventory.branches()) {
                List<Device> devices = inventory.devicesOf(b.code());
                List<Sample> samples = new ArrayList<>(LiveShards.healthy(b, devices));
                long now = System.currentTimeMillis();
                for (Device d : devices) {
                    if (d.role() == DeviceRole.NVR) {
                        for (String camera : List.of("hall", "ballot-box", "door")) {
                            samples.add(new Sample(d.id(), Metrics.CAMERA_UP, Labels.of(Metrics.LABEL_CAMERA, camera), 1, now));
                        }
                    }
                }
                if (i++ % 50 == 0) {
                    samples.addAll(LiveShards.onBattery(devices, 10));
                }
                SiteBatch batch = new SiteBatch(b.code() + "-agent", b.code(), 1_700_000_000_000L, ++seq, now, samples, List.of());
                pending.add(shards.of(b.code()).apply(b.code() + "-agent", batch));
                if (pending.size() == 2_000) {
                    await(Future.all(pending));
                    pending.clear();
                }
            }
            await(Future.all(pending));
            System.out.printf("fed every branch (%.1f s)%n", (System.nanoTime() - t0) / 1e9);

            ReadinessBoard board = new ReadinessBoard(vertx, shards, inventory, new ReadinessAssessor(), Duration.ofHours(1),
                    ReadinessBoard.DEFAULT_WORST, perVisit);
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            List<Long> took = new ArrayList<>();
            List<Long> busy = new ArrayList<>();
            List<Long> visit = new ArrayList<>();
            List<Long> allocated = new ArrayList<>();
            ReadinessSnapshot last = null;
            for (int run = 0; run < runs; run++) {
                long before = allocatedBytes(threads);
                last = await(board.refresh());
                allocated.add(allocatedBytes(threads) - before);
                took.add(Math.round(last.tookMillis()));
                busy.add(Math.round(last.shardBusyMillis()));
                visit.add(Math.round(last.longestVisitMillis()));
            }
            ReadinessRollup n = last.nation();
            System.out.printf("nation: %,d branches, green %,d, amber %,d, red %,d, power failures %,d, average %.1f%n",
                    n.branches(), n.count(Band.GREEN), n.count(Band.AMBER), n.count(Band.RED), n.failed(Gate.POWER),
                    n.scoreAverage());
            System.out.println("wall ms per computation: " + took);
            System.out.println("busiest shard loop, all visits, ms: " + busy);
            System.out.println("longest single visit to a shard loop, ms: " + visit);
            List<Long> mb = allocated.stream().map(b -> b / (1024 * 1024)).toList();
            System.out.println("MB allocated per computation (all threads): " + mb);
            int skip = Math.min(5, runs - 1);
            System.out.printf("%d branches per visit; after %d warm-up runs: wall median %d ms, busiest shard median %d ms,"
                    + " longest visit median %d ms (max %d), %d MB per computation%n",
                    perVisit, skip, median(took.subList(skip, runs)), median(busy.subList(skip, runs)),
                    median(visit.subList(skip, runs)), visit.subList(skip, runs).stream().mapToLong(Long::longValue).max().orElse(0),
                    median(mb.subList(skip, runs)));
            scrapes(board);
            await(shards.undeploy());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    /** What the dashboards' per-branch endpoint and the county alert counts cost at national scale. */
    private static void scrapes(ReadinessBoard board) throws Exception {
        io.prometheus.metrics.model.registry.PrometheusRegistry branches = new io.prometheus.metrics.model.registry.PrometheusRegistry();
        BranchMetrics.register(branches, board);
        io.prometheus.metrics.model.registry.PrometheusRegistry counties = new io.prometheus.metrics.model.registry.PrometheusRegistry();
        CountyAlertMetrics.register(counties, board);
        io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter writer =
                io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter.builder().setIncludeCreatedTimestamps(false).build();
        List<Long> took = new ArrayList<>();
        byte[] text = null;
        for (int i = 0; i < 10; i++) {
            long t = System.nanoTime();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(1 << 24);
            writer.write(out, branches.scrape());
            text = out.toByteArray();
            took.add((System.nanoTime() - t) / 1_000_000);
        }
        java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(zipped)) {
            gz.write(text);
        }
        long series = new String(text, java.nio.charset.StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#")).count();
        java.io.ByteArrayOutputStream countyText = new java.io.ByteArrayOutputStream();
        writer.write(countyText, counties.scrape());
        long countySeries = countyText.toString(java.nio.charset.StandardCharsets.UTF_8).lines()
                .filter(l -> !l.startsWith("#")).count();
        System.out.printf("/metrics/branches: %,d series, %,d bytes (%,d gzipped), written in %s ms (median %d ms);"
                        + " didban_county_alerts: %,d series%n", series, text.length, zipped.size(), took,
                median(took.subList(2, took.size())), countySeries);
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.MINUTES);
    }

    private static long allocatedBytes(com.sun.management.ThreadMXBean threads) {
        long sum = 0;
        for (long b : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            sum += Math.max(0, b);
        }
        return sum;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(Long::compare);
        return sorted.get(sorted.size() / 2);
    }
}
