package org.didban.agent.snmp;

import java.util.List;
import org.didban.model.Event;
import org.didban.model.Sample;

/**
 * The readings of a site from one poll interval: of the devices polled in it, and of devices whose
 * poll of an earlier round ended late.
 *
 * @param skipped devices not polled in this round because their previous poll had not ended
 */
public record PollRound(long startedAt, List<DeviceReading> readings, int skipped) {
    public PollRound {
        readings = List.copyOf(readings);
    }

    public PollRound(long startedAt, List<DeviceReading> readings) {
        this(startedAt, readings, 0);
    }

    public List<Sample> samples() {
        return readings.stream().flatMap(r -> r.samples().stream()).toList();
    }

    public List<Event> events() {
        return readings.stream().flatMap(r -> r.events().stream()).toList();
    }

    public int failures() {
        return (int) readings.stream().filter(r -> !r.answered()).count();
    }

    public int oddValues() {
        return readings.stream().mapToInt(DeviceReading::oddValues).sum();
    }

    public DeviceReading reading(String device) {
        return readings.stream().filter(r -> r.device().equals(device)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no reading for " + device));
    }
}
