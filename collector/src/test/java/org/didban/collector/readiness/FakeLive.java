package org.didban.collector.readiness;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.didban.collector.alerts.Acknowledgement;
import org.didban.collector.alerts.TrackedAlert;
import org.didban.model.Alert;
import org.didban.model.AlertKey;
import org.didban.model.AlertState;
import org.didban.model.Branch;
import org.didban.model.Labels;
import org.didban.model.Severity;

/** A hand-made live state: what devices reported and when, and which alerts fire. */
final class FakeLive implements LiveState {
    private final Map<String, Long> seen = new HashMap<>();
    private final Map<String, Map<Labels, Map<String, Double>>> values = new HashMap<>();
    private final Map<String, List<TrackedAlert>> alerts = new HashMap<>();

    /** The device reported at {@code at}, with {@code device_up} 1. */
    FakeLive heard(String device, long at) {
        seen.put(device, at);
        return set(device, "device_up", 1);
    }

    FakeLive set(String device, String metric, double value, String... labels) {
        values.computeIfAbsent(device, k -> new HashMap<>())
                .computeIfAbsent(Labels.of(labels), k -> new HashMap<>()).put(metric, value);
        return this;
    }

    /** A firing alert of {@code rule} on {@code device} ("" for a branch's inventory rule). */
    FakeLive firing(Branch b, String rule, String device, Severity severity, long firedAt) {
        return add(b, rule, device, severity, firedAt, false);
    }

    FakeLive firingAcknowledged(Branch b, String rule, String device, Severity severity, long firedAt) {
        return add(b, rule, device, severity, firedAt, true);
    }

    private FakeLive add(Branch b, String rule, String device, Severity severity, long firedAt, boolean acknowledged) {
        Alert a = new Alert(new AlertKey(rule, device, Labels.EMPTY), b.code(), b.countyCode(), b.provinceCode(), severity,
                AlertState.FIRING, rule, rule, 1, firedAt, firedAt, 0, "");
        TrackedAlert t = TrackedAlert.of(a, b.sensitive());
        if (acknowledged) {
            t = new TrackedAlert(t.id(), a, b.sensitive(), new Acknowledgement("county-it", firedAt + 1, "on it"),
                    "", false, null, "");
        }
        alerts.computeIfAbsent(b.code(), k -> new ArrayList<>()).add(t);
        return this;
    }

    @Override
    public long lastSeen(String deviceId) {
        return seen.getOrDefault(deviceId, 0L);
    }

    @Override
    public double value(String deviceId, String metric, Labels labels) {
        Double v = values.getOrDefault(deviceId, Map.of()).getOrDefault(labels, Map.of()).get(metric);
        return v == null ? Double.NaN : v;
    }

    @Override
    public int countSeries(String deviceId, String metric, double value) {
        int n = 0;
        for (Map<String, Double> series : values.getOrDefault(deviceId, Map.of()).values()) {
            Double v = series.get(metric);
            if (v != null && v == value) {
                n++;
            }
        }
        return n;
    }

    @Override
    public List<TrackedAlert> alertsOf(String branchCode) {
        return alerts.getOrDefault(branchCode, List.of());
    }
}
