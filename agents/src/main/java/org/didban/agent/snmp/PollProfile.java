package org.didban.agent.snmp;

import java.util.List;
import org.didban.model.DeviceRole;
import org.didban.model.Metrics;
import org.snmp4j.smi.OID;

/**
 * What to read from a device of a given role, and which metric each object becomes. Every device
 * answers the system group; network gear and the election devices add the interface tables, a UPS
 * adds UPS-MIB.
 *
 * @param scalars    objects fetched with one GET
 * @param interfaces whether to walk ifEntry/ifXEntry
 */
public record PollProfile(List<Scalar> scalars, boolean interfaces) {

    /** A scalar object, the metric it feeds (null: read for identity only) and the factor to its unit. */
    public record Scalar(OID oid, String metric, double scale) {
    }

    /** The interface table columns walked together with GETBULK; metric null: used as a label. */
    public enum Column {
        DESCR(StandardMib.IF_DESCR, null),
        TYPE(StandardMib.IF_TYPE, Metrics.IF_TYPE),
        ADMIN_STATUS(StandardMib.IF_ADMIN_STATUS, Metrics.IF_ADMIN_STATUS),
        OPER_STATUS(StandardMib.IF_OPER_STATUS, Metrics.IF_OPER_STATUS),
        IN_ERRORS(StandardMib.IF_IN_ERRORS, Metrics.IF_IN_ERRORS_TOTAL),
        NAME(StandardMib.IF_NAME, null),
        HC_IN_OCTETS(StandardMib.IF_HC_IN_OCTETS, Metrics.IF_IN_OCTETS_TOTAL),
        HC_OUT_OCTETS(StandardMib.IF_HC_OUT_OCTETS, Metrics.IF_OUT_OCTETS_TOTAL),
        HIGH_SPEED(StandardMib.IF_HIGH_SPEED, Metrics.IF_SPEED_MBPS);

        private final OID oid;
        private final String metric;

        Column(OID oid, String metric) {
            this.oid = oid;
            this.metric = metric;
        }

        public OID oid() {
            return oid;
        }

        public String metric() {
            return metric;
        }
    }

    private static final List<Scalar> SYSTEM = List.of(
            new Scalar(StandardMib.SYS_DESCR, null, 1),
            new Scalar(StandardMib.SYS_OBJECT_ID, null, 1),
            // TimeTicks are hundredths of a second
            new Scalar(StandardMib.SYS_UPTIME, Metrics.SYS_UPTIME_SECONDS, 0.01));

    private static final List<Scalar> UPS = List.of(
            new Scalar(StandardMib.UPS_OUTPUT_SOURCE, Metrics.UPS_OUTPUT_SOURCE, 1),
            new Scalar(StandardMib.UPS_BATTERY_STATUS, Metrics.UPS_BATTERY_STATUS, 1),
            new Scalar(StandardMib.UPS_SECONDS_ON_BATTERY, Metrics.UPS_SECONDS_ON_BATTERY, 1),
            new Scalar(StandardMib.UPS_MINUTES_REMAINING, Metrics.UPS_MINUTES_REMAINING, 1),
            new Scalar(StandardMib.UPS_CHARGE_REMAINING, Metrics.UPS_CHARGE_PERCENT, 1));

    public PollProfile {
        scalars = List.copyOf(scalars);
    }

    public static PollProfile forRole(DeviceRole role) {
        return switch (role) {
            case UPS -> new PollProfile(concat(SYSTEM, UPS), false);
            case ROUTER, SWITCH, MODEM, FIREWALL, AUTH_DEVICE, VOTING_DEVICE, CAMERA, NVR, SENSOR ->
                    new PollProfile(SYSTEM, true);
        };
    }

    private static List<Scalar> concat(List<Scalar> a, List<Scalar> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
