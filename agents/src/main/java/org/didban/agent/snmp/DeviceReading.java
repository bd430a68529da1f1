package org.didban.agent.snmp;

import java.util.List;
import java.util.Map;
import org.didban.agent.profile.TableRows;
import org.didban.model.Event;
import org.didban.model.Sample;

/**
 * What one poll of one device produced.
 *
 * @param answered   whether the device answered (the {@code device_up} sample says the same)
 * @param identity   sysDescr and sysObjectID, null when not read
 * @param oddValues  values skipped because they were of the wrong type, missing or exceptions
 * @param tables     the raw rows of every table the profile walked, by table name (the LAN watch
 *                   reads {@code fdb}/{@code qfdb}/{@code bridge_ports}/{@code arp}, the uplink
 *                   detector {@code mau}); kept in memory only, never sent
 */
public record DeviceReading(String device, boolean answered, DeviceIdentity identity, List<Sample> samples,
                            List<Event> events, int oddValues, Map<String, TableRows> tables) {
    public DeviceReading {
        samples = List.copyOf(samples);
        events = List.copyOf(events);
        tables = tables == null ? Map.of() : Map.copyOf(tables);
    }

    public DeviceReading(String device, boolean answered, DeviceIdentity identity, List<Sample> samples,
                         List<Event> events, int oddValues) {
        this(device, answered, identity, samples, events, oddValues, Map.of());
    }

    /** The same reading with other samples and events (what a stage between poller and uplink returns). */
    public DeviceReading with(List<Sample> newSamples, List<Event> newEvents) {
        return new DeviceReading(device, answered, identity, newSamples, newEvents, oddValues, tables);
    }

    public TableRows table(String name) {
        return tables.getOrDefault(name, TableRows.EMPTY);
    }

    /** How a device describes itself; compared with the inventory by rule DEV-03 later. */
    public record DeviceIdentity(String sysDescr, String sysObjectId) {
    }
}
