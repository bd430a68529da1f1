package org.didban.agent.snmp;

import org.snmp4j.smi.OID;

/**
 * The standard objects Didban reads (SNMPv2-MIB, IF-MIB, UPS-MIB), in one place for the poller and
 * the simulator. SNMP4J's {@link OID} is mutable: copy a constant before changing it.
 */
public final class StandardMib {
    private StandardMib() {
    }

    // SNMPv2-MIB system group
    public static final OID SYS_DESCR = new OID("1.3.6.1.2.1.1.1.0");
    public static final OID SYS_OBJECT_ID = new OID("1.3.6.1.2.1.1.2.0");
    public static final OID SYS_UPTIME = new OID("1.3.6.1.2.1.1.3.0");
    public static final OID SYS_NAME = new OID("1.3.6.1.2.1.1.5.0");

    // IF-MIB: ifNumber, ifEntry and ifXEntry columns (append the ifIndex for one row)
    public static final OID IF_NUMBER = new OID("1.3.6.1.2.1.2.1.0");
    public static final OID IF_DESCR = new OID("1.3.6.1.2.1.2.2.1.2");
    public static final OID IF_TYPE = new OID("1.3.6.1.2.1.2.2.1.3");
    public static final OID IF_ADMIN_STATUS = new OID("1.3.6.1.2.1.2.2.1.7");
    public static final OID IF_OPER_STATUS = new OID("1.3.6.1.2.1.2.2.1.8");
    public static final OID IF_IN_ERRORS = new OID("1.3.6.1.2.1.2.2.1.14");
    public static final OID IF_NAME = new OID("1.3.6.1.2.1.31.1.1.1.1");
    public static final OID IF_HC_IN_OCTETS = new OID("1.3.6.1.2.1.31.1.1.1.6");
    public static final OID IF_HC_OUT_OCTETS = new OID("1.3.6.1.2.1.31.1.1.1.10");
    public static final OID IF_HIGH_SPEED = new OID("1.3.6.1.2.1.31.1.1.1.15");

    // UPS-MIB (RFC 1628)
    public static final OID UPS_BATTERY_STATUS = new OID("1.3.6.1.2.1.33.1.2.1.0");
    public static final OID UPS_SECONDS_ON_BATTERY = new OID("1.3.6.1.2.1.33.1.2.2.0");
    public static final OID UPS_MINUTES_REMAINING = new OID("1.3.6.1.2.1.33.1.2.3.0");
    public static final OID UPS_CHARGE_REMAINING = new OID("1.3.6.1.2.1.33.1.2.4.0");
    public static final OID UPS_OUTPUT_SOURCE = new OID("1.3.6.1.2.1.33.1.4.1.0");

    /** Values of ifAdminStatus / ifOperStatus. */
    public static final int IF_STATUS_UP = 1;
    public static final int IF_STATUS_DOWN = 2;
    /** Values of upsOutputSource. */
    public static final int UPS_SOURCE_NORMAL = 3;
    public static final int UPS_SOURCE_BATTERY = 5;
    /** Values of upsBatteryStatus. */
    public static final int UPS_BATTERY_NORMAL = 2;
    public static final int UPS_BATTERY_LOW = 3;
}
