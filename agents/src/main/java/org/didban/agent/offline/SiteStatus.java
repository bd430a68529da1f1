package org.didban.agent.offline;

import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of what the branch's IT staff see on the {@link StatusPage}, rebuilt by
 * {@link LocalRules} on its own thread whenever something changes. It holds nothing secret by
 * construction: no token, no SNMP credentials, no collector address.
 *
 * @param link      whether batches currently reach the collector
 * @param linkSince since when (epoch ms) the link has been in that state; the start for UNKNOWN
 * @param syncBacklog local alert transitions waiting to be handed over when the link returns
 */
public record SiteStatus(String agentId, String branch, long generatedAt, Link link, long linkSince,
                         List<DeviceStatus> devices, List<ActiveAlert> alerts, int syncBacklog, long syncDropped,
                         long logFailures) {
    public SiteStatus {
        devices = List.copyOf(devices);
        alerts = List.copyOf(alerts);
    }

    /** Whether the collector is reachable, as the uplink's last outcome says. */
    public enum Link {
        /** No batch has been delivered or failed yet. */
        UNKNOWN,
        REACHABLE,
        UNREACHABLE;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A device's latest readings. {@code deviceUp} is NaN until the first poll; {@code values} holds
     * its latest label-less values (sys_uptime_seconds, ups_output_source, …), {@code interfaces}
     * each interface's latest if_oper_status (1 up, 2 down), by if_name (or if_index).
     */
    public record DeviceStatus(String id, String role, String address, double deviceUp, long lastSampleAt,
                               Map<String, Double> values, Map<String, Double> interfaces) {
        public DeviceStatus {
            values = Map.copyOf(values);
            interfaces = Map.copyOf(interfaces);
        }
    }

    /** A local alert now pending or firing. */
    public record ActiveAlert(String id, String rule, String device, Map<String, String> labels, String state,
                              String severity, String titleEn, String titleFa, long activeSince, long firedAt) {
        public ActiveAlert {
            labels = Map.copyOf(labels);
        }
    }
}
