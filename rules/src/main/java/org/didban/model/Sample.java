package org.didban.model;

import java.util.Objects;

/** One observed value: (device, metric, labels, value, timestamp in epoch milliseconds). */
public record Sample(String device, String metric, Labels labels, double value, long timestamp) {
    public Sample {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(metric, "metric");
        labels = labels == null ? Labels.EMPTY : labels;
    }
}
