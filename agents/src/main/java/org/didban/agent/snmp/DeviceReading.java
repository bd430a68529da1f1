package org.didban.agent.snmp;

import java.util.List;
import org.didban.model.Event;
import org.didban.model.Sample;

/**
 * What one poll of one device produced.
 *
 * @param answered   whether the device answered (the {@code device_up} sample says the same)
 * @param identity   sysDescr and sysObjectID, null when not read
 * @param oddValues  values skipped because they were of the wrong type, missing or exceptions
 */
public record DeviceReading(String device, boolean answered, DeviceIdentity identity, List<Sample> samples,
                            List<Event> events, int oddValues) {
    public DeviceReading {
        samples = List.copyOf(samples);
        events = List.copyOf(events);
    }

    /** How a device describes itself; compared with the inventory by rule DEV-03 later. */
    public record DeviceIdentity(String sysDescr, String sysObjectId) {
    }
}
