package org.didban.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.didban.model.MetricDefinition.Kind;

/**
 * The names, units and labels of the metrics agents report. One place, so that the agent's
 * profiles, the rules, the simulator and the dashboards agree on spelling. Names follow Prometheus
 * conventions (snake_case, unit suffix, {@code _total} for counters, {@code _info} for identity
 * carried in labels). {@link #ALL} describes every metric; {@code docs/METRICS.md} is the long
 * version (which rules read each, whether the agent collects it yet, how the simulator makes it).
 *
 * <p>Rules compare metrics of one device <em>with the same labels</em> ({@code now.x},
 * {@code rates.x}), so metrics read together share their label set: {@code cellular_rsrp_dbm} and
 * {@code cellular_sinr_db}; {@code optical_rx_power_dbm} and {@code optical_rx_low_warning_dbm};
 * {@code if_in_errors_total} and {@code if_in_packets_total}; {@code probe_loss_ratio} and
 * {@code probe_rtt_seconds}; the {@code auth_*} counters; the {@code ups_*} gauges.
 */
public final class Metrics {
    private Metrics() {
    }

    // ---- label names

    public static final String LABEL_IF_INDEX = "if_index";
    public static final String LABEL_IF_NAME = "if_name";
    /** ifAlias: the operator's description of a port; ports meant to stay empty start with "unused". */
    public static final String LABEL_IF_ALIAS = "if_alias";
    /** Kind of uplink path: {@link #KIND_FIBER}, {@link #KIND_COPPER} or {@link #KIND_CELLULAR}. */
    public static final String LABEL_KIND = "kind";
    /** Index of the modem in the modem's table (a router with one built-in modem: "1"). */
    public static final String LABEL_MODEM = "modem";
    /** A sensor's name (entPhysicalName). */
    public static final String LABEL_SENSOR = "sensor";
    /** A storage area's description (hrStorageDescr), e.g. "/var/log". */
    public static final String LABEL_STORAGE = "storage";
    /** What a probe measures against, e.g. "central". */
    public static final String LABEL_TARGET = "target";
    /** A camera's name as its NVR or the agent knows it. */
    public static final String LABEL_CAMERA = "camera";
    /** A tamper input's name: "enclosure", "door", "camera_cover"... */
    public static final String LABEL_INPUT = "input";
    public static final String LABEL_SERIAL = "serial";
    public static final String LABEL_MODEL = "model";
    public static final String LABEL_SOFTWARE = "software";
    public static final String LABEL_SYS_OBJECT_ID = "sys_object_id";
    /** A hash in lower-case hex (software image, election configuration). */
    public static final String LABEL_HASH = "hash";
    /** LLDP: the local port (lldpRemLocalPortNum) a neighbour is seen on. */
    public static final String LABEL_LOCAL_PORT = "local_port";
    /** LLDP: the neighbour's chassis id (a MAC as aa:bb:cc:dd:ee:ff, else the text). */
    public static final String LABEL_CHASSIS_ID = "chassis_id";

    /** Values of {@link #LABEL_KIND}. */
    public static final String KIND_FIBER = "fiber";
    public static final String KIND_COPPER = "copper";
    public static final String KIND_CELLULAR = "cellular";

    // ---- availability and identity

    /** 1 when the device answered its last poll, 0 when it did not. No labels. */
    public static final String DEVICE_UP = "device_up";
    /** sysUpTime in seconds. */
    public static final String SYS_UPTIME_SECONDS = "sys_uptime_seconds";
    /** snmpEngineBoots: how many times the SNMP engine has (re)started. */
    public static final String SNMP_ENGINE_BOOTS = "snmp_engine_boots";
    /** Identity: labels serial, model, software, sys_object_id. */
    public static final String DEVICE_INFO = "device_info";
    /** The running software image's hash: label hash. */
    public static final String DEVICE_SOFTWARE_INFO = "device_software_info";
    /** The loaded election configuration's hash: label hash. */
    public static final String DEVICE_CONFIG_INFO = "device_config_info";
    /** hrSWInstalledLastChange in seconds of uptime. */
    public static final String SW_INSTALLED_LAST_CHANGE_SECONDS = "sw_installed_last_change_seconds";
    /** Device clock minus the agent's reference clock, in seconds. */
    public static final String CLOCK_OFFSET_SECONDS = "clock_offset_seconds";
    /** hrStorageUsed / hrStorageSize. Label storage. */
    public static final String STORAGE_USED_RATIO = "storage_used_ratio";
    /** ENTITY-SENSOR celsius sensors. Label sensor. */
    public static final String TEMPERATURE_CELSIUS = "temperature_celsius";

    // ---- interfaces

    /** IF-MIB ifAdminStatus (1 up, 2 down, 3 testing). Labels: if_index, if_name, if_alias. */
    public static final String IF_ADMIN_STATUS = "if_admin_status";
    /** IF-MIB ifOperStatus (1 up, 2 down, 3 testing, 5 dormant, 7 lowerLayerDown). Labels: if_index, if_name, if_alias. */
    public static final String IF_OPER_STATUS = "if_oper_status";
    /** IF-MIB ifType (6 ethernet, 71 wifi, 243/244 wwan, 250 gpon). Labels: if_index, if_name, if_alias. */
    public static final String IF_TYPE = "if_type";
    /** ifHighSpeed in megabits per second. Labels: if_index, if_name, if_alias. */
    public static final String IF_SPEED_MBPS = "if_speed_mbps";
    /** ifHCInOctets. Labels: if_index, if_name, if_alias. */
    public static final String IF_IN_OCTETS_TOTAL = "if_in_octets_total";
    /** ifHCOutOctets. Labels: if_index, if_name, if_alias. */
    public static final String IF_OUT_OCTETS_TOTAL = "if_out_octets_total";
    /** ifInErrors. Labels: if_index, if_name, if_alias. */
    public static final String IF_IN_ERRORS_TOTAL = "if_in_errors_total";
    /** ifOutErrors. Labels: if_index, if_name, if_alias. */
    public static final String IF_OUT_ERRORS_TOTAL = "if_out_errors_total";
    /** Packets received: ifHCInUcastPkts + ifHCInMulticastPkts + ifHCInBroadcastPkts. */
    public static final String IF_IN_PACKETS_TOTAL = "if_in_packets_total";
    /** ifLastChange in seconds of uptime. */
    public static final String IF_LAST_CHANGE_SECONDS = "if_last_change_seconds";
    /** IF-MIB ifNumber. */
    public static final String IF_NUMBER = "if_number";

    // ---- uplink and connectivity

    /** 1 for the uplink path carrying traffic now, 0 for the others. Label kind. */
    public static final String UPLINK_ACTIVE = "uplink_active";
    public static final String CELLULAR_RSRP_DBM = "cellular_rsrp_dbm";
    public static final String CELLULAR_RSRQ_DB = "cellular_rsrq_db";
    public static final String CELLULAR_SINR_DB = "cellular_sinr_db";
    public static final String CELLULAR_RSSI_DBM = "cellular_rssi_dbm";
    public static final String OPTICAL_RX_POWER_DBM = "optical_rx_power_dbm";
    public static final String OPTICAL_RX_LOW_WARNING_DBM = "optical_rx_low_warning_dbm";
    public static final String PROBE_LOSS_RATIO = "probe_loss_ratio";
    public static final String PROBE_RTT_SECONDS = "probe_rtt_seconds";
    public static final String LLDP_NEIGHBOR_INFO = "lldp_neighbor_info";

    // ---- election devices (DIDBAN-DEVICE-MIB)

    /** didbanDeviceState (1 setup, 2 ready, 3 open, 4 closed, 5 maintenance, 6 fault). */
    public static final String ELECTION_DEVICE_STATE = "election_device_state";
    public static final String AUTH_AUTHENTICATIONS_TOTAL = "auth_authentications_total";
    public static final String AUTH_LOOKUPS_TOTAL = "auth_lookups_total";
    public static final String AUTH_LOOKUP_SUCCESSES_TOTAL = "auth_lookup_successes_total";
    public static final String VOTES_TOTAL = "votes_total";
    public static final String LOG_SEQUENCE = "log_sequence";
    /** 1 while the device's audit log hash chain verifies, 0 once it is broken. */
    public static final String LOG_CHAIN_INTACT = "log_chain_intact";
    public static final String TAMPER_INPUT_ACTIVE = "tamper_input_active";
    public static final String TAMPER_TRIGGERS_TOTAL = "tamper_triggers_total";
    public static final String ADMIN_LOGINS_TOTAL = "admin_logins_total";
    public static final String FLOWS_DENIED_TOTAL = "flows_denied_total";

    // ---- SNMP security

    public static final String SNMP_UNKNOWN_USER_NAMES_TOTAL = "snmp_unknown_user_names_total";
    public static final String SNMP_WRONG_DIGESTS_TOTAL = "snmp_wrong_digests_total";
    public static final String SNMP_BAD_COMMUNITY_TOTAL = "snmp_bad_community_total";
    /** 1 when the agent polls the device with v1/v2c or v3 without privacy. */
    public static final String SNMP_WEAK_SECURITY = "snmp_weak_security";

    // ---- power

    /** UPS-MIB upsOutputSource (3 normal, 4 bypass, 5 battery). */
    public static final String UPS_OUTPUT_SOURCE = "ups_output_source";
    /** UPS-MIB upsBatteryStatus (2 normal, 3 low, 4 depleted). */
    public static final String UPS_BATTERY_STATUS = "ups_battery_status";
    /** UPS-MIB upsSecondsOnBattery. */
    public static final String UPS_SECONDS_ON_BATTERY = "ups_seconds_on_battery";
    /** UPS-MIB upsEstimatedMinutesRemaining. */
    public static final String UPS_MINUTES_REMAINING = "ups_minutes_remaining";
    /** UPS-MIB upsEstimatedChargeRemaining, percent. */
    public static final String UPS_CHARGE_PERCENT = "ups_charge_percent";
    public static final String UPS_ALARMS_PRESENT = "ups_alarms_present";
    public static final String UPS_ALARM_BATTERY_BAD = "ups_alarm_battery_bad";
    public static final String UPS_SELF_TEST_FAILED = "ups_self_test_failed";

    // ---- physical

    public static final String CAMERA_UP = "camera_up";
    public static final String GPS_FIX = "gps_fix";
    public static final String GPS_LATITUDE_DEGREES = "gps_latitude_degrees";
    public static final String GPS_LONGITUDE_DEGREES = "gps_longitude_degrees";
    public static final String ROUTE_DEVIATION_METERS = "route_deviation_meters";

    // ---- readiness

    public static final String UPLINK_LAST_VERIFIED_TIMESTAMP_SECONDS = "uplink_last_verified_timestamp_seconds";
    public static final String BACKUP_PATH_LAST_DRILL_TIMESTAMP_SECONDS = "backup_path_last_drill_timestamp_seconds";

    private static final List<String> IF = List.of(LABEL_IF_INDEX, LABEL_IF_NAME, LABEL_IF_ALIAS);
    private static final String IF_ENTRY = "IF-MIB ifEntry 1.3.6.1.2.1.2.2.1.";
    private static final String IF_X_ENTRY = "IF-MIB ifXEntry 1.3.6.1.2.1.31.1.1.1.";
    private static final String UPS_MIB = "UPS-MIB (RFC 1628) ";
    private static final String DIDBAN = "DIDBAN-DEVICE-MIB ";
    private static final String AGENT = "agent: ";

    /** Every metric, in the order of docs/METRICS.md. */
    public static final List<MetricDefinition> ALL;
    private static final Map<String, MetricDefinition> BY_NAME;

    static {
        List<MetricDefinition> l = new ArrayList<>();
        // availability and identity
        l.add(gauge(DEVICE_UP, "", List.of(), "1 when the device answered the agent's last poll, 0 when it did not",
                AGENT + "result of each poll"));
        l.add(gauge(SYS_UPTIME_SECONDS, "seconds", List.of(), "time since the SNMP agent (re)started",
                "SNMPv2-MIB sysUpTime 1.3.6.1.2.1.1.3.0 (TimeTicks / 100)"));
        l.add(gauge(SNMP_ENGINE_BOOTS, "", List.of(), "times the SNMP engine has (re)started; a rise is a reboot",
                "SNMP-FRAMEWORK-MIB snmpEngineBoots 1.3.6.1.6.3.10.2.1.2.0"));
        l.add(info(DEVICE_INFO, List.of(LABEL_SERIAL, LABEL_MODEL, LABEL_SOFTWARE, LABEL_SYS_OBJECT_ID),
                "the device's identity, compared with the inventory",
                "ENTITY-MIB entPhysicalSerialNum/ModelName/SoftwareRev 1.3.6.1.2.1.47.1.1.1.1.{11,13,10} of the chassis"
                        + " + SNMPv2-MIB sysObjectID 1.3.6.1.2.1.1.2.0"));
        l.add(info(DEVICE_SOFTWARE_INFO, List.of(LABEL_HASH), "hash of the running software image",
                DIDBAN + "didbanSoftwareHash 1.3.6.1.4.1.99999.2.1.1.3.0"));
        l.add(info(DEVICE_CONFIG_INFO, List.of(LABEL_HASH), "hash of the loaded election configuration",
                DIDBAN + "didbanConfigHash 1.3.6.1.4.1.99999.2.1.1.2.0"));
        l.add(gauge(SW_INSTALLED_LAST_CHANGE_SECONDS, "seconds", List.of(),
                "uptime when software was last installed or removed (0: not since boot)",
                "HOST-RESOURCES-MIB hrSWInstalledLastChange 1.3.6.1.2.1.25.6.1.0 (TimeTicks / 100)"));
        l.add(gauge(CLOCK_OFFSET_SECONDS, "seconds", List.of(), "device clock minus the agent's reference clock",
                AGENT + "HOST-RESOURCES-MIB hrSystemDate 1.3.6.1.2.1.25.1.2.0 minus the agent's NTP-disciplined clock"));
        l.add(gauge(STORAGE_USED_RATIO, "ratio", List.of(LABEL_STORAGE), "share of a storage area in use (0..1)",
                "HOST-RESOURCES-MIB hrStorageUsed / hrStorageSize 1.3.6.1.2.1.25.2.3.1.{6,5}, label hrStorageDescr .3"));
        l.add(gauge(TEMPERATURE_CELSIUS, "celsius", List.of(LABEL_SENSOR), "temperature of a sensor",
                "ENTITY-SENSOR-MIB entPhySensorValue 1.3.6.1.2.1.99.1.1.1.4 where entPhySensorType = celsius(8),"
                        + " scaled by entPhySensorScale/Precision; label entPhysicalName"));
        // interfaces
        l.add(gauge(IF_ADMIN_STATUS, "", IF, "administrative state: 1 up, 2 down, 3 testing", IF_ENTRY + "7 ifAdminStatus"));
        l.add(gauge(IF_OPER_STATUS, "", IF, "operational state: 1 up, 2 down, 3 testing, 5 dormant, 7 lowerLayerDown",
                IF_ENTRY + "8 ifOperStatus"));
        l.add(gauge(IF_TYPE, "", IF, "IANAifType: 6 ethernet, 71 wifi, 243/244 wwan, 250 gpon", IF_ENTRY + "3 ifType"));
        l.add(gauge(IF_SPEED_MBPS, "mbps", IF, "negotiated speed", IF_X_ENTRY + "15 ifHighSpeed"));
        l.add(counter(IF_IN_OCTETS_TOTAL, "bytes", IF, "bytes received", IF_X_ENTRY + "6 ifHCInOctets"));
        l.add(counter(IF_OUT_OCTETS_TOTAL, "bytes", IF, "bytes sent", IF_X_ENTRY + "10 ifHCOutOctets"));
        l.add(counter(IF_IN_ERRORS_TOTAL, "", IF, "received packets discarded for errors", IF_ENTRY + "14 ifInErrors"));
        l.add(counter(IF_OUT_ERRORS_TOTAL, "", IF, "packets not sent because of errors", IF_ENTRY + "20 ifOutErrors"));
        l.add(counter(IF_IN_PACKETS_TOTAL, "", IF, "packets received (the base of the error ratio)",
                IF_X_ENTRY + "{7,8,9} ifHCInUcastPkts + ifHCInMulticastPkts + ifHCInBroadcastPkts"));
        l.add(gauge(IF_LAST_CHANGE_SECONDS, "seconds", IF, "uptime when the interface last changed state",
                IF_ENTRY + "9 ifLastChange (TimeTicks / 100)"));
        l.add(gauge(IF_NUMBER, "", List.of(), "number of interfaces", "IF-MIB ifNumber 1.3.6.1.2.1.2.1.0"));
        // uplink and connectivity
        l.add(gauge(UPLINK_ACTIVE, "", List.of(LABEL_KIND),
                "1 for the path (fiber, copper, cellular) that carries the branch's traffic now, 0 for the others",
                AGENT + "ifType, ifOperStatus and traffic of the uplink interfaces; fiber told from copper by"
                        + " MAU-MIB ifMauType 1.3.6.1.2.1.26.2.1.1.3 or a transceiver's presence"));
        String teltonika = "Teltonika modemTable 1.3.6.1.4.1.48690.2.2.1.";
        String mikrotik = "MikroTik 1.3.6.1.4.1.14988.1.1.16.1.1.";
        l.add(gauge(CELLULAR_RSRP_DBM, "dBm", List.of(LABEL_MODEM), "LTE reference signal received power",
                teltonika + "20 (RSRP) or " + mikrotik + "4"));
        l.add(gauge(CELLULAR_RSRQ_DB, "dB", List.of(LABEL_MODEM), "LTE reference signal received quality",
                teltonika + "21 (RSRQ) or " + mikrotik + "3"));
        l.add(gauge(CELLULAR_SINR_DB, "dB", List.of(LABEL_MODEM), "signal to interference and noise ratio",
                teltonika + "19 (SINR)"));
        l.add(gauge(CELLULAR_RSSI_DBM, "dBm", List.of(LABEL_MODEM), "received signal strength",
                teltonika + "12 (RSSI) or " + mikrotik + "2"));
        List<String> port = List.of(LABEL_IF_INDEX, LABEL_IF_NAME);
        String dom = "JUNIPER-DOM-MIB jnxDomCurrentEntry 1.3.6.1.4.1.2636.3.60.1.1.1.1.";
        l.add(gauge(OPTICAL_RX_POWER_DBM, "dBm", port, "optical power the transceiver receives",
                dom + "5 jnxDomCurrentRxLaserPower (0.01 dBm, by ifIndex); or ENTITY-SENSOR / Cisco / Huawei / MikroTik"
                        + " equivalents"));
        l.add(gauge(OPTICAL_RX_LOW_WARNING_DBM, "dBm", port, "the transceiver's own low-warning threshold for receive power",
                dom + "12 jnxDomCurrentRxLaserPowerLowWarningThreshold (0.01 dBm)"));
        l.add(gauge(PROBE_LOSS_RATIO, "ratio", List.of(LABEL_TARGET), "share of the agent's probes of a service that got no answer",
                AGENT + "probe of the central service"));
        l.add(gauge(PROBE_RTT_SECONDS, "seconds", List.of(LABEL_TARGET), "round-trip time of the agent's probes of a service",
                AGENT + "probe of the central service"));
        l.add(info(LLDP_NEIGHBOR_INFO, List.of(LABEL_LOCAL_PORT, LABEL_CHASSIS_ID), "the neighbour seen on a port",
                "LLDP-MIB lldpRemChassisIdSubtype/lldpRemChassisId 1.0.8802.1.1.2.1.4.1.1.{4,5}"));
        // election devices
        l.add(gauge(ELECTION_DEVICE_STATE, "", List.of(),
                "1 setup, 2 ready, 3 open (voting), 4 closed, 5 maintenance, 6 fault",
                DIDBAN + "didbanDeviceState 1.3.6.1.4.1.99999.2.1.1.1.0"));
        l.add(counter(AUTH_AUTHENTICATIONS_TOTAL, "", List.of(), "voters authenticated",
                DIDBAN + "didbanAuthentications 1.3.6.1.4.1.99999.2.1.2.1.0"));
        l.add(counter(AUTH_LOOKUPS_TOTAL, "", List.of(), "duplicate-vote look-ups sent to the central voter check",
                DIDBAN + "didbanLookups 1.3.6.1.4.1.99999.2.1.2.2.0"));
        l.add(counter(AUTH_LOOKUP_SUCCESSES_TOTAL, "", List.of(), "look-ups that got an answer",
                DIDBAN + "didbanLookupSuccesses 1.3.6.1.4.1.99999.2.1.2.3.0"));
        l.add(counter(VOTES_TOTAL, "", List.of(), "votes recorded", DIDBAN + "didbanVotes 1.3.6.1.4.1.99999.2.1.2.4.0"));
        l.add(gauge(LOG_SEQUENCE, "", List.of(), "sequence number of the newest audit log record",
                DIDBAN + "didbanLogSequence 1.3.6.1.4.1.99999.2.1.4.1.0"));
        l.add(gauge(LOG_CHAIN_INTACT, "", List.of(), "1 while the audit log hash chain verifies, 0 once broken",
                DIDBAN + "didbanLogChainStatus 1.3.6.1.4.1.99999.2.1.4.2.0 (1 intact → 1, 2 broken → 0)"));
        l.add(gauge(TAMPER_INPUT_ACTIVE, "", List.of(LABEL_INPUT), "1 while a tamper input is triggered (enclosure open...)",
                DIDBAN + "didbanTamperState 1.3.6.1.4.1.99999.2.1.3.1.1.3 (2 triggered → 1), label didbanTamperName .2"));
        l.add(counter(TAMPER_TRIGGERS_TOTAL, "", List.of(LABEL_INPUT), "times a tamper input has triggered",
                DIDBAN + "didbanTamperCount 1.3.6.1.4.1.99999.2.1.3.1.1.4"));
        l.add(counter(ADMIN_LOGINS_TOTAL, "", List.of(), "administrative logins on the device",
                DIDBAN + "didbanAdminLogins 1.3.6.1.4.1.99999.2.1.5.1.0"));
        l.add(counter(FLOWS_DENIED_TOTAL, "", List.of(), "connections the device's egress allowlist refused",
                DIDBAN + "didbanDeniedFlows 1.3.6.1.4.1.99999.2.1.5.4.0"));
        // SNMP security
        l.add(counter(SNMP_UNKNOWN_USER_NAMES_TOTAL, "", List.of(), "SNMPv3 requests for a user the device does not know",
                "SNMP-USER-BASED-SM-MIB usmStatsUnknownUserNames 1.3.6.1.6.3.15.1.1.3.0"));
        l.add(counter(SNMP_WRONG_DIGESTS_TOTAL, "", List.of(), "SNMPv3 requests with a wrong authentication digest",
                "SNMP-USER-BASED-SM-MIB usmStatsWrongDigests 1.3.6.1.6.3.15.1.1.5.0"));
        l.add(counter(SNMP_BAD_COMMUNITY_TOTAL, "", List.of(), "SNMPv1/v2c requests with an unknown community",
                "SNMPv2-MIB snmpInBadCommunityNames 1.3.6.1.2.1.11.4.0"));
        l.add(gauge(SNMP_WEAK_SECURITY, "", List.of(), "1 when the agent must poll the device with v1/v2c or v3 without privacy",
                AGENT + "the device's configured SNMP credentials (device profile)"));
        // power
        l.add(gauge(UPS_OUTPUT_SOURCE, "", List.of(), "3 normal, 4 bypass, 5 battery", UPS_MIB + "upsOutputSource 1.3.6.1.2.1.33.1.4.1.0"));
        l.add(gauge(UPS_BATTERY_STATUS, "", List.of(), "2 normal, 3 low, 4 depleted", UPS_MIB + "upsBatteryStatus 1.3.6.1.2.1.33.1.2.1.0"));
        l.add(gauge(UPS_SECONDS_ON_BATTERY, "seconds", List.of(), "time on battery (0 on mains)",
                UPS_MIB + "upsSecondsOnBattery 1.3.6.1.2.1.33.1.2.2.0"));
        l.add(gauge(UPS_MINUTES_REMAINING, "minutes", List.of(), "estimated battery time left",
                UPS_MIB + "upsEstimatedMinutesRemaining 1.3.6.1.2.1.33.1.2.3.0"));
        l.add(gauge(UPS_CHARGE_PERCENT, "percent", List.of(), "estimated battery charge",
                UPS_MIB + "upsEstimatedChargeRemaining 1.3.6.1.2.1.33.1.2.4.0"));
        l.add(gauge(UPS_ALARMS_PRESENT, "", List.of(), "number of active UPS alarms", UPS_MIB + "upsAlarmsPresent 1.3.6.1.2.1.33.1.6.1.0"));
        l.add(gauge(UPS_ALARM_BATTERY_BAD, "", List.of(), "1 while the UPS reports its battery bad",
                UPS_MIB + "upsAlarmTable 1.3.6.1.2.1.33.1.6.2.1.2 has a row = upsAlarmBatteryBad 1.3.6.1.2.1.33.1.6.3.1"));
        l.add(gauge(UPS_SELF_TEST_FAILED, "", List.of(), "1 when the last self-test failed",
                UPS_MIB + "upsTestResultsSummary 1.3.6.1.2.1.33.1.7.3.0 = doneError(3), or alarm upsAlarmDiagnosticTestFailed .6.3.19"));
        // physical
        l.add(gauge(CAMERA_UP, "", List.of(LABEL_CAMERA), "1 while a camera's heartbeat or stream arrives, 0 when it stops",
                AGENT + "camera heartbeat (ONVIF/RTSP probe) or the NVR's channel state"));
        l.add(gauge(GPS_FIX, "", List.of(), "GNSS fix: 1 none, 2 2D, 3 3D", DIDBAN + "didbanGnssFix 1.3.6.1.4.1.99999.2.1.6.1.0"));
        l.add(gauge(GPS_LATITUDE_DEGREES, "degrees", List.of(), "latitude (WGS 84)",
                DIDBAN + "didbanLatitude 1.3.6.1.4.1.99999.2.1.6.2.0 (micro-degrees)"));
        l.add(gauge(GPS_LONGITUDE_DEGREES, "degrees", List.of(), "longitude (WGS 84)",
                DIDBAN + "didbanLongitude 1.3.6.1.4.1.99999.2.1.6.3.0 (micro-degrees)"));
        l.add(gauge(ROUTE_DEVIATION_METERS, "meters", List.of(), "distance from the mobile branch's planned route",
                AGENT + "GPS position against the planned route (inventory)"));
        // readiness
        l.add(gauge(UPLINK_LAST_VERIFIED_TIMESTAMP_SECONDS, "seconds", List.of(),
                "Unix time of the last successful verification of the primary uplink",
                AGENT + "last successful end-to-end probe over the primary path"));
        l.add(gauge(BACKUP_PATH_LAST_DRILL_TIMESTAMP_SECONDS, "seconds", List.of(),
                "Unix time of the last successful failover drill to the backup path",
                AGENT + "failover drill log"));
        ALL = List.copyOf(l);
        Map<String, MetricDefinition> byName = new LinkedHashMap<>();
        for (MetricDefinition d : ALL) {
            if (byName.put(d.name(), d) != null) {
                throw new IllegalStateException("metric " + d.name() + " is defined twice");
            }
        }
        BY_NAME = Map.copyOf(byName);
    }

    /** The definition of a metric, or empty for a name Didban does not define. */
    public static Optional<MetricDefinition> definition(String name) {
        return Optional.ofNullable(name == null ? null : BY_NAME.get(name));
    }

    private static MetricDefinition gauge(String name, String unit, List<String> labels, String help, String source) {
        return new MetricDefinition(name, Kind.GAUGE, unit, labels, help, source);
    }

    private static MetricDefinition counter(String name, String unit, List<String> labels, String help, String source) {
        return new MetricDefinition(name, Kind.COUNTER, unit, labels, help, source);
    }

    private static MetricDefinition info(String name, List<String> labels, String help, String source) {
        return new MetricDefinition(name, Kind.INFO, "", labels, help, source);
    }
}
