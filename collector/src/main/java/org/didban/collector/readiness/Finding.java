package org.didban.collector.readiness;

import java.util.Locale;

/**
 * Why a gate stands as it does or why a component lost points: a stable code (for consoles and
 * translations) and an English sentence. {@code {s}} in the sentence is a subject (a device id, a
 * path kind), {@code {n}} and {@code {m}} numbers. Findings are kept as codes while assessing and
 * written out only for the branches that are shown, so a national sweep makes no text.
 */
public enum Finding {
    // ---- gate: devices
    DEVICES_CONFIRMED("every authentication and voting device reported the approved configuration hash"),
    ELECTION_DEVICE_MISSING("no {s} registered (RDY-05)"),
    NOT_ENOUGH_DEVICES("the branch lacks an authentication or voting device (RDY-05)"),
    IDENTITY_MISMATCH("{s} answers with an identity other than the registered one (DEV-03)"),
    SOFTWARE_NOT_APPROVED("{s} runs software other than the approved build (DEV-04)"),
    CONFIG_MISMATCH("{s} carries a configuration other than the approved one (RDY-06)"),
    CONFIG_NOT_CONFIRMED("{s} reports but has not reported the approved configuration hash"),
    NO_APPROVED_CONFIG("no approved configuration hash is registered for {s}: nothing to confirm against"),
    DEVICE_NEVER_REPORTED("{s} has never reported"),
    // ---- gate: uplink
    UPLINK_VERIFIED("primary uplink verified {n} h ago"),
    UPLINK_VERIFIED_LONG_AGO("primary uplink last verified {n} h ago; the limit is {m} h"),
    UPLINK_NOT_VERIFIED("uplink not verified within 72 h (RDY-02)"),
    UPLINK_CARRIED_REPORTS("the {s} path carried the branch's reports {n} h ago (no explicit verification reported)"),
    UPLINK_ON_BACKUP("the branch reports over {s}, not over its primary path"),
    NO_GATEWAY("no router, modem or firewall registered"),
    GATEWAY_SILENT("nothing heard from the branch's router or modem for {n} h"),
    NO_UPLINK_DATA("the agent reports no uplink state (uplink_active)"),
    GATEWAY_NEVER_REPORTED("the branch's router or modem has never reported"),
    // ---- gate: power
    UPS_ON_MAINS("UPS on mains with {n} min of battery"),
    UPS_ON_BATTERY_LASTS("UPS on battery with {n} min left, {m} needed until close"),
    NO_UPS("no UPS registered"),
    UPS_DOWN("UPS {s} does not answer"),
    UPS_BATTERY_LOW("UPS {s} reports its battery low or depleted"),
    UPS_WONT_LAST("UPS on battery with {n} min left, {m} needed until close (PWR-02)"),
    UPS_RUNTIME_SHORT("UPS battery would hold only {n} min, under {m}"),
    UPS_STALE("UPS {s} not heard from recently"),
    UPS_NEVER_REPORTED("UPS {s} has never reported"),
    UPS_NO_DATA("UPS {s} reports neither its output source nor its battery time"),
    UPS_NO_RUNTIME("UPS {s} does not report its battery time"),
    UPS_BYPASS("UPS {s} is in bypass: the load is not protected"),
    // ---- gate: cameras
    NOT_SENSITIVE("not a sensitive branch: not required"),
    CAMERAS_LIVE("{n} live cameras"),
    TOO_FEW_CAMERAS("{n} camera(s) in the inventory; a sensitive branch needs 2 (RDY-07)"),
    FEW_LIVE_CAMERAS("{n} live camera(s); 2 needed"),
    CAMERAS_NOT_MONITORED("{n} cameras in the inventory, none monitored: whether they are live is unknown"),
    CAMERAS_PARTLY_KNOWN("{n} live camera(s) seen, the others have not reported"),
    // ---- component: fiber (primary path)
    FIBER_IN_RANGE("fiber carries the traffic, receive power in range"),
    FIBER_LOW_POWER("fiber carries the traffic but its receive power is low (NET-05)"),
    FIBER_NOT_CARRYING("the inventory has fiber but the branch runs over {s}"),
    FIBER_UNVERIFIED("the inventory has fiber; no live data confirms it"),
    FIBER_PLANNED("fiber planned for {s}, not yet due"),
    FIBER_OVERDUE("fiber planned for {s} and overdue (RDY-01)"),
    NO_FIBER("no fiber planned"),
    MOBILE_PATH_IN_RANGE("mobile branch: its {s} path carries the traffic in range"),
    MOBILE_SIGNAL_WEAK("mobile branch: weak cellular signal (NET-04)"),
    PATH_UNKNOWN("no live uplink: no router or modem reports a path carrying traffic now"),
    // ---- component: backup
    BACKUP_PROVEN("failover drill {n} days ago"),
    BACKUP_UNPROVEN("a second path exists; no failover drill within 7 days (or none reported)"),
    NO_BACKUP("no second path seen"),
    // ---- component: coverage
    COVERAGE_OK("cellular path available, signal in range"),
    COVERAGE_WEAK("weak cellular signal (NET-04)"),
    NO_CELLULAR("no cellular path seen"),
    // ---- component: devices
    DEVICES_HEALTHY("all {n} devices live and sound"),
    DEVICES_UNHEALTHY("{n} of {m} devices live and sound; {s} is not"),
    DEVICES_NOT_REGISTERED("required devices missing from the inventory: {s}"),
    // ---- component: power
    POWER_GOOD("UPS on mains, battery sound, {n} min of autonomy"),
    POWER_ON_BATTERY("UPS on battery or bypass (PWR-01)"),
    POWER_BATTERY_FAULT("UPS battery faulty or failed its self-test (PWR-03)"),
    POWER_SHORT_AUTONOMY("UPS battery holds {n} min, {m} earns full marks"),
    POWER_NO_UPS("no UPS registered"),
    POWER_UNKNOWN("no live data from the UPS"),
    // ---- component: physical security
    PHYSICAL_GOOD("cameras live and no tamper"),
    CAMERAS_UNMONITORED("cameras counted from the inventory; their liveness is not monitored"),
    FEW_CAMERAS("{n} live or registered camera(s)"),
    TAMPER("an enclosure, door or camera tamper input is triggered (PHY-02)"),
    OFF_ROUTE("mobile branch off its route (PHY-03)"),
    TAMPER_UNKNOWN("no live data from the devices that watch for tampering"),
    // ---- component: people and process
    PEOPLE_PARTLY_KNOWN("inspector assigned; governor's representative and inspection board are not collected"),
    NO_INSPECTOR("no inspector assigned (RDY-08)"),
    ALERTS_UNHANDLED("{n} high or critical alert(s) firing unacknowledged for over {m} min");

    private final String template;

    Finding(String template) {
        this.template = template;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The sentence with its subject and numbers filled in. */
    public String text(Object subject, double n, double m) {
        String t = template;
        if (t.indexOf('{') < 0) {
            return t;
        }
        return t.replace("{s}", subject == null ? "" : String.valueOf(subject)).replace("{n}", number(n)).replace("{m}", number(m));
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "?";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
