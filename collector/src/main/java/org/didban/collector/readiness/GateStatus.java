package org.didban.collector.readiness;

import java.util.Locale;

/**
 * How a gate stands. {@link #UNKNOWN} means the data that decides it has not arrived (an agent
 * that never reported, a fact the inventory does not hold): not a failure, but never a pass — a
 * branch with an unknown gate is not ready and cannot be green.
 */
public enum GateStatus {
    PASS, FAIL, UNKNOWN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
