package org.didban.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable set of rules with its indexes: a sample is offered only to the rules that read
 * its metric and an event only to the rules that count its type, so adding rules for other
 * inputs costs a sample nothing.
 */
public final class RuleSet {
    private final Map<String, Rule> byId;
    private final Map<String, List<Rule>> byMetric;
    private final Map<String, List<Rule>> byEvent;
    private final Map<String, List<Rule>> areasWatching;
    private final List<Rule> inventoryRules;

    public RuleSet(List<Rule> rules) {
        Map<String, Rule> ids = new LinkedHashMap<>();
        Map<String, List<Rule>> metrics = new HashMap<>();
        Map<String, List<Rule>> events = new HashMap<>();
        Map<String, List<Rule>> areas = new HashMap<>();
        List<Rule> inventory = new ArrayList<>();
        for (Rule r : rules) {
            if (ids.putIfAbsent(r.id(), r) != null) {
                throw new IllegalArgumentException("duplicate rule id " + r.id());
            }
            if (r.input() instanceof RuleInput.Metric m) {
                m.names().forEach(n -> metrics.computeIfAbsent(n, k -> new ArrayList<>()).add(r));
            } else if (r.input() instanceof RuleInput.Events e) {
                e.types().forEach(t -> events.computeIfAbsent(t, k -> new ArrayList<>()).add(r));
            } else if (r.input() instanceof RuleInput.Area a) {
                areas.computeIfAbsent(a.ofRule(), k -> new ArrayList<>()).add(r);
            } else {
                inventory.add(r);
            }
        }
        for (Map.Entry<String, List<Rule>> e : areas.entrySet()) {
            if (!ids.containsKey(e.getKey())) {
                throw new IllegalArgumentException("rule " + e.getValue().get(0).id() + " watches unknown rule " + e.getKey());
            }
        }
        metrics.replaceAll((k, v) -> List.copyOf(v));
        events.replaceAll((k, v) -> List.copyOf(v));
        areas.replaceAll((k, v) -> List.copyOf(v));
        this.byId = Collections.unmodifiableMap(ids);
        this.byMetric = Collections.unmodifiableMap(metrics);
        this.byEvent = Collections.unmodifiableMap(events);
        this.areasWatching = Collections.unmodifiableMap(areas);
        this.inventoryRules = List.copyOf(inventory);
    }

    public static RuleSet empty() {
        return new RuleSet(List.of());
    }

    public List<Rule> forMetric(String metric) {
        return byMetric.getOrDefault(metric, List.of());
    }

    public List<Rule> forEvent(String type) {
        return byEvent.getOrDefault(type, List.of());
    }

    /** Area rules that count alerts of {@code ruleId}. */
    public List<Rule> areasWatching(String ruleId) {
        return areasWatching.getOrDefault(ruleId, List.of());
    }

    public List<Rule> inventoryRules() {
        return inventoryRules;
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
