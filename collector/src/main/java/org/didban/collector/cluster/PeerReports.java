package org.didban.collector.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * What each collector of the cluster last told the others of itself (its readiness counts, its
 * uplink detections), and the telling: this collector's report goes to each other member's own
 * address, encoded on a worker thread (a national report is a megabyte or two), with who sends
 * it and how often it makes one; a report received is read and checked on a worker too, and kept
 * while its sender is a member and it is not three of the sender's intervals old.
 */
final class PeerReports<T> {
    private static final System.Logger LOG = System.getLogger(PeerReports.class.getName());

    /** A report and who sent it. */
    record Report<T>(String node, T report, long at, long staleMillis) {
    }

    private final Vertx vertx;
    private final CountyOwnership ownership;
    private final String kind;
    private final Function<JsonObject, T> read;
    private final Map<String, Report<T>> latest = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();

    /**
     * @param kind what is reported ("readiness.counts"), the last part of each collector's address for it
     * @param read reads and checks a report received; throws IllegalArgumentException when it is not one
     */
    PeerReports(Vertx vertx, CountyOwnership ownership, String kind, Function<JsonObject, T> read) {
        this.vertx = vertx;
        this.ownership = ownership;
        this.kind = kind;
        this.read = read;
    }

    /** Starts taking the others' reports. */
    MessageConsumer<Buffer> listen() {
        return vertx.eventBus().consumer(CountyOwnership.PREFIX + ownership.self() + "." + kind, this::heard);
    }

    /** Tells every other member this collector's report, made every {@code intervalMillis}. */
    void tell(JsonObject report, long intervalMillis) {
        DeliveryOptions from = new DeliveryOptions().addHeader("node", ownership.self())
                .addHeader("interval", Long.toString(intervalMillis));
        vertx.executeBlocking(() -> Buffer.buffer(report.encode()), false).onSuccess(encoded -> {
            for (String member : ownership.ring().nodes()) {
                if (!member.equals(ownership.self())) {
                    vertx.eventBus().send(CountyOwnership.PREFIX + member + "." + kind, encoded, from);
                }
            }
        });
    }

    /** Reports refused as malformed or not matching this collector's inventory. */
    long refused() {
        return refused.get();
    }

    /** The reports of the other members now, newest first. */
    List<Report<T>> current() {
        long now = System.currentTimeMillis();
        java.util.Set<String> members = ownership.ring().nodes();
        List<Report<T>> live = new ArrayList<>();
        latest.forEach((node, r) -> {
            if (!node.equals(ownership.self()) && members.contains(node) && now - r.at() <= r.staleMillis()) {
                live.add(r);
            }
        });
        live.sort(Comparator.comparingLong((Report<T> r) -> r.at()).reversed());
        return live;
    }

    private void heard(Message<Buffer> m) {
        String node = m.headers().get("node");
        long interval;
        try {
            interval = Long.parseLong(m.headers().get("interval"));
        } catch (NumberFormatException e) {
            interval = -1;
        }
        if (node == null || node.equals(ownership.self()) || interval < 1) {
            refused.incrementAndGet();
            return;
        }
        long staleMillis = 3 * interval + 10_000;
        Buffer body = m.body();
        vertx.executeBlocking(() -> read.apply(new JsonObject(body)), false).onComplete(done -> {
            if (done.succeeded()) {
                latest.put(node, new Report<>(node, done.result(), System.currentTimeMillis(), staleMillis));
            } else {
                refused.incrementAndGet();
                LOG.log(Level.WARNING, kind + " from collector " + node + " refused: " + done.cause().getMessage());
            }
        });
    }
}
