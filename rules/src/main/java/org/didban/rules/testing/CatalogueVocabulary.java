package org.didban.rules.testing;

import java.util.LinkedHashSet;
import java.util.Set;
import org.didban.model.EventDefinition;
import org.didban.model.EventTypes;
import org.didban.model.MetricDefinition;
import org.didban.model.Metrics;
import org.didban.rules.Vocabulary;

/**
 * The metric names and event types agents report ({@link Metrics#ALL}, {@link EventTypes#ALL}),
 * for linting rule files ({@code didban rules check}): a typo in a name is then caught with its line.
 */
public final class CatalogueVocabulary {
    private CatalogueVocabulary() {
    }

    public static Vocabulary get() {
        return Vocabulary.of(metrics(), events());
    }

    public static Set<String> metrics() {
        Set<String> out = new LinkedHashSet<>();
        for (MetricDefinition d : Metrics.ALL) {
            out.add(d.name());
        }
        return out;
    }

    public static Set<String> events() {
        Set<String> out = new LinkedHashSet<>();
        for (EventDefinition d : EventTypes.ALL) {
            out.add(d.type());
        }
        return out;
    }
}
