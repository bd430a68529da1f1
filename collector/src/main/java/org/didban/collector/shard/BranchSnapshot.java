package org.didban.collector.shard;

import java.util.List;
import org.didban.collector.alerts.TrackedAlert;
import org.didban.model.Device;
import org.didban.model.Event;
import org.didban.model.Labels;

/** A copy of a branch's live state, taken on its shard so that it may be read anywhere. */
public record BranchSnapshot(List<DeviceState> devices, List<TrackedAlert> alerts, List<Event> events) {

    /** A device and its latest readings; {@code lastSeen} is 0 when it never reported. */
    public record DeviceState(Device device, long lastSeen, List<Reading> readings) {
    }

    /** The latest value of one metric series of a device. */
    public record Reading(String metric, Labels labels, double value) {
    }
}
