package org.didban.agent.trap;

import org.snmp4j.smi.OID;

/**
 * The notification and object identifiers the trap receiver understands (RULES-CATALOGUE.md and
 * {@code agents/mibs/DIDBAN-DEVICE-MIB.txt}). {@link OID} is mutable: never change these.
 */
public final class TrapOids {
    private TrapOids() {
    }

    // SNMPv2-MIB
    public static final OID SYS_UP_TIME_0 = new OID("1.3.6.1.2.1.1.3.0");
    public static final OID SNMP_TRAP_OID_0 = new OID("1.3.6.1.6.3.1.1.4.1.0");
    public static final OID SNMP_TRAPS = new OID("1.3.6.1.6.3.1.1.5");
    public static final OID COLD_START = new OID("1.3.6.1.6.3.1.1.5.1");
    public static final OID WARM_START = new OID("1.3.6.1.6.3.1.1.5.2");
    public static final OID LINK_DOWN = new OID("1.3.6.1.6.3.1.1.5.3");
    public static final OID LINK_UP = new OID("1.3.6.1.6.3.1.1.5.4");
    public static final OID AUTHENTICATION_FAILURE = new OID("1.3.6.1.6.3.1.1.5.5");

    // IF-MIB
    public static final OID IF_INDEX = new OID("1.3.6.1.2.1.2.2.1.1");
    public static final OID IF_DESCR = new OID("1.3.6.1.2.1.2.2.1.2");
    public static final OID IF_ENTRY = new OID("1.3.6.1.2.1.2.2.1");
    public static final OID IF_NAME = new OID("1.3.6.1.2.1.31.1.1.1.1");

    // UPS-MIB: upsTrapOnBattery, both forms seen in the field
    public static final OID UPS_TRAP_ON_BATTERY = new OID("1.3.6.1.2.1.33.2.1");
    public static final OID UPS_TRAP_ON_BATTERY_V2 = new OID("1.3.6.1.2.1.33.2.0.1");

    // ENTITY-MIB
    public static final OID ENT_CONFIG_CHANGE = new OID("1.3.6.1.2.1.47.2.0.1");

    // DIDBAN-DEVICE-MIB notifications (didbanDeviceNotifications = 1.3.6.1.4.1.99999.2.0)
    public static final OID DIDBAN_TAMPER_NOTIFICATION = new OID("1.3.6.1.4.1.99999.2.0.1");
    public static final OID DIDBAN_LOG_CHAIN_BROKEN_NOTIFICATION = new OID("1.3.6.1.4.1.99999.2.0.2");
    public static final OID DIDBAN_ADMIN_LOGIN_NOTIFICATION = new OID("1.3.6.1.4.1.99999.2.0.3");
    public static final OID DIDBAN_FLOW_DENIED_NOTIFICATION = new OID("1.3.6.1.4.1.99999.2.0.4");

    // DIDBAN-DEVICE-MIB objects the notifications carry (columns without index, scalars with .0)
    public static final OID DIDBAN_TAMPER_NAME = new OID("1.3.6.1.4.1.99999.2.1.3.1.1.2");
    public static final OID DIDBAN_TAMPER_STATE = new OID("1.3.6.1.4.1.99999.2.1.3.1.1.3");
    public static final OID DIDBAN_LOG_SEQUENCE = new OID("1.3.6.1.4.1.99999.2.1.4.1");
    public static final OID DIDBAN_LOG_BROKEN_AT = new OID("1.3.6.1.4.1.99999.2.1.4.4");
    public static final OID DIDBAN_LAST_LOGIN_USER = new OID("1.3.6.1.4.1.99999.2.1.5.2");
    public static final OID DIDBAN_LAST_LOGIN_TICKET = new OID("1.3.6.1.4.1.99999.2.1.5.3");
    public static final OID DIDBAN_LAST_DENIED_ADDRESS_TYPE = new OID("1.3.6.1.4.1.99999.2.1.5.5");
    public static final OID DIDBAN_LAST_DENIED_ADDRESS = new OID("1.3.6.1.4.1.99999.2.1.5.6");
    public static final OID DIDBAN_LAST_DENIED_PORT = new OID("1.3.6.1.4.1.99999.2.1.5.7");

    /** didbanTamperState triggered(2). */
    public static final int TAMPER_TRIGGERED = 2;
}
