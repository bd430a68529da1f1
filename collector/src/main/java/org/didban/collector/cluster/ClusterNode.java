package org.didban.collector.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.EntryAdapter;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A clustered Vert.x over Hazelcast, joined by TCP to the members named in the settings (never
 * by multicast, never phoning home), with this collector's view of who is in it.
 */
public final class ClusterNode implements Membership {
    static final String READY = "didban.ready";
    private final Vertx vertx;
    private final HazelcastClusterManager manager;

    private ClusterNode(Vertx vertx, HazelcastClusterManager manager) {
        this.vertx = vertx;
        this.manager = manager;
    }

    /**
     * Builds the clustered Vert.x and joins; fails when Hazelcast cannot listen or the cluster
     * refuses it. With {@code tls} (null only on loopback) the event bus is mutual TLS.
     */
    public static Future<ClusterNode> join(ClusterSettings settings, ClusterTls tls) {
        HazelcastClusterManager manager = new HazelcastClusterManager(hazelcast(settings));
        EventBusOptions bus = new EventBusOptions().setHost(settings.host()).setPort(0)
                .setClusterPublicHost(settings.host());
        VertxOptions options = new VertxOptions().setEventBusOptions(tls == null ? bus : tls.secure(bus));
        return Vertx.builder().with(options).withClusterManager(manager).buildClustered()
                .map(vertx -> new ClusterNode(vertx, manager));
    }

    static Config hazelcast(ClusterSettings settings) {
        Config config = ConfigUtil.loadConfig(); // Vert.x's maps and their backups
        config.setClusterName(settings.name());
        config.setProperty("hazelcast.logging.type", "jdk");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        // Vert.x is closed by the collector's own shutdown, which leaves the cluster in order.
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", Long.toString(settings.failureTimeout().toSeconds()));
        config.setProperty("hazelcast.socket.bind.any", "false");
        NetworkConfig net = config.getNetworkConfig();
        net.setPort(settings.port()).setPortAutoIncrement(false);
        net.getInterfaces().setEnabled(true).addInterface(settings.host());
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(settings.members());
        return config;
    }

    public Vertx vertx() {
        return vertx;
    }

    @Override
    public String self() {
        return manager.getNodeId();
    }

    @Override
    public Set<String> members() {
        Set<String> out = reachable();
        out.retainAll(readyMap().keySet());
        return out;
    }

    @Override
    public Set<String> reachable() {
        // Vert.x's node ids (the event bus addresses them), not Hazelcast's member ids
        return new TreeSet<>(manager.getNodes());
    }

    @Override
    public void ready() {
        readyMap().put(self(), System.currentTimeMillis());
    }

    @Override
    public void leaving() {
        readyMap().remove(self());
    }

    /** Who said they are ready; replicated to every member, so reading it is local. */
    private ReplicatedMap<String, Long> readyMap() {
        return hazelcastInstance().getReplicatedMap(READY);
    }

    @Override
    public AutoCloseable onChange(Runnable changed) {
        UUID id = hazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
                changed.run();
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                // a dead collector's word that it was ready goes with it
                Set<String> joined = reachable();
                for (String node : Set.copyOf(readyMap().keySet())) {
                    if (!joined.contains(node)) {
                        readyMap().remove(node);
                    }
                }
                changed.run();
            }
        });
        UUID readiness = readyMap().addEntryListener(new EntryAdapter<String, Long>() {
            @Override
            public void onEntryEvent(EntryEvent<String, Long> event) {
                changed.run();
            }
        });
        return () -> {
            if (hazelcastInstance().getLifecycleService().isRunning()) {
                hazelcastInstance().getCluster().removeMembershipListener(id);
                readyMap().removeEntryListener(readiness);
            }
        };
    }

    private HazelcastInstance hazelcastInstance() {
        return manager.getHazelcastInstance();
    }
}
