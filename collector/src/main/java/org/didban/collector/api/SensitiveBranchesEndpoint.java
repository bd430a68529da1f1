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

    public SensitiveBranchesEndpoint(Shards shards, FiberRollout rollout) {
        this.shards = shards;
        this.rollout = rollout;
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

    static final Comparator<Seen> ORDER = Comparator
            .comparingInt((Seen s) -> s.worst() == null ? -1 : s.worst().ordinal()).reversed()
            .thenComparing(Comparator.comparingInt((Seen s) -> s.issues().size()).reversed())
            .thenComparing(s -> !s.fiber().gap())
            .thenComparing(s -> s.fiber().branch().provinceCode())
            .thenComparing(s -> s.fiber().branch().countyCode())
            .thenComparing(s -> s.fiber().code());

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
        // one county's branches all live on one shard
        Future<List<List<Seen>>> asked = area.county().isEmpty()
                ? shards.askAll(s -> s.inspect(view -> sensitive(view, area)))
                : shards.ofCounty(area.county()).inspect(view -> sensitive(view, area)).map(List::of);
        asked.onComplete(done -> {
            if (done.failed()) {
                Replies.error(ctx, 500, "could not read the sensitive branches: " + done.cause().getMessage());
                return;
            }
            List<Seen> all = new ArrayList<>();
            done.result().forEach(all::addAll);
            all.sort(ORDER);
            int from = Math.min(offset, all.size());
            Replies.json(ctx, 200, page(all.subList(from, Math.min(all.size(), from + limit)), all.size(), offset, limit));
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

    private JsonObject page(List<Seen> seen, int total, int offset, int limit) {
        Inventory inventory = rollout.inventory();
        JsonArray branches = new JsonArray();
        for (Seen s : seen) {
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
            branches.add(FiberJson.where(b, inventory)
                    .put("reason", b.sensitiveReason())
                    .put("fiber", FiberJson.state(s.fiber()))
                    .put("worstSeverity", s.worst() == null ? null : s.worst().wireName())
                    .put("issues", issues));
        }
        return new JsonObject().put("branches", branches).put("total", total).put("offset", offset).put("limit", limit);
    }
}
