package org.didban.model;

/**
 * The names, units and labels of the metrics agents report. One place, so that the agent's
 * profiles, the rules and the dashboards agree on spelling. Names follow Prometheus conventions
 * (snake_case, unit suffix, {@code _total} for counters).
 */
public final class Metrics {
    private Metrics() {
    }

    /** 1 when the device answered its last poll, 0 when it did not. No labels. */
    public static final String DEVICE_UP = "device_up";
    /** sysUpTime in seconds. */
    public static final String SYS_UPTIME_SECONDS = "sys_uptime_seconds";

    /** IF-MIB ifAdminStatus (1 up, 2 down, 3 testing). Labels: if_index, if_name. */
    public static final String IF_ADMIN_STATUS = "if_admin_status";
    /** IF-MIB ifOperStatus (1 up, 2 down, 3 testing, 5 dormant, 7 lowerLayerDown). Labels: if_index, if_name. */
    public static final String IF_OPER_STATUS = "if_oper_status";
    /** IF-MIB ifType (6 ethernet, 71 wifi, 243/244 wwan, 250 gpon). Labels: if_index, if_name. */
    public static final String IF_TYPE = "if_type";
    /** ifHighSpeed in megabits per second. Labels: if_index, if_name. */
    public static final String IF_SPEED_MBPS = "if_speed_mbps";
    /** ifHCInOctets. Labels: if_index, if_name. */
    public static final String IF_IN_OCTETS_TOTAL = "if_in_octets_total";
    /** ifHCOutOctets. Labels: if_index, if_name. */
    public static final String IF_OUT_OCTETS_TOTAL = "if_out_octets_total";
    /** ifInErrors. Labels: if_index, if_name. */
    public static final String IF_IN_ERRORS_TOTAL = "if_in_errors_total";

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

    /** Label names. */
    public static final String LABEL_IF_INDEX = "if_index";
    public static final String LABEL_IF_NAME = "if_name";
}
