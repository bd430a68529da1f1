package org.didban.collector.readiness;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.didban.collector.RunningCollector;
import org.didban.collector.alerts.SilenceBoard;
import org.didban.collector.shard.ShardMetrics;
import org.didban.collector.shard.ShardSettings;
import org.didban.collector.shard.Shards;
import org.didban.model.Branch;
import org.didban.model.Device;
import org.didban.model.DeviceIdentity;
import org.didban.model.DeviceRole;
import org.didban.model.FiberStatus;
import org.didban.model.Inventory;
import org.didban.model.Labels;
import org.didban.model.Metrics;
import org.didban.model.Sample;
import org.didban.rules.PhaseSchedule;
import org.didban.rules.RuleFileReader;
import org.didban.wire.SiteBatch;

/**
 * Real shards (the shipped rule catalogue, a recorder that keeps nothing) over an inventory, and
 * batches applied to them as the ingest endpoint would after authenticating the agent.
 */
final class LiveShards {
    static final String APPROVED = "9a1f00d5e1ec7e0000000000000000000000000000000000000000000000c0de";
    private static final long EPOCH = 1_700_000_000_000L;
    private static final AtomicLong SEQ = new AtomicLong();

    private LiveShards() {
    }

    static Shards deploy(Vertx vertx, Inventory inventory, int shards, PhaseSchedule phases) {
        ShardSettings settings = new ShardSettings(inventory, RuleFileReader.catalogue(), phases, shards, 100, 20,
                new ShardMetrics(new PrometheusRegistry()), List.of(), CompletableFuture::completedFuture,
                new SilenceBoard(), List.of());
        return RunningCollector.await(Shards.deploy(vertx, settings));
    }

    /** As {@link #deploy}, waiting as long as a national inventory takes to start. */
    static Shards deployLarge(Vertx vertx, Inventory inventory, int shards, PhaseSchedule phases) throws Exception {
        ShardSettings settings = new ShardSettings(inventory, RuleFileReader.catalogue(), phases, shards, 100, 20,
                new ShardMetrics(new PrometheusRegistry()), List.of(), CompletableFuture::completedFuture,
                new SilenceBoard(), List.of());
        return Shards.deploy(vertx, settings).toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.MINUTES);
    }

    /** The same inventory with an approved configuration registered for every authentication and voting device. */
    static Inventory withApprovedConfiguration(Inventory in) {
        Inventory.Builder b = Inventory.builder();
        in.provinces().forEach(b::province);
        in.counties().forEach(b::county);
        in.branches().forEach(b::branch);
        for (Device d : in.devices()) {
            if ((d.role() == DeviceRole.AUTH_DEVICE || d.role() == DeviceRole.VOTING_DEVICE)
                    && d.expected().configHash().isEmpty()) {
                DeviceIdentity e = d.expected();
                d = new Device(d.id(), d.branchCode(), d.role(), d.address(), d.credentialRef(),
                        new DeviceIdentity(e.serial(), e.model(), e.firmware(), APPROVED));
            }
            b.device(d);
        }
        return b.build();
    }

    /** What a healthy branch's agent reports: every device up, the expected path active, the UPS on mains. */
    static List<Sample> healthy(Branch b, List<Device> devices) {
        long now = System.currentTimeMillis();
        List<Sample> out = new ArrayList<>();
        String active = b.mobile() ? Metrics.KIND_CELLULAR
                : b.fiber() == FiberStatus.CONNECTED ? Metrics.KIND_FIBER : Metrics.KIND_COPPER;
        String other = active.equals(Metrics.KIND_CELLULAR) ? Metrics.KIND_COPPER : Metrics.KIND_CELLULAR;
        for (Device d : devices) {
            out.add(new Sample(d.id(), Metrics.DEVICE_UP, Labels.EMPTY, 1, now));
            switch (d.role()) {
                case ROUTER:
                    out.add(new Sample(d.id(), Metrics.UPLINK_ACTIVE, Labels.of(Metrics.LABEL_KIND, active), 1, now));
                    out.add(new Sample(d.id(), Metrics.UPLINK_ACTIVE, Labels.of(Metrics.LABEL_KIND, other), 0, now));
                    break;
                case AUTH_DEVICE:
                case VOTING_DEVICE:
                    out.add(new Sample(d.id(), Metrics.DEVICE_CONFIG_INFO, Labels.of(Metrics.LABEL_HASH, d.expected().configHash()), 1, now));
                    out.add(new Sample(d.id(), Metrics.ELECTION_DEVICE_STATE, Labels.EMPTY, 2, now));
                    out.add(new Sample(d.id(), Metrics.TAMPER_INPUT_ACTIVE, Labels.of(Metrics.LABEL_INPUT, "enclosure"), 0, now));
                    out.add(new Sample(d.id(), Metrics.TAMPER_INPUT_ACTIVE, Labels.of(Metrics.LABEL_INPUT, "door"), 0, now));
                    break;
                case UPS:
                    out.add(new Sample(d.id(), Metrics.UPS_OUTPUT_SOURCE, Labels.EMPTY, 3, now));
                    out.add(new Sample(d.id(), Metrics.UPS_BATTERY_STATUS, Labels.EMPTY, 2, now));
                    out.add(new Sample(d.id(), Metrics.UPS_MINUTES_REMAINING, Labels.EMPTY, 90, now));
                    break;
                default:
                    break;
            }
        }
        return out;
    }

    /** The branch's UPS on battery with {@code minutes} left. */
    static List<Sample> onBattery(List<Device> devices, double minutes) {
        long now = System.currentTimeMillis();
        List<Sample> out = new ArrayList<>();
        for (Device d : devices) {
            if (d.role() == DeviceRole.UPS) {
                out.add(new Sample(d.id(), Metrics.UPS_OUTPUT_SOURCE, Labels.EMPTY, 5, now));
                out.add(new Sample(d.id(), Metrics.UPS_MINUTES_REMAINING, Labels.EMPTY, minutes, now));
            }
        }
        return out;
    }

    /** Applies a batch of the branch's agent on the branch's shard and waits for it. */
    static void apply(Shards shards, String branch, List<Sample> samples) {
        SiteBatch batch = new SiteBatch(branch + "-agent", branch, EPOCH, SEQ.incrementAndGet(), System.currentTimeMillis(),
                samples, List.of());
        RunningCollector.await(shards.of(branch).apply(branch + "-agent", batch));
    }
}
