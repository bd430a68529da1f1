package org.didban.model;

import java.util.Locale;

/** Alert severity, ordered: {@code info < low < medium < high < critical}. */
public enum Severity {
    INFO, LOW, MEDIUM, HIGH, CRITICAL;

    /** One level up, capped at critical. */
    public Severity raised() {
        return this == CRITICAL ? CRITICAL : values()[ordinal() + 1];
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown severity '" + text + "'; known: info, low, medium, high, critical");
        }
    }
}
