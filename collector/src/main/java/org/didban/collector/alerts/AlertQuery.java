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
                         Set<Severity> severities, Set<AlertState> states) {
    public static final List<String> PARAMETERS = List.of("province", "county", "branch", "severity", "state");
    private static final Set<AlertState> ACTIVE = EnumSet.of(AlertState.PENDING, AlertState.FIRING);

    /** Most severe first, then oldest first: the order in which people should look at them. */
    public static final Comparator<Alert> ORDER = Comparator.comparing(Alert::severity).reversed()
            .thenComparingLong(Alert::activeSince)
            .thenComparing(a -> a.key().id());

    public AlertQuery {
        provinces = Set.copyOf(provinces);
        counties = Set.copyOf(counties);
        branches = Set.copyOf(branches);
        severities = severities.isEmpty() ? Set.of() : EnumSet.copyOf(severities);
        states = states.isEmpty() ? ACTIVE : EnumSet.copyOf(states);
    }

    public static AlertQuery all() {
        return new AlertQuery(Set.of(), Set.of(), Set.of(), Set.of(), Set.of());
    }

    /**
     * From query parameters, each a value or a comma-separated list. Throws
     * IllegalArgumentException naming an unknown parameter, state or severity.
     */
    public static AlertQuery parse(Map<String, List<String>> params) {
        for (String name : params.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw new IllegalArgumentException("unknown parameter '" + name + "'; known: " + String.join(", ", PARAMETERS));
            }
        }
        Set<AlertState> states = values(params, "state").stream().map(AlertQuery::state)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(AlertState.class)));
        Set<Severity> severities = values(params, "severity").stream().map(Severity::parse)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Severity.class)));
        return new AlertQuery(values(params, "province"), values(params, "county"), values(params, "branch"),
                severities, states);
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
            throw new IllegalArgumentException("state 'inactive' is never stored; ask for pending, firing or resolved");
        }
        return s;
    }

    public boolean matches(Alert a) {
        return states.contains(a.state())
                && (provinces.isEmpty() || provinces.contains(a.provinceCode()))
                && (counties.isEmpty() || counties.contains(a.countyCode()))
                && (branches.isEmpty() || branches.contains(a.branchCode()))
                && (severities.isEmpty() || severities.contains(a.severity()));
    }

    public boolean wantsActive() {
        return states.stream().anyMatch(s -> s != AlertState.RESOLVED);
    }

    public boolean wantsResolved() {
        return states.contains(AlertState.RESOLVED);
    }
}
