package org.didban.rules;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.didban.model.DeviceRole;
import org.didban.model.ElectionPhase;
import org.didban.model.Labels;
import org.didban.model.Severity;

/**
 * One rule of the catalogue, compiled (the language is documented in docs/RULES.md).
 *
 * <ul>
 *   <li>A <b>condition</b> rule on a metric is active while its condition holds for {@code for}
 *       (by phase), or while no sample arrives for {@code absent} (by phase).</li>
 *   <li>An <b>occurrence</b> rule counts events, changed values, or samples for which the
 *       condition holds: it fires when {@code count} occur within {@code window} and resolves
 *       when fewer remain in the window; with no count, it fires on each occurrence and resolves
 *       after {@code hold} without another.</li>
 *   <li>An <b>inventory</b> rule is evaluated per branch when the inventory is loaded; an
 *       <b>area</b> rule watches another rule's alerts across a county.</li>
 * </ul>
 */
public record Rule(
        String id,
        String titleEn,
        String titleFa,
        RuleCategory category,
        Set<DeviceRole> roles,
        RuleInput input,
        Condition condition,
        PhaseDurations forDuration,
        PhaseDurations absent,
        int count,
        long windowMillis,
        long holdMillis,
        ChangeTracking changed,
        List<String> by,
        Severity severity,
        Escalation escalation,
        String runbook) {

    /** How long an occurrence alert stays firing after its last occurrence, when not written. */
    public static final long DEFAULT_HOLD_MILLIS = 15 * 60_000L;

    public Rule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(severity, "severity");
        roles = Set.copyOf(roles);
        forDuration = forDuration == null ? PhaseDurations.NONE : forDuration;
        absent = absent == null ? PhaseDurations.NONE : absent;
        changed = changed == null ? ChangeTracking.NONE : changed;
        by = by == null ? null : List.copyOf(by);
        escalation = escalation == null ? Escalation.STANDARD : escalation;
        runbook = runbook == null ? "" : runbook;
    }

    /** The spine's form: a condition on a metric held {@code for}, and/or {@code absent}. */
    public static Rule onMetric(String id, String titleEn, String titleFa, RuleCategory category, Set<DeviceRole> roles,
                                String metric, Condition condition, long forMillis, long absentMillis,
                                Severity severity, String runbook) {
        return new Rule(id, titleEn, titleFa, category, roles, new RuleInput.Metric(metric), condition,
                PhaseDurations.of(forMillis), PhaseDurations.of(absentMillis), 0, 0, 0, ChangeTracking.NONE, null,
                severity, Escalation.STANDARD, runbook);
    }

    public boolean appliesTo(DeviceRole role) {
        return roles.isEmpty() || roles.contains(role);
    }

    public boolean hasCondition() {
        return condition != null;
    }

    public boolean watchesAbsence() {
        return absent.isSet();
    }

    /** The metrics it reads; empty when it is not driven by samples. */
    public Set<String> metrics() {
        return input instanceof RuleInput.Metric m ? m.names() : Set.of();
    }

    /**
     * The labels (of a sample) or attributes (of an event) that tell its alerts apart, as in
     * Prometheus' {@code by}: {@code null} means every label of a sample (none for
     * {@code changed: labels}) and no attribute of an event; {@code []} means one alert per device.
     */
    public Labels subjectOf(Labels sampleLabels) {
        if (by == null) {
            // A label set that changes cannot be its own subject: watch the device as a whole.
            return changed == ChangeTracking.LABELS ? Labels.EMPTY : sampleLabels;
        }
        return project(sampleLabels.asMap());
    }

    public Labels subjectOfEvent(java.util.Map<String, String> attributes) {
        return by == null ? Labels.EMPTY : project(attributes);
    }

    private Labels project(java.util.Map<String, String> pairs) {
        if (by.isEmpty() || pairs.isEmpty()) {
            return Labels.EMPTY;
        }
        java.util.Map<String, String> kept = new java.util.HashMap<>();
        for (String name : by) {
            String v = pairs.get(name);
            if (v != null) {
                kept.put(name, v);
            }
        }
        return Labels.of(kept);
    }

    /** Counts discrete occurrences rather than holding a condition. */
    public boolean countsOccurrences() {
        return input instanceof RuleInput.Events || changed != ChangeTracking.NONE || count > 0;
    }

    public long hold() {
        return holdMillis > 0 ? holdMillis : DEFAULT_HOLD_MILLIS;
    }

    /** {@code for} in this phase, halved at a sensitive branch during voting hours. */
    public long forMillis(ElectionPhase phase, boolean sensitive) {
        long base = forDuration.at(phase);
        return sensitive && phase == ElectionPhase.VOTING ? base / 2 : base;
    }

    public long absentMillis(ElectionPhase phase) {
        return absent.at(phase);
    }

    public Severity severityAt(boolean sensitive, ElectionPhase phase) {
        return escalation.apply(severity, sensitive, phase);
    }
}
