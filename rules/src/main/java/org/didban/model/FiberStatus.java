package org.didban.model;

import java.util.Locale;

/** Where a branch stands in the fiber rollout, as planned on paper. */
public enum FiberStatus {
    CONNECTED, PLANNED, NONE;

    public static FiberStatus parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
