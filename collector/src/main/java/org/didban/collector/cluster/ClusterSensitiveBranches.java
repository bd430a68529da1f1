package org.didban.collector.cluster;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.didban.collector.api.SensitiveBranchesEndpoint;

/**
 * The sensitive branches across the cluster: the list HQ watches is read live (an alert raised a
 * second ago shows), so every collector is asked for its own, in the area asked, and the answers
 * are merged where the person asked. A collector that does not answer in time fails the request
 * (503 to the person) rather than leave its branches silently out.
 */
public final class ClusterSensitiveBranches extends VerticleBase {
    private static final long ASK_TIMEOUT_MS = 10_000;

    private final CountyOwnership ownership;
    private volatile SensitiveBranchesEndpoint endpoint;
    private MessageConsumer<JsonObject> consumer;

    public ClusterSensitiveBranches(CountyOwnership ownership) {
        this.ownership = ownership;
    }

    /** Joins the endpoint to the others': before the verticle is deployed. */
    public void serve(SensitiveBranchesEndpoint endpoint) {
        this.endpoint = endpoint;
        endpoint.askThrough(this::gather);
    }

    @Override
    public Future<?> start() {
        if (endpoint == null) {
            return Future.failedFuture("cluster sensitive branches deployed before joined to the endpoint");
        }
        consumer = vertx.eventBus().consumer(CountyOwnership.PREFIX + ownership.self() + ".sensitive", this::answer);
        return consumer.completion();
    }

    @Override
    public Future<?> stop() {
        return consumer == null ? Future.succeededFuture() : consumer.unregister();
    }

    private Future<List<JsonObject>> gather(String province, String county) {
        List<Future<List<JsonObject>>> answers = new ArrayList<>();
        JsonObject ask = new JsonObject().put("province", province).put("county", county);
        for (String member : ownership.ring().nodes()) {
            if (member.equals(ownership.self())) {
                answers.add(endpoint.local(province, county));
                continue;
            }
            answers.add(vertx.eventBus().<JsonArray>request(CountyOwnership.PREFIX + member + ".sensitive", ask,
                    new DeliveryOptions().setSendTimeout(ASK_TIMEOUT_MS)).map(reply -> {
                        List<JsonObject> out = new ArrayList<>(reply.body().size());
                        for (int i = 0; i < reply.body().size(); i++) {
                            out.add(reply.body().getJsonObject(i));
                        }
                        return out;
                    }));
        }
        if (answers.isEmpty()) { // below quorum: nobody holds anything
            return Future.failedFuture("no collector of the cluster holds counties now");
        }
        return Future.all(answers).map(all -> {
            List<JsonObject> merged = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                merged.addAll(all.<List<JsonObject>>resultAt(i));
            }
            return merged;
        });
    }

    private void answer(Message<JsonObject> m) {
        String province = m.body().getString("province", "");
        String county = m.body().getString("county", "");
        endpoint.local(province, county).onComplete(done -> {
            if (done.failed()) {
                m.fail(500, String.valueOf(done.cause().getMessage()));
            } else {
                m.reply(new JsonArray(new ArrayList<>(done.result())));
            }
        });
    }
}
