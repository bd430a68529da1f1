package org.didban.collector.fiber;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import org.didban.collector.http.Replies;
import org.didban.model.Branch;
import org.didban.model.County;
import org.didban.model.Inventory;
import org.didban.model.Province;

/** The JSON of the rollout, the same in every endpoint (docs/FIBER.md). */
public final class FiberJson {
    private FiberJson() {
    }

    /** A day as {@code {"date": "2025-09-22", "jalali": "1404/06/31"}}; null for none. */
    public static JsonObject day(LocalDate d) {
        return d == null ? null : new JsonObject().put("date", d.toString()).put("jalali", FiberDates.jalali(d));
    }

    /** A branch's fiber: where it is, then paper, detected, deadline and findings ({@link #state}). */
    public static JsonObject branch(BranchFiber f, Inventory inventory) {
        Branch b = f.branch();
        return where(b, inventory)
                .put("sensitive", b.sensitive())
                .put("sensitiveReason", b.sensitive() ? b.sensitiveReason() : null)
                .mergeIn(state(f));
    }

    /** A branch's code, names, province and county. */
    public static JsonObject where(Branch b, Inventory inventory) {
        return new JsonObject()
                .put("code", b.code())
                .put("name", new JsonObject().put("fa", b.nameFa()).put("en", b.nameEn()))
                .put("province", province(inventory, b.provinceCode()))
                .put("county", county(inventory, b.countyCode()));
    }

    /** Paper, detected, whether fiber is in place, the deadline and the findings. */
    public static JsonObject state(BranchFiber f) {
        JsonObject paper = new JsonObject().put("status", f.paper().wireName()).put("planned", day(f.planned()));
        JsonArray paths = new JsonArray();
        f.detection().paths().forEach(p -> paths.add(p.wireName()));
        JsonObject detected = new JsonObject()
                .put("active", f.detected().wireName())
                .put("paths", paths)
                .put("lastSeen", Replies.instant(f.detection().lastSeen()));
        JsonObject deadline = null;
        if (f.deadline() != null) {
            deadline = day(f.deadline().date()).put("from", f.deadline().from().wireName())
                    .put("daysPast", f.daysPastDeadline());
        }
        JsonArray findings = new JsonArray();
        for (FiberFinding x : f.findings()) {
            findings.add(new JsonObject().put("finding", x.wireName())
                    .put("title", new JsonObject().put("en", x.titleEn()).put("fa", x.titleFa())));
        }
        return new JsonObject()
                .put("paper", paper)
                .put("detected", detected)
                .put("fiberInPlace", f.fiberInPlace())
                .put("fiberExpected", f.fiberExpected())
                .put("deadline", deadline)
                .put("findings", findings);
    }

    public static JsonObject province(Inventory inventory, String code) {
        Province p = inventory.province(code);
        return new JsonObject().put("code", code).put("fa", p == null ? null : p.nameFa()).put("en", p == null ? null : p.nameEn());
    }

    public static JsonObject county(Inventory inventory, String code) {
        County c = inventory.county(code);
        return new JsonObject().put("code", code).put("fa", c == null ? null : c.nameFa()).put("en", c == null ? null : c.nameEn());
    }

    /** Counts as nested objects: paper, detected, findings, and the gap totals. */
    public static JsonObject counts(FiberCounts n) {
        JsonObject findings = new JsonObject();
        for (FiberFinding f : FiberFinding.values()) {
            findings.put(f.wireName(), n.get(FiberCounts.findingTally(f)));
        }
        return new JsonObject()
                .put("branches", n.get(FiberCounts.Tally.BRANCHES))
                .put("paper", new JsonObject()
                        .put("connected", n.get(FiberCounts.Tally.PAPER_CONNECTED))
                        .put("planned", n.get(FiberCounts.Tally.PAPER_PLANNED))
                        .put("none", n.get(FiberCounts.Tally.PAPER_NONE)))
                .put("detected", new JsonObject()
                        .put("fiber", n.get(FiberCounts.Tally.DETECTED_FIBER))
                        .put("copper", n.get(FiberCounts.Tally.DETECTED_COPPER))
                        .put("cellular", n.get(FiberCounts.Tally.DETECTED_CELLULAR))
                        .put("down", n.get(FiberCounts.Tally.DETECTED_DOWN))
                        .put("unknown", n.get(FiberCounts.Tally.DETECTED_UNKNOWN)))
                .put("withoutFiber", n.get(FiberCounts.Tally.WITHOUT_FIBER))
                .put("pastDeadline", n.get(FiberCounts.Tally.PAST_DEADLINE))
                .put("sensitiveWithoutFiber", n.get(FiberCounts.Tally.SENSITIVE_WITHOUT_FIBER))
                .put("findings", findings);
    }
}
