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

    /** Only the counties {@code keep} says (a collector's report, to the counties it holds). */
    public CountyTallies only(java.util.function.Predicate<String> keep) {
        Map<String, AreaTally> out = new HashMap<>();
        counties.forEach((code, t) -> {
            if (keep.test(code)) {
                out.put(code, t);
            }
        });
        return new CountyTallies(out);
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
        t.branches = count(j.getValue("branches"), "branches");
        t.ready = count(j.getValue("ready"), "ready");
        t.neverHeard = count(j.getValue("neverHeard"), "neverHeard");
        t.sensitive = count(j.getValue("sensitive"), "sensitive");
        t.scoreSum = whole(j.getValue("scoreSum"), "scoreSum", Long.MAX_VALUE);
        int inCounty = inventory.branchesOf(county).size();
        if (t.branches > inCounty || t.ready > t.branches || t.neverHeard > t.branches || t.sensitive > t.branches
                || t.scoreSum > 100L * t.branches) {
            throw new IllegalArgumentException("county " + county + ": counts that do not add up");
        }
        read(j.getJsonArray("bands"), t.bands, t.branches, true, county);
        read(j.getJsonArray("sensitiveBands"), t.sensitiveBands, t.sensitive, true, county);
        read(j.getJsonArray("gateFailed"), t.gateFailed, t.branches, false, county);
        read(j.getJsonArray("gateUnknown"), t.gateUnknown, t.branches, false, county);
        for (int g = 0; g < t.gateFailed.length; g++) {
            if (t.gateFailed[g] + t.gateUnknown[g] > t.branches) {
                throw new IllegalArgumentException("county " + county + ": more gates failed or unknown than branches");
            }
        }
        JsonArray worst = j.getJsonArray("worst");
        if (worst.size() > Math.min(MAX_WORST, t.branches)) {
            throw new IllegalArgumentException("county " + county + ": too many worst branches");
        }
        List<BranchSummary> summaries = new ArrayList<>(worst.size());
        java.util.Set<String> codes = new java.util.HashSet<>();
        int[] perBand = new int[t.bands.length];
        for (int i = 0; i < worst.size(); i++) {
            JsonObject w = worst.getJsonObject(i);
            Branch b = inventory.branch(w.getString("code"));
            if (b == null || !b.countyCode().equals(county) || !codes.add(b.code())) {
                throw new IllegalArgumentException("county " + county + ": branch '" + w.getString("code")
                        + "' is not one of its, or is listed twice");
            }
            JsonArray g = w.getJsonArray("gates");
            List<GateStatus> gates = new ArrayList<>(g.size());
            for (int k = 0; k < g.size(); k++) {
                gates.add(GateStatus.valueOf(g.getString(k)));
            }
            Band band = Band.valueOf(w.getString("band"));
            if (++perBand[band.ordinal()] > t.bands[band.ordinal()]) {
                throw new IllegalArgumentException("county " + county + ": more worst branches in " + band + " than it has");
            }
            summaries.add(new BranchSummary(b, (int) whole(w.getValue("score"), "score", 100), band,
                    w.getBoolean("ready"), whole(w.getValue("lastHeard"), "lastHeard", Long.MAX_VALUE), gates));
        }
        summaries.sort(AreaTally.WORST_FIRST);
        for (BranchSummary s : summaries) {
            if (t.worst.size() < keep) {
                t.worst.add(s);
            }
        }
        return t;
    }

    private static int count(Object value, String what) {
        return (int) whole(value, what, Integer.MAX_VALUE);
    }

    /** A whole JSON number from 0 to {@code max}: never a fraction, nor a long cut down to an int. */
    private static long whole(Object value, String what, long max) {
        if (!(value instanceof Number)) {
            throw new IllegalArgumentException(what + " is not a number");
        }
        Number n = (Number) value;
        long l = n.longValue();
        if ((value instanceof Double || value instanceof Float) && n.doubleValue() != l
                || value instanceof java.math.BigInteger || value instanceof java.math.BigDecimal) {
            throw new IllegalArgumentException(what + " is not a whole number in range");
        }
        if (l < 0 || l > max) {
            throw new IllegalArgumentException(what + " out of range");
        }
        return l;
    }

    /**
     * Fills {@code into} from a JSON array of the same length, each 0 to {@code total}; with
     * {@code sums}, they add up to {@code total} exactly.
     */
    private static void read(JsonArray from, int[] into, int total, boolean sums, String county) {
        if (from.size() != into.length) {
            throw new IllegalArgumentException("county " + county + ": " + into.length + " numbers expected");
        }
        long sum = 0;
        for (int i = 0; i < into.length; i++) {
            into[i] = (int) whole(from.getValue(i), "a count", total);
            sum += into[i];
        }
        if (sums && sum != total) {
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
