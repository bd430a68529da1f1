package org.didban.collector.fiber;

import static org.didban.collector.RunningCollector.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.didban.collector.RunningCollector;
import org.didban.collector.TestFleet;
import org.didban.collector.alerts.SilenceBoard;
import org.didban.collector.shard.ShardMetrics;
import org.didban.collector.shard.ShardSettings;
import org.didban.collector.shard.Shards;
import org.didban.model.Inventory;
import org.didban.model.Labels;
import org.didban.model.Metrics;
import org.didban.model.Sample;
import org.didban.rules.RuleFileReader;
import org.didban.rules.calendar.ElectionCalendar;

/**
 * Real shards with the shipped rules, fed batches the way the ingest endpoint hands them over
 * ({@code Shard.apply}), and a rollout over them on a fixed clock. (The collector does not hand
 * its shards out, so the tests deploy their own, as {@code Collector.start} does.)
 */
public final class FiberFleet implements AutoCloseable {
    /** 10 Mehr 1404 = 2 October 2025, noon in Tehran. */
    public static final LocalDate TODAY = LocalDate.of(2025, 10, 2);
    public static final Clock CLOCK = Clock.fixed(TODAY.atTime(8, 30).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);

    public final Vertx vertx;
    public final Inventory inventory;
    public final Shards shards;
    public final FiberRollout rollout;
    private final AtomicLong seq = new AtomicLong();
    private final AtomicLong ledgerSeq = new AtomicLong();

    public FiberFleet(Vertx vertx, Inventory inventory, FiberDeadlines deadlines, int slice) {
        this.vertx = vertx;
        this.inventory = inventory;
        ShardSettings settings = new ShardSettings(inventory, RuleFileReader.catalogue(), ElectionCalendar.empty(), 3,
                100, 20, new ShardMetrics(new PrometheusRegistry()), List.of(),
                change -> CompletableFuture.completedFuture(change.stored(ledgerSeq.incrementAndGet())),
                new SilenceBoard(), List.of());
        this.shards = await(Shards.deploy(vertx, settings));
        this.rollout = new FiberRollout(vertx, shards, () -> inventory, deadlines,
                new FiberRollout.Settings(Duration.ofHours(1), slice), CLOCK);
    }

    public static FiberFleet testFleet(Vertx vertx) {
        return new FiberFleet(vertx, TestFleet.inventory(), deadlines(), 2);
    }

    /** The deadlines of {@code fiber/fiber-deadlines.yaml}. */
    public static FiberDeadlines deadlines() {
        try {
            return FiberDeadlinesReader.against(TestFleet.inventory()).readResource("/fiber/fiber-deadlines.yaml");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A device's uplinks: kind, value, kind, value… */
    public static List<Sample> uplinks(String device, Object... kindValue) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < kindValue.length; i += 2) {
            out.add(new Sample(device, Metrics.UPLINK_ACTIVE, Labels.of(Metrics.LABEL_KIND, (String) kindValue[i]),
                    ((Number) kindValue[i + 1]).doubleValue(), System.currentTimeMillis()));
        }
        return out;
    }

    /** Sends the samples as one batch of the branch's agent, straight to its shard. */
    public void send(String branch, List<Sample> samples) {
        await(shards.of(branch).apply(TestFleet.agentOf(branch),
                RunningCollector.batch(branch, seq.incrementAndGet(), samples, List.of())));
    }

    public FiberPicture refresh() {
        return await(io.vertx.core.Future.fromCompletionStage(rollout.refresh()));
    }

    @Override
    public void close() {
        rollout.stop();
        await(shards.undeploy());
    }
}
