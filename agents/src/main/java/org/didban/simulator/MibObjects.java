package org.didban.simulator;

import org.snmp4j.smi.OID;

/**
 * The objects the simulator serves beyond {@code StandardMib} (which lists what the agent polls
 * today): the rest of the standard MIBs behind Didban's metrics, the vendor tables for optics and
 * cellular signal, and Didban's own DIDBAN-DEVICE-MIB ({@code agents/mibs/DIDBAN-DEVICE-MIB.txt}).
 * Columns end without an index: append the row's index. {@link OID} is mutable: copy before changing.
 * When the agent starts polling one of these, its OID belongs in {@code StandardMib}/the profile.
 */
public final class MibObjects {
    private MibObjects() {
    }

    // SNMPv2-MIB, SNMP-FRAMEWORK-MIB, SNMP-USER-BASED-SM-MIB
    public static final OID SNMP_IN_BAD_COMMUNITY_NAMES = new OID("1.3.6.1.2.1.11.4.0");
    public static final OID SNMP_ENGINE_BOOTS = new OID("1.3.6.1.6.3.10.2.1.2.0");
    public static final OID USM_STATS_UNKNOWN_USER_NAMES = new OID("1.3.6.1.6.3.15.1.1.3.0");
    public static final OID USM_STATS_WRONG_DIGESTS = new OID("1.3.6.1.6.3.15.1.1.5.0");

    // IF-MIB columns not in StandardMib
    public static final OID IF_INDEX = new OID("1.3.6.1.2.1.2.2.1.1");
    public static final OID IF_LAST_CHANGE = new OID("1.3.6.1.2.1.2.2.1.9");
    public static final OID IF_OUT_ERRORS = new OID("1.3.6.1.2.1.2.2.1.20");
    public static final OID IF_HC_IN_UCAST_PKTS = new OID("1.3.6.1.2.1.31.1.1.1.7");
    public static final OID IF_HC_IN_MULTICAST_PKTS = new OID("1.3.6.1.2.1.31.1.1.1.8");
    public static final OID IF_HC_IN_BROADCAST_PKTS = new OID("1.3.6.1.2.1.31.1.1.1.9");
    public static final OID IF_ALIAS = new OID("1.3.6.1.2.1.31.1.1.1.18");

    // MAU-MIB ifMauType (index ifIndex.ifMauIndex) and the IANA-MAU-MIB types served
    public static final OID IF_MAU_TYPE = new OID("1.3.6.1.2.1.26.2.1.1.3");
    public static final OID MAU_1000BASE_LX_FD = new OID("1.3.6.1.2.1.26.4.24");
    public static final OID MAU_1000BASE_T_FD = new OID("1.3.6.1.2.1.26.4.30");

    // HOST-RESOURCES-MIB
    public static final OID HR_SYSTEM_DATE = new OID("1.3.6.1.2.1.25.1.2.0");
    public static final OID HR_STORAGE_INDEX = new OID("1.3.6.1.2.1.25.2.3.1.1");
    public static final OID HR_STORAGE_TYPE = new OID("1.3.6.1.2.1.25.2.3.1.2");
    public static final OID HR_STORAGE_DESCR = new OID("1.3.6.1.2.1.25.2.3.1.3");
    public static final OID HR_STORAGE_ALLOCATION_UNITS = new OID("1.3.6.1.2.1.25.2.3.1.4");
    public static final OID HR_STORAGE_SIZE = new OID("1.3.6.1.2.1.25.2.3.1.5");
    public static final OID HR_STORAGE_USED = new OID("1.3.6.1.2.1.25.2.3.1.6");
    public static final OID HR_STORAGE_FIXED_DISK = new OID("1.3.6.1.2.1.25.2.1.4");
    public static final OID HR_STORAGE_REMOVABLE_DISK = new OID("1.3.6.1.2.1.25.2.1.7");
    public static final OID HR_SW_INSTALLED_LAST_CHANGE = new OID("1.3.6.1.2.1.25.6.1.0");

    // ENTITY-MIB entPhysicalEntry, entAliasMappingIdentifier; ENTITY-SENSOR-MIB entPhySensorEntry
    public static final OID ENT_PHYSICAL_DESCR = new OID("1.3.6.1.2.1.47.1.1.1.1.2");
    public static final OID ENT_PHYSICAL_CONTAINED_IN = new OID("1.3.6.1.2.1.47.1.1.1.1.4");
    public static final OID ENT_PHYSICAL_CLASS = new OID("1.3.6.1.2.1.47.1.1.1.1.5");
    public static final OID ENT_PHYSICAL_NAME = new OID("1.3.6.1.2.1.47.1.1.1.1.7");
    public static final OID ENT_PHYSICAL_SOFTWARE_REV = new OID("1.3.6.1.2.1.47.1.1.1.1.10");
    public static final OID ENT_PHYSICAL_SERIAL_NUM = new OID("1.3.6.1.2.1.47.1.1.1.1.11");
    public static final OID ENT_PHYSICAL_MODEL_NAME = new OID("1.3.6.1.2.1.47.1.1.1.1.13");
    /** entAliasMappingIdentifier, index entPhysicalIndex.entAliasLogicalIndexOrZero: an ifIndex instance. */
    public static final OID ENT_ALIAS_MAPPING_IDENTIFIER = new OID("1.3.6.1.2.1.47.1.3.2.1.2");
    public static final int ENT_CLASS_CHASSIS = 3;
    public static final int ENT_CLASS_SENSOR = 8;
    public static final int ENT_CLASS_MODULE = 9;
    public static final int ENT_CLASS_PORT = 10;
    public static final OID ENT_PHY_SENSOR_TYPE = new OID("1.3.6.1.2.1.99.1.1.1.1");
    public static final OID ENT_PHY_SENSOR_SCALE = new OID("1.3.6.1.2.1.99.1.1.1.2");
    public static final OID ENT_PHY_SENSOR_PRECISION = new OID("1.3.6.1.2.1.99.1.1.1.3");
    public static final OID ENT_PHY_SENSOR_VALUE = new OID("1.3.6.1.2.1.99.1.1.1.4");
    public static final OID ENT_PHY_SENSOR_OPER_STATUS = new OID("1.3.6.1.2.1.99.1.1.1.5");
    public static final int SENSOR_TYPE_CELSIUS = 8;
    public static final int SENSOR_TYPE_DBM = 14;
    public static final int SENSOR_SCALE_MILLI = 8;
    public static final int SENSOR_SCALE_UNITS = 9;
    public static final int SENSOR_STATUS_OK = 1;
    public static final int SENSOR_STATUS_NONOPERATIONAL = 3;

    // IP-MIB neighbour tables: ipNetToPhysicalEntry (index ifIndex.addressType.length.address…) and
    // the legacy ipNetToMediaEntry (index ifIndex.a.b.c.d)
    public static final OID IP_NET_TO_PHYSICAL_PHYS_ADDRESS = new OID("1.3.6.1.2.1.4.35.1.4");
    public static final OID IP_NET_TO_PHYSICAL_TYPE = new OID("1.3.6.1.2.1.4.35.1.6");
    public static final OID IP_NET_TO_PHYSICAL_STATE = new OID("1.3.6.1.2.1.4.35.1.7");
    public static final OID IP_NET_TO_MEDIA_IF_INDEX = new OID("1.3.6.1.2.1.4.22.1.1");
    public static final OID IP_NET_TO_MEDIA_PHYS_ADDRESS = new OID("1.3.6.1.2.1.4.22.1.2");
    public static final OID IP_NET_TO_MEDIA_NET_ADDRESS = new OID("1.3.6.1.2.1.4.22.1.3");
    public static final OID IP_NET_TO_MEDIA_TYPE = new OID("1.3.6.1.2.1.4.22.1.4");
    public static final int INET_ADDRESS_IPV4 = 1;
    public static final int NEIGHBOUR_TYPE_DYNAMIC = 3;
    public static final int NEIGHBOUR_STATE_REACHABLE = 1;

    // BRIDGE-MIB / Q-BRIDGE-MIB forwarding database
    public static final OID DOT1D_BASE_PORT_IF_INDEX = new OID("1.3.6.1.2.1.17.1.4.1.2");
    public static final OID DOT1D_TP_FDB_ADDRESS = new OID("1.3.6.1.2.1.17.4.3.1.1");
    public static final OID DOT1D_TP_FDB_PORT = new OID("1.3.6.1.2.1.17.4.3.1.2");
    public static final OID DOT1D_TP_FDB_STATUS = new OID("1.3.6.1.2.1.17.4.3.1.3");
    public static final OID DOT1Q_TP_FDB_PORT = new OID("1.3.6.1.2.1.17.7.1.2.2.1.2");
    public static final int FDB_STATUS_LEARNED = 3;

    // LLDP-MIB lldpRemEntry (index lldpRemTimeMark.lldpRemLocalPortNum.lldpRemIndex)
    public static final OID LLDP_REM_CHASSIS_ID_SUBTYPE = new OID("1.0.8802.1.1.2.1.4.1.1.4");
    public static final OID LLDP_REM_CHASSIS_ID = new OID("1.0.8802.1.1.2.1.4.1.1.5");
    public static final OID LLDP_REM_PORT_ID_SUBTYPE = new OID("1.0.8802.1.1.2.1.4.1.1.6");
    public static final OID LLDP_REM_PORT_ID = new OID("1.0.8802.1.1.2.1.4.1.1.7");
    public static final OID LLDP_REM_SYS_NAME = new OID("1.0.8802.1.1.2.1.4.1.1.9");
    public static final int LLDP_CHASSIS_MAC = 4;
    public static final int LLDP_CHASSIS_LOCAL = 7;
    public static final int LLDP_PORT_INTERFACE_NAME = 5;

    // UPS-MIB alarms and self-test
    public static final OID UPS_ALARMS_PRESENT = new OID("1.3.6.1.2.1.33.1.6.1.0");
    public static final OID UPS_ALARM_ID = new OID("1.3.6.1.2.1.33.1.6.2.1.1");
    public static final OID UPS_ALARM_DESCR = new OID("1.3.6.1.2.1.33.1.6.2.1.2");
    public static final OID UPS_ALARM_TIME = new OID("1.3.6.1.2.1.33.1.6.2.1.3");
    /** upsWellKnownAlarms: append 1 battery bad, 2 on battery, 19 diagnostic test failed. */
    public static final OID UPS_WELL_KNOWN_ALARMS = new OID("1.3.6.1.2.1.33.1.6.3");
    public static final int UPS_ALARM_BATTERY_BAD = 1;
    public static final int UPS_ALARM_ON_BATTERY = 2;
    public static final int UPS_ALARM_DIAGNOSTIC_TEST_FAILED = 19;
    public static final OID UPS_TEST_RESULTS_SUMMARY = new OID("1.3.6.1.2.1.33.1.7.3.0");
    public static final int UPS_TEST_DONE_PASS = 1;
    public static final int UPS_TEST_DONE_ERROR = 3;

    // JUNIPER-DOM-MIB jnxDomCurrentEntry (index ifIndex; 0.01 dBm)
    public static final OID JNX_DOM_RX_LASER_POWER = new OID("1.3.6.1.4.1.2636.3.60.1.1.1.1.5");
    public static final OID JNX_DOM_RX_LOW_WARNING = new OID("1.3.6.1.4.1.2636.3.60.1.1.1.1.12");

    // Teltonika modemTable (index modem; dBm / dB)
    public static final OID TELTONIKA_RSSI = new OID("1.3.6.1.4.1.48690.2.2.1.12");
    public static final OID TELTONIKA_SINR = new OID("1.3.6.1.4.1.48690.2.2.1.19");
    public static final OID TELTONIKA_RSRP = new OID("1.3.6.1.4.1.48690.2.2.1.20");
    public static final OID TELTONIKA_RSRQ = new OID("1.3.6.1.4.1.48690.2.2.1.21");

    // DIDBAN-DEVICE-MIB (agents/mibs/DIDBAN-DEVICE-MIB.txt)
    public static final OID DIDBAN = new OID("1.3.6.1.4.1.99999");
    public static final OID DIDBAN_PRODUCTS = new OID("1.3.6.1.4.1.99999.1");
    public static final OID DIDBAN_DEVICE_STATE = new OID("1.3.6.1.4.1.99999.2.1.1.1.0");
    public static final OID DIDBAN_CONFIG_HASH = new OID("1.3.6.1.4.1.99999.2.1.1.2.0");
    public static final OID DIDBAN_SOFTWARE_HASH = new OID("1.3.6.1.4.1.99999.2.1.1.3.0");
    public static final OID DIDBAN_AUTHENTICATIONS = new OID("1.3.6.1.4.1.99999.2.1.2.1.0");
    public static final OID DIDBAN_LOOKUPS = new OID("1.3.6.1.4.1.99999.2.1.2.2.0");
    public static final OID DIDBAN_LOOKUP_SUCCESSES = new OID("1.3.6.1.4.1.99999.2.1.2.3.0");
    public static final OID DIDBAN_VOTES = new OID("1.3.6.1.4.1.99999.2.1.2.4.0");
    public static final OID DIDBAN_TAMPER_NAME = new OID("1.3.6.1.4.1.99999.2.1.3.1.1.2");
    public static final OID DIDBAN_TAMPER_STATE = new OID("1.3.6.1.4.1.99999.2.1.3.1.1.3");
    public static final OID DIDBAN_TAMPER_COUNT = new OID("1.3.6.1.4.1.99999.2.1.3.1.1.4");
    public static final OID DIDBAN_TAMPER_LAST_CHANGE = new OID("1.3.6.1.4.1.99999.2.1.3.1.1.5");
    public static final OID DIDBAN_LOG_SEQUENCE = new OID("1.3.6.1.4.1.99999.2.1.4.1.0");
    public static final OID DIDBAN_LOG_CHAIN_STATUS = new OID("1.3.6.1.4.1.99999.2.1.4.2.0");
    public static final OID DIDBAN_LOG_CHAIN_HEAD = new OID("1.3.6.1.4.1.99999.2.1.4.3.0");
    public static final OID DIDBAN_LOG_BROKEN_AT = new OID("1.3.6.1.4.1.99999.2.1.4.4.0");
    public static final OID DIDBAN_ADMIN_LOGINS = new OID("1.3.6.1.4.1.99999.2.1.5.1.0");
    public static final OID DIDBAN_LAST_LOGIN_USER = new OID("1.3.6.1.4.1.99999.2.1.5.2.0");
    public static final OID DIDBAN_LAST_LOGIN_TICKET = new OID("1.3.6.1.4.1.99999.2.1.5.3.0");
    public static final OID DIDBAN_DENIED_FLOWS = new OID("1.3.6.1.4.1.99999.2.1.5.4.0");
    public static final OID DIDBAN_LAST_DENIED_ADDRESS_TYPE = new OID("1.3.6.1.4.1.99999.2.1.5.5.0");
    public static final OID DIDBAN_LAST_DENIED_ADDRESS = new OID("1.3.6.1.4.1.99999.2.1.5.6.0");
    public static final OID DIDBAN_LAST_DENIED_PORT = new OID("1.3.6.1.4.1.99999.2.1.5.7.0");
    public static final OID DIDBAN_GNSS_FIX = new OID("1.3.6.1.4.1.99999.2.1.6.1.0");
    public static final OID DIDBAN_LATITUDE = new OID("1.3.6.1.4.1.99999.2.1.6.2.0");
    public static final OID DIDBAN_LONGITUDE = new OID("1.3.6.1.4.1.99999.2.1.6.3.0");

    /** didbanDeviceState values. */
    public static final int STATE_SETUP = 1;
    public static final int STATE_READY = 2;
    public static final int STATE_OPEN = 3;
    public static final int STATE_CLOSED = 4;
    public static final int STATE_MAINTENANCE = 5;
    public static final int STATE_FAULT = 6;
    /** didbanTamperState, didbanLogChainStatus, didbanGnssFix values. */
    public static final int TAMPER_NORMAL = 1;
    public static final int TAMPER_TRIGGERED = 2;
    public static final int LOG_CHAIN_INTACT = 1;
    public static final int LOG_CHAIN_BROKEN = 2;
    public static final int GNSS_NONE = 1;
    public static final int GNSS_FIX_3D = 3;
}
