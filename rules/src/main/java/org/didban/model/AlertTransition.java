package org.didban.model;

import java.util.Objects;

/** One append-only record of an alert changing state; {@code alert} is the state after it. */
public record AlertTransition(Alert alert, AlertState from, AlertState to, long at) {
    public AlertTransition {
        Objects.requireNonNull(alert, "alert");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }
}
