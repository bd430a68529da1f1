package org.didban.agent.offline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.didban.model.Device;
import org.didban.model.Metrics;
import org.didban.model.Sample;

/**
 * The latest few values of each device of the branch, for the status page: bounded per device
 * (at most {@value #MAX_VALUES} label-less values and {@value #MAX_INTERFACES} interfaces), so the
 * agent's memory stays tiny whatever a device reports. Used on the engine thread only.
 */
final class DeviceBoard {
    static final int MAX_VALUES = 24;
    static final int MAX_INTERFACES = 48;

    private final Map<String, Row> rows = new LinkedHashMap<>();

    DeviceBoard(Iterable<Device> devices) {
        for (Device d : devices) {
            rows.put(d.id(), new Row(d));
        }
    }

    void record(Sample s) {
        Row row = rows.get(s.device());
        if (row == null) {
            return;
        }
        row.lastSampleAt = Math.max(row.lastSampleAt, s.timestamp());
        if (Metrics.DEVICE_UP.equals(s.metric())) {
            row.deviceUp = s.value();
        } else if (Metrics.IF_OPER_STATUS.equals(s.metric())) {
            String name = s.labels().get(Metrics.LABEL_IF_NAME);
            if (name == null || name.isEmpty()) {
                name = s.labels().get(Metrics.LABEL_IF_INDEX);
            }
            if (name != null && (row.interfaces.containsKey(name) || row.interfaces.size() < MAX_INTERFACES)) {
                row.interfaces.put(name, s.value());
            }
        } else if (s.labels().isEmpty()
                && (row.values.containsKey(s.metric()) || row.values.size() < MAX_VALUES)) {
            row.values.put(s.metric(), s.value());
        }
    }

    List<SiteStatus.DeviceStatus> snapshot() {
        List<SiteStatus.DeviceStatus> out = new ArrayList<>(rows.size());
        for (Row r : rows.values()) {
            out.add(new SiteStatus.DeviceStatus(r.device.id(), r.device.role().wireName(), r.device.address(),
                    r.deviceUp, r.lastSampleAt, r.values, r.interfaces));
        }
        return out;
    }

    private static final class Row {
        final Device device;
        double deviceUp = Double.NaN;
        long lastSampleAt;
        final Map<String, Double> values = new TreeMap<>();
        final Map<String, Double> interfaces = new TreeMap<>();

        Row(Device device) {
            this.device = device;
        }
    }
}
