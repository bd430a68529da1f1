package org.didban.collector.stream;

import io.vertx.core.MultiMap;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.didban.collector.alerts.TrackedAlert;
import org.didban.model.Severity;

/**
 * What a subscriber asked to hear of: any of these provinces, counties, branches and severities
 * (an empty set means any). Applied on top of what the person may see, never instead of it.
 */
record StreamFilter(Set<String> provinces, Set<String> counties, Set<String> branches, Set<Severity> severities) {
    static final List<String> PARAMETERS = List.of("province", "county", "branch", "severity");

    StreamFilter {
        provinces = Set.copyOf(provinces);
        counties = Set.copyOf(counties);
        branches = Set.copyOf(branches);
        severities = severities.isEmpty() ? Set.of() : EnumSet.copyOf(severities);
    }

    /** Each parameter a value or a comma-separated list, or repeated. Throws naming what is wrong. */
    static StreamFilter parse(MultiMap params) {
        for (String name : params.names()) {
            if (!PARAMETERS.contains(name)) {
                throw new IllegalArgumentException("unknown parameter '" + name + "'; known: "
                        + String.join(", ", PARAMETERS));
            }
        }
        Set<Severity> severities = values(params, "severity").stream().map(Severity::parse)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Severity.class)));
        return new StreamFilter(values(params, "province"), values(params, "county"), values(params, "branch"),
                severities);
    }

    private static Set<String> values(MultiMap params, String name) {
        return params.getAll(name).stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::trim)
                .filter(v -> !v.isEmpty())
                .collect(Collectors.toSet());
    }

    boolean matches(TrackedAlert a) {
        return (provinces.isEmpty() || provinces.contains(a.provinceCode()))
                && (counties.isEmpty() || counties.contains(a.countyCode()))
                && (branches.isEmpty() || branches.contains(a.branchCode()))
                && (severities.isEmpty() || severities.contains(a.alert().severity()));
    }
}
