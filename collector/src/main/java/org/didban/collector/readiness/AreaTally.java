package org.didban.collector.readiness;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Counts for one area while a sweep goes (per county on its shard, then merged into provinces and
 * the nation): branches per band, gates failed and unknown, the score sum, and the {@code worst}
 * few branches written out in full. Mutable, confined to one thread at a time.
 */
final class AreaTally {
    /** Worst first: red before amber before green, then the lower score, then sensitive, then by code. */
    static final Comparator<BranchSummary> WORST_FIRST = Comparator
            .comparingInt((BranchSummary r) -> -r.band().ordinal())
            .thenComparingInt(BranchSummary::score)
            .thenComparing(r -> !r.branch().sensitive())
            .thenComparing(BranchSummary::code);
    /** The same order for branches in full. */
    static final Comparator<BranchReadiness> WORST_FIRST_FULL = Comparator
            .comparingInt((BranchReadiness r) -> -r.band().ordinal())
            .thenComparingInt(BranchReadiness::score)
            .thenComparing(r -> !r.branch().sensitive())
            .thenComparing(BranchReadiness::code);
    private static final Gate[] GATES = Gate.values();

    final int keep;
    int branches;
    int ready;
    int neverHeard;
    int sensitive;
    long scoreSum;
    final int[] bands = new int[Band.values().length];
    final int[] sensitiveBands = new int[Band.values().length];
    final int[] gateFailed = new int[Gate.values().length];
    final int[] gateUnknown = new int[Gate.values().length];
    /** Sorted worst first, at most {@code keep}. */
    final List<BranchSummary> worst;

    AreaTally(int keep) {
        this.keep = keep;
        this.worst = new ArrayList<>(Math.min(keep, 64) + 1);
    }

    void add(Assessment a) {
        branches++;
        if (a.allPassed) {
            ready++;
        }
        if (a.lastHeard == 0) {
            neverHeard++;
        }
        scoreSum += a.score;
        bands[a.band.ordinal()]++;
        if (a.branch.sensitive()) {
            sensitive++;
            sensitiveBands[a.band.ordinal()]++;
        }
        for (Gate g : GATES) {
            GateStatus s = a.status(g);
            if (s == GateStatus.FAIL) {
                gateFailed[g.ordinal()]++;
            } else if (s == GateStatus.UNKNOWN) {
                gateUnknown[g.ordinal()]++;
            }
        }
        if (keep > 0 && (worst.size() < keep || worseThanLast(a))) {
            offer(a.toSummary());
        }
    }

    /** Whether the branch on the pad ranks before the last of the kept worst (without writing it out). */
    private boolean worseThanLast(Assessment a) {
        BranchSummary last = worst.get(worst.size() - 1);
        int c = Integer.compare(last.band().ordinal(), a.band.ordinal());
        if (c == 0) {
            c = Integer.compare(a.score, last.score());
        }
        if (c == 0) {
            c = Boolean.compare(!a.branch.sensitive(), !last.branch().sensitive());
        }
        if (c == 0) {
            c = a.branch.code().compareTo(last.code());
        }
        return c < 0;
    }

    private void offer(BranchSummary r) {
        int at = java.util.Collections.binarySearch(worst, r, WORST_FIRST);
        worst.add(at < 0 ? -at - 1 : at, r);
        if (worst.size() > keep) {
            worst.remove(worst.size() - 1);
        }
    }

    void merge(AreaTally o) {
        branches += o.branches;
        ready += o.ready;
        neverHeard += o.neverHeard;
        sensitive += o.sensitive;
        scoreSum += o.scoreSum;
        for (int i = 0; i < bands.length; i++) {
            bands[i] += o.bands[i];
            sensitiveBands[i] += o.sensitiveBands[i];
        }
        for (int i = 0; i < gateFailed.length; i++) {
            gateFailed[i] += o.gateFailed[i];
            gateUnknown[i] += o.gateUnknown[i];
        }
        for (BranchSummary r : o.worst) {
            if (worst.size() < keep || WORST_FIRST.compare(r, worst.get(worst.size() - 1)) < 0) {
                offer(r);
            }
        }
    }
}
