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
 * The nation and provinces come from the {@link ReadinessBoard}'s last snapshot ({@code computedAt}
 * says when); a county and a branch are assessed on request, on their shard. An area outside the
 * caller's is "not found", as for alerts. Must be mounted behind people authentication
 * ({@code BearerAuthentication.protect(router, PATH, PATH + "/*")}).
 */
public final class ReadinessEndpoint {
    public static final String PATH = "/api/v1/readiness";
    private final ReadinessBoard board;

    public ReadinessEndpoint(ReadinessBoard board) {
        this.board = Objects.requireNonNull(board, "board");
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
        board.branch(code).onComplete(done -> {
            if (done.failed() || done.result() == null) {
                Replies.error(ctx, 503, "could not assess the branch: " + (done.failed() ? done.cause().getMessage() : "gone"));
                return;
            }
            Replies.json(ctx, 200, ReadinessJson.branch(done.result(), board.inventory()));
        });
    }

    private void answerProvince(RoutingContext ctx, String code) {
        fromSnapshot(ctx, s -> s.province(code));
    }

    private void answerCounty(RoutingContext ctx, String code) {
        board.county(code).onComplete(done -> {
            if (done.failed()) {
                Replies.error(ctx, 503, "could not assess the county: " + done.cause().getMessage());
                return;
            }
            CountyReadiness c = done.result();
            if (c == null) {
                Replies.error(ctx, 404, "no county '" + code + "' in the inventory");
                return;
            }
            JsonArray branches = new JsonArray();
            c.branches().forEach(b -> branches.add(ReadinessJson.summary(b)));
            long assessedAt = c.branches().isEmpty() ? System.currentTimeMillis() : c.branches().get(0).assessedAt();
            JsonObject body = ReadinessJson.rollup(c.rollup())
                    .put("computedAt", Replies.instant(assessedAt))
                    .put("phase", c.branches().isEmpty() ? null : c.branches().get(0).phase().wireName())
                    .put("branchList", branches);
            Replies.json(ctx, 200, body);
        });
    }

    private interface Pick {
        ReadinessRollup from(ReadinessSnapshot s);
    }

    private void fromSnapshot(RoutingContext ctx, Pick pick) {
        Future<ReadinessSnapshot> current = board.current();
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
