package org.didban.collector.api;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.didban.collector.alerts.AlertBook;
import org.didban.collector.alerts.AlertQuery;
import org.didban.collector.alerts.TrackedAlert;
import org.didban.collector.http.QueryParams;
import org.didban.collector.http.Replies;
import org.didban.collector.ledger.AlertLedger;
import org.didban.collector.people.Person;
import org.didban.collector.people.Role;
import org.didban.collector.shard.AlertHolders;
import org.didban.model.AlertState;

/**
 * The alerts people work with, each person within their area (a county's IT sees and acts on its
 * own county only — enforced here, not in the console):
 * <pre>
 * GET  /api/v1/alerts?province=&amp;county=&amp;branch=&amp;severity=&amp;state=&amp;rule=&amp;limit=&amp;offset=
 * GET  /api/v1/alerts/{id}                 the alert and its timeline from the ledger
 * POST /api/v1/alerts/{id}/acknowledge     {"note": "…"}
 * POST /api/v1/alerts/{id}/resolve         {"note": "…"}
 * </pre>
 * Filters take a value or a comma-separated list; {@code state} defaults to everything not
 * resolved. Active alerts come from the shards, most severe first; resolved ones from the
 * ledger, newest first, after them. An alert outside the caller's area is "not found", never
 * "forbidden", so that its existence does not leak.
 */
public final class AlertsEndpoint {
    public static final String PATH = "/api/v1/alerts";
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final int MAX_NOTE = 2000;
    private final AlertHolders shards;
    private final AlertLedger ledger;

    public AlertsEndpoint(AlertHolders shards, AlertLedger ledger) {
        this.shards = shards;
        this.ledger = ledger;
    }

    public void mount(Router router) {
        router.get(PATH).handler(this::list);
        router.get(PATH + "/:id").handler(this::detail);
        router.post(PATH + "/:id/acknowledge").handler(BodyHandler.create().setBodyLimit(16 * 1024)).handler(this::acknowledge);
        router.post(PATH + "/:id/resolve").handler(BodyHandler.create().setBodyLimit(16 * 1024)).handler(this::resolve);
    }

    private void list(RoutingContext ctx) {
        Person person = Person.of(ctx);
        AlertQuery asked;
        int limit;
        int offset;
        try {
            asked = AlertQuery.parse(parameters(ctx.queryParams()), List.of("limit", "offset"));
            limit = QueryParams.intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
            offset = QueryParams.intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        } catch (IllegalArgumentException e) {
            Replies.error(ctx, 400, e.getMessage());
            return;
        }
        AlertQuery query = within(person, asked);
        if (query == null) {
            // asked only for places outside the person's area: nothing, and nothing said of them
            Replies.json(ctx, 200, page(List.of(), 0L, offset, limit));
            return;
        }
        Future<List<TrackedAlert>> active = !query.wantsActive() ? Future.succeededFuture(List.of())
                : shards.alerts(activeOnly(query));
        active.compose(found -> {
            List<TrackedAlert> visible = new ArrayList<>();
            for (TrackedAlert a : found) {
                if (person.sees(a.provinceCode(), a.countyCode())) {
                    visible.add(a);
                }
            }
            visible.sort(AlertQuery.PEOPLE_ORDER);
            if (!query.wantsResolved()) {
                return Future.succeededFuture(slice(visible, visible.size(), offset, limit));
            }
            int fromResolved = Math.max(0, offset - visible.size());
            int room = Math.max(0, limit - Math.max(0, visible.size() - offset));
            AlertLedger.HistoryQuery history = new AlertLedger.HistoryQuery(query.provinces(), query.counties(),
                    query.branches(), query.severities().stream().map(s -> s.wireName()).collect(Collectors.toSet()),
                    query.rules(), 0, fromResolved, Math.max(room, 1));
            return Future.fromCompletionStage(ledger.resolved(history), ctx.vertx().getOrCreateContext()).map(p -> {
                List<TrackedAlert> all = new ArrayList<>(visible.subList(Math.min(offset, visible.size()), visible.size()));
                if (room > 0) {
                    all.addAll(p.alerts());
                }
                return page(all.subList(0, Math.min(limit, all.size())), visible.size() + p.total(), offset, limit);
            });
        }).onComplete(done -> {
            if (done.failed()) {
                Replies.error(ctx, 500, "could not gather the alerts: " + done.cause().getMessage());
            } else {
                Replies.json(ctx, 200, done.result());
            }
        });
    }

    private static JsonObject page(List<TrackedAlert> alerts, long total, int offset, int limit) {
        JsonArray out = new JsonArray();
        alerts.forEach(a -> out.add(AlertJson.of(a)));
        return new JsonObject().put("alerts", out).put("total", total).put("offset", offset).put("limit", limit);
    }

    private static JsonObject slice(List<TrackedAlert> sorted, int total, int offset, int limit) {
        int from = Math.min(offset, sorted.size());
        return page(sorted.subList(from, Math.min(sorted.size(), from + limit)), (long) total, offset, limit);
    }

    private void detail(RoutingContext ctx) {
        Person person = Person.of(ctx);
        String id = ctx.pathParam("id");
        withVisible(ctx, person, id, a ->
                Future.fromCompletionStage(ledger.timeline(id), ctx.vertx().getOrCreateContext()).onComplete(t -> {
                    if (t.failed()) {
                        Replies.error(ctx, 500, "could not read the alert's timeline: " + t.cause().getMessage());
                        return;
                    }
                    Replies.json(ctx, 200, AlertJson.of(a).put("timeline", AlertJson.timeline(t.result())));
                }));
    }

    /** Finds the alert and goes on with it if the person may see it; else answers 404 (or 500). */
    private void withVisible(RoutingContext ctx, Person person, String id, java.util.function.Consumer<TrackedAlert> next) {
        find(ctx, id).onComplete(found -> {
            if (found.failed()) {
                Replies.error(ctx, 500, "could not look the alert up: " + found.cause().getMessage());
                return;
            }
            Optional<TrackedAlert> a = found.result();
            if (a.isEmpty() || !person.sees(a.get().provinceCode(), a.get().countyCode())) {
                Replies.error(ctx, 404, "no alert " + id + " in your area");
                return;
            }
            next.accept(a.get());
        });
    }

    /** Live in a shard first (the freshest), else as last recorded. */
    private Future<Optional<TrackedAlert>> find(RoutingContext ctx, String id) {
        return shards.alert(id).compose(a -> a != null ? Future.succeededFuture(Optional.of(a))
                : Future.fromCompletionStage(ledger.alert(id), ctx.vertx().getOrCreateContext()));
    }

    private void acknowledge(RoutingContext ctx) {
        act(ctx, "acknowledge", shards::acknowledge);
    }

    private void resolve(RoutingContext ctx) {
        act(ctx, "resolve", shards::resolveByHand);
    }

    private interface PersonAction {
        Future<AlertBook.Action> apply(TrackedAlert alert, String by, String note);
    }

    private void act(RoutingContext ctx, String verb, PersonAction action) {
        Person person = Person.of(ctx);
        String id = ctx.pathParam("id");
        String note;
        try {
            note = note(ctx);
        } catch (IllegalArgumentException e) {
            Replies.error(ctx, 400, e.getMessage());
            return;
        }
        withVisible(ctx, person, id, alert -> {
            if (!person.actsOn(alert.provinceCode(), alert.countyCode())) {
                Replies.error(ctx, 403, "a " + person.role().wireName() + " may read alerts, not " + verb + " them");
                return;
            }
            if (!alert.active()) {
                Replies.error(ctx, 409, "alert " + id + " is " + alert.state().wireName() + "; only an active alert can be "
                        + (verb.equals("resolve") ? "resolved" : "acknowledged"));
                return;
            }
            action.apply(alert, person.name(), note).onComplete(done -> {
                if (done.failed()) {
                    Replies.error(ctx, 503, "not recorded: " + done.cause().getMessage());
                } else if (!done.result().ok()) {
                    Replies.error(ctx, done.result().refusal() == AlertBook.Refusal.NOT_ACTIVE ? 409 : 404,
                            "alert " + id + " is no longer active");
                } else {
                    Replies.json(ctx, 200, AlertJson.change(done.result().change(), true));
                }
            });
        });
    }

    /** The note of a person's action: optional, text, bounded. */
    static String note(RoutingContext ctx) {
        String body = ctx.body() == null ? null : ctx.body().asString();
        if (body == null || body.isBlank()) {
            return "";
        }
        JsonObject j;
        try {
            j = new JsonObject(body);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the body must be a JSON object like {\"note\": \"…\"}");
        }
        Object note = j.getValue("note");
        if (note == null) {
            return "";
        }
        if (!(note instanceof String)) {
            throw new IllegalArgumentException("note must be text");
        }
        String n = ((String) note).strip();
        if (n.length() > MAX_NOTE) {
            throw new IllegalArgumentException("note longer than " + MAX_NOTE + " characters");
        }
        return n;
    }

    /** The query narrowed to the person's area; null when what was asked lies wholly outside it. */
    static AlertQuery within(Person person, AlertQuery q) {
        if (person.role() == Role.COUNTY) {
            if (!q.counties().isEmpty() && !q.counties().contains(person.area())) {
                return null;
            }
            return new AlertQuery(q.provinces(), Set.of(person.area()), q.branches(), q.severities(), q.states(),
                    q.rules());
        }
        if (person.role() == Role.PROVINCE) {
            if (!q.provinces().isEmpty() && !q.provinces().contains(person.area())) {
                return null;
            }
            return new AlertQuery(Set.of(person.area()), q.counties(), q.branches(), q.severities(), q.states(),
                    q.rules());
        }
        return q;
    }

    private static AlertQuery activeOnly(AlertQuery q) {
        Set<AlertState> states = EnumSet.noneOf(AlertState.class);
        states.addAll(q.states());
        states.remove(AlertState.RESOLVED);
        return new AlertQuery(q.provinces(), q.counties(), q.branches(), q.severities(), states, q.rules());
    }

    private static Map<String, List<String>> parameters(MultiMap params) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : params.names()) {
            out.put(name, params.getAll(name));
        }
        return out;
    }
}
