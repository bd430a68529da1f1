package org.didban.collector.readiness;

import java.util.List;
import org.didban.collector.alerts.TrackedAlert;
import org.didban.model.Labels;

/**
 * What the assessor reads of the live state: the latest readings of devices and the active
 * alerts of a branch. On a collector it is a shard's {@link org.didban.collector.shard.ShardView}
 * (see {@link ShardLiveState}), read on the shard's event loop; tests give their own.
 */
public interface LiveState {
    /** When the collector last received any sample of the device (epoch ms); 0 if never. */
    long lastSeen(String deviceId);

    /** The latest value of {@code metric} with exactly these labels from the device; NaN if none. */
    double value(String deviceId, String metric, Labels labels);

    /** How many label sets of {@code metric} on the device have {@code value} as their latest value. */
    int countSeries(String deviceId, String metric, double value);

    /** The active alerts of a branch (pending, firing, acknowledged, silenced); empty if none. */
    List<TrackedAlert> alertsOf(String branchCode);
}
