package org.didban.collector.readiness;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.didban.collector.alerts.TrackedAlert;
import org.didban.collector.shard.ShardView;
import org.didban.model.Labels;
import org.didban.rules.DeviceReadings;

/**
 * A shard's state as the assessor reads it, on the shard's event loop and only during
 * {@link org.didban.collector.shard.Shard#inspect}. Readings come from the view; alerts either
 * from the view, branch by branch (for one branch), or from the shard's active alerts fetched
 * once and grouped by branch (for a sweep: {@code ShardView.alertsOf} walks all of the shard's
 * alerts on every call, which a sweep of 15,000 branches cannot afford).
 */
final class ShardLiveState implements LiveState {
    /** Slots of the readings cache: a branch's 6–10 devices fit, so its many look-ups hit the big device map once each. */
    private static final int SLOTS = 32;
    private final ShardView view;
    private final Map<String, List<TrackedAlert>> alertsByBranch;
    private final String[] cachedIds = new String[SLOTS];
    private final DeviceReadings[] cachedReadings = new DeviceReadings[SLOTS];

    private ShardLiveState(ShardView view, Map<String, List<TrackedAlert>> alertsByBranch) {
        this.view = view;
        this.alertsByBranch = alertsByBranch;
    }

    /** Alerts asked of the view per branch: for a few branches. */
    static ShardLiveState of(ShardView view) {
        return new ShardLiveState(view, null);
    }

    /** Alerts from {@code byBranch} (see {@link #byBranch}): for a sweep. */
    static ShardLiveState of(ShardView view, Map<String, List<TrackedAlert>> byBranch) {
        return new ShardLiveState(view, byBranch);
    }

    /** A shard's active alerts grouped by branch, once per sweep (area alerts, with no branch, left out). */
    static Map<String, List<TrackedAlert>> byBranch(Collection<TrackedAlert> active) {
        Map<String, List<TrackedAlert>> byBranch = new HashMap<>();
        for (TrackedAlert t : active) {
            String branch = t.alert().branchCode();
            if (!branch.isEmpty()) {
                byBranch.computeIfAbsent(branch, k -> new ArrayList<>(2)).add(t);
            }
        }
        return byBranch;
    }

    /**
     * The device's readings, remembered by the identity of its id string (the assessor passes
     * the inventory's own, so a branch's devices hit the cache); valid for this visit to the
     * shard only, which is as long as this object lives.
     */
    private DeviceReadings readings(String deviceId) {
        int slot = deviceId.hashCode() & (SLOTS - 1);
        if (cachedIds[slot] == deviceId) {
            return cachedReadings[slot];
        }
        DeviceReadings r = view.readings(deviceId);
        cachedIds[slot] = deviceId;
        cachedReadings[slot] = r;
        return r;
    }

    @Override
    public long lastSeen(String deviceId) {
        DeviceReadings r = readings(deviceId);
        return r == null ? 0 : r.lastSeen();
    }

    @Override
    public double value(String deviceId, String metric, Labels labels) {
        DeviceReadings r = readings(deviceId);
        if (r == null) {
            return Double.NaN;
        }
        Double v = r.at(labels).get(metric);
        return v == null ? Double.NaN : v;
    }

    @Override
    public int countSeries(String deviceId, String metric, double value) {
        DeviceReadings r = readings(deviceId);
        if (r == null) {
            return 0;
        }
        int n = 0;
        for (Map<String, Double> series : r.all().values()) {
            Double v = series.get(metric);
            if (v != null && v == value) {
                n++;
            }
        }
        return n;
    }

    @Override
    public List<TrackedAlert> alertsOf(String branchCode) {
        if (alertsByBranch == null) {
            return view.alertsOf(branchCode);
        }
        List<TrackedAlert> l = alertsByBranch.get(branchCode);
        return l == null ? List.of() : l;
    }
}
