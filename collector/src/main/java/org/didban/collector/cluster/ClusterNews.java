package org.didban.collector.cluster;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import org.didban.collector.alerts.AlertFeed;
import org.didban.collector.alerts.Silence;
import org.didban.collector.alerts.SilenceBoard;
import org.didban.collector.ledger.LedgerCodec;
import org.didban.collector.shard.Shards;

/**
 * What every collector of a cluster must hear from the others: the alert changes they recorded
 * (for the live streams of people connected here, whatever collector holds the alert) and the
 * silences people set or ended on them (in force here at once, not only after a restart).
 * Notifications are not relayed: each collector tells the receivers of its own changes only.
 */
public final class ClusterNews extends VerticleBase {
    private static final System.Logger LOG = System.getLogger(ClusterNews.class.getName());
    static final String CHANGES = "didban.cluster.changes";
    static final String SILENCES = "didban.cluster.silences";
    private static final String FROM = "from";

    private final String self;
    private final AlertFeed recordedHere;
    private final AlertFeed forPeople;
    private final SilenceBoard silences;
    private final Shards shards;
    private final List<MessageConsumer<?>> consumers = new ArrayList<>();
    private AutoCloseable subscription;

    /**
     * @param recordedHere the ledger's feed of this collector's own changes
     * @param forPeople    the feed the live streams read: this collector's changes and the others'
     */
    public ClusterNews(String self, AlertFeed recordedHere, AlertFeed forPeople, SilenceBoard silences, Shards shards) {
        this.self = self;
        this.recordedHere = recordedHere;
        this.forPeople = forPeople;
        this.silences = silences;
        this.shards = shards;
    }

    @Override
    public Future<?> start() {
        consumers.add(vertx.eventBus().<JsonObject>consumer(CHANGES, this::changeElsewhere));
        consumers.add(vertx.eventBus().<JsonObject>consumer(SILENCES, this::silenceElsewhere));
        DeliveryOptions fromHere = new DeliveryOptions().addHeader(FROM, self);
        // called on the ledger's thread; publishing on the event bus does not block
        subscription = recordedHere.subscribe(change -> {
            forPeople.publish(change);
            vertx.eventBus().publish(CHANGES, LedgerCodec.change(change), fromHere);
        });
        List<Future<Void>> registered = new ArrayList<>();
        consumers.forEach(c -> registered.add(c.completion()));
        return Future.all(registered);
    }

    @Override
    public Future<?> stop() throws Exception {
        if (subscription != null) {
            subscription.close();
        }
        List<Future<Void>> gone = new ArrayList<>();
        consumers.forEach(c -> gone.add(c.unregister()));
        return Future.join(gone);
    }

    /** A silence set or ended here, once recorded: the other collectors put it in force too. */
    public void silenced(Silence s) {
        vertx.eventBus().publish(SILENCES, LedgerCodec.silence(s), new DeliveryOptions().addHeader(FROM, self));
    }

    private void changeElsewhere(Message<JsonObject> m) {
        if (self.equals(m.headers().get(FROM))) {
            return;
        }
        try {
            forPeople.publish(LedgerCodec.change(m.body()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "an alert change from another collector could not be read: " + e.getMessage());
        }
    }

    private void silenceElsewhere(Message<JsonObject> m) {
        if (self.equals(m.headers().get(FROM))) {
            return;
        }
        Silence s;
        try {
            s = LedgerCodec.silence(m.body());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a silence from another collector could not be read: " + e.getMessage());
            return;
        }
        silences.put(s);
        shards.askAll(shard -> shard.applySilences()).onFailure(f -> LOG.log(Level.ERROR,
                "silence " + s.id() + " from another collector was not applied: " + f.getMessage()));
    }
}
