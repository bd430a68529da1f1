package org.didban.rules;

import dev.cel.runtime.CelEvaluationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.didban.model.Alert;
import org.didban.model.AlertKey;
import org.didban.model.Branch;
import org.didban.model.Device;
import org.didban.model.Inventory;
import org.didban.model.Labels;
import org.didban.model.Sample;

/**
 * The event-driven evaluator. Each sample updates the device's readings and is offered to the
 * rules that read its metric; timers close the {@code for} and {@code absent} windows, so an
 * alert never waits for a sweep.
 *
 * <p>Single-threaded by design: the collector gives every shard of branches its own engine on
 * its own event loop, so no lock is taken on the hot path.
 */
public final class RuleEngine {
    private final RuleSet rules;
    private final Inventory inventory;
    private final Scheduler scheduler;
    private final AlertSink sink;
    private final Map<String, DeviceReadings> readings = new HashMap<>();
    private final Map<AlertKey, AlertSeries> series = new HashMap<>();
    private final Map<String, Map<String, Object>> branchFacts = new HashMap<>();
    private long evaluationErrors;
    private long unknownDevices;
    private long evaluations;

    public RuleEngine(RuleSet rules, Inventory inventory, Scheduler scheduler, AlertSink sink) {
        this.rules = rules;
        this.inventory = inventory;
        this.scheduler = scheduler;
        this.sink = sink;
    }

    /** Starts the {@code absent} watches of a device known from inventory, before it reports. */
    public void expect(Device device) {
        for (Rule rule : rules.all()) {
            if (rule.watchesAbsence() && rule.appliesTo(device.role())) {
                seriesFor(rule, device, Labels.EMPTY).expect();
            }
        }
    }

    public void offer(Sample sample) {
        Device device = inventory.device(sample.device());
        if (device == null) {
            unknownDevices++;
            return;
        }
        DeviceReadings deviceReadings = readings.computeIfAbsent(device.id(), k -> new DeviceReadings());
        deviceReadings.record(sample, scheduler.now());
        List<Rule> candidates = rules.forMetric(sample.metric());
        for (int i = 0; i < candidates.size(); i++) {
            Rule rule = candidates.get(i);
            if (!rule.appliesTo(device.role())) {
                continue;
            }
            boolean holds = false;
            if (rule.hasCondition()) {
                evaluations++;
                try {
                    holds = rule.condition().test(sample.value(), sample.labels().asMap(),
                            deviceReadings.raw(sample.labels()), factsOf(device.branchCode()));
                } catch (CelEvaluationException e) {
                    evaluationErrors++;
                }
            }
            seriesFor(rule, device, sample.labels()).observe(holds, sample.value());
        }
    }

    public DeviceReadings readings(String deviceId) {
        return readings.get(deviceId);
    }

    /** Alerts now pending or firing. */
    public List<Alert> active() {
        List<Alert> out = new ArrayList<>();
        for (AlertSeries s : series.values()) {
            Alert a = s.alert();
            if (a != null) {
                out.add(a);
            }
        }
        return out;
    }

    public long evaluationErrors() {
        return evaluationErrors;
    }

    public long unknownDevices() {
        return unknownDevices;
    }

    public long evaluations() {
        return evaluations;
    }

    /** Cancels every timer; the engine must not be used afterwards. */
    public void close() {
        series.values().forEach(AlertSeries::close);
        series.clear();
    }

    private AlertSeries seriesFor(Rule rule, Device device, Labels labels) {
        AlertKey key = new AlertKey(rule.id(), device.id(), labels);
        AlertSeries s = series.get(key);
        if (s == null) {
            s = new AlertSeries(rule, key, inventory.branch(device.branchCode()), scheduler, sink);
            series.put(key, s);
        }
        return s;
    }

    private Map<String, Object> factsOf(String branchCode) {
        Map<String, Object> facts = branchFacts.get(branchCode);
        if (facts == null) {
            Branch b = inventory.branch(branchCode);
            facts = b == null ? Map.of() : Map.of(
                    "code", b.code(),
                    "sensitive", b.sensitive(),
                    "mobile", b.mobile(),
                    "fiber", b.fiber().wireName(),
                    "county", b.countyCode(),
                    "province", b.provinceCode());
            branchFacts.put(branchCode, facts);
        }
        return facts;
    }
}
