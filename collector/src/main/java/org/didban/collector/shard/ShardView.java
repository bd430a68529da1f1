package org.didban.collector.shard;

import java.util.Collection;
import java.util.List;
import org.didban.collector.alerts.TrackedAlert;
import org.didban.model.Branch;
import org.didban.model.ElectionPhase;
import org.didban.model.Event;
import org.didban.rules.DeviceReadings;

/**
 * What a shard knows, for reading on the shard's own event loop (see {@link Shard#inspect}):
 * capabilities such as readiness and the fiber rollout compute their views from it without
 * owning shard state. Valid only during the call; copy what you keep.
 */
public interface ShardView {
    /** The branches this shard owns. */
    Collection<Branch> branches();

    /** The latest readings of a device, or null when it never reported. */
    DeviceReadings readings(String deviceId);

    /** The active alerts of a branch (pending, firing, acknowledged, silenced). */
    List<TrackedAlert> alertsOf(String branchCode);

    /** The branch's recent events, newest first. */
    List<Event> eventsOf(String branchCode);

    /** The election phase in force. */
    ElectionPhase phase();

    /** Minutes until voting closes, when voting is on; 0 otherwise. */
    double minutesToClose();

    /** The shard's clock (epoch milliseconds). */
    long now();
}
