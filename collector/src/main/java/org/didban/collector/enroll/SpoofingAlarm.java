package org.didban.collector.enroll;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.didban.collector.ledger.AlertLedger;
import org.didban.collector.shard.BatchDestination;
import org.didban.collector.shard.Shards;
import org.didban.model.Device;
import org.didban.model.DeviceRole;
import org.didban.model.Event;
import org.didban.model.EventTypes;
import org.didban.model.Inventory;
import org.didban.wire.SiteBatch;

/**
 * Raises {@code agent_spoofing} when an agent's batch claims a branch other than its credential's:
 * an event at the credential's own branch — where the culprit is — naming the branch it claimed,
 * at the branch's router (or its first device), handed to the branch's shard like any batch so
 * that the rule engine raises SEC-10. Never at the claimed branch: one stolen credential could
 * otherwise put a critical alert on every branch of the country. At most once per agent every
 * {@link #RAISE_EVERY}; every spoofed batch is counted ({@code didban_agent_spoofing_total}), each
 * raise audited ({@code agent_spoofing}, with how many were refused since the last).
 */
public final class SpoofingAlarm {
    /** The collector speaks for itself under this agent id in its shards' sequence book. */
    public static final String SOURCE_AGENT = "didban-collector";
    private static final System.Logger LOG = System.getLogger(SpoofingAlarm.class.getName());

    private final BatchDestination shards;
    private final String sourceAgent;
    private final Inventory inventory;
    private final AlertLedger ledger;
    private final Counter spoofed;
    private final long epoch = System.currentTimeMillis();
    private long seq;
    /** The least time between two alarms for one agent: SEC-10 holds 24 h, one raise says it. */
    public static final java.time.Duration RAISE_EVERY = java.time.Duration.ofMinutes(10);
    /** By agent: when it was last raised and the spoofed batches since. Bounded by the agent registry. */
    private final Map<String, long[]> lastRaised = new java.util.concurrent.ConcurrentHashMap<>();

    public SpoofingAlarm(Shards shards, Inventory inventory, AlertLedger ledger, PrometheusRegistry registry) {
        this(shards, SOURCE_AGENT, inventory, ledger, registry);
    }

    /**
     * @param destination where the alarm's batch goes (in a cluster, the owner of the branch)
     * @param sourceAgent the collector's own agent id; one per collector of a cluster, since each
     *                    keeps its own sequence
     */
    public SpoofingAlarm(BatchDestination destination, String sourceAgent, Inventory inventory, AlertLedger ledger,
                         PrometheusRegistry registry) {
        this.shards = destination;
        this.sourceAgent = sourceAgent;
        this.inventory = inventory;
        this.ledger = ledger;
        this.spoofed = Counter.builder().name("didban_agent_spoofing_total")
                .help("Batches refused because they claimed another branch than their agent's credential.")
                .labelNames("credential").register(registry);
    }

    /**
     * @param credential {@code certificate} or {@code token}
     */
    public void raise(String agentId, String agentBranch, String claimedBranch, String credential, String source) {
        spoofed.labelValues(credential).inc();
        long now = System.currentTimeMillis();
        long[] last = lastRaised.computeIfAbsent(agentId, k -> new long[] {Long.MIN_VALUE / 2, 0});
        long since;
        synchronized (last) {
            last[1]++;
            if (now - last[0] < RAISE_EVERY.toMillis()) {
                return; // counted; the alert raised a moment ago already says it
            }
            last[0] = now;
            since = last[1];
            last[1] = 0;
        }
        Map<String, String> attributes = Map.of(EventTypes.ATTR_AGENT, agentId, EventTypes.ATTR_CREDENTIAL, credential,
                EventTypes.ATTR_AGENT_BRANCH, agentBranch, EventTypes.ATTR_CLAIMED_BRANCH, claimedBranch,
                EventTypes.ATTR_SOURCE, source == null ? "" : source);
        for (String branch : List.of(agentBranch)) {
            Device at = deviceOf(branch);
            if (at == null) {
                LOG.log(System.Logger.Level.WARNING, "agent " + agentId + " sent a batch for branch '" + claimedBranch
                        + "' (its credential is for '" + agentBranch + "'); no device at '" + branch + "' to raise it on");
                continue;
            }
            Event e = new Event(at.id(), EventTypes.AGENT_SPOOFING, attributes, now);
            // one sequence for the collector's own batches; handed over in order under the lock
            synchronized (this) {
                SiteBatch batch = new SiteBatch(sourceAgent, branch, epoch, ++seq, now, List.of(), List.of(e));
                shards.apply(sourceAgent, batch).onFailure(f -> LOG.log(System.Logger.Level.ERROR,
                        "spoofing alarm at " + branch + " was not applied", f));
            }
        }
        try {
            ledger.recordAudit("agent_spoofing", agentId, now, new JsonObject().put("agent_branch", agentBranch)
                    .put("claimed_branch", claimedBranch).put("credential", credential).put("source", source)
                    .put("refused_since_last", since));
        } catch (RuntimeException ex) {
            LOG.log(System.Logger.Level.ERROR, "audit of spoofing by " + agentId + " failed: " + ex.getMessage());
        }
    }

    private Device deviceOf(String branch) {
        if (inventory.branch(branch) == null) {
            return null;
        }
        Device first = null;
        for (Device d : inventory.devicesOf(branch)) {
            if (d.role() == DeviceRole.ROUTER) {
                return d;
            }
            if (first == null) {
                first = d;
            }
        }
        return first;
    }
}
