package org.didban.rules;

import java.util.Objects;
import java.util.Set;
import org.didban.model.DeviceRole;
import org.didban.model.Severity;

/**
 * One rule of the catalogue, compiled. It watches one metric on devices of the given roles
 * (all roles when empty). It is active when {@code condition} holds for {@code forMillis}, or
 * when no sample of the metric arrives for {@code absentMillis} (0 turns that check off).
 */
public record Rule(
        String id,
        String titleEn,
        String titleFa,
        RuleCategory category,
        Set<DeviceRole> roles,
        String metric,
        Condition condition,
        long forMillis,
        long absentMillis,
        Severity severity,
        String runbook) {

    public Rule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(severity, "severity");
        roles = Set.copyOf(roles);
        runbook = runbook == null ? "" : runbook;
    }

    public boolean appliesTo(DeviceRole role) {
        return roles.isEmpty() || roles.contains(role);
    }

    public boolean hasCondition() {
        return condition != null;
    }

    public boolean watchesAbsence() {
        return absentMillis > 0;
    }
}
