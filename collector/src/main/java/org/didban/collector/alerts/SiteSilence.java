package org.didban.collector.alerts;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.didban.model.Alert;
import org.didban.model.Device;
import org.didban.model.DeviceRole;
import org.didban.model.Event;
import org.didban.model.EventTypes;
import org.didban.model.Labels;
import org.didban.model.Metrics;
import org.didban.rules.DeviceReadings;

/**
 * Reads a quiet branch's last words to say why it went quiet. A branch is quiet when its
 * DEV-01 alert fires for absence and none of its devices was heard after the silent one. Then:
 * <ul>
 *   <li>power loss — its UPS was on battery (output source, seconds on battery, or an on-battery
 *       trap within the last half hour);</li>
 *   <li>WAN loss — an interface of its router or modem was down while up administratively, it ran
 *       on a cellular path with a weak signal, or a link went down shortly before;</li>
 *   <li>agent down — the last batch showed mains power and the links up: the agent or its host
 *       stopped, or its own network did;</li>
 *   <li>unknown — nothing was ever heard from it.</li>
 * </ul>
 */
public final class SiteSilence {
    /** The rule whose absence alerts mean a silent device or site. */
    public static final String RULE = "DEV-01";
    private static final long RECENT = 30 * 60_000L;
    private static final double WEAK_RSRP_DBM = -110;

    private SiteSilence() {
    }

    /** One device of the branch and what was last heard from it (null: never). */
    public record LastWords(Device device, DeviceReadings readings) {
    }

    /** True for a DEV-01 alert that fired because nothing arrived (not because a device said it was down). */
    public static boolean firedForAbsence(Alert a) {
        return RULE.equals(a.key().ruleId()) && a.value() != 0.0;
    }

    /**
     * Whether the branch as a whole went quiet with this device: nothing of it was heard more
     * than {@code slackMillis} after the silent device's last word.
     */
    public static boolean wholeSiteQuiet(String silentDevice, List<LastWords> branch, long slackMillis) {
        long silentLast = 0;
        for (LastWords w : branch) {
            if (w.device().id().equals(silentDevice)) {
                silentLast = w.readings() == null ? 0 : w.readings().lastSeen();
            }
        }
        for (LastWords w : branch) {
            if (w.readings() != null && w.readings().lastSeen() > silentLast + slackMillis) {
                return false;
            }
        }
        return true;
    }

    /** @param events the branch's recent events, newest first */
    public static SiteDiagnosis diagnose(List<LastWords> branch, List<Event> events, long now) {
        long lastHeard = 0;
        for (LastWords w : branch) {
            if (w.readings() != null) {
                lastHeard = Math.max(lastHeard, w.readings().lastSeen());
            }
        }
        if (lastHeard == 0 && events.isEmpty()) {
            return new SiteDiagnosis(SiteDiagnosis.Cause.UNKNOWN, "nothing was ever heard from this branch");
        }
        String power = powerLoss(branch, events, lastHeard);
        if (power != null) {
            return new SiteDiagnosis(SiteDiagnosis.Cause.POWER_LOSS, power);
        }
        String wan = wanLoss(branch, events, lastHeard);
        if (wan != null) {
            return new SiteDiagnosis(SiteDiagnosis.Cause.WAN_LOSS, wan);
        }
        return new SiteDiagnosis(SiteDiagnosis.Cause.AGENT_DOWN, "the last batch (" + Instant.ofEpochMilli(lastHeard)
                + ") showed mains power and the links up; the site agent, its host or the branch LAN stopped");
    }

    private static String powerLoss(List<LastWords> branch, List<Event> events, long lastHeard) {
        for (LastWords w : branch) {
            if (w.device().role() != DeviceRole.UPS || w.readings() == null) {
                continue;
            }
            Map<String, Double> v = w.readings().at(Labels.EMPTY);
            if (v == null) {
                continue;
            }
            Double source = v.get(Metrics.UPS_OUTPUT_SOURCE);
            Double onBattery = v.get(Metrics.UPS_SECONDS_ON_BATTERY);
            if ((source != null && source == 5.0) || (onBattery != null && onBattery > 0)) {
                Double minutes = v.get(Metrics.UPS_MINUTES_REMAINING);
                return "UPS " + w.device().id() + " was on battery"
                        + (onBattery != null && onBattery > 0 ? " for " + Math.round(onBattery) + " s" : "")
                        + (minutes != null ? " with about " + Math.round(minutes) + " minutes left" : "")
                        + " when the branch went quiet";
            }
        }
        for (Event e : events) {
            if (EventTypes.UPS_ON_BATTERY.equals(e.type()) && e.timestamp() >= lastHeard - RECENT) {
                return "UPS " + e.device() + " reported going on battery at " + Instant.ofEpochMilli(e.timestamp());
            }
        }
        return null;
    }

    private static String wanLoss(List<LastWords> branch, List<Event> events, long lastHeard) {
        for (LastWords w : branch) {
            DeviceRole role = w.device().role();
            if ((role != DeviceRole.ROUTER && role != DeviceRole.MODEM && role != DeviceRole.FIREWALL) || w.readings() == null) {
                continue;
            }
            for (Map.Entry<Labels, Map<String, Double>> series : w.readings().all().entrySet()) {
                Map<String, Double> v = series.getValue();
                Double oper = v.get(Metrics.IF_OPER_STATUS);
                Double admin = v.get(Metrics.IF_ADMIN_STATUS);
                if (oper != null && oper == 2.0 && admin != null && admin == 1.0) {
                    return "interface " + name(series.getKey()) + " of " + w.device().id() + " was down";
                }
                Double active = v.get(Metrics.UPLINK_ACTIVE);
                if (active != null && active == 1.0 && Metrics.KIND_CELLULAR.equals(series.getKey().get("kind"))) {
                    Double rsrp = cellularRsrp(w.readings());
                    if (rsrp != null && rsrp < WEAK_RSRP_DBM) {
                        return w.device().id() + " ran on its cellular backup with a weak signal (RSRP "
                                + Math.round(rsrp) + " dBm)";
                    }
                }
            }
        }
        for (Event e : events) {
            if (EventTypes.LINK_DOWN.equals(e.type()) && e.timestamp() >= lastHeard - RECENT) {
                return "a link of " + e.device() + " went down at " + Instant.ofEpochMilli(e.timestamp());
            }
        }
        return null;
    }

    private static Double cellularRsrp(DeviceReadings r) {
        for (Map<String, Double> v : r.all().values()) {
            Double rsrp = v.get(Metrics.CELLULAR_RSRP_DBM);
            if (rsrp != null) {
                return rsrp;
            }
        }
        return null;
    }

    private static String name(Labels labels) {
        String n = labels.get(Metrics.LABEL_IF_NAME);
        return n != null ? n : labels.toString();
    }
}
