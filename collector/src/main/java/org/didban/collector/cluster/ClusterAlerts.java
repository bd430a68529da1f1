package org.didban.collector.cluster;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.didban.collector.alerts.AlertBook;
import org.didban.collector.alerts.AlertQuery;
import org.didban.collector.alerts.TrackedAlert;
import org.didban.collector.ledger.LedgerCodec;
import org.didban.collector.shard.AlertHolders;
import org.didban.collector.shard.Shards;
import org.didban.model.AlertState;
import org.didban.model.Inventory;
import org.didban.model.Severity;

/**
 * People's alerts across the cluster: whichever collector a person reaches lists the live alerts
 * of every collector and acts on an alert where it is held (its county's owner). A collector that
 * does not answer in time is stood in for by the shared ledger's record of its counties' active
 * alerts, so a list is never silently short.
 */
public final class ClusterAlerts extends VerticleBase implements AlertHolders {
    private static final System.Logger LOG = System.getLogger(ClusterAlerts.class.getName());
    private static final long ASK_TIMEOUT_MS = 5_000;

    private final CountyOwnership ownership;
    private final Shards shards;
    private final Inventory inventory;
    private final CountyRecords records;
    private final List<MessageConsumer<?>> consumers = new ArrayList<>();
    private volatile java.util.function.Function<String, Future<JsonObject>> localBranch =
            code -> Future.failedFuture("branches are not served here");

    public ClusterAlerts(CountyOwnership ownership, Shards shards, Inventory inventory, CountyRecords records) {
        this.ownership = ownership;
        this.shards = shards;
        this.inventory = inventory;
        this.records = records;
    }

    @Override
    public Future<?> start() {
        String at = CountyOwnership.PREFIX + ownership.self();
        consumers.add(vertx.eventBus().<JsonObject>consumer(at + ".alerts", this::answerAlerts));
        consumers.add(vertx.eventBus().<String>consumer(at + ".alert", this::answerAlert));
        consumers.add(vertx.eventBus().<JsonObject>consumer(at + ".act", this::answerAction));
        consumers.add(vertx.eventBus().<String>consumer(at + ".branch", this::answerBranch));
        List<Future<Void>> registered = new ArrayList<>();
        consumers.forEach(c -> registered.add(c.completion()));
        return Future.all(registered);
    }

    @Override
    public Future<?> stop() {
        List<Future<Void>> gone = new ArrayList<>();
        consumers.forEach(c -> gone.add(c.unregister()));
        return Future.join(gone);
    }

    // ---- asking

    @Override
    public Future<List<TrackedAlert>> alerts(AlertQuery query) {
        List<Future<List<TrackedAlert>>> answers = new ArrayList<>();
        CountyRing ring = ownership.ring();
        for (String member : ring.nodes()) {
            if (member.equals(ownership.self())) {
                answers.add(shards.alerts(query));
                continue;
            }
            answers.add(vertx.eventBus().<JsonArray>request(CountyOwnership.PREFIX + member + ".alerts", encode(query),
                            options())
                    .map(reply -> decodeAll(reply.body()))
                    .recover(f -> recorded(ring, member, query, f)));
        }
        return Future.all(answers).map(all -> {
            List<TrackedAlert> out = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (Future<List<TrackedAlert>> f : answers) {
                for (TrackedAlert a : f.result()) {
                    if (seen.add(a.id())) { // a county caught moving may be told of twice
                        out.add(a);
                    }
                }
            }
            return out;
        });
    }

    /** A collector that did not answer: its counties' active alerts as the ledger has them. */
    private Future<List<TrackedAlert>> recorded(CountyRing ring, String member, AlertQuery query, Throwable why) {
        LOG.log(Level.WARNING, "collector " + member + " did not list its alerts (" + why.getMessage()
                + "); answering for its counties from the ledger");
        List<String> all = new ArrayList<>();
        inventory.counties().forEach(c -> all.add(c.code()));
        Set<String> its = ring.ownedBy(member, all);
        if (its.isEmpty() || !query.wantsActive()) {
            return Future.succeededFuture(List.of());
        }
        return Future.fromCompletionStage(records.activeAlertsOf(its), context)
                .map(found -> found.stream().filter(query::matches).toList());
    }

    @Override
    public Future<TrackedAlert> alert(String id) {
        List<Future<TrackedAlert>> answers = new ArrayList<>();
        for (String member : ownership.ring().nodes()) {
            if (member.equals(ownership.self())) {
                answers.add(shards.alert(id));
            } else {
                answers.add(vertx.eventBus().<JsonObject>request(CountyOwnership.PREFIX + member + ".alert", id, options())
                        .map(reply -> reply.body().isEmpty() ? (TrackedAlert) null : LedgerCodec.alert(reply.body()))
                        .otherwiseEmpty()); // the ledger answers for one that does not
            }
        }
        return Future.join(answers).transform(ignored -> {
            for (Future<TrackedAlert> f : answers) {
                if (f.succeeded() && f.result() != null) {
                    return Future.succeededFuture(f.result());
                }
            }
            return Future.succeededFuture(null);
        });
    }

    @Override
    public Future<AlertBook.Action> acknowledge(TrackedAlert alert, String by, String note) {
        return act("acknowledge", alert, by, note);
    }

    @Override
    public Future<AlertBook.Action> resolveByHand(TrackedAlert alert, String by, String note) {
        return act("resolve", alert, by, note);
    }

    private Future<AlertBook.Action> act(String verb, TrackedAlert alert, String by, String note) {
        String owner = ownership.ring().ownerOf(alert.countyCode());
        if (owner.equals(ownership.self()) || owner.isEmpty()) {
            return verb.equals("resolve") ? shards.resolveByHand(alert, by, note) : shards.acknowledge(alert, by, note);
        }
        JsonObject ask = new JsonObject().put("verb", verb).put("alert", LedgerCodec.alert(alert)).put("by", by)
                .put("note", note);
        return vertx.eventBus().<JsonObject>request(CountyOwnership.PREFIX + owner + ".act", ask, options())
                .map(reply -> {
                    JsonObject r = reply.body();
                    return r.containsKey("change")
                            ? new AlertBook.Action(LedgerCodec.change(r.getJsonObject("change")), null)
                            : new AlertBook.Action(null, AlertBook.Refusal.valueOf(r.getString("refusal")));
                });
    }

    /** How this collector renders a branch it holds (the branch endpoint's own view). */
    public void answerBranchesWith(java.util.function.Function<String, Future<JsonObject>> local) {
        this.localBranch = local;
    }

    /** A branch's view, from the collector that holds its county (live readings, alerts, events). */
    public Future<JsonObject> branch(String code) {
        org.didban.model.Branch b = inventory.branch(code);
        String owner = b == null ? "" : ownership.ring().ownerOf(b.countyCode());
        if (owner.isEmpty() || owner.equals(ownership.self())) {
            return heldHere(code);
        }
        return vertx.eventBus().<JsonObject>request(CountyOwnership.PREFIX + owner + ".branch", code, options())
                .map(reply -> reply.body());
    }

    // ---- answering

    /** A branch's view from here, only while its county is taken up here (else it would look empty). */
    private Future<JsonObject> heldHere(String code) {
        org.didban.model.Branch b = inventory.branch(code);
        if (b != null && !ownership.held().contains(b.countyCode())) {
            return Future.failedFuture("branch " + code + " is moving between collectors; ask again shortly");
        }
        return localBranch.apply(code);
    }

    private void answerBranch(Message<String> m) {
        heldHere(m.body()).onComplete(done -> {
            if (done.failed()) {
                m.fail(500, String.valueOf(done.cause().getMessage()));
            } else {
                m.reply(done.result());
            }
        });
    }

    private void answerAlerts(Message<JsonObject> m) {
        AlertQuery query;
        try {
            query = decode(m.body());
        } catch (RuntimeException e) {
            m.fail(400, "bad alert query: " + e.getMessage());
            return;
        }
        shards.alerts(query).onComplete(done -> {
            if (done.failed()) {
                m.fail(500, String.valueOf(done.cause().getMessage()));
                return;
            }
            JsonArray out = new JsonArray();
            done.result().forEach(a -> out.add(LedgerCodec.alert(a)));
            m.reply(out);
        });
    }

    private void answerAlert(Message<String> m) {
        shards.alert(m.body()).onComplete(done -> {
            if (done.failed()) {
                m.fail(500, String.valueOf(done.cause().getMessage()));
            } else {
                m.reply(done.result() == null ? new JsonObject() : LedgerCodec.alert(done.result()));
            }
        });
    }

    private void answerAction(Message<JsonObject> m) {
        JsonObject ask = m.body();
        TrackedAlert alert;
        try {
            alert = LedgerCodec.alert(ask.getJsonObject("alert"));
        } catch (RuntimeException e) {
            m.fail(400, "bad alert: " + e.getMessage());
            return;
        }
        String by = ask.getString("by", "");
        String note = ask.getString("note", "");
        Future<AlertBook.Action> done = "resolve".equals(ask.getString("verb"))
                ? shards.resolveByHand(alert, by, note) : shards.acknowledge(alert, by, note);
        done.onComplete(r -> {
            if (r.failed()) {
                m.fail(503, String.valueOf(r.cause().getMessage()));
            } else if (r.result().ok()) {
                m.reply(new JsonObject().put("change", LedgerCodec.change(r.result().change())));
            } else {
                m.reply(new JsonObject().put("refusal", r.result().refusal().name()));
            }
        });
    }

    private static DeliveryOptions options() {
        return new DeliveryOptions().setSendTimeout(ASK_TIMEOUT_MS);
    }

    // ---- the query on the wire

    static JsonObject encode(AlertQuery q) {
        JsonArray severities = new JsonArray();
        q.severities().forEach(s -> severities.add(s.wireName()));
        JsonArray states = new JsonArray();
        q.states().forEach(s -> states.add(s.wireName()));
        return new JsonObject().put("provinces", new JsonArray(new ArrayList<>(q.provinces())))
                .put("counties", new JsonArray(new ArrayList<>(q.counties())))
                .put("branches", new JsonArray(new ArrayList<>(q.branches())))
                .put("severities", severities).put("states", states)
                .put("rules", new JsonArray(new ArrayList<>(q.rules())));
    }

    static AlertQuery decode(JsonObject j) {
        Set<Severity> severities = EnumSet.noneOf(Severity.class);
        j.getJsonArray("severities").forEach(s -> severities.add(Severity.parse((String) s)));
        Set<AlertState> states = EnumSet.noneOf(AlertState.class);
        j.getJsonArray("states").forEach(s -> states.add(AlertState.parse((String) s)));
        return new AlertQuery(strings(j, "provinces"), strings(j, "counties"), strings(j, "branches"), severities, states,
                strings(j, "rules"));
    }

    private static Set<String> strings(JsonObject j, String field) {
        Set<String> out = new HashSet<>();
        j.getJsonArray(field).forEach(v -> out.add((String) v));
        return out;
    }

    private static List<TrackedAlert> decodeAll(JsonArray a) {
        List<TrackedAlert> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            out.add(LedgerCodec.alert(a.getJsonObject(i)));
        }
        return out;
    }
}
