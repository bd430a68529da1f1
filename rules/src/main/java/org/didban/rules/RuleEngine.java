package org.didban.rules;

import dev.cel.runtime.CelEvaluationException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.didban.model.Alert;
import org.didban.model.AlertKey;
import org.didban.model.AlertState;
import org.didban.model.AlertTransition;
import org.didban.model.Branch;
import org.didban.model.County;
import org.didban.model.Device;
import org.didban.model.DeviceRole;
import org.didban.model.ElectionPhase;
import org.didban.model.Event;
import org.didban.model.Inventory;
import org.didban.model.Labels;
import org.didban.model.Sample;

/**
 * The event-driven evaluator. Each sample updates the device's readings and is offered to the
 * rules that read its metric, each event to the rules that count its type; timers close the
 * {@code for}, {@code absent}, {@code window} and {@code hold} windows, so an alert never waits
 * for a sweep. Inventory rules are evaluated per branch when asked; area rules follow the alerts
 * of the rule they watch within one county.
 *
 * <p>Single-threaded by design: the collector gives every shard of branches its own engine on
 * its own event loop, so no lock is taken on the hot path. All branches of a county must be on
 * the same engine for area rules to see them together.
 */
public final class RuleEngine {
    private RuleSet rules;
    private final Inventory inventory;
    private final Scheduler scheduler;
    private final PhaseSchedule phases;
    private final AlertSink sink;
    private final Map<String, DeviceReadings> readings = new HashMap<>();
    private final Map<AlertKey, AlertSeries> series = new HashMap<>();
    private final Map<String, Map<String, Object>> branchFacts = new HashMap<>();
    private final Map<String, Map<String, Object>> deviceFacts = new HashMap<>();
    private final Map<String, Device> expected = new LinkedHashMap<>();
    private final Set<String> inventoryBranches = new HashSet<>();
    /** Per area rule and county: branch → how many alerts of the watched rule fire there, and since when. */
    private final Map<String, Map<String, Map<String, long[]>>> areaMembers = new HashMap<>();
    private final ConditionInput input = new ConditionInput();
    private final Map<AlertKey, Labels> lastLabels = new HashMap<>();
    private long phaseSince;
    private ElectionPhase phase;
    private long phaseEndsAt = Long.MAX_VALUE;
    private long stampedDay = Long.MIN_VALUE;
    private String stampedToday = "";
    private Scheduler.Timer phaseTimer;
    private long evaluationErrors;
    private long unknownDevices;
    private long evaluations;
    private boolean restoring;

    public RuleEngine(RuleSet rules, Inventory inventory, Scheduler scheduler, AlertSink sink) {
        this(rules, inventory, scheduler, PhaseSchedule.NONE, sink);
    }

    public RuleEngine(RuleSet rules, Inventory inventory, Scheduler scheduler, PhaseSchedule phases, AlertSink sink) {
        this.rules = rules;
        this.inventory = inventory;
        this.scheduler = scheduler;
        this.phases = phases;
        this.sink = sink;
        this.phase = phases.phaseAt(scheduler.now());
        armPhaseTimer();
    }

    /** Starts the {@code absent} watches of a device known from inventory, before it reports. */
    public void expect(Device device) {
        expected.put(device.id(), device);
        for (Rule rule : rules.all()) {
            if (rule.watchesAbsence() && rule.appliesTo(device.role()) && !rule.metrics().isEmpty()) {
                seriesFor(rule, device, Labels.EMPTY).expect();
            }
        }
    }

    /** Evaluates the inventory rules for these branches, now and again whenever the rules are replaced. */
    public void evaluateInventory(Collection<Branch> branches) {
        for (Branch b : branches) {
            inventoryBranches.add(b.code());
            for (Rule rule : rules.inventoryRules()) {
                evaluateInventoryRule(rule, b);
            }
        }
    }

    public void offer(Sample sample) {
        catchUpPhase();
        Device device = inventory.device(sample.device());
        if (device == null) {
            unknownDevices++;
            return;
        }
        DeviceReadings deviceReadings = readings.computeIfAbsent(device.id(), k -> new DeviceReadings());
        DeviceReadings.Recorded recorded = deviceReadings.record(sample, scheduler.now());
        List<Rule> candidates = rules.forMetric(sample.metric());
        for (int i = 0; i < candidates.size(); i++) {
            Rule rule = candidates.get(i);
            if (!rule.appliesTo(device.role())) {
                continue;
            }
            boolean holds = rule.hasCondition()
                    ? test(rule, fill(device, sample.value(), sample.labels(), sample.metric(), Map.of(), recorded, deviceReadings))
                    : false;
            Labels subject = rule.subjectOf(sample.labels());
            if (!rule.countsOccurrences()) {
                if (!holds && !rule.watchesAbsence()) {
                    // A healthy reading of a series that never went wrong changes nothing: no
                    // series is made for it (most devices are healthy; a series each cost ~1 KB).
                    AlertSeries existing = series.get(new AlertKey(rule.id(), device.id(), subject));
                    if (existing != null) {
                        existing.observe(false, sample.value());
                    }
                    continue;
                }
                seriesFor(rule, device, subject).observe(holds, sample.value());
                continue;
            }
            boolean occurred = switch (rule.changed()) {
                case VALUE -> !Double.isNaN(recorded.previous()) && recorded.previous() != sample.value();
                case LABELS -> labelsChanged(rule, device, subject, sample.labels());
                case NONE -> true;
            };
            if (occurred && (!rule.hasCondition() || holds)) {
                seriesFor(rule, device, subject).occur(sample.value());
            }
        }
    }

    public void offer(Event event) {
        catchUpPhase();
        Device device = inventory.device(event.device());
        if (device == null) {
            unknownDevices++;
            return;
        }
        List<Rule> candidates = rules.forEvent(event.type());
        for (int i = 0; i < candidates.size(); i++) {
            Rule rule = candidates.get(i);
            if (!rule.appliesTo(device.role())) {
                continue;
            }
            if (rule.hasCondition()
                    && !test(rule, fill(device, 1.0, Labels.EMPTY, event.type(), event.attributes(), null, null))) {
                continue;
            }
            seriesFor(rule, device, rule.subjectOfEvent(event.attributes())).occur(1.0);
        }
    }

    /** For {@code changed: labels}: whether this sample's labels differ from the last ones of its subject. */
    private boolean labelsChanged(Rule rule, Device device, Labels subject, Labels labels) {
        AlertKey key = new AlertKey(rule.id(), device.id(), subject);
        Labels before = lastLabels.put(key, labels);
        return before != null && !before.equals(labels);
    }

    /**
     * Puts a new rule set in force without losing state: alerts of rules that keep their id carry
     * on under the new definition; alerts of rules that are gone are resolved; absence watches and
     * inventory rules are set up for what is new.
     */
    public void replaceRules(RuleSet next) {
        this.rules = next;
        for (Iterator<AlertSeries> it = series.values().iterator(); it.hasNext(); ) {
            AlertSeries s = it.next();
            Rule replacement = next.rule(s.rule().id());
            if (replacement == null) {
                s.set(false, Double.NaN);
                s.close();
                it.remove();
            } else {
                s.redefine(replacement);
            }
        }
        new ArrayList<>(expected.values()).forEach(this::expect);
        List<Branch> evaluated = new ArrayList<>();
        inventoryBranches.forEach(code -> evaluated.add(inventory.branch(code)));
        evaluateInventory(evaluated);
    }

    public RuleSet rules() {
        return rules;
    }

    /** Minutes until voting closes while voting is on; 0 otherwise (the rules' {@code minutes_to_close}). */
    public double minutesToClose() {
        return phase == ElectionPhase.VOTING && phaseEndsAt != Long.MAX_VALUE
                ? Math.max(0, phaseEndsAt - scheduler.now()) / 60_000.0 : 0;
    }

    public ElectionPhase phase() {
        return phase;
    }

    public DeviceReadings readings(String deviceId) {
        return readings.get(deviceId);
    }

    /** Alerts now pending or firing. */
    public List<Alert> active() {
        List<Alert> out = new ArrayList<>();
        for (AlertSeries s : series.values()) {
            Alert a = s.alert();
            if (a != null && (a.state() == AlertState.PENDING || a.state() == AlertState.FIRING)) {
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
    /**
     * Takes up alerts recorded before a restart (pending or firing), without announcing them
     * again: their series resume with their timers, and area rules count them as before. Returns
     * the alerts that cannot be taken up because their rule or device is gone.
     */
    public List<Alert> restore(Collection<Alert> recorded) {
        List<Alert> gone = new ArrayList<>();
        List<Alert> areaAlerts = new ArrayList<>();
        restoring = true;
        try {
            for (Alert a : recorded) {
                Rule rule = rules.rule(a.key().ruleId());
                if (rule == null || (a.state() != AlertState.PENDING && a.state() != AlertState.FIRING)) {
                    gone.add(a);
                } else if (rule.input() instanceof RuleInput.Area) {
                    areaAlerts.add(a);
                } else if (!a.key().device().isEmpty()) {
                    Device d = inventory.device(a.key().device());
                    if (d == null) {
                        gone.add(a);
                        continue;
                    }
                    seriesFor(rule, d, a.key().labels()).restore(a);
                    if (a.state() == AlertState.FIRING) {
                        followArea(new AlertTransition(a, AlertState.INACTIVE, AlertState.FIRING, a.firedAt()));
                    }
                } else {
                    Branch b = inventory.branch(a.branchCode());
                    if (b == null) {
                        gone.add(a);
                        continue;
                    }
                    seriesFor(rule, a.key(), b, b.countyCode(), b.provinceCode()).restore(a);
                }
            }
            // Last, so that the area's own record wins over what counting its members re-derived.
            for (Alert a : areaAlerts) {
                Rule rule = rules.rule(a.key().ruleId());
                seriesFor(rule, a.key(), null, a.countyCode(), a.provinceCode()).restore(a);
            }
        } finally {
            restoring = false;
        }
        return gone;
    }

    /**
     * Forgets an alert a person resolved by hand: its series starts again from nothing (absence
     * watches included), so a fault that goes on opens a new alert instead of being hidden.
     */
    public void reset(AlertKey key) {
        AlertSeries s = series.remove(key);
        if (s == null) {
            return;
        }
        Alert a = s.alert();
        s.close();
        if (a != null && a.state() == AlertState.FIRING) {
            followArea(new AlertTransition(a.withState(AlertState.RESOLVED, scheduler.now(), a.value()),
                    AlertState.FIRING, AlertState.RESOLVED, scheduler.now()));
        }
        Device d = key.device().isEmpty() ? null : expected.get(key.device());
        if (d != null && s.rule().watchesAbsence() && key.labels().isEmpty()) {
            seriesFor(s.rule(), d, Labels.EMPTY).expect();
        }
    }

    /**
     * Lets go of whole counties that another engine takes over (another collector of a cluster):
     * their series stop without a transition — their alerts stay active on the record for the
     * new owner to take up — and their readings, absence watches and area counts are forgotten.
     * An engine that is given them back starts them as if new, from {@link #expect},
     * {@link #evaluateInventory} and {@link #restore}.
     */
    public void release(Set<String> counties) {
        if (counties.isEmpty()) {
            return;
        }
        Iterator<AlertSeries> it = series.values().iterator();
        while (it.hasNext()) {
            AlertSeries s = it.next();
            if (counties.contains(s.countyCode())) {
                s.close();
                it.remove();
            }
        }
        readings.keySet().removeIf(id -> inCounties(inventory.device(id), counties));
        expected.values().removeIf(d -> inCounties(d, counties));
        lastLabels.keySet().removeIf(k -> !k.device().isEmpty() && inCounties(inventory.device(k.device()), counties));
        inventoryBranches.removeIf(code -> {
            Branch b = inventory.branch(code);
            return b != null && counties.contains(b.countyCode());
        });
        for (Map<String, Map<String, long[]>> byCounty : areaMembers.values()) {
            byCounty.keySet().removeAll(counties);
        }
    }

    private boolean inCounties(Device d, Set<String> counties) {
        if (d == null) {
            return false;
        }
        Branch b = inventory.branch(d.branchCode());
        return b != null && counties.contains(b.countyCode());
    }

    public void close() {
        series.values().forEach(AlertSeries::close);
        series.clear();
        if (phaseTimer != null) {
            phaseTimer.cancel();
            phaseTimer = null;
        }
        phaseEndsAt = Long.MAX_VALUE; // nothing re-arms a closed engine
    }

    private boolean test(Rule rule, ConditionInput in) {
        evaluations++;
        try {
            return rule.condition().test(in);
        } catch (CelEvaluationException e) {
            evaluationErrors++;
            return false;
        }
    }

    private ConditionInput fill(Device device, double value, Labels labels, String type, Map<String, String> attributes,
                                DeviceReadings.Recorded recorded, DeviceReadings deviceReadings) {
        ConditionInput in = input;
        in.value = value;
        in.labels = labels.asMap();
        in.type = type;
        in.attributes = attributes;
        in.previous = recorded == null ? Double.NaN : recorded.previous();
        in.previousTime = recorded == null ? Double.NaN : recorded.previousTime();
        in.rate = recorded == null ? Double.NaN : recorded.rate();
        in.now = deviceReadings == null ? Map.of() : deviceReadings.raw(labels);
        in.rates = deviceReadings == null ? Map.of() : deviceReadings.rawRates(labels);
        in.device = factsOf(device);
        in.branch = factsOf(inventory.branch(device.branchCode()));
        stamp(in);
        return in;
    }

    /** The time-dependent variables, read at evaluation time. */
    private void stamp(ConditionInput in) {
        long now = scheduler.now();
        in.phase = phase.wireName();
        in.phaseSince = phaseSince / 1000.0;
        in.time = now / 1000.0;
        long day = Math.floorDiv(now, 86_400_000L);
        if (day != stampedDay) {
            stampedDay = day;
            stampedToday = java.time.LocalDate.ofEpochDay(day).toString();
        }
        in.today = stampedToday;
        in.minutesToClose = phase == ElectionPhase.VOTING && phaseEndsAt != Long.MAX_VALUE
                ? Math.max(0, phaseEndsAt - now) / 60_000.0 : 0;
    }

    private void evaluateInventoryRule(Rule rule, Branch b) {
        boolean holds = false;
        if (rule.hasCondition()) {
            ConditionInput in = input;
            in.value = 0;
            in.previous = Double.NaN;
            in.previousTime = Double.NaN;
            in.rate = Double.NaN;
            in.labels = Map.of();
            in.now = Map.of();
            in.rates = Map.of();
            in.type = "inventory";
            in.attributes = Map.of();
            in.device = Map.of();
            in.branch = factsOf(b);
            stamp(in);
            holds = test(rule, in);
        }
        AlertKey key = new AlertKey(rule.id(), "", Labels.of("branch", b.code()));
        seriesFor(rule, key, b, b.countyCode(), b.provinceCode()).set(holds, 0);
    }

    private AlertSeries seriesFor(Rule rule, Device device, Labels labels) {
        Branch b = inventory.branch(device.branchCode());
        return seriesFor(rule, new AlertKey(rule.id(), device.id(), labels), b,
                b == null ? "" : b.countyCode(), b == null ? "" : b.provinceCode());
    }

    private AlertSeries seriesFor(Rule rule, AlertKey key, Branch branch, String county, String province) {
        AlertSeries s = series.get(key);
        if (s == null) {
            s = new AlertSeries(rule, key, branch, county, province, context);
            series.put(key, s);
        }
        return s;
    }

    private final AlertSeries.Context context = new AlertSeries.Context() {
        @Override
        public Scheduler scheduler() {
            return scheduler;
        }

        @Override
        public ElectionPhase phase() {
            return phase;
        }

        @Override
        public Alert publish(AlertTransition t) {
            Alert alert = t.alert();
            if (restoring) {
                // Re-deriving state recorded before a restart: nothing new to announce.
                followArea(t);
                return alert;
            }
            String group = areaAlertOver(alert);
            if (!group.isEmpty() && !group.equals(alert.groupedUnder())) {
                alert = alert.groupedUnder(group);
                t = new AlertTransition(alert, t.from(), t.to(), t.at());
            }
            sink.accept(t);
            followArea(t);
            return alert;
        }
    };

    /** The id of a firing area alert that explains this alert, or empty. */
    private String areaAlertOver(Alert alert) {
        for (Rule area : rules.areasWatching(alert.key().ruleId())) {
            AlertSeries s = series.get(areaKey(area, alert.countyCode()));
            if (s != null && s.state() == AlertState.FIRING) {
                return s.alert().key().id();
            }
        }
        return "";
    }

    private static AlertKey areaKey(Rule area, String county) {
        return new AlertKey(area.id(), "", Labels.of("county", county));
    }

    /** Keeps the area rules watching this alert's rule up to date with its county's branches. */
    private void followArea(AlertTransition t) {
        List<Rule> areas = rules.areasWatching(t.alert().key().ruleId());
        if (areas.isEmpty() || t.alert().branchCode().isEmpty()) {
            return;
        }
        boolean started = t.to() == AlertState.FIRING && t.from() != AlertState.FIRING;
        boolean ended = t.from() == AlertState.FIRING && t.to() != AlertState.FIRING;
        if (!started && !ended) {
            return;
        }
        for (Rule area : areas) {
            RuleInput.Area spec = (RuleInput.Area) area.input();
            String county = t.alert().countyCode();
            Map<String, long[]> members = areaMembers
                    .computeIfAbsent(area.id(), k -> new HashMap<>())
                    .computeIfAbsent(county, k -> new HashMap<>());
            long[] m = members.get(t.alert().branchCode());
            if (started) {
                if (m == null) {
                    members.put(t.alert().branchCode(), new long[] {1, t.at()});
                } else {
                    m[0]++;
                }
            } else if (m != null && --m[0] <= 0) {
                members.remove(t.alert().branchCode());
            }
            // Branches dark together: those whose trouble began within `within` of the latest.
            long latest = members.values().stream().mapToLong(x -> x[1]).max().orElse(0);
            long together = members.values().stream().filter(x -> x[1] >= latest - spec.withinMillis()).count();
            AlertSeries s = series.get(areaKey(area, county));
            boolean firing = s != null && s.state() == AlertState.FIRING;
            // Once an area is dark it stays so while enough of it is, however long ago each went.
            boolean active = firing ? members.size() >= spec.minBranches() : together >= spec.minBranches();
            if (s == null && !active) {
                continue;
            }
            County c = inventory.county(county);
            AlertSeries areaSeries = seriesFor(area, areaKey(area, county), null, county, c == null ? "" : c.provinceCode());
            areaSeries.set(active, firing ? members.size() : together);
            if (!firing && areaSeries.state() == AlertState.FIRING) {
                // The area just went dark: the alerts that made it so are explained by it too.
                String areaId = areaSeries.alert().key().id();
                for (AlertSeries member : new ArrayList<>(series.values())) {
                    Alert a = member.alert();
                    if (a != null && a.key().ruleId().equals(spec.ofRule()) && county.equals(a.countyCode())) {
                        member.groupUnder(areaId);
                    }
                }
            }
        }
    }

    private void armPhaseTimer() {
        long next = phases.nextChangeAfter(scheduler.now());
        phaseEndsAt = next;
        if (next != Long.MAX_VALUE) {
            phaseTimer = scheduler.schedule(next - scheduler.now(), this::phaseMoved);
        }
    }

    /**
     * Moves to the phase of now when its timer is due but has not run yet: a busy event loop runs
     * timers late, and a vote counted a moment after the polls open must not be judged as one
     * counted before (DEV-13-HOURS, critical).
     */
    private void catchUpPhase() {
        if (phaseEndsAt != Long.MAX_VALUE && scheduler.now() >= phaseEndsAt) {
            if (phaseTimer != null) {
                phaseTimer.cancel();
            }
            phaseMoved();
        }
    }

    /**
     * When the phase in effect at {@code at} began, as far as the schedule tells from the change
     * this engine waited for: not when its timer ran, which may be late (and past a short phase).
     */
    private long lastChangeAtOrBefore(long at) {
        long change = phaseEndsAt;
        if (change == Long.MAX_VALUE || change > at) {
            return at;
        }
        for (int i = 0; i < 1_000; i++) {
            long next = phases.nextChangeAfter(change);
            if (next > at || next <= change) {
                return change;
            }
            change = next;
        }
        return change;
    }

    private void phaseMoved() {
        phaseTimer = null;
        long at = scheduler.now();
        ElectionPhase now = phases.phaseAt(at);
        if (now != phase) {
            phase = now;
            phaseSince = lastChangeAtOrBefore(at);
            new ArrayList<>(series.values()).forEach(AlertSeries::phaseChanged);
        }
        armPhaseTimer();
    }

    private Map<String, Object> factsOf(Device d) {
        Map<String, Object> facts = deviceFacts.get(d.id());
        if (facts == null) {
            facts = Map.of(
                    "id", d.id(),
                    "role", d.role().wireName(),
                    "serial", d.expected().serial(),
                    "model", d.expected().model(),
                    "firmware", d.expected().firmware(),
                    "config_hash", d.expected().configHash());
            deviceFacts.put(d.id(), facts);
        }
        return facts;
    }

    private Map<String, Object> factsOf(Branch b) {
        if (b == null) {
            return Map.of();
        }
        Map<String, Object> facts = branchFacts.get(b.code());
        if (facts == null) {
            Map<DeviceRole, Long> counts = new EnumMap<>(DeviceRole.class);
            for (DeviceRole r : DeviceRole.values()) {
                counts.put(r, 0L);
            }
            inventory.devicesOf(b.code()).forEach(d -> counts.merge(d.role(), 1L, Long::sum));
            Map<String, Object> devices = new HashMap<>();
            counts.forEach((r, n) -> devices.put(r.wireName(), n));
            facts = new HashMap<>();
            facts.put("code", b.code());
            facts.put("sensitive", b.sensitive());
            facts.put("mobile", b.mobile());
            facts.put("fiber", b.fiber().wireName());
            facts.put("fiber_planned", b.fiberPlanned() == null ? "" : b.fiberPlanned().toString());
            facts.put("county", b.countyCode());
            facts.put("province", b.provinceCode());
            facts.put("cameras", (long) b.cameraCount());
            facts.put("inspector", b.inspector());
            facts.put("devices", Map.copyOf(devices));
            facts = Map.copyOf(facts);
            branchFacts.put(b.code(), facts);
        }
        return facts;
    }
}
