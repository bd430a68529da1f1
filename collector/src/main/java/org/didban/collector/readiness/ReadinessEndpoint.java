package org.didban.collector.readiness;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import org.didban.collector.http.Replies;
import org.didban.collector.people.Person;
import org.didban.collector.people.Role;
import org.didban.model.Branch;
import org.didban.model.County;
import org.didban.model.Province;

/**
 * Branch readiness for people, each within their area (enforced here):
 * <pre>
 * GET /api/v1/readiness                       the caller's area: the nation (HQ, planners, admins) with its
 *                                             provinces, a province officer's province, a county IT's county
 * GET /api/v1/readiness/provinces/{code}      a province with its counties and worst branches
 * GET /api/v1/readiness/counties/{code}       a county with every branch, worst first (assessed now)
 * GET /api/v1/readiness/branches/{code}       one branch: gates with reasons, component scores (assessed now)
 * </pre>
 * The nation and provinces come from the {@link ReadinessBoard}'s last national snapshot
 * ({@code computedAt} says when; in a cluster, the other collectors' counties as they last told
 * them); a county and a branch are assessed on request, on their shard, by the collector that
 * evaluates them. An area outside the
 * caller's is "not found", as for alerts. Must be mounted behind people authentication
 * ({@code BearerAuthentication.protect(router, PATH, PATH + "/*")}).
 */
public final class ReadinessEndpoint {
    public static final String PATH = "/api/v1/readiness";
    private final ReadinessBoard board;
    private volatile java.util.function.Function<String, Future<JsonObject>> countyBody = this::localCounty;
    private volatile java.util.function.Function<String, Future<JsonObject>> branchBody = this::localBranch;

    public ReadinessEndpoint(ReadinessBoard board) {
        this.board = Objects.requireNonNull(board, "board");
    }

    /**
     * In a cluster: a county and a branch are assessed by the collector that evaluates them, found
     * through these (which fall back on {@link #localCounty} and {@link #localBranch} there).
     */
    public ReadinessEndpoint askThrough(java.util.function.Function<String, Future<JsonObject>> county,
                                        java.util.function.Function<String, Future<JsonObject>> branch) {
        this.countyBody = Objects.requireNonNull(county, "county");
        this.branchBody = Objects.requireNonNull(branch, "branch");
        return this;
    }

    /** A county with every branch, assessed now on this collector's shard; fails when the inventory has no such county. */
    public Future<JsonObject> localCounty(String code) {
        return board.county(code).compose(c -> {
            if (c == null) {
                return Future.failedFuture(new java.util.NoSuchElementException("no county '" + code + "' in the inventory"));
            }
            JsonArray branches = new JsonArray();
            c.branches().forEach(b -> branches.add(ReadinessJson.summary(b)));
            long assessedAt = c.branches().isEmpty() ? System.currentTimeMillis() : c.branches().get(0).assessedAt();
            return Future.succeededFuture(ReadinessJson.rollup(c.rollup())
                    .put("computedAt", Replies.instant(assessedAt))
                    .put("phase", c.branches().isEmpty() ? null : c.branches().get(0).phase().wireName())
                    .put("branchList", branches));
        });
    }

    /** One branch, assessed now on this collector's shard. */
    public Future<JsonObject> localBranch(String code) {
        return board.branch(code).compose(b -> b == null
                ? Future.failedFuture(new java.util.NoSuchElementException("no branch '" + code + "' in the inventory"))
                : Future.succeededFuture(ReadinessJson.branch(b, board.inventory())));
    }

    public void mount(Router router) {
        router.get(PATH).handler(this::mine);
        router.get(PATH + "/provinces/:code").handler(this::province);
        router.get(PATH + "/counties/:code").handler(this::county);
        router.get(PATH + "/branches/:code").handler(this::branch);
    }

    private void mine(RoutingContext ctx) {
        Person person = Person.of(ctx);
        if (person.role() == Role.COUNTY) {
            answerCounty(ctx, person.area());
        } else if (person.role() == Role.PROVINCE) {
            answerProvince(ctx, person.area());
        } else {
            fromSnapshot(ctx, s -> s.nation());
        }
    }

    private void province(RoutingContext ctx) {
        String code = ctx.pathParam("code");
        Province p = board.inventory().province(code);
        // a county's IT sees its county, not the province around it
        if (p == null || !Person.of(ctx).sees(code, "")) {
            Replies.error(ctx, 404, "no province '" + code + "' in your area");
            return;
        }
        answerProvince(ctx, code);
    }

    private void county(RoutingContext ctx) {
        String code = ctx.pathParam("code");
        County c = board.inventory().county(code);
        if (c == null || !Person.of(ctx).sees(c.provinceCode(), code)) {
            Replies.error(ctx, 404, "no county '" + code + "' in your area");
            return;
        }
        answerCounty(ctx, code);
    }

    private void branch(RoutingContext ctx) {
        String code = ctx.pathParam("code");
        Branch b = board.inventory().branch(code);
        if (b == null || !Person.of(ctx).sees(b.provinceCode(), b.countyCode())) {
            Replies.error(ctx, 404, "no branch '" + code + "' in your area");
            return;
        }
        branchBody.apply(code).onComplete(done -> {
            if (done.failed()) {
                Replies.error(ctx, 503, "could not assess the branch: " + done.cause().getMessage());
                return;
            }
            Replies.json(ctx, 200, done.result());
        });
    }

    private void answerProvince(RoutingContext ctx, String code) {
        fromSnapshot(ctx, s -> s.province(code));
    }

    private void answerCounty(RoutingContext ctx, String code) {
        if (board.inventory().county(code) == null) {
            Replies.error(ctx, 404, "no county '" + code + "' in the inventory");
            return;
        }
        countyBody.apply(code).onComplete(done -> {
            if (done.failed()) {
                Replies.error(ctx, 503, "could not assess the county: " + done.cause().getMessage());
                return;
            }
            Replies.json(ctx, 200, done.result());
        });
    }

    private interface Pick {
        ReadinessRollup from(ReadinessSnapshot s);
    }

    private void fromSnapshot(RoutingContext ctx, Pick pick) {
        Future<ReadinessSnapshot> current = board.national();
        current.onComplete(done -> {
            if (done.failed()) {
                Replies.error(ctx, 503, "readiness is not computed yet: " + done.cause().getMessage());
                return;
            }
            ReadinessSnapshot s = done.result();
            ReadinessRollup r = pick.from(s);
            if (r == null) {
                Replies.error(ctx, 404, "no such area in the inventory");
                return;
            }
            Replies.json(ctx, 200, ReadinessJson.rollup(r)
                    .put("computedAt", Replies.instant(s.computedAt()))
                    .put("phase", s.phase().wireName()));
        });
    }
}
