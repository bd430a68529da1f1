package org.didban.collector.readiness;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.didban.model.Branch;
import org.didban.model.County;
import org.didban.model.Inventory;

/**
 * One collector's readiness counts for the counties it holds, as a cluster's collectors hand them
 * to one another so that each can show people the whole nation (a collector assesses only the
 * branches it evaluates). Per county: the branches per band, gates failed and unknown, the score
 * sum, and its worst few branches as summaries. Immutable once made.
 */
public final class CountyTallies {
    public static final CountyTallies NONE = new CountyTallies(Map.of());
    /** Counties and worst branches a peer may send at most: the inventory's, and 200 a county. */
    static final int MAX_WORST = 200;

    private final Map<String, AreaTally> counties;

    CountyTallies(Map<String, AreaTally> counties) {
        this.counties = Collections.unmodifiableMap(new HashMap<>(counties));
    }

    public Set<String> counties() {
        return counties.keySet();
    }

    /** The tallies of several collectors; a county more than one claims (it is moving) from the first. */
    public static CountyTallies merge(List<CountyTallies> parts) {
        Map<String, AreaTally> all = new HashMap<>();
        for (CountyTallies p : parts) {
            p.counties.forEach(all::putIfAbsent);
        }
        return new CountyTallies(all);
    }

    AreaTally tally(String county) {
        return counties.get(county);
    }

    public JsonObject toJson() {
        JsonObject out = new JsonObject();
        counties.forEach((code, t) -> {
            JsonArray worst = new JsonArray();
            for (BranchSummary s : t.worst) {
                JsonArray gates = new JsonArray();
                s.gates().forEach(g -> gates.add(g.name()));
                worst.add(new JsonObject().put("code", s.code()).put("score", s.score()).put("band", s.band().name())
                        .put("ready", s.ready()).put("lastHeard", s.lastHeard()).put("gates", gates));
            }
            out.put(code, new JsonObject().put("branches", t.branches).put("ready", t.ready)
                    .put("neverHeard", t.neverHeard).put("sensitive", t.sensitive).put("scoreSum", t.scoreSum)
                    .put("bands", ints(t.bands)).put("sensitiveBands", ints(t.sensitiveBands))
                    .put("gateFailed", ints(t.gateFailed)).put("gateUnknown", ints(t.gateUnknown))
                    .put("worst", worst));
        });
        return new JsonObject().put("counties", out);
    }

    /**
     * Reads what a peer sent, checked against this collector's inventory: only its counties, only
     * branches of the county named, counts that add up.
     *
     * @param keep worst branches kept per area here
     * @throws IllegalArgumentException what is wrong with it
     */
    public static CountyTallies fromJson(JsonObject json, Inventory inventory, int keep) {
        try {
            JsonObject all = json.getJsonObject("counties");
            if (all == null) {
                throw new IllegalArgumentException("no counties");
            }
            if (all.size() > inventory.counties().size()) {
                throw new IllegalArgumentException("more counties than the inventory has");
            }
            Map<String, AreaTally> out = new HashMap<>();
            for (String code : all.fieldNames()) {
                County county = inventory.county(code);
                if (county == null) {
                    throw new IllegalArgumentException("no county '" + code + "' in the inventory");
                }
                out.put(code, tally(all.getJsonObject(code), code, inventory, keep));
            }
            return new CountyTallies(out);
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("malformed readiness tallies: " + e.getMessage(), e);
        }
    }

    private static AreaTally tally(JsonObject j, String county, Inventory inventory, int keep) {
        AreaTally t = new AreaTally(keep);
        t.branches = count(j, "branches");
        t.ready = count(j, "ready");
        t.neverHeard = count(j, "neverHeard");
        t.sensitive = count(j, "sensitive");
        t.scoreSum = j.getLong("scoreSum");
        int inCounty = inventory.branchesOf(county).size();
        if (t.branches > inCounty || t.ready > t.branches || t.neverHeard > t.branches || t.sensitive > t.branches
                || t.scoreSum < 0 || t.scoreSum > 100L * t.branches) {
            throw new IllegalArgumentException("county " + county + ": counts that do not add up");
        }
        read(j.getJsonArray("bands"), t.bands, t.branches, county);
        read(j.getJsonArray("sensitiveBands"), t.sensitiveBands, t.sensitive, county);
        read(j.getJsonArray("gateFailed"), t.gateFailed, -1, county);
        read(j.getJsonArray("gateUnknown"), t.gateUnknown, -1, county);
        JsonArray worst = j.getJsonArray("worst");
        if (worst.size() > Math.min(MAX_WORST, t.branches)) {
            throw new IllegalArgumentException("county " + county + ": too many worst branches");
        }
        List<BranchSummary> summaries = new ArrayList<>(worst.size());
        for (int i = 0; i < worst.size(); i++) {
            JsonObject w = worst.getJsonObject(i);
            Branch b = inventory.branch(w.getString("code"));
            if (b == null || !b.countyCode().equals(county)) {
                throw new IllegalArgumentException("county " + county + ": branch '" + w.getString("code")
                        + "' is not one of its");
            }
            JsonArray g = w.getJsonArray("gates");
            List<GateStatus> gates = new ArrayList<>(g.size());
            for (int k = 0; k < g.size(); k++) {
                gates.add(GateStatus.valueOf(g.getString(k)));
            }
            summaries.add(new BranchSummary(b, w.getInteger("score"), Band.valueOf(w.getString("band")),
                    w.getBoolean("ready"), w.getLong("lastHeard"), gates));
        }
        summaries.sort(AreaTally.WORST_FIRST);
        for (BranchSummary s : summaries) {
            if (t.worst.size() < keep) {
                t.worst.add(s);
            }
        }
        return t;
    }

    private static int count(JsonObject j, String field) {
        int n = j.getInteger(field);
        if (n < 0) {
            throw new IllegalArgumentException(field + " below zero");
        }
        return n;
    }

    /** Fills {@code into} from a JSON array of the same length; the sum at most {@code total} (unless -1). */
    private static void read(JsonArray from, int[] into, int total, String county) {
        if (from.size() != into.length) {
            throw new IllegalArgumentException("county " + county + ": " + into.length + " numbers expected");
        }
        long sum = 0;
        for (int i = 0; i < into.length; i++) {
            into[i] = from.getInteger(i);
            if (into[i] < 0) {
                throw new IllegalArgumentException("county " + county + ": a count below zero");
            }
            sum += into[i];
        }
        if (total >= 0 && sum != total) {
            throw new IllegalArgumentException("county " + county + ": counts that do not add up");
        }
    }

    private static JsonArray ints(int[] values) {
        JsonArray a = new JsonArray();
        for (int v : values) {
            a.add(v);
        }
        return a;
    }
}
