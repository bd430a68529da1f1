package org.didban.collector.fiber;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.didban.model.Branch;
import org.didban.model.Inventory;

/**
 * What one collector's branches' devices report of their uplinks, as a cluster's collectors hand
 * it to one another so that each can show planners the whole rollout: the paper side is in every
 * collector's inventory, only the detection is known where a branch is evaluated. Per branch that
 * reported anything: the active path, the paths seen and when. Immutable once made.
 */
public final class BranchDetections {
    public static final BranchDetections NONE = new BranchDetections(Map.of());
    private static final Detected[] DETECTED = Detected.values();
    /** How far ahead of this collector's clock another's "last seen" may be (clocks differ a little). */
    static final long MAX_AHEAD_MILLIS = 10 * 60_000;

    private final Map<String, Detection> byBranch;

    BranchDetections(Map<String, Detection> byBranch) {
        this.byBranch = Collections.unmodifiableMap(new HashMap<>(byBranch));
    }

    /** The detections of these branches (a collector's own picture). */
    static BranchDetections of(List<BranchFiber> branches) {
        Map<String, Detection> out = new HashMap<>(branches.size() * 2);
        for (BranchFiber b : branches) {
            out.put(b.code(), b.detection());
        }
        return new BranchDetections(out);
    }

    public Map<String, Detection> byBranch() {
        return byBranch;
    }

    /** Only the branches {@code keep} says (a collector's report, to the branches it holds). */
    public BranchDetections only(java.util.function.Predicate<String> keep) {
        Map<String, Detection> out = new HashMap<>();
        byBranch.forEach((code, d) -> {
            if (keep.test(code)) {
                out.put(code, d);
            }
        });
        return new BranchDetections(out);
    }

    /** Several collectors' detections; a branch more than one claims (it is moving) from the first. */
    public static BranchDetections merge(List<BranchDetections> parts) {
        Map<String, Detection> all = new HashMap<>();
        for (BranchDetections p : parts) {
            p.byBranch.forEach(all::putIfAbsent);
        }
        return new BranchDetections(all);
    }

    /** {@code {code: [active, paths bits, lastSeen]}}; branches whose devices reported nothing as {@code []}. */
    public JsonObject toJson() {
        JsonObject out = new JsonObject();
        byBranch.forEach((code, d) -> {
            if (d.equals(Detection.NONE_REPORTED)) {
                out.put(code, new JsonArray());
                return;
            }
            int paths = 0;
            for (Detected p : d.paths()) {
                paths |= 1 << p.ordinal();
            }
            out.put(code, new JsonArray().add(d.active().ordinal()).add(paths).add(d.lastSeen()));
        });
        return new JsonObject().put("branches", out);
    }

    /**
     * Reads what a peer sent, against this collector's inventory: only its branches, only known
     * paths.
     *
     * @throws IllegalArgumentException what is wrong with it
     */
    public static BranchDetections fromJson(JsonObject json, Inventory inventory) {
        long now = System.currentTimeMillis();
        try {
            JsonObject all = json.getJsonObject("branches");
            if (all == null) {
                throw new IllegalArgumentException("no branches");
            }
            if (all.size() > inventory.branches().size()) {
                throw new IllegalArgumentException("more branches than the inventory has");
            }
            Map<String, Detection> out = new HashMap<>(all.size() * 2);
            for (String code : all.fieldNames()) {
                Branch b = inventory.branch(code);
                if (b == null) {
                    throw new IllegalArgumentException("no branch '" + code + "' in the inventory");
                }
                JsonArray a = all.getJsonArray(code);
                if (a.isEmpty()) {
                    out.put(code, Detection.NONE_REPORTED);
                    continue;
                }
                if (a.size() != 3) {
                    throw new IllegalArgumentException("branch " + code + ": [active, paths, lastSeen] expected");
                }
                if (!(a.getValue(0) instanceof Integer) || !(a.getValue(1) instanceof Integer)
                        || !(a.getValue(2) instanceof Integer || a.getValue(2) instanceof Long)) {
                    throw new IllegalArgumentException("branch " + code + ": whole numbers expected");
                }
                int active = a.getInteger(0);
                int bits = a.getInteger(1);
                long lastSeen = a.getLong(2);
                if (active < 0 || active >= DETECTED.length || bits < 1 || bits > 7) {
                    throw new IllegalArgumentException("branch " + code + ": no such path");
                }
                List<Detected> paths = new ArrayList<>(3);
                for (Detected p : Detected.PATHS) {
                    if ((bits & (1 << p.ordinal())) != 0) {
                        paths.add(p);
                    }
                }
                Detected on = DETECTED[active];
                // as Detection.combine makes them: a path seen when active, down when none is up
                if (on == Detected.UNKNOWN || (on != Detected.DOWN && !paths.contains(on))
                        || lastSeen <= 0 || lastSeen > now + MAX_AHEAD_MILLIS) {
                    throw new IllegalArgumentException("branch " + code + ": a detection that cannot be");
                }
                out.put(code, new Detection(on, paths, lastSeen));
            }
            return new BranchDetections(out);
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("malformed uplink detections: " + e.getMessage(), e);
        }
    }
}
