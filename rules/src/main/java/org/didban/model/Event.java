package org.didban.model;

import java.util.Map;
import java.util.Objects;

/**
 * Something that happened at a device: a trap, a change (new MAC seen, configuration changed,
 * reboot), a heartbeat gap. {@code type} is a name from {@link EventTypes}.
 */
public record Event(String device, String type, Map<String, String> attributes, long timestamp) {
    public Event {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(type, "type");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
