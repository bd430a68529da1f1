package org.didban.rules;

import org.didban.model.AlertTransition;

/** Where the evaluator sends every alert transition, in the order they happen. */
@FunctionalInterface
public interface AlertSink {
    void accept(AlertTransition transition);
}
