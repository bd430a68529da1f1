package org.didban.collector.alerts;

import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.didban.model.Alert;
import org.didban.model.AlertState;
import org.didban.model.Severity;

/**
 * Which alerts a caller wants: any of the given provinces, counties, branches, severities and
 * states (an empty set means any). Without states it selects the active ones, pending and firing.
 */
public record AlertQuery(Set<String> provinces, Set<String> counties, Set<String> branches,
                         Set<Severity> severities, Set<AlertState> states, Set<String> rules) {
    public static final List<String> PARAMETERS = List.of("province", "county", "branch", "severity", "state", "rule");
    /** Everything not resolved: what someone may still have to act on. */
    public static final Set<AlertState> ACTIVE = EnumSet.of(AlertState.PENDING, AlertState.FIRING,
            AlertState.ACKNOWLEDGED, AlertState.SILENCED);

    /** Most severe first, then oldest first: the order in which people should look at them. */
    public static final Comparator<Alert> ORDER = Comparator.comparing(Alert::severity).reversed()
            .thenComparingLong(Alert::activeSince)
            .thenComparing(a -> a.key().id());

    /** {@link #ORDER} for alerts as people see them. */
    public static final Comparator<TrackedAlert> PEOPLE_ORDER = Comparator.comparing(TrackedAlert::alert, ORDER);

    public AlertQuery {
        provinces = Set.copyOf(provinces);
        counties = Set.copyOf(counties);
        branches = Set.copyOf(branches);
        severities = severities.isEmpty() ? Set.of() : EnumSet.copyOf(severities);
        states = states.isEmpty() ? ACTIVE : EnumSet.copyOf(states);
        rules = Set.copyOf(rules);
    }

    public AlertQuery(Set<String> provinces, Set<String> counties, Set<String> branches, Set<Severity> severities,
                      Set<AlertState> states) {
        this(provinces, counties, branches, severities, states, Set.of());
    }

    public static AlertQuery all() {
        return new AlertQuery(Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of());
    }

    /**
     * From query parameters, each a value or a comma-separated list. Throws
     * IllegalArgumentException naming an unknown parameter, state or severity.
     */
    public static AlertQuery parse(Map<String, List<String>> params) {
        return parse(params, List.of());
    }

    /** As {@link #parse(Map)}, also allowing the {@code others} parameters (read by the caller). */
    public static AlertQuery parse(Map<String, List<String>> params, List<String> others) {
        for (String name : params.keySet()) {
            if (!PARAMETERS.contains(name) && !others.contains(name)) {
                throw new IllegalArgumentException("unknown parameter '" + name + "'; known: " + String.join(", ", PARAMETERS));
            }
        }
        Set<AlertState> states = values(params, "state").stream().map(AlertQuery::state)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(AlertState.class)));
        Set<Severity> severities = values(params, "severity").stream().map(Severity::parse)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Severity.class)));
        return new AlertQuery(values(params, "province"), values(params, "county"), values(params, "branch"),
                severities, states, values(params, "rule"));
    }

    private static Set<String> values(Map<String, List<String>> params, String name) {
        return params.getOrDefault(name, List.of()).stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::trim)
                .filter(v -> !v.isEmpty())
                .collect(Collectors.toSet());
    }

    private static AlertState state(String text) {
        AlertState s = AlertState.parse(text);
        if (s == AlertState.INACTIVE) {
            throw new IllegalArgumentException("state 'inactive' is never stored;"
                    + " ask for pending, firing, acknowledged, silenced or resolved");
        }
        return s;
    }

    public boolean matches(TrackedAlert t) {
        Alert a = t.alert();
        return states.contains(t.state())
                && (provinces.isEmpty() || provinces.contains(a.provinceCode()))
                && (counties.isEmpty() || counties.contains(a.countyCode()))
                && (branches.isEmpty() || branches.contains(a.branchCode()))
                && (severities.isEmpty() || severities.contains(a.severity()))
                && (rules.isEmpty() || rules.contains(a.key().ruleId()));
    }

    public boolean wantsActive() {
        return states.stream().anyMatch(s -> s != AlertState.RESOLVED);
    }

    public boolean wantsResolved() {
        return states.contains(AlertState.RESOLVED);
    }
}
