package org.didban.collector.readiness;

import java.util.Objects;
import org.didban.collector.alerts.TrackedAlert;

/**
 * A group of active alerts counted together for dashboards: same county, severity, rule and
 * state as people see it (pending, firing, acknowledged, silenced). Area alerts (a county's,
 * with no branch) count in their county like any other.
 */
public record AlertCount(String province, String county, String severity, String rule, String state) {
    public AlertCount {
        Objects.requireNonNull(province, "province");
        Objects.requireNonNull(county, "county");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(state, "state");
    }

    public static AlertCount of(TrackedAlert a) {
        return new AlertCount(a.provinceCode(), a.countyCode(), a.alert().severity().wireName(), a.ruleId(),
                a.state().wireName());
    }
}
