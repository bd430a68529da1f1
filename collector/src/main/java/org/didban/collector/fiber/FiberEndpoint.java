package org.didban.collector.fiber;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.didban.collector.http.QueryParams;
import org.didban.collector.http.Replies;
import org.didban.collector.people.Person;
import org.didban.collector.people.Role;
import org.didban.model.Inventory;

/**
 * The rollout for planners, HQ and county IT, each within their area ({@link FiberArea}: county IT
 * sees its own county only; a province officer their province; HQ, planners and admins everything):
 * <pre>
 * GET /api/v1/fiber/summary?province=&amp;county=                      counts: area, provinces, counties
 * GET /api/v1/fiber/gaps?province=&amp;county=&amp;limit=&amp;offset=&amp;format=     branches without fiber, most urgent first
 * GET /api/v1/fiber/findings?province=&amp;county=&amp;finding=&amp;limit=&amp;offset=&amp;format=
 * GET /api/v1/fiber/history?province=&amp;county=&amp;from=&amp;to=&amp;format=      the daily snapshots
 * </pre>
 * Answers come from the rollout's latest picture ({@code computedAt} says when), never from a
 * recomputation. {@code format=csv}, or {@code Accept: text/csv}, gives CSV ({@link FiberCsv}).
 * Mount behind authentication: {@code auth.protect(router, FiberEndpoint.PROTECTED)}.
 */
public final class FiberEndpoint {
    public static final String PATH = "/api/v1/fiber";
    /** The paths to put behind {@code BearerAuthentication.protect}. */
    public static final String[] PROTECTED = {PATH, PATH + "/*"};
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;
    /** A CSV export may hold every branch of the country. */
    static final int MAX_CSV_ROWS = 100_000;
    static final int DEFAULT_HISTORY_DAYS = 365;

    private final FiberRollout rollout;
    private final FiberHistory history;

    public FiberEndpoint(FiberRollout rollout, FiberHistory history) {
        this.rollout = rollout;
        this.history = history;
    }

    public void mount(Router router) {
        router.get(PATH + "/summary").handler(this::summary);
        router.get(PATH + "/gaps").handler(this::gaps);
        router.get(PATH + "/findings").handler(this::findings);
        router.get(PATH + "/history").handler(this::history);
    }

    // ── summary ───────────────────────────────────────────────────────────────────────────

    private void summary(RoutingContext ctx) {
        FiberArea area;
        try {
            area = area(ctx);
        } catch (IllegalArgumentException e) {
            Replies.error(ctx, 400, e.getMessage());
            return;
        }
        withPicture(ctx, picture -> {
            Inventory inv = rollout.inventory();
            FiberDeadlines deadlines = rollout.deadlines();
            FiberCounts total = FiberCounts.ZERO;
            JsonArray counties = new JsonArray();
            for (Map.Entry<String, FiberCounts> e : picture.counties().entrySet()) {
                String province = picture.provinceOf(e.getKey());
                if (!area.includes(province, e.getKey())) {
                    continue;
                }
                total = total.plus(e.getValue());
                Deadline d = deadlines.forArea(province, e.getKey());
                counties.add(new JsonObject()
                        .put("county", FiberJson.county(inv, e.getKey()))
                        .put("province", province)
                        .put("deadline", deadline(d))
                        .put("counts", FiberJson.counts(e.getValue())));
            }
            JsonArray provinces = new JsonArray();
            // A province's totals only to those who see all of it, and only when no county was asked for.
            if (!area.nothing() && area.county().isEmpty() && area.person().role() != Role.COUNTY) {
                for (Map.Entry<String, FiberCounts> e : picture.provinces().entrySet()) {
                    if (!area.province().isEmpty() && !area.province().equals(e.getKey())) {
                        continue;
                    }
                    Deadline d = deadlines.forArea(e.getKey(), "");
                    provinces.add(new JsonObject()
                            .put("province", FiberJson.province(inv, e.getKey()))
                            .put("deadline", deadline(d))
                            .put("counts", FiberJson.counts(e.getValue())));
                }
            }
            return new JsonObject()
                    .put("computedAt", Replies.instant(picture.computedAt()))
                    .put("today", FiberJson.day(picture.today()))
                    .put("area", areaJson(area))
                    .put("deadline", deadline(areaDeadline(area, deadlines, inv)))
                    .put("total", FiberJson.counts(total))
                    .put("provinces", provinces)
                    .put("counties", counties);
        });
    }

    /** The deadline of the area as a whole: its county's, its province's or the nation's. */
    private static Deadline areaDeadline(FiberArea area, FiberDeadlines deadlines, Inventory inv) {
        if (area.nothing()) {
            return null;
        }
        String province = area.province();
        if (!area.county().isEmpty() && inv.county(area.county()) != null) {
            province = inv.county(area.county()).provinceCode();
            if (!area.person().sees(province, area.county())) {
                return null; // a county outside the caller's area: nothing said of it, not even its deadline
            }
        }
        return deadlines.forArea(province, area.county());
    }

    private static JsonObject deadline(Deadline d) {
        return d == null ? null : FiberJson.day(d.date()).put("from", d.from().wireName());
    }

    private static JsonObject areaJson(FiberArea area) {
        return new JsonObject().put("level", area.level())
                .put("province", area.province().isEmpty() ? null : area.province())
                .put("county", area.county().isEmpty() ? null : area.county());
    }

    // ── gaps and findings ─────────────────────────────────────────────────────────────────

    private void gaps(RoutingContext ctx) {
        branchList(ctx, "gaps", Set.of());
    }

    private void findings(RoutingContext ctx) {
        Set<FiberFinding> wanted;
        try {
            wanted = findingsParam(ctx.queryParams().getAll("finding"));
        } catch (IllegalArgumentException e) {
            Replies.error(ctx, 400, e.getMessage());
            return;
        }
        branchList(ctx, "findings", wanted);
    }

    private static Set<FiberFinding> findingsParam(List<String> values) {
        Set<FiberFinding> out = EnumSet.noneOf(FiberFinding.class);
        for (String v : values) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(FiberFinding.parse(part));
                }
            }
        }
        return out;
    }

    /**
     * The gap list, or the branches with findings ({@code wanted}, or any), in the person's area:
     * JSON pages, or the whole list (or {@code limit} rows) as CSV.
     */
    private void branchList(RoutingContext ctx, String what, Set<FiberFinding> wanted) {
        boolean gaps = what.equals("gaps");
        FiberArea area;
        boolean csv;
        int limit;
        int offset;
        try {
            area = area(ctx);
            csv = wantsCsv(ctx);
            limit = QueryParams.intParam(ctx, "limit", csv ? MAX_CSV_ROWS : DEFAULT_LIMIT, 1, csv ? MAX_CSV_ROWS : MAX_LIMIT);
            offset = QueryParams.intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        } catch (IllegalArgumentException e) {
            Replies.error(ctx, 400, e.getMessage());
            return;
        }
        Future.fromCompletionStage(rollout.national(), ctx.vertx().getOrCreateContext()).onComplete(done -> {
            if (done.failed()) {
                Replies.error(ctx, 503, "the fiber rollout is not available yet: " + done.cause().getMessage());
                return;
            }
            FiberPicture picture = done.result();
            List<FiberCsv.Row> rows = new ArrayList<>();
            int total = 0;
            for (BranchFiber b : gaps ? picture.gaps() : picture.branches()) {
                if (!area.includes(b.branch().provinceCode(), b.branch().countyCode())) {
                    continue;
                }
                if (!gaps && (b.findings().isEmpty() || (!wanted.isEmpty() && !anyOf(b, wanted)))) {
                    continue;
                }
                total++;
                if (total > offset && rows.size() < limit) {
                    rows.add(new FiberCsv.Row(gaps ? total : 0, gaps ? Urgency.of(b) : null, b));
                }
            }
            Inventory inv = rollout.inventory();
            if (csv) {
                String name = "didban-fiber-" + what + "-" + picture.today() + ".csv";
                ctx.vertx().executeBlocking(() -> FiberCsv.branches(rows, inv), false)
                        .onComplete(text -> sendCsv(ctx, name, text.succeeded() ? text.result() : null));
                return;
            }
            JsonArray out = new JsonArray();
            for (FiberCsv.Row r : rows) {
                JsonObject j = FiberJson.branch(r.fiber(), inv);
                if (gaps) {
                    j = new JsonObject().put("rank", r.rank()).put("urgency", r.urgency().wireName()).mergeIn(j);
                }
                out.add(j);
            }
            Replies.json(ctx, 200, new JsonObject()
                    .put("computedAt", Replies.instant(picture.computedAt()))
                    .put("today", FiberJson.day(picture.today()))
                    .put("area", areaJson(area))
                    .put("total", total)
                    .put("offset", offset)
                    .put("limit", limit)
                    .put(gaps ? "gaps" : "branches", out));
        });
    }

    private static boolean anyOf(BranchFiber b, Set<FiberFinding> wanted) {
        for (FiberFinding f : b.findings()) {
            if (wanted.contains(f)) {
                return true;
            }
        }
        return false;
    }

    // ── history ───────────────────────────────────────────────────────────────────────────

    private void history(RoutingContext ctx) {
        FiberArea area;
        boolean csv;
        LocalDate from;
        LocalDate to;
        try {
            area = area(ctx);
            csv = wantsCsv(ctx);
            LocalDate today = rollout.today();
            to = dateParam(ctx, "to", today);
            from = dateParam(ctx, "from", to.minusDays(DEFAULT_HISTORY_DAYS));
            if (from.isAfter(to)) {
                throw new IllegalArgumentException("'from' (" + from + ") is after 'to' (" + to + ")");
            }
            if (ChronoUnit.DAYS.between(from, to) >= FiberHistory.MAX_DAYS) {
                throw new IllegalArgumentException("at most " + FiberHistory.MAX_DAYS + " days at a time");
            }
        } catch (IllegalArgumentException e) {
            Replies.error(ctx, 400, e.getMessage());
            return;
        }
        LocalDate first = from;
        LocalDate last = to;
        Future.fromCompletionStage(history.series(area, from, to), ctx.vertx().getOrCreateContext()).onComplete(done -> {
            if (done.failed()) {
                Replies.error(ctx, 503, "could not read the fiber history: " + done.cause().getMessage());
                return;
            }
            if (csv) {
                sendCsv(ctx, "didban-fiber-history-" + first + "-" + last + ".csv", FiberCsv.history(done.result()));
                return;
            }
            JsonArray days = new JsonArray();
            for (FiberHistory.Day d : done.result()) {
                days.add(FiberJson.day(d.day()).put("takenAt", Replies.instant(d.takenAt()))
                        .put("counts", FiberJson.counts(d.counts())));
            }
            Replies.json(ctx, 200, new JsonObject()
                    .put("area", areaJson(area))
                    .put("from", FiberJson.day(first))
                    .put("to", FiberJson.day(last))
                    .put("days", days));
        });
    }

    private static LocalDate dateParam(RoutingContext ctx, String name, LocalDate dflt) {
        String v = ctx.queryParams().get(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return FiberDates.parse(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + name + "': " + e.getMessage());
        }
    }

    // ── common ────────────────────────────────────────────────────────────────────────────

    private void withPicture(RoutingContext ctx, Function<FiberPicture, JsonObject> render) {
        Future.fromCompletionStage(rollout.national(), ctx.vertx().getOrCreateContext()).onComplete(done -> {
            if (done.failed()) {
                Replies.error(ctx, 503, "the fiber rollout is not available yet: " + done.cause().getMessage());
            } else {
                Replies.json(ctx, 200, render.apply(done.result()));
            }
        });
    }

    static FiberArea area(RoutingContext ctx) {
        return FiberArea.of(Person.of(ctx), ctx.queryParams().get("province"), ctx.queryParams().get("county"));
    }

    /** {@code format=csv|json}; without it, CSV when the client accepts text/csv. */
    static boolean wantsCsv(RoutingContext ctx) {
        String format = ctx.queryParams().get("format");
        if (format != null && !format.isBlank()) {
            switch (format.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "csv":
                    return true;
                case "json":
                    return false;
                default:
                    throw new IllegalArgumentException("format must be json or csv");
            }
        }
        String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
        return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("text/csv");
    }

    private static void sendCsv(RoutingContext ctx, String fileName, String text) {
        if (ctx.response().ended()) {
            return;
        }
        if (text == null) {
            Replies.error(ctx, 500, "could not write the CSV");
            return;
        }
        ctx.response().setStatusCode(200)
                .putHeader(HttpHeaders.CONTENT_TYPE, FiberCsv.CONTENT_TYPE)
                .putHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
                .end(text);
    }
}
