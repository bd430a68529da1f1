package org.didban.collector.shard;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.didban.model.Branch;
import org.didban.model.Inventory;

/**
 * The shards of a collector and which branch lives on which: all branches of a county on one
 * shard ({@code floorMod(countyCode.hashCode(), n)}), so that rules over a county's branches
 * (an area going dark) see them together without crossing threads.
 * Each shard is deployed as its own verticle, so Vert.x gives each its own context on an event
 * loop (round robin), and by default there are as many shards as event loops.
 */
public final class Shards implements BatchDestination, AlertHolders {
    private final Vertx vertx;
    private final List<Shard> shards;
    private final List<String> deployments;
    private final Inventory inventory;

    private Shards(Vertx vertx, Inventory inventory, List<Shard> shards, List<String> deployments) {
        this.vertx = vertx;
        this.inventory = inventory;
        this.shards = List.copyOf(shards);
        this.deployments = List.copyOf(deployments);
    }

    /** The default shard count: one per event loop of Vert.x's default pool. */
    public static int defaultCount() {
        return 2 * Runtime.getRuntime().availableProcessors();
    }

    /** The shard of a branch; a branch the inventory does not know goes by its own code. */
    public static int indexOf(Inventory inventory, String branchCode, int shardCount) {
        Branch b = inventory.branch(branchCode);
        return Math.floorMod((b == null ? branchCode : b.countyCode()).hashCode(), shardCount);
    }

    /** The shard of a county's area alerts: the same as its branches'. */
    public static int indexOfCounty(Inventory inventory, String countyCode, int shardCount) {
        return Math.floorMod(countyCode.hashCode(), shardCount);
    }

    public static Future<Shards> deploy(Vertx vertx, ShardSettings settings) {
        List<Shard> shards = new ArrayList<>();
        List<Future<String>> deployed = new ArrayList<>();
        for (int i = 0; i < settings.shardCount(); i++) {
            Shard shard = new Shard(i, settings);
            shards.add(shard);
            deployed.add(vertx.deployVerticle(shard));
        }
        return Future.join(deployed).transform(all -> {
            List<String> ids = new ArrayList<>();
            for (Future<String> f : deployed) {
                if (f.succeeded()) {
                    ids.add(f.result());
                }
            }
            if (all.succeeded()) {
                return Future.succeededFuture(new Shards(vertx, settings.inventory(), shards, ids));
            }
            // Leave nothing half-started behind.
            return new Shards(vertx, settings.inventory(), shards, ids).undeploy().transform(ignored -> Future.failedFuture(all.cause()));
        });
    }

    /** The shard of a county's area alerts. */
    public Shard ofCounty(String countyCode) {
        return shards.get(indexOfCounty(inventory, countyCode, shards.size()));
    }

    public Shard of(String branchCode) {
        return shards.get(indexOf(inventory, branchCode, shards.size()));
    }

    @Override
    public Future<List<org.didban.collector.alerts.TrackedAlert>> alerts(org.didban.collector.alerts.AlertQuery query) {
        if (query.branches().size() == 1) {
            return of(query.branches().iterator().next()).alerts(query);
        }
        return askAll(s -> s.alerts(query)).map(all -> {
            List<org.didban.collector.alerts.TrackedAlert> out = new ArrayList<>();
            all.forEach(out::addAll);
            return out;
        });
    }

    @Override
    public Future<org.didban.collector.alerts.TrackedAlert> alert(String id) {
        return askAll(s -> s.alert(id)).map(answers -> {
            for (org.didban.collector.alerts.TrackedAlert a : answers) {
                if (a != null) {
                    return a;
                }
            }
            return null;
        });
    }

    @Override
    public Future<org.didban.collector.alerts.AlertBook.Action> acknowledge(org.didban.collector.alerts.TrackedAlert alert,
                                                                          String by, String note) {
        return holderOf(alert).acknowledge(alert.id(), by, note);
    }

    @Override
    public Future<org.didban.collector.alerts.AlertBook.Action> resolveByHand(org.didban.collector.alerts.TrackedAlert alert,
                                                                            String by, String note) {
        return holderOf(alert).resolveByHand(alert.id(), by, note);
    }

    /** The shard of an alert: its county's for an area alert, else its branch's. */
    private Shard holderOf(org.didban.collector.alerts.TrackedAlert alert) {
        return alert.branchCode().isEmpty() ? ofCounty(alert.countyCode()) : of(alert.branchCode());
    }

    /** Applies the batch on the shard of its branch. */
    @Override
    public Future<BatchOutcome> apply(String agentId, org.didban.wire.SiteBatch batch) {
        return of(batch.branch()).apply(agentId, batch);
    }

    /**
     * Takes up counties on the shards they belong to, with the alerts recorded active for them
     * (each shard keeps those of its own counties).
     */
    public Future<Void> adopt(java.util.Set<String> counties, List<org.didban.collector.alerts.TrackedAlert> recorded) {
        List<Future<Void>> done = new ArrayList<>();
        for (Shard s : shards) {
            java.util.Set<String> own = new java.util.HashSet<>();
            for (String c : counties) {
                if (indexOfCounty(inventory, c, shards.size()) == s.index()) {
                    own.add(c);
                }
            }
            if (!own.isEmpty()) {
                done.add(s.adopt(own, recorded));
            }
        }
        return Future.all(done).mapEmpty();
    }

    /** Lets go of counties on every shard that holds them (see {@link Shard#release}). */
    public Future<Void> release(java.util.Set<String> counties) {
        List<Future<Void>> done = new ArrayList<>();
        for (Shard s : shards) {
            done.add(s.release(counties));
        }
        return Future.all(done).mapEmpty();
    }

    public int size() {
        return shards.size();
    }

    /** Asks every shard at once and gathers their answers, in shard order. */
    public <T> Future<List<T>> askAll(Function<Shard, Future<T>> question) {
        List<Future<T>> answers = new ArrayList<>(shards.size());
        for (Shard s : shards) {
            answers.add(question.apply(s));
        }
        return Future.all(answers).map(all -> {
            List<T> out = new ArrayList<>(answers.size());
            for (Future<T> f : answers) {
                out.add(f.result());
            }
            return out;
        });
    }

    public Future<Void> undeploy() {
        List<Future<Void>> undeployed = new ArrayList<>();
        for (String id : deployments) {
            undeployed.add(vertx.undeploy(id));
        }
        return Future.join(undeployed).mapEmpty();
    }
}
