package org.didban.collector.readiness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.didban.model.Branch;
import org.didban.model.Inventory;

/**
 * The recent history of every branch, one point per readiness computation: its score, devices
 * down and active alerts over the last {@code capacity} computations (an hour at the default 30 s).
 * What the console draws as a branch's small charts, with nothing else to run. Kept compact for
 * ~59,000 branches: one shared ring of times and a byte and two shorts per branch and point
 * (about 35 MB nationally at 120 points). Written once per computation, read per request; both
 * under this object's lock, each a few microseconds per branch.
 */
public final class BranchTrends {
    public static final int DEFAULT_CAPACITY = 120;
    /** Stored for a point where the branch was not assessed (it is not in that computation). */
    private static final byte NO_SCORE = -1;
    private static final short NO_COUNT = -1;

    private final int capacity;
    private final Map<String, Integer> rowOf = new HashMap<>();
    private final long[] times;
    private final byte[] scores;
    private final short[] devicesDown;
    private final short[] activeAlerts;
    /** Where the next point goes, and how many are kept. */
    private int next;
    private int kept;

    public BranchTrends(Inventory inventory, int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("keep at least 2 points");
        }
        this.capacity = capacity;
        int row = 0;
        for (Branch b : inventory.branches()) {
            rowOf.put(b.code(), row++);
        }
        times = new long[capacity];
        scores = new byte[row * capacity];
        devicesDown = new short[row * capacity];
        activeAlerts = new short[row * capacity];
        Arrays.fill(scores, NO_SCORE);
        Arrays.fill(devicesDown, NO_COUNT);
        Arrays.fill(activeAlerts, NO_COUNT);
    }

    /** One point for every branch of the computation at {@code at} (epoch ms); branches it lacks get none. */
    public synchronized void record(long at, List<BranchMark> marks) {
        int slot = next;
        times[slot] = at;
        for (int row = 0; row < rowOf.size(); row++) {
            int i = row * capacity + slot;
            scores[i] = NO_SCORE;
            devicesDown[i] = NO_COUNT;
            activeAlerts[i] = NO_COUNT;
        }
        for (BranchMark m : marks) {
            Integer row = rowOf.get(m.branch().code());
            if (row == null) {
                continue;
            }
            int i = row * capacity + slot;
            scores[i] = (byte) Math.max(0, Math.min(100, m.score()));
            devicesDown[i] = clamp(m.devicesDown());
            activeAlerts[i] = clamp(m.activeAlerts());
        }
        next = (slot + 1) % capacity;
        kept = Math.min(kept + 1, capacity);
    }

    /** The branch's points, oldest first; null when the branch is not in the inventory. */
    public synchronized Trend of(String branchCode) {
        Integer row = rowOf.get(branchCode);
        if (row == null) {
            return null;
        }
        List<Long> at = new ArrayList<>(kept);
        List<Integer> score = new ArrayList<>(kept);
        List<Integer> down = new ArrayList<>(kept);
        List<Integer> alerts = new ArrayList<>(kept);
        int first = (next - kept + capacity) % capacity;
        for (int k = 0; k < kept; k++) {
            int slot = (first + k) % capacity;
            int i = row * capacity + slot;
            at.add(times[slot]);
            score.add(scores[i] == NO_SCORE ? null : (int) scores[i]);
            down.add(devicesDown[i] == NO_COUNT ? null : (int) devicesDown[i]);
            alerts.add(activeAlerts[i] == NO_COUNT ? null : (int) activeAlerts[i]);
        }
        return new Trend(branchCode, at, score, down, alerts);
    }

    private static short clamp(int n) {
        return (short) Math.max(0, Math.min(Short.MAX_VALUE, n));
    }

    /** A branch's recent points; a null value is a computation that did not assess the branch. */
    public record Trend(String branch, List<Long> times, List<Integer> score, List<Integer> devicesDown,
                        List<Integer> activeAlerts) {
    }
}
