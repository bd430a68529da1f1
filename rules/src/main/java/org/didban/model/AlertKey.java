package org.didban.model;

import java.util.Objects;

/** What makes an alert unique: the rule and the series it watches (device and labels). */
public record AlertKey(String ruleId, String device, Labels labels) {
    public AlertKey {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(device, "device");
        labels = labels == null ? Labels.EMPTY : labels;
    }

    /** A stable, human-readable de-duplication key. */
    public String id() {
        return labels.isEmpty() ? ruleId + "/" + device : ruleId + "/" + device + labels;
    }
}
