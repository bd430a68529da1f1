package org.didban.model;

import java.util.Locale;

/**
 * Where an alert stands. The evaluator moves alerts between PENDING, FIRING and RESOLVED;
 * people move them to ACKNOWLEDGED; silences to SILENCED. INACTIVE is the state before
 * anything happened and is never stored.
 */
public enum AlertState {
    INACTIVE, PENDING, FIRING, ACKNOWLEDGED, SILENCED, RESOLVED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AlertState parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown alert state '" + text
                    + "'; known: pending, firing, acknowledged, silenced, resolved");
        }
    }
}
