package org.didban.collector.fiber;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.didban.model.FiberStatus;

/**
 * The rollout across every branch at one moment: each branch's {@link BranchFiber}, the gap list
 * in urgency order, and the counts by nation, province and county. Immutable, built off the event
 * loops once per refresh, and read by any thread (endpoints, metrics, the daily snapshot).
 */
public final class FiberPicture {
    private final long computedAt;
    private final long tookMillis;
    private final LocalDate today;
    private final List<BranchFiber> branches;
    private final List<BranchFiber> gaps;
    private final Map<String, BranchFiber> byCode;
    private final FiberCounts nation;
    private final Map<String, FiberCounts> byProvince;
    private final Map<String, FiberCounts> byCounty;
    private final Map<String, String> provinceOfCounty;
    /** Per province: branches by paper status (row) and detected path (column). */
    private final Map<String, int[][]> paperByDetected;

    private FiberPicture(long computedAt, long tookMillis, LocalDate today, List<BranchFiber> sorted) {
        this.computedAt = computedAt;
        this.tookMillis = tookMillis;
        this.today = today;
        this.branches = Collections.unmodifiableList(sorted);
        Map<String, BranchFiber> codes = new HashMap<>(sorted.size() * 2);
        List<BranchFiber> gapList = new ArrayList<>();
        FiberCounts.Builder all = new FiberCounts.Builder();
        Map<String, FiberCounts.Builder> provinces = new TreeMap<>();
        Map<String, FiberCounts.Builder> counties = new TreeMap<>();
        Map<String, String> countyProvince = new HashMap<>();
        Map<String, int[][]> grid = new TreeMap<>();
        for (BranchFiber b : sorted) {
            codes.put(b.code(), b);
            if (b.gap()) {
                gapList.add(b);
            }
            String p = b.branch().provinceCode();
            String c = b.branch().countyCode();
            all.add(b);
            provinces.computeIfAbsent(p, k -> new FiberCounts.Builder()).add(b);
            counties.computeIfAbsent(c, k -> new FiberCounts.Builder()).add(b);
            countyProvince.putIfAbsent(c, p);
            grid.computeIfAbsent(p, k -> new int[FiberStatus.values().length][Detected.values().length])
                    [b.paper().ordinal()][b.detected().ordinal()]++;
        }
        gapList.sort(Urgency.ORDER);
        this.gaps = Collections.unmodifiableList(gapList);
        this.byCode = Collections.unmodifiableMap(codes);
        this.nation = all.build();
        this.byProvince = built(provinces);
        this.byCounty = built(counties);
        this.provinceOfCounty = Collections.unmodifiableMap(countyProvince);
        this.paperByDetected = Collections.unmodifiableMap(grid);
    }

    /** Orders and counts; O(n log n), so build it on a worker thread for a national fleet. */
    public static FiberPicture of(Collection<BranchFiber> branches, LocalDate today, long computedAt, long tookMillis) {
        List<BranchFiber> sorted = new ArrayList<>(branches);
        sorted.sort(Comparator.comparing(BranchFiber::code));
        return new FiberPicture(computedAt, tookMillis, today, sorted);
    }

    private static Map<String, FiberCounts> built(Map<String, FiberCounts.Builder> builders) {
        Map<String, FiberCounts> out = new TreeMap<>();
        builders.forEach((k, v) -> out.put(k, v.build()));
        return Collections.unmodifiableMap(out);
    }

    /** When the branches were read (epoch ms). */
    public long computedAt() {
        return computedAt;
    }

    /** How long reading and judging every branch took. */
    public long tookMillis() {
        return tookMillis;
    }

    /** The day deadlines were judged against, in the deadlines' zone. */
    public LocalDate today() {
        return today;
    }

    /** Every branch, by code. */
    public List<BranchFiber> branches() {
        return branches;
    }

    /** Branches without fiber where it is expected ({@link BranchFiber#gap()}), most urgent first ({@link Urgency#ORDER}). */
    public List<BranchFiber> gaps() {
        return gaps;
    }

    public BranchFiber branch(String code) {
        return byCode.get(code);
    }

    public FiberCounts nation() {
        return nation;
    }

    /** By province code, in code order. */
    public Map<String, FiberCounts> provinces() {
        return byProvince;
    }

    /** By county code, in code order. */
    public Map<String, FiberCounts> counties() {
        return byCounty;
    }

    /** The province of a county that has branches; null for another. */
    public String provinceOf(String countyCode) {
        return provinceOfCounty.get(countyCode);
    }

    /** Branches of a province with this paper status and this detected path (for metrics). */
    public int count(String provinceCode, FiberStatus paper, Detected detected) {
        int[][] g = paperByDetected.get(provinceCode);
        return g == null ? 0 : g[paper.ordinal()][detected.ordinal()];
    }
}
