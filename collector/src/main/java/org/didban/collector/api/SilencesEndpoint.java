package org.didban.collector.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.UUID;
import org.didban.collector.alerts.Silence;
import org.didban.collector.alerts.SilenceBoard;
import org.didban.collector.http.Replies;
import org.didban.collector.ledger.AlertLedger;
import org.didban.collector.people.Person;
import org.didban.collector.people.Role;
import org.didban.collector.shard.Shards;
import org.didban.model.Branch;
import org.didban.model.County;
import org.didban.model.Inventory;
import org.didban.rules.Durations;

/**
 * Silences and maintenance windows:
 * <pre>
 * GET    /api/v1/silences                   those not over, within the caller's area
 * POST   /api/v1/silences                   {"county": "THR-01", "rule": "NET-01", "startsAt": ISO (default now),
 *                                            "endsAt": ISO or "duration": "2h", "comment": "…"}
 * DELETE /api/v1/silences/{id}              ends it now (unsilence)
 * </pre>
 * A silence is confined to the caller's area: county IT silences within its county (the county,
 * or a branch of it), a province officer within the province. Planners cannot silence. A comment
 * is required: it is evidence. Silences are at most 7 days long and start within 30 days.
 */
public final class SilencesEndpoint {
    public static final String PATH = "/api/v1/silences";
    static final Duration LONGEST = Duration.ofDays(7);
    static final Duration FURTHEST_START = Duration.ofDays(30);
    private static final Set<String> FIELDS = Set.of("province", "county", "branch", "rule", "startsAt", "endsAt",
            "duration", "comment");
    private final Shards shards;
    private final AlertLedger ledger;
    private final SilenceBoard board;
    private java.util.function.Consumer<Silence> spread = s -> { };
    private final Inventory inventory;

    public SilencesEndpoint(Shards shards, AlertLedger ledger, SilenceBoard board, Inventory inventory) {
        this.shards = shards;
        this.ledger = ledger;
        this.board = board;
        this.inventory = inventory;
    }

    /** Told of every silence once recorded and in force here (in a cluster, the other collectors). */
    public SilencesEndpoint spread(java.util.function.Consumer<Silence> to) {
        this.spread = java.util.Objects.requireNonNull(to, "to");
        return this;
    }

    public void mount(Router router) {
        router.get(PATH).handler(this::list);
        router.post(PATH).handler(BodyHandler.create().setBodyLimit(16 * 1024)).handler(this::create);
        router.delete(PATH + "/:id").handler(this::end);
    }

    private void list(RoutingContext ctx) {
        Person person = Person.of(ctx);
        JsonArray out = new JsonArray();
        for (Silence s : board.current()) {
            if (visible(person, s)) {
                out.add(AlertJson.silence(s));
            }
        }
        Replies.json(ctx, 200, new JsonObject().put("silences", out));
    }

    private void create(RoutingContext ctx) {
        Person person = Person.of(ctx);
        if (person.role() == Role.PLANNER) {
            Replies.error(ctx, 403, "a planner may not silence alerts");
            return;
        }
        Silence s;
        try {
            s = parse(ctx, person, System.currentTimeMillis());
        } catch (IllegalArgumentException e) {
            Replies.error(ctx, 400, e.getMessage());
            return;
        }
        if (!confined(person, s)) {
            Replies.error(ctx, 403, "a silence by " + person.role().wireName() + " " + person.name()
                    + " must stay within " + person.area() + ": name it, or a county or branch inside it");
            return;
        }
        record(ctx, s, false, person).onComplete(done -> {
            if (done.failed()) {
                Replies.error(ctx, 503, "not recorded: " + done.cause().getMessage());
            } else {
                Replies.json(ctx, 201, AlertJson.silence(s));
            }
        });
    }

    private void end(RoutingContext ctx) {
        Person person = Person.of(ctx);
        Silence s = board.find(ctx.pathParam("id"));
        if (s == null || !visible(person, s)) {
            Replies.error(ctx, 404, "no silence " + ctx.pathParam("id") + " in force in your area");
            return;
        }
        if (person.role() == Role.PLANNER || !confined(person, s)) {
            Replies.error(ctx, 403, "this silence reaches beyond your area; ask HQ to end it");
            return;
        }
        if (!board.claimEnd(s.id())) {
            Replies.error(ctx, 409, "silence " + s.id() + " is already being ended");
            return;
        }
        Silence ended = s.ended(person.name(), Math.max(System.currentTimeMillis(), s.createdAt()));
        record(ctx, ended, true, person).onComplete(done -> {
            board.releaseEnd(s.id());
            if (done.failed()) {
                Replies.error(ctx, 503, "not recorded: " + done.cause().getMessage());
            } else {
                Replies.json(ctx, 200, AlertJson.silence(ended));
            }
        });
    }

    /** Into the ledger first, then in force, then applied to the alerts of every shard. */
    private Future<Void> record(RoutingContext ctx, Silence s, boolean ended, Person person) {
        return Future.fromCompletionStage(ledger.recordSilence(s, ended, person.name()), ctx.vertx().getOrCreateContext())
                .compose(seq -> {
                    board.put(s);
                    spread.accept(s);
                    return shards.askAll(shard -> shard.applySilences()).mapEmpty();
                });
    }

    private Silence parse(RoutingContext ctx, Person person, long now) {
        JsonObject j;
        try {
            j = ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        if (j == null) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        for (String f : j.fieldNames()) {
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException("unknown field '" + f + "'; known: " + String.join(", ", FIELDS));
            }
        }
        String province = text(j, "province", 64);
        String county = text(j, "county", 64);
        String branch = text(j, "branch", 64);
        String rule = text(j, "rule", 64);
        String comment = text(j, "comment", 2000);
        if (comment.isEmpty()) {
            throw new IllegalArgumentException("a silence needs a comment saying why");
        }
        if (!province.isEmpty() && inventory.province(province) == null) {
            throw new IllegalArgumentException("no province " + province);
        }
        if (!county.isEmpty() && inventory.county(county) == null) {
            throw new IllegalArgumentException("no county " + county);
        }
        if (!branch.isEmpty() && inventory.branch(branch) == null) {
            throw new IllegalArgumentException("no branch " + branch);
        }
        long starts = j.containsKey("startsAt") ? instant(j, "startsAt") : now;
        long ends;
        if (j.containsKey("endsAt") == j.containsKey("duration")) {
            throw new IllegalArgumentException("give either endsAt or duration");
        } else if (j.containsKey("endsAt")) {
            ends = instant(j, "endsAt");
        } else {
            try {
                ends = starts + Durations.parseMillis(text(j, "duration", 32));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("duration: " + e.getMessage());
            }
        }
        if (ends <= starts || ends <= now) {
            throw new IllegalArgumentException("a silence must end after it starts, and in the future");
        }
        if (ends - starts > LONGEST.toMillis()) {
            throw new IllegalArgumentException("a silence lasts at most " + LONGEST.toDays() + " days");
        }
        if (starts - now > FURTHEST_START.toMillis()) {
            throw new IllegalArgumentException("a maintenance window starts within " + FURTHEST_START.toDays() + " days");
        }
        return new Silence("sil-" + UUID.randomUUID().toString().substring(0, 13), province, county, branch, rule,
                starts, ends, person.name(), now, comment, "", 0);
    }

    private static String text(JsonObject j, String field, int max) {
        Object v = j.getValue(field);
        if (v == null) {
            return "";
        }
        if (!(v instanceof String)) {
            throw new IllegalArgumentException(field + " must be text");
        }
        String s = ((String) v).strip();
        if (s.length() > max) {
            throw new IllegalArgumentException(field + " longer than " + max + " characters");
        }
        return s;
    }

    private static long instant(JsonObject j, String field) {
        try {
            return Instant.parse(text(j, field, 64)).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " must be an ISO-8601 instant such as 2026-11-22T08:00:00Z");
        }
    }

    /** Does the silence reach only where the person may act? */
    boolean confined(Person person, Silence s) {
        switch (person.role()) {
            case COUNTY:
                return person.area().equals(countyOf(s));
            case PROVINCE:
                return person.area().equals(provinceOf(s));
            case PLANNER:
                return false;
            default:
                return true;
        }
    }

    /** Is any of the silence within the person's area? */
    boolean visible(Person person, Silence s) {
        switch (person.role()) {
            case COUNTY: {
                String c = countyOf(s);
                String p = provinceOf(s);
                County mine = inventory.county(person.area());
                return c.equals(person.area()) || (c.isEmpty() && (p.isEmpty() || (mine != null && p.equals(mine.provinceCode()))));
            }
            case PROVINCE: {
                String p = provinceOf(s);
                return p.isEmpty() || p.equals(person.area());
            }
            default:
                return true;
        }
    }

    /** The one county a silence is confined to, or empty. */
    private String countyOf(Silence s) {
        if (!s.branch().isEmpty()) {
            Branch b = inventory.branch(s.branch());
            return b == null ? "" : b.countyCode();
        }
        return s.county();
    }

    /** The one province a silence is confined to, or empty. */
    private String provinceOf(Silence s) {
        if (!s.province().isEmpty()) {
            return s.province();
        }
        String c = countyOf(s);
        if (!c.isEmpty()) {
            County county = inventory.county(c);
            return county == null ? "" : county.provinceCode();
        }
        return "";
    }
}
