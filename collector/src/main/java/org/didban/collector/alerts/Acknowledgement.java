package org.didban.collector.alerts;

import java.util.Objects;

/** Someone took an alert on: who, when (epoch ms) and what they said. */
public record Acknowledgement(String by, long at, String note) {
    public Acknowledgement {
        Objects.requireNonNull(by, "by");
        note = note == null ? "" : note;
    }
}
