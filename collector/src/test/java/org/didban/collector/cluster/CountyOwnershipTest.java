package org.didban.collector.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.didban.collector.alerts.AlertChange;
import org.didban.collector.alerts.AlertFeed;
import org.didban.collector.alerts.Silence;
import org.didban.collector.alerts.SilenceBoard;
import org.didban.collector.alerts.TrackedAlert;
import org.didban.collector.demo.ProvinceFacts;
import org.didban.collector.demo.SyntheticInventory;
import org.didban.collector.notify.NotifySettings;
import org.didban.collector.notify.Notifications;
import org.didban.collector.shard.BranchMovingException;
import org.didban.collector.shard.ShardMetrics;
import org.didban.collector.shard.ShardSettings;
import org.didban.collector.shard.Shards;
import org.didban.model.Branch;
import org.didban.model.DeviceRole;
import org.didban.model.Inventory;
import org.didban.model.Labels;
import org.didban.model.Metrics;
import org.didban.model.Sample;
import org.didban.rules.PhaseSchedule;
import org.didban.rules.RuleFileReader;
import org.didban.wire.SiteBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Who holds which county as collectors join, leave and die, on one Vert.x (its event bus stands in
 * for the cluster's) with the membership told by hand, so a collector's view can lag the others'.
 */
class CountyOwnershipTest {
    static final Duration DEADLINE = Duration.ofSeconds(30);
    final Vertx vertx = Vertx.vertx();
    final Inventory inventory = new SyntheticInventory(ProvinceFacts.shipped(), List.of(DeviceRole.ROUTER), 11)
            .generate(120, 20);
    final Cluster cluster = new Cluster();
    final Records records = new Records();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aJoiningCollectorIsHandedItsShareByTheOwnerThatHasNotSeenItYet() throws Exception {
        Node a = start("A", 1);
        assertThat(a.ownership.held()).hasSize(inventory.counties().size());

        a.membership.freeze(); // A's own word of B comes late, as Hazelcast's may
        Node b = start("B", 1);
        Set<String> both = new TreeSet<>(a.ownership.held());
        both.retainAll(b.ownership.held());
        assertThat(both).as("counties held by two collectors at once").isEmpty();
        assertThat(b.ownership.held()).isNotEmpty();
        assertThat(records.replays.get()).as("nobody died: nothing is told again").isZero();

        // A batch of a county B took reaches A by A's stale ring: A no longer applies it.
        Branch moved = inventory.branchesOf(b.ownership.held().iterator().next()).get(0);
        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> await(a.shards.apply(moved.code() + "-a", batch(moved))));
        assertThat(refused.getCause()).isInstanceOf(BranchMovingException.class);
        // A answers that it is moving (503: the agent tries the next collector), and B applies it.
        assertThatThrownBy(() -> await(a.ownership.apply(moved.code() + "-a", batch(moved))))
                .hasCauseInstanceOf(BranchMovingException.class);
        assertThat(await(b.ownership.apply(moved.code() + "-a", batch(moved))).duplicate()).isFalse();

        a.membership.thaw();
        waitFor(() -> a.ownership.held().size() + b.ownership.held().size() == inventory.counties().size()
                && a.ownership.members().size() == 2);
        Set<String> all = new TreeSet<>(a.ownership.held());
        all.addAll(b.ownership.held());
        assertThat(all).hasSize(inventory.counties().size());
    }

    @Test
    void aDeadCollectorsCountiesAreTakenUpFromTheRecordAndItsRecentChangesToldAgain() throws Exception {
        Node a = start("A", 1);
        Node b = start("B", 1);
        waitFor(() -> a.ownership.held().size() + b.ownership.held().size() == inventory.counties().size());
        Set<String> ofB = Set.copyOf(b.ownership.held());
        records.asked.clear();

        cluster.die("B");
        waitFor(() -> a.ownership.held().size() == inventory.counties().size());
        assertThat(records.asked).as("the active alerts read for the counties taken up").contains(ofB);
        assertThat(records.replays.get()).as("the dead one's recent changes told again").isEqualTo(1);
        assertThat(a.ownership.takeovers()).isEqualTo(1);
    }

    @Test
    void aCollectorThatStopsHandsItsCountiesOverWithoutBeingTakenForDead() throws Exception {
        Node a = start("A", 1);
        Node b = start("B", 1);
        waitFor(() -> a.ownership.held().size() + b.ownership.held().size() == inventory.counties().size());
        await(vertx.undeploy(b.deployment));
        waitFor(() -> a.ownership.held().size() == inventory.counties().size());
        assertThat(b.ownership.held()).isEmpty();
        assertThat(records.replays.get()).isZero();
        assertThat(a.ownership.takeovers()).isZero();
    }

    @Test
    void aCollectorBelowTheQuorumHoldsNoCountyAndAnswersThatTheBranchIsMoving() throws Exception {
        Node a = start("A", 2);
        assertThat(a.ownership.held()).isEmpty();
        Branch any = inventory.branches().iterator().next();
        assertThatThrownBy(() -> await(a.ownership.apply(any.code() + "-a", batch(any))))
                .hasCauseInstanceOf(BranchMovingException.class);
        Node b = start("B", 2);
        waitFor(() -> a.ownership.held().size() + b.ownership.held().size() == inventory.counties().size()
                && !a.ownership.held().isEmpty());
        cluster.die("B");
        waitFor(() -> a.ownership.held().isEmpty());
    }

    // ---- the pieces

    private record Node(FakeMembership membership, Shards shards, CountyOwnership ownership, String deployment) {
    }

    private Node start(String id, int quorum) throws Exception {
        FakeMembership m = new FakeMembership(id, cluster);
        cluster.join(m);
        Shards shards = await(Shards.deploy(vertx, new ShardSettings(inventory, RuleFileReader.catalogue(),
                PhaseSchedule.NONE, 2, 100, 20, new ShardMetrics(new PrometheusRegistry()), List.of(),
                CompletableFuture::completedFuture, new SilenceBoard(), List.of(), c -> false)));
        Notifications notifications = Notifications.start(vertx, NotifySettings.NONE, new AlertFeed(), letter -> { });
        ClusterSettings settings = new ClusterSettings("test", "127.0.0.1", 5701,
                List.of("127.0.0.1:5701", "127.0.0.1:5702", "127.0.0.1:5703"), Duration.ofSeconds(3),
                Duration.ofSeconds(5), Duration.ofMinutes(5), quorum);
        CountyOwnership ownership = new CountyOwnership(m, shards, inventory, records, notifications, new SilenceBoard(),
                settings);
        String deployment = await(vertx.deployVerticle(ownership));
        return new Node(m, shards, ownership, deployment);
    }

    private static SiteBatch batch(Branch b) {
        long now = System.currentTimeMillis();
        return new SiteBatch(b.code() + "-a", b.code(), 1L, 1L, now, List.of(new Sample(b.code() + "-router",
                Metrics.IF_OPER_STATUS, Labels.of(Metrics.LABEL_IF_INDEX, "1"), 1, now)), List.of());
    }

    /** Who joined and who said they are ready, told to every member's view at once. */
    static final class Cluster {
        final Set<String> reachable = new java.util.concurrent.ConcurrentSkipListSet<>();
        final Set<String> ready = new java.util.concurrent.ConcurrentSkipListSet<>();
        final List<FakeMembership> views = new CopyOnWriteArrayList<>();

        void join(FakeMembership m) {
            views.add(m);
            reachable.add(m.self());
            changed();
        }

        void die(String id) {
            reachable.remove(id);
            ready.remove(id);
            views.removeIf(v -> v.self().equals(id));
            changed();
        }

        void changed() {
            views.forEach(FakeMembership::changed);
        }
    }

    static final class FakeMembership implements Membership {
        private final String self;
        private final Cluster cluster;
        private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
        private volatile Set<String> frozenMembers;
        private volatile Set<String> frozenReachable;

        FakeMembership(String self, Cluster cluster) {
            this.self = self;
            this.cluster = cluster;
        }

        @Override
        public String self() {
            return self;
        }

        @Override
        public Set<String> members() {
            Set<String> out = frozenMembers != null ? new TreeSet<>(frozenMembers) : new TreeSet<>(cluster.ready);
            out.retainAll(reachable());
            return out;
        }

        @Override
        public Set<String> reachable() {
            return frozenReachable != null ? new TreeSet<>(frozenReachable) : new TreeSet<>(cluster.reachable);
        }

        @Override
        public void ready() {
            cluster.ready.add(self);
            cluster.changed();
        }

        @Override
        public void leaving() {
            cluster.ready.remove(self);
            cluster.changed();
        }

        @Override
        public AutoCloseable onChange(Runnable changed) {
            listeners.add(changed);
            return () -> listeners.remove(changed);
        }

        void freeze() {
            frozenMembers = Set.copyOf(cluster.ready);
            frozenReachable = Set.copyOf(cluster.reachable);
        }

        void thaw() {
            frozenMembers = null;
            frozenReachable = null;
            changed();
        }

        void changed() {
            if (frozenMembers == null) {
                listeners.forEach(Runnable::run);
            }
        }
    }

    /** The shared ledger as a taking-over collector reads it: nothing active, and what was asked. */
    static final class Records implements CountyRecords {
        final List<Set<String>> asked = new CopyOnWriteArrayList<>();
        final AtomicInteger replays = new AtomicInteger();

        @Override
        public CompletableFuture<List<TrackedAlert>> activeAlertsOf(Collection<String> counties) {
            asked.add(Set.copyOf(counties));
            return CompletableFuture.completedFuture(List.of());
        }

        @Override
        public CompletableFuture<List<AlertChange>> changesSince(long atMillis, Collection<String> counties, int limit) {
            replays.incrementAndGet();
            return CompletableFuture.completedFuture(List.of());
        }

        @Override
        public CompletableFuture<List<Silence>> silences(long now) {
            return CompletableFuture.completedFuture(List.of());
        }

        @Override
        public CompletableFuture<Long> barrier() {
            return CompletableFuture.completedFuture(0L);
        }
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private static void waitFor(BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + DEADLINE);
            }
            Thread.sleep(20);
        }
    }
}
