package org.didban.collector.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.didban.collector.alerts.AlertQuery;
import org.didban.collector.alerts.TrackedAlert;
import org.didban.collector.fiber.BranchFiber;
import org.didban.collector.fiber.FiberArea;
import org.didban.collector.fiber.FiberJson;
import org.didban.collector.fiber.FiberRollout;
import org.didban.collector.http.QueryParams;
import org.didban.collector.http.Replies;
import org.didban.collector.people.Person;
import org.didban.collector.shard.ShardView;
import org.didban.collector.shard.Shards;
import org.didban.model.Branch;
import org.didban.model.Inventory;
import org.didban.model.Severity;

/**
 * {@code GET /api/v1/branches/sensitive?province=&county=&limit=&offset=}: every sensitive branch
 * (حساس) in the caller's area with why it is sensitive, its fiber (paper, detected, deadline,
 * findings) and its current issues — its active alerts, most severe first. Read live from the
 * shards, so an alert raised a second ago shows. Branches with the worst issues come first, then
 * those without fiber (where it is expected), then by province, county and code. County IT sees its own county only.
 *
 * <p>Mount it <em>before</em> {@link BranchEndpoint}, or {@code /api/v1/branches/:code} takes
 * "sensitive" for a branch code.
 */
public final class SensitiveBranchesEndpoint {
    public static final String PATH = "/api/v1/branches/sensitive";
    static final int DEFAULT_LIMIT = 1_000;
    static final int MAX_LIMIT = 5_000;

    private final Shards shards;
    private final FiberRollout rollout;
    private volatile java.util.function.BiFunction<String, String, Future<List<JsonObject>>> gather = this::local;

    public SensitiveBranchesEndpoint(Shards shards, FiberRollout rollout) {
        this.shards = shards;
        this.rollout = rollout;
    }

    /**
     * In a cluster: the sensitive branches of a province and county ("" for any) from every
     * collector, each reading its own ({@link #local}); this endpoint merges, orders and pages them.
     */
    public SensitiveBranchesEndpoint askThrough(java.util.function.BiFunction<String, String, Future<List<JsonObject>>> gather) {
        this.gather = java.util.Objects.requireNonNull(gather, "gather");
        return this;
    }

    public void mount(Router router) {
        router.get(PATH).handler(this::list);
    }

    /** A sensitive branch as its shard saw it: its fiber and its active alerts, most severe first. */
    record Seen(BranchFiber fiber, List<TrackedAlert> issues) {
        Severity worst() {
            return issues.isEmpty() ? null : issues.get(0).alert().severity();
        }
    }

    /**
     * One branch of the answer, as JSON (what people get) beside what it is ordered by, so that
     * the branches of several collectors are ordered together: worst issues first, then more of
     * them, then those without fiber where it is expected, then by province, county and code.
     */
    private record Item(JsonObject json, int worst, int issues, boolean gap, String province, String county,
                        String code) {
        static final Comparator<Item> ORDER = Comparator.comparingInt(Item::worst).reversed()
                .thenComparing(Comparator.comparingInt(Item::issues).reversed())
                .thenComparing(i -> !i.gap())
                .thenComparing(Item::province)
                .thenComparing(Item::county)
                .thenComparing(Item::code);

        /** Read back from {@link #local}'s form: {@code {"branch": {...}, "gap": bool}}. */
        static Item of(JsonObject wrapped) {
            JsonObject b = wrapped.getJsonObject("branch");
            String worst = b.getString("worstSeverity");
            return new Item(b, worst == null ? -1 : Severity.parse(worst).ordinal(), b.getJsonArray("issues").size(),
                    wrapped.getBoolean("gap", false), b.getJsonObject("province").getString("code"),
                    b.getJsonObject("county").getString("code"), b.getString("code"));
        }
    }

    private void list(RoutingContext ctx) {
        FiberArea area;
        int limit;
        int offset;
        try {
            area = FiberArea.of(Person.of(ctx), ctx.queryParams().get("province"), ctx.queryParams().get("county"));
            limit = QueryParams.intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
            offset = QueryParams.intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        } catch (IllegalArgumentException e) {
            Replies.error(ctx, 400, e.getMessage());
            return;
        }
        if (area.nothing()) {
            Replies.json(ctx, 200, page(List.of(), 0, offset, limit));
            return;
        }
        // the person's area narrows the province and county asked of every collector
        gather.apply(area.province(), area.county()).onComplete(done -> {
            if (done.failed()) {
                Replies.error(ctx, 503, "could not read the sensitive branches: " + done.cause().getMessage());
                return;
            }
            List<Item> all = new ArrayList<>();
            try {
                for (JsonObject wrapped : done.result()) {
                    Item item = Item.of(wrapped);
                    if (area.includes(item.province(), item.county())) {
                        all.add(item);
                    }
                }
            } catch (RuntimeException e) {
                Replies.error(ctx, 500, "could not read the sensitive branches: " + e.getMessage());
                return;
            }
            all.sort(Item.ORDER);
            int from = Math.min(offset, all.size());
            Replies.json(ctx, 200, page(all.subList(from, Math.min(all.size(), from + limit)), all.size(), offset, limit));
        });
    }

    /**
     * This collector's sensitive branches in a province and county ("" for any), read live from
     * its shards, each as {@code {"branch": {...}, "gap": bool}}.
     */
    public Future<List<JsonObject>> local(String province, String county) {
        FiberArea area;
        try {
            area = FiberArea.of(new Person("cluster", org.didban.collector.people.Role.HQ, ""), province, county);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        // one county's branches all live on one shard
        Future<List<List<Seen>>> asked = area.county().isEmpty()
                ? shards.askAll(s -> s.inspect(view -> sensitive(view, area)))
                : shards.ofCounty(area.county()).inspect(view -> sensitive(view, area)).map(List::of);
        return asked.map(parts -> {
            Inventory inventory = rollout.inventory();
            List<JsonObject> out = new ArrayList<>();
            for (List<Seen> part : parts) {
                for (Seen seen : part) {
                    out.add(new JsonObject().put("branch", json(seen, inventory)).put("gap", seen.fiber().gap()));
                }
            }
            return out;
        });
    }

    /** On the shard's loop: its sensitive branches in the area, judged now, with their alerts copied. */
    private List<Seen> sensitive(ShardView view, FiberArea area) {
        List<Seen> out = new ArrayList<>();
        for (Branch b : view.branches()) {
            if (b.sensitive() && area.includes(b.provinceCode(), b.countyCode())) {
                List<TrackedAlert> issues = new ArrayList<>(view.alertsOf(b.code()));
                issues.sort(AlertQuery.PEOPLE_ORDER);
                out.add(new Seen(rollout.judge(view, b), issues));
            }
        }
        return out;
    }

    private static JsonObject json(Seen s, Inventory inventory) {
        JsonArray issues = new JsonArray();
        for (TrackedAlert a : s.issues()) {
            issues.add(new JsonObject()
                    .put("id", a.id())
                    .put("rule", a.ruleId())
                    .put("severity", a.alert().severity().wireName())
                    .put("state", a.state().wireName())
                    .put("title", new JsonObject().put("en", a.alert().titleEn()).put("fa", a.alert().titleFa()))
                    .put("device", a.key().device())
                    .put("activeSince", Replies.instant(a.alert().activeSince())));
        }
        Branch b = s.fiber().branch();
        return FiberJson.where(b, inventory)
                .put("reason", b.sensitiveReason())
                .put("fiber", FiberJson.state(s.fiber()))
                .put("worstSeverity", s.worst() == null ? null : s.worst().wireName())
                .put("issues", issues);
    }

    private static JsonObject page(List<Item> items, int total, int offset, int limit) {
        JsonArray branches = new JsonArray();
        items.forEach(i -> branches.add(i.json()));
        return new JsonObject().put("branches", branches).put("total", total).put("offset", offset).put("limit", limit);
    }
}
