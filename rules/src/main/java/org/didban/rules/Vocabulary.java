package org.didban.rules;

import java.util.Set;

/**
 * The metric names and event types a rule may read. Loading accepts any name, so operators can
 * write rules ahead of the agent; linting ({@code didban rules check}) uses the names agents
 * report, so a typo in a metric is caught with its line instead of silently never firing.
 */
public interface Vocabulary {
    Vocabulary ANY = new Vocabulary() {
        @Override
        public boolean knowsMetric(String name) {
            return true;
        }

        @Override
        public boolean knowsEvent(String type) {
            return true;
        }
    };

    boolean knowsMetric(String name);

    boolean knowsEvent(String type);

    static Vocabulary of(Set<String> metrics, Set<String> events) {
        Set<String> m = Set.copyOf(metrics);
        Set<String> e = Set.copyOf(events);
        return new Vocabulary() {
            @Override
            public boolean knowsMetric(String name) {
                return m.contains(name);
            }

            @Override
            public boolean knowsEvent(String type) {
                return e.contains(type);
            }
        };
    }
}
