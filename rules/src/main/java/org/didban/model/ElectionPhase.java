package org.didban.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where an election stands; rules change timing and severity by phase. {@link #NONE} is any
 * time no election's calendar covers.
 */
public enum ElectionPhase {
    NONE, PREPARATION, OPENING_CEREMONY, VOTING, CLOSING_CEREMONY, COUNT, CLOSED;

    /** The name used in YAML, JSON and rule conditions: {@code opening_ceremony}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isCeremony() {
        return this == OPENING_CEREMONY || this == CLOSING_CEREMONY;
    }

    public static ElectionPhase parse(String text) {
        String key = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (ElectionPhase p : values()) {
            if (p.name().equals(key)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown election phase '" + text + "'; known: "
                + Arrays.stream(values()).map(ElectionPhase::wireName).collect(Collectors.joining(", ")));
    }
}
