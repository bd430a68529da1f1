package org.didban.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable set of rules with their metric index: a sample is offered only to the rules
 * that read its metric, so adding rules for other metrics costs a sample nothing.
 */
public final class RuleSet {
    private final Map<String, Rule> byId;
    private final Map<String, List<Rule>> byMetric;

    public RuleSet(List<Rule> rules) {
        Map<String, Rule> ids = new LinkedHashMap<>();
        Map<String, List<Rule>> metrics = new HashMap<>();
        for (Rule r : rules) {
            if (ids.putIfAbsent(r.id(), r) != null) {
                throw new IllegalArgumentException("duplicate rule id " + r.id());
            }
            metrics.computeIfAbsent(r.metric(), k -> new ArrayList<>()).add(r);
        }
        metrics.replaceAll((k, v) -> List.copyOf(v));
        this.byId = Collections.unmodifiableMap(ids);
        this.byMetric = Collections.unmodifiableMap(metrics);
    }

    public static RuleSet empty() {
        return new RuleSet(List.of());
    }

    public List<Rule> forMetric(String metric) {
        return byMetric.getOrDefault(metric, List.of());
    }

    public Rule rule(String id) {
        return byId.get(id);
    }

    public List<Rule> all() {
        return List.copyOf(byId.values());
    }

    public int size() {
        return byId.size();
    }
}
