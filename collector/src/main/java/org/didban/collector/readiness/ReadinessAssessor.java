package org.didban.collector.readiness;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.didban.collector.alerts.TrackedAlert;
import org.didban.model.Alert;
import org.didban.model.AlertState;
import org.didban.model.Branch;
import org.didban.model.Device;
import org.didban.model.DeviceRole;
import org.didban.model.FiberStatus;
import org.didban.model.Labels;
import org.didban.model.Metrics;
import org.didban.model.Severity;

/**
 * Judges one branch's readiness from the inventory (the branch and its devices) and the live
 * state (latest readings, active alerts) at a moment, as RULES-CATALOGUE.md's "Branch readiness"
 * asks: four gates, then a weighted score out of 100 and a band. docs/READINESS.md is the long
 * version, one table row per gate and component: which facts feed it and what missing data does.
 *
 * <p>Pure: no Vert.x, no clock of its own, no I/O; safe to share between shards (it holds only
 * its policy and a cache of label sets). What nobody reported is never taken as good news: a gate
 * without its data is {@link GateStatus#UNKNOWN} (never a pass), a component without its data gets
 * the inventory's share at most, so a branch whose agent never reported comes out red.
 */
public final class ReadinessAssessor {
    // rules whose firing alerts readiness reads (ids are stable, RULES-CATALOGUE.md)
    static final String DEVICE_SILENT = "DEV-01";
    static final String IDENTITY_CHANGED = "DEV-03";
    static final String SOFTWARE_NOT_APPROVED = "DEV-04";
    static final String CONFIG_NOT_CONFIRMED = "RDY-06";
    static final String NOT_ENOUGH_DEVICES = "RDY-05";
    static final String UPLINK_NOT_VERIFIED = "RDY-02";
    static final String NO_PROVEN_BACKUP = "RDY-03";
    static final String NO_FIBER_PAST_DEADLINE = "RDY-01";
    static final String SENSITIVE_UNDER_PROTECTED = "RDY-07";
    static final String MISSING_PEOPLE = "RDY-08";
    static final String WEAK_CELLULAR = "NET-04";
    static final String LOW_OPTICAL_POWER = "NET-05";
    static final String BATTERY_WONT_LAST = "PWR-02";
    static final String BATTERY_FAULTY = "PWR-03";
    static final String CAMERA_OFFLINE = "PHY-01";
    static final String TAMPER = "PHY-02";
    static final String OFF_ROUTE = "PHY-03";
    /** A device with one of these firing is not sound: silent, not itself, unapproved, tampered logs, radio, counts. */
    static final String[] DEVICE_INTEGRITY = {DEVICE_SILENT, IDENTITY_CHANGED, SOFTWARE_NOT_APPROVED, "DEV-08", "DEV-09",
        "DEV-13", "DEV-13-HOURS"};

    // what a device's reports say of it, worst first
    static final int NEVER = 0;
    static final int STALE = 1;
    static final int DOWN = 2;
    static final int UP = 3;

    // uplink kinds as bits
    private static final int FIBER = 1;
    private static final int COPPER = 2;
    private static final int CELLULAR = 4;
    private static final Labels KIND_FIBER = Labels.of(Metrics.LABEL_KIND, Metrics.KIND_FIBER);
    private static final Labels KIND_COPPER = Labels.of(Metrics.LABEL_KIND, Metrics.KIND_COPPER);
    private static final Labels KIND_CELLULAR = Labels.of(Metrics.LABEL_KIND, Metrics.KIND_CELLULAR);
    /** The tamper inputs the Didban device MIB and the simulator name (METRICS.md). */
    private static final Labels[] TAMPER_INPUTS = {
        Labels.of(Metrics.LABEL_INPUT, "enclosure"), Labels.of(Metrics.LABEL_INPUT, "door"),
        Labels.of(Metrics.LABEL_INPUT, "camera_cover")};

    // upsOutputSource and upsBatteryStatus values (UPS-MIB)
    private static final double UPS_ON_MAINS = 3;
    private static final double UPS_BYPASS = 4;
    private static final double UPS_ON_BATTERY = 5;
    private static final double BATTERY_NORMAL = 2;
    private static final double BATTERY_LOW = 3;
    private static final double DEVICE_STATE_FAULT = 6;

    // points of the parts of components (docs/READINESS.md)
    static final int FIBER_FULL = 15;
    static final int FIBER_LOW_POWER = 7;
    static final int FIBER_NOT_PROVEN = 4;
    static final int FIBER_PLANNED = 3;
    static final int MOBILE_WEAK = 5;
    static final int BACKUP_PROVEN = 10;
    static final int BACKUP_UNPROVEN = 5;
    static final int COVERAGE_FULL = 5;
    static final int COVERAGE_WEAK = 1;
    static final int REGISTERED_AUTH = 4;
    static final int REGISTERED_VOTING = 4;
    static final int REGISTERED_GATEWAY = 2;
    static final int DEVICE_HEALTH = 20;
    static final int POWER_MAINS = 4;
    static final int POWER_BATTERY = 3;
    static final int POWER_AUTONOMY = 3;
    static final int CAMERAS_FULL = 8;
    static final int CAMERAS_ONE = 4;
    static final int CAMERAS_UNMONITORED = 5;
    static final int CAMERAS_ONE_UNMONITORED = 2;
    static final int NO_TAMPER = 7;
    static final int INSPECTOR = 8;
    /** Governor's representative and county inspection board: not in the inventory yet, half their 4 points. */
    static final int PEOPLE_NOT_COLLECTED = 2;
    static final int ALERTS_HANDLED = 3;

    private final ReadinessPolicy policy;
    /** {@code {hash=...}} label sets of approved configuration hashes: a handful nationally. */
    private final ConcurrentHashMap<String, Labels> hashLabels = new ConcurrentHashMap<>();

    public ReadinessAssessor() {
        this(ReadinessPolicy.standard());
    }

    public ReadinessAssessor(ReadinessPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    public ReadinessPolicy policy() {
        return policy;
    }

    /** The readiness of {@code branch}, whose inventory devices are {@code devices}, at {@code moment}. */
    public BranchReadiness assess(Branch branch, List<Device> devices, LiveState live, Moment moment) {
        Assessment a = new Assessment();
        assess(branch, devices, live, moment, a);
        return a.toReadiness();
    }

    /** As {@link #assess(Branch, List, LiveState, Moment)}, into a reused scratch pad. */
    void assess(Branch b, List<Device> devices, LiveState live, Moment m, Assessment a) {
        a.reset(b, m, devices.size());
        List<TrackedAlert> alerts = live.alertsOf(b.code());
        long now = m.now();
        long fresh = policy.freshMillis(m);
        // Once per device: what its reports say of it.
        long lastHeard = 0;
        for (int i = 0; i < devices.size(); i++) {
            Device d = devices.get(i);
            long seen = live.lastSeen(d.id());
            lastHeard = Math.max(lastHeard, seen);
            int state;
            if (seen <= 0) {
                state = NEVER;
            } else if (now - seen > fresh) {
                state = STALE;
            } else if (live.value(d.id(), Metrics.DEVICE_UP, Labels.EMPTY) == 0.0
                    || firing(alerts, DEVICE_SILENT, d.id())) {
                state = DOWN;
            } else {
                state = UP;
            }
            a.deviceState[i] = state;
        }
        a.lastHeard = lastHeard;
        devicesGate(b, devices, live, alerts, a);
        Uplinks up = uplinks(devices, live, a);
        uplinkGate(b, alerts, m, up, a);
        powerGate(devices, live, alerts, m, a);
        int liveCameras = cameras(b, devices, live, alerts, a);
        connectivity(b, alerts, m, up, a);
        devicesScore(devices, live, alerts, a);
        powerScore(devices, live, alerts, a);
        physicalScore(b, devices, live, alerts, liveCameras, a);
        peopleScore(b, alerts, m, a);
        a.conclude();
    }

    // ---- gate: devices registered and configuration hash confirmed

    private void devicesGate(Branch b, List<Device> devices, LiveState live, List<TrackedAlert> alerts, Assessment a) {
        int auth = 0;
        int voting = 0;
        for (int i = 0; i < devices.size(); i++) {
            DeviceRole r = devices.get(i).role();
            auth += r == DeviceRole.AUTH_DEVICE ? 1 : 0;
            voting += r == DeviceRole.VOTING_DEVICE ? 1 : 0;
        }
        if (auth == 0 || voting == 0) {
            a.gate(Gate.DEVICES, GateStatus.FAIL, Finding.ELECTION_DEVICE_MISSING,
                    auth == 0 ? "authentication device" : "voting device", Double.NaN, Double.NaN);
            return;
        }
        if (firing(alerts, NOT_ENOUGH_DEVICES, null)) {
            a.gate(Gate.DEVICES, GateStatus.FAIL, Finding.NOT_ENOUGH_DEVICES, null, Double.NaN, Double.NaN);
            return;
        }
        Finding unknown = null;
        String unknownDevice = null;
        for (int i = 0; i < devices.size(); i++) {
            Device d = devices.get(i);
            if (d.role() != DeviceRole.AUTH_DEVICE && d.role() != DeviceRole.VOTING_DEVICE) {
                continue;
            }
            Finding fail = null;
            if (firing(alerts, IDENTITY_CHANGED, d.id())) {
                fail = Finding.IDENTITY_MISMATCH;
            } else if (firing(alerts, SOFTWARE_NOT_APPROVED, d.id())) {
                fail = Finding.SOFTWARE_NOT_APPROVED;
            } else if (firing(alerts, CONFIG_NOT_CONFIRMED, d.id())) {
                fail = Finding.CONFIG_MISMATCH;
            } else if (d.expected().configHash().isEmpty()) {
                if (unknown == null) {
                    unknown = Finding.NO_APPROVED_CONFIG;
                    unknownDevice = d.id();
                }
            } else if (a.deviceState[i] == NEVER) {
                if (unknown == null) {
                    unknown = Finding.DEVICE_NEVER_REPORTED;
                    unknownDevice = d.id();
                }
            } else if (Double.isNaN(live.value(d.id(), Metrics.DEVICE_CONFIG_INFO, hashLabels(d.expected().configHash())))) {
                fail = Finding.CONFIG_NOT_CONFIRMED;
            }
            if (fail != null) {
                a.gate(Gate.DEVICES, GateStatus.FAIL, fail, d.id(), Double.NaN, Double.NaN);
                return;
            }
        }
        if (unknown != null) {
            a.gate(Gate.DEVICES, GateStatus.UNKNOWN, unknown, unknownDevice, Double.NaN, Double.NaN);
        } else {
            a.gate(Gate.DEVICES, GateStatus.PASS, Finding.DEVICES_CONFIRMED, null, Double.NaN, Double.NaN);
        }
    }

    private Labels hashLabels(String hash) {
        Labels l = hashLabels.get(hash);
        if (l == null) {
            if (hashLabels.size() > 1024) {
                hashLabels.clear(); // a bound, not an expected case: approved hashes are few
            }
            l = Labels.of(Metrics.LABEL_HASH, hash);
            hashLabels.put(hash, l);
        }
        return l;
    }

    // ---- what the routers, modems and firewalls say of the uplink

    /** Summary of the branch's gateways (router, modem, firewall); kept on the scratch pad, reset per branch. */
    static final class Uplinks {
        int gateways;
        int reported;
        /** Gateways reporting now (fresh and up). */
        int fresh;
        long lastSeen;
        /** Kinds of path the agent's uplink detector knows of (ever reported), and those carrying traffic. */
        int knownKinds;
        int activeKinds;
        /** The same from gateways reporting now. */
        int freshActiveKinds;
        double verifiedSeconds = Double.NaN;
        double drillSeconds = Double.NaN;

        Uplinks reset() {
            gateways = 0;
            reported = 0;
            fresh = 0;
            lastSeen = 0;
            knownKinds = 0;
            activeKinds = 0;
            freshActiveKinds = 0;
            verifiedSeconds = Double.NaN;
            drillSeconds = Double.NaN;
            return this;
        }
    }

    private Uplinks uplinks(List<Device> devices, LiveState live, Assessment a) {
        Uplinks u = a.uplinks.reset();
        for (int i = 0; i < devices.size(); i++) {
            Device d = devices.get(i);
            if (!gateway(d.role())) {
                continue;
            }
            u.gateways++;
            int state = a.deviceState[i];
            if (state == NEVER) {
                continue;
            }
            u.reported++;
            u.lastSeen = Math.max(u.lastSeen, live.lastSeen(d.id()));
            u.verifiedSeconds = max(u.verifiedSeconds,
                    live.value(d.id(), Metrics.UPLINK_LAST_VERIFIED_TIMESTAMP_SECONDS, Labels.EMPTY));
            u.drillSeconds = max(u.drillSeconds,
                    live.value(d.id(), Metrics.BACKUP_PATH_LAST_DRILL_TIMESTAMP_SECONDS, Labels.EMPTY));
            int known = 0;
            int active = 0;
            double f = live.value(d.id(), Metrics.UPLINK_ACTIVE, KIND_FIBER);
            double c = live.value(d.id(), Metrics.UPLINK_ACTIVE, KIND_COPPER);
            double g = live.value(d.id(), Metrics.UPLINK_ACTIVE, KIND_CELLULAR);
            known |= (Double.isNaN(f) ? 0 : FIBER) | (Double.isNaN(c) ? 0 : COPPER) | (Double.isNaN(g) ? 0 : CELLULAR);
            active |= (f == 1.0 ? FIBER : 0) | (c == 1.0 ? COPPER : 0) | (g == 1.0 ? CELLULAR : 0);
            u.knownKinds |= known;
            u.activeKinds |= active;
            if (state == UP) {
                u.fresh++;
                u.freshActiveKinds |= active;
            }
        }
        return u;
    }

    private static boolean gateway(DeviceRole r) {
        return r == DeviceRole.ROUTER || r == DeviceRole.MODEM || r == DeviceRole.FIREWALL;
    }

    /** The kinds of path that count as a branch's primary: fiber where it is connected, any wired path, any path for a mobile branch. */
    private static int primaryKinds(Branch b) {
        if (b.mobile()) {
            return FIBER | COPPER | CELLULAR;
        }
        return b.fiber() == FiberStatus.CONNECTED ? FIBER : FIBER | COPPER;
    }

    private static String kindName(int kinds) {
        return (kinds & FIBER) != 0 ? Metrics.KIND_FIBER : (kinds & COPPER) != 0 ? Metrics.KIND_COPPER
                : (kinds & CELLULAR) != 0 ? Metrics.KIND_CELLULAR : "";
    }

    // ---- gate: primary uplink verified within 72 h

    private void uplinkGate(Branch b, List<TrackedAlert> alerts, Moment m, Uplinks u, Assessment a) {
        long window = policy.uplinkWindow().toMillis();
        double windowHours = window / 3_600_000.0;
        if (u.gateways == 0) {
            a.gate(Gate.UPLINK, GateStatus.FAIL, Finding.NO_GATEWAY, null, Double.NaN, Double.NaN);
        } else if (firing(alerts, UPLINK_NOT_VERIFIED, null)) {
            a.gate(Gate.UPLINK, GateStatus.FAIL, Finding.UPLINK_NOT_VERIFIED, null, Double.NaN, Double.NaN);
        } else if (!Double.isNaN(u.verifiedSeconds)) {
            long age = m.now() - (long) (u.verifiedSeconds * 1000);
            double hours = Math.max(0, Math.floor(age / 3_600_000.0));
            if (age <= window) {
                a.gate(Gate.UPLINK, GateStatus.PASS, Finding.UPLINK_VERIFIED, null, hours, windowHours);
            } else {
                a.gate(Gate.UPLINK, GateStatus.FAIL, Finding.UPLINK_VERIFIED_LONG_AGO, null, hours, windowHours);
            }
        } else if (u.reported == 0) {
            a.gate(Gate.UPLINK, GateStatus.UNKNOWN, Finding.GATEWAY_NEVER_REPORTED, null, Double.NaN, Double.NaN);
        } else if (m.now() - u.lastSeen > window) {
            a.gate(Gate.UPLINK, GateStatus.FAIL, Finding.GATEWAY_SILENT, null,
                    Math.floor((m.now() - u.lastSeen) / 3_600_000.0), windowHours);
        } else if ((u.activeKinds & primaryKinds(b)) != 0) {
            a.gate(Gate.UPLINK, GateStatus.PASS, Finding.UPLINK_CARRIED_REPORTS, kindName(u.activeKinds & primaryKinds(b)),
                    Math.max(0, Math.floor((m.now() - u.lastSeen) / 3_600_000.0)), windowHours);
        } else if (u.activeKinds != 0) {
            a.gate(Gate.UPLINK, GateStatus.FAIL, Finding.UPLINK_ON_BACKUP, kindName(u.activeKinds), Double.NaN, Double.NaN);
        } else {
            a.gate(Gate.UPLINK, GateStatus.UNKNOWN, Finding.NO_UPLINK_DATA, null, Double.NaN, Double.NaN);
        }
    }

    // ---- gate: UPS present and lasting until close

    private void powerGate(List<Device> devices, LiveState live, List<TrackedAlert> alerts, Moment m, Assessment a) {
        int upses = 0;
        GateStatus best = null;
        Finding why = null;
        String subject = null;
        double n = Double.NaN;
        double needed = m.minutesToClose() + policy.upsMarginMinutes();
        for (int i = 0; i < devices.size(); i++) {
            Device d = devices.get(i);
            if (d.role() != DeviceRole.UPS) {
                continue;
            }
            upses++;
            GateStatus s;
            Finding f;
            double minutes = Double.NaN;
            int state = a.deviceState[i];
            if (state == NEVER) {
                s = GateStatus.UNKNOWN;
                f = Finding.UPS_NEVER_REPORTED;
            } else if (state == STALE) {
                s = GateStatus.UNKNOWN;
                f = Finding.UPS_STALE;
            } else if (state == DOWN) {
                s = GateStatus.FAIL;
                f = Finding.UPS_DOWN;
            } else {
                double battery = live.value(d.id(), Metrics.UPS_BATTERY_STATUS, Labels.EMPTY);
                double source = live.value(d.id(), Metrics.UPS_OUTPUT_SOURCE, Labels.EMPTY);
                minutes = live.value(d.id(), Metrics.UPS_MINUTES_REMAINING, Labels.EMPTY);
                if (battery >= BATTERY_LOW) {
                    s = GateStatus.FAIL;
                    f = Finding.UPS_BATTERY_LOW;
                } else if (firing(alerts, BATTERY_WONT_LAST, d.id())) {
                    s = GateStatus.FAIL;
                    f = Finding.UPS_WONT_LAST;
                } else if (source == UPS_BYPASS) {
                    s = GateStatus.FAIL;
                    f = Finding.UPS_BYPASS;
                } else if (source == UPS_ON_BATTERY) {
                    if (Double.isNaN(minutes)) {
                        s = GateStatus.UNKNOWN;
                        f = Finding.UPS_NO_RUNTIME;
                    } else if (minutes < needed) {
                        s = GateStatus.FAIL;
                        f = Finding.UPS_WONT_LAST;
                    } else {
                        s = GateStatus.PASS;
                        f = Finding.UPS_ON_BATTERY_LASTS;
                    }
                } else if (Double.isNaN(source) && Double.isNaN(minutes)) {
                    s = GateStatus.UNKNOWN;
                    f = Finding.UPS_NO_DATA;
                } else if (Double.isNaN(minutes)) {
                    s = GateStatus.UNKNOWN;
                    f = Finding.UPS_NO_RUNTIME;
                } else if (minutes < policy.upsMarginMinutes()) {
                    s = GateStatus.FAIL;
                    f = Finding.UPS_RUNTIME_SHORT;
                } else {
                    s = GateStatus.PASS;
                    f = Finding.UPS_ON_MAINS;
                }
            }
            if (best == null || rank(s) > rank(best)) {
                best = s;
                why = f;
                subject = d.id();
                n = minutes;
            }
        }
        if (upses == 0) {
            a.gate(Gate.POWER, GateStatus.FAIL, Finding.NO_UPS, null, Double.NaN, Double.NaN);
            return;
        }
        double m2 = why == Finding.UPS_RUNTIME_SHORT ? policy.upsMarginMinutes() : needed;
        a.gate(Gate.POWER, best, why, subject, n, m2);
    }

    private static int rank(GateStatus s) {
        return s == GateStatus.PASS ? 2 : s == GateStatus.UNKNOWN ? 1 : 0;
    }

    // ---- gate: a sensitive branch has two live cameras (and the live camera count for the score)

    /** Sets the cameras gate; answers how many cameras are seen live (-1 when none is monitored). */
    private int cameras(Branch b, List<Device> devices, LiveState live, List<TrackedAlert> alerts, Assessment a) {
        int monitors = 0;
        int liveCameras = 0;
        boolean someUnheard = false;
        for (int i = 0; i < devices.size(); i++) {
            Device d = devices.get(i);
            if (d.role() != DeviceRole.CAMERA && d.role() != DeviceRole.NVR) {
                continue;
            }
            monitors++;
            int state = a.deviceState[i];
            if (state == NEVER || state == STALE) {
                someUnheard = true;
                continue;
            }
            if (d.role() == DeviceRole.CAMERA) {
                if (state == UP && !firing(alerts, CAMERA_OFFLINE, d.id())) {
                    liveCameras++;
                }
            } else if (state == UP) {
                liveCameras += live.countSeries(d.id(), Metrics.CAMERA_UP, 1.0);
            }
        }
        if (!b.sensitive()) {
            a.gate(Gate.CAMERAS, GateStatus.PASS, Finding.NOT_SENSITIVE, null, Double.NaN, Double.NaN);
        } else if (b.cameraCount() < 2 || firing(alerts, SENSITIVE_UNDER_PROTECTED, null)) {
            a.gate(Gate.CAMERAS, GateStatus.FAIL, Finding.TOO_FEW_CAMERAS, null, b.cameraCount(), Double.NaN);
        } else if (monitors == 0) {
            a.gate(Gate.CAMERAS, GateStatus.UNKNOWN, Finding.CAMERAS_NOT_MONITORED, null, b.cameraCount(), Double.NaN);
        } else if (liveCameras >= 2) {
            a.gate(Gate.CAMERAS, GateStatus.PASS, Finding.CAMERAS_LIVE, null, liveCameras, Double.NaN);
        } else if (someUnheard) {
            a.gate(Gate.CAMERAS, GateStatus.UNKNOWN, Finding.CAMERAS_PARTLY_KNOWN, null, liveCameras, Double.NaN);
        } else {
            a.gate(Gate.CAMERAS, GateStatus.FAIL, Finding.FEW_LIVE_CAMERAS, null, liveCameras, Double.NaN);
        }
        return monitors == 0 ? -1 : liveCameras;
    }

    // ---- connectivity: fiber in range 15, backup proven 10, coverage 5

    private void connectivity(Branch b, List<TrackedAlert> alerts, Moment m, Uplinks u, Assessment a) {
        // primary path in range
        int fresh = u.freshActiveKinds;
        if (b.mobile()) {
            if (fresh == 0) { // no gateway reporting now, or none says a path carries traffic
                a.component(Component.FIBER, 0, Finding.PATH_UNKNOWN, null, Double.NaN, Double.NaN);
            } else if (fresh == CELLULAR && firing(alerts, WEAK_CELLULAR, null)) {
                a.component(Component.FIBER, MOBILE_WEAK, Finding.MOBILE_SIGNAL_WEAK, null, Double.NaN, Double.NaN);
            } else if ((fresh & FIBER) != 0 && firing(alerts, LOW_OPTICAL_POWER, null)) {
                a.component(Component.FIBER, FIBER_LOW_POWER, Finding.FIBER_LOW_POWER, null, Double.NaN, Double.NaN);
            } else {
                a.component(Component.FIBER, FIBER_FULL, Finding.MOBILE_PATH_IN_RANGE, kindName(fresh), Double.NaN, Double.NaN);
            }
        } else if ((fresh & FIBER) != 0) {
            if (firing(alerts, LOW_OPTICAL_POWER, null)) {
                a.component(Component.FIBER, FIBER_LOW_POWER, Finding.FIBER_LOW_POWER, null, Double.NaN, Double.NaN);
            } else {
                a.component(Component.FIBER, FIBER_FULL, Finding.FIBER_IN_RANGE, null, Double.NaN, Double.NaN);
            }
        } else if (b.fiber() == FiberStatus.CONNECTED) {
            if (fresh != 0) {
                a.component(Component.FIBER, FIBER_NOT_PROVEN, Finding.FIBER_NOT_CARRYING, kindName(fresh), Double.NaN, Double.NaN);
            } else {
                a.component(Component.FIBER, FIBER_NOT_PROVEN, Finding.FIBER_UNVERIFIED, null, Double.NaN, Double.NaN);
            }
        } else if (b.fiber() == FiberStatus.PLANNED) {
            LocalDate planned = b.fiberPlanned();
            Object when = planned == null ? "an unknown date" : planned;
            if (firing(alerts, NO_FIBER_PAST_DEADLINE, null) || (planned != null && planned.isBefore(m.today()))) {
                a.component(Component.FIBER, 0, Finding.FIBER_OVERDUE, when, Double.NaN, Double.NaN);
            } else {
                a.component(Component.FIBER, FIBER_PLANNED, Finding.FIBER_PLANNED, when, Double.NaN, Double.NaN);
            }
        } else {
            a.component(Component.FIBER, 0, Finding.NO_FIBER, null, Double.NaN, Double.NaN);
        }
        // backup proven
        boolean secondPath = Integer.bitCount(u.knownKinds) >= 2 || u.reported >= 2;
        long drillAge = Double.isNaN(u.drillSeconds) ? Long.MAX_VALUE : m.now() - (long) (u.drillSeconds * 1000);
        if (drillAge <= policy.drillWindow().toMillis() && !firing(alerts, NO_PROVEN_BACKUP, null)) {
            a.component(Component.BACKUP, BACKUP_PROVEN, Finding.BACKUP_PROVEN, null,
                    Math.max(0, Math.floor(drillAge / 86_400_000.0)), Double.NaN);
        } else if (secondPath) {
            a.component(Component.BACKUP, BACKUP_UNPROVEN, Finding.BACKUP_UNPROVEN, null, Double.NaN, Double.NaN);
        } else if (u.reported == 0) {
            a.component(Component.BACKUP, 0, Finding.PATH_UNKNOWN, null, Double.NaN, Double.NaN);
        } else {
            a.component(Component.BACKUP, 0, Finding.NO_BACKUP, null, Double.NaN, Double.NaN);
        }
        // cellular coverage, from gateways reporting now
        if (u.fresh == 0) {
            a.component(Component.COVERAGE, 0, Finding.PATH_UNKNOWN, null, Double.NaN, Double.NaN);
        } else if ((u.knownKinds & CELLULAR) == 0) {
            a.component(Component.COVERAGE, 0, Finding.NO_CELLULAR, null, Double.NaN, Double.NaN);
        } else if (firing(alerts, WEAK_CELLULAR, null)) {
            a.component(Component.COVERAGE, COVERAGE_WEAK, Finding.COVERAGE_WEAK, null, Double.NaN, Double.NaN);
        } else {
            a.component(Component.COVERAGE, COVERAGE_FULL, Finding.COVERAGE_OK, null, Double.NaN, Double.NaN);
        }
    }

    // ---- devices 30: registered (10), live and sound (20)

    private void devicesScore(List<Device> devices, LiveState live, List<TrackedAlert> alerts, Assessment a) {
        boolean auth = false;
        boolean voting = false;
        boolean gateway = false;
        int counted = 0;
        int healthy = 0;
        String firstUnhealthy = null;
        for (int i = 0; i < devices.size(); i++) {
            Device d = devices.get(i);
            DeviceRole r = d.role();
            auth |= r == DeviceRole.AUTH_DEVICE;
            voting |= r == DeviceRole.VOTING_DEVICE;
            gateway |= gateway(r);
            if (r == DeviceRole.CAMERA || r == DeviceRole.NVR) {
                continue; // cameras count under physical security
            }
            counted++;
            boolean sound = a.deviceState[i] == UP && !firingAny(alerts, DEVICE_INTEGRITY, d.id())
                    && !((r == DeviceRole.AUTH_DEVICE || r == DeviceRole.VOTING_DEVICE)
                    && live.value(d.id(), Metrics.ELECTION_DEVICE_STATE, Labels.EMPTY) == DEVICE_STATE_FAULT);
            if (sound) {
                healthy++;
            } else if (firstUnhealthy == null) {
                firstUnhealthy = d.id();
            }
        }
        int registered = (auth ? REGISTERED_AUTH : 0) + (voting ? REGISTERED_VOTING : 0) + (gateway ? REGISTERED_GATEWAY : 0);
        int health = counted == 0 ? 0 : DEVICE_HEALTH * healthy / counted;
        int pts = registered + health;
        if (!auth || !voting || !gateway) {
            String missing = !auth ? DeviceRole.AUTH_DEVICE.wireName() : !voting ? DeviceRole.VOTING_DEVICE.wireName()
                    : "router";
            a.component(Component.DEVICES, pts, Finding.DEVICES_NOT_REGISTERED, missing, Double.NaN, Double.NaN);
        } else if (healthy < counted) {
            a.component(Component.DEVICES, pts, Finding.DEVICES_UNHEALTHY, firstUnhealthy, healthy, counted);
        } else {
            a.component(Component.DEVICES, pts, Finding.DEVICES_HEALTHY, null, counted, Double.NaN);
        }
    }

    // ---- power 10: on mains (4), battery sound (3), autonomy (3)

    private void powerScore(List<Device> devices, LiveState live, List<TrackedAlert> alerts, Assessment a) {
        int best = -1;
        Finding why = null;
        double minutesOfBest = Double.NaN;
        boolean any = false;
        for (int i = 0; i < devices.size(); i++) {
            Device d = devices.get(i);
            if (d.role() != DeviceRole.UPS) {
                continue;
            }
            any = true;
            if (a.deviceState[i] != UP) {
                continue;
            }
            double source = live.value(d.id(), Metrics.UPS_OUTPUT_SOURCE, Labels.EMPTY);
            double battery = live.value(d.id(), Metrics.UPS_BATTERY_STATUS, Labels.EMPTY);
            double minutes = live.value(d.id(), Metrics.UPS_MINUTES_REMAINING, Labels.EMPTY);
            boolean mains = source == UPS_ON_MAINS;
            boolean faulty = battery >= BATTERY_LOW || firing(alerts, BATTERY_FAULTY, d.id())
                    || live.value(d.id(), Metrics.UPS_ALARM_BATTERY_BAD, Labels.EMPTY) == 1.0
                    || live.value(d.id(), Metrics.UPS_SELF_TEST_FAILED, Labels.EMPTY) == 1.0;
            boolean sound = battery == BATTERY_NORMAL && !faulty;
            int autonomy = Double.isNaN(minutes) ? 0
                    : (int) Math.min(POWER_AUTONOMY, Math.floor(POWER_AUTONOMY * minutes / policy.upsTargetMinutes()));
            int pts = (mains ? POWER_MAINS : 0) + (sound ? POWER_BATTERY : 0) + Math.max(0, autonomy);
            Finding f;
            if (!mains && !Double.isNaN(source)) {
                f = Finding.POWER_ON_BATTERY;
            } else if (faulty) {
                f = Finding.POWER_BATTERY_FAULT;
            } else if (!mains || !sound || Double.isNaN(minutes)) {
                f = Finding.POWER_UNKNOWN;
            } else if (autonomy < POWER_AUTONOMY) {
                f = Finding.POWER_SHORT_AUTONOMY;
            } else {
                f = Finding.POWER_GOOD;
            }
            if (pts > best) {
                best = pts;
                why = f;
                minutesOfBest = minutes;
            }
        }
        if (!any) {
            a.component(Component.POWER, 0, Finding.POWER_NO_UPS, null, Double.NaN, Double.NaN);
        } else if (best < 0) {
            a.component(Component.POWER, 0, Finding.POWER_UNKNOWN, null, Double.NaN, Double.NaN);
        } else {
            a.component(Component.POWER, best, why, null, minutesOfBest, policy.upsTargetMinutes());
        }
    }

    // ---- physical security 15: cameras (8), no tamper (7)

    private void physicalScore(Branch b, List<Device> devices, LiveState live, List<TrackedAlert> alerts, int liveCameras,
                               Assessment a) {
        int cameras;
        Finding cameraWhy;
        double cameraN;
        if (liveCameras >= 0) {
            cameras = liveCameras >= 2 ? CAMERAS_FULL : liveCameras == 1 ? CAMERAS_ONE : 0;
            cameraWhy = liveCameras >= 2 ? Finding.PHYSICAL_GOOD : Finding.FEW_CAMERAS;
            cameraN = liveCameras;
        } else {
            int registered = b.cameraCount();
            cameras = registered >= 2 ? CAMERAS_UNMONITORED : registered == 1 ? CAMERAS_ONE_UNMONITORED : 0;
            cameraWhy = registered >= 2 ? Finding.CAMERAS_UNMONITORED : Finding.FEW_CAMERAS;
            cameraN = registered;
        }
        int tamper;
        Finding tamperWhy;
        if (firing(alerts, TAMPER, null)) {
            tamper = 0;
            tamperWhy = Finding.TAMPER;
        } else if (b.mobile() && firing(alerts, OFF_ROUTE, null)) {
            tamper = 0;
            tamperWhy = Finding.OFF_ROUTE;
        } else {
            boolean watched = false;
            boolean triggered = false;
            for (int i = 0; i < devices.size() && !triggered; i++) {
                Device d = devices.get(i);
                DeviceRole r = d.role();
                if ((r != DeviceRole.AUTH_DEVICE && r != DeviceRole.VOTING_DEVICE && r != DeviceRole.SENSOR)
                        || a.deviceState[i] != UP) {
                    continue;
                }
                watched = true;
                for (Labels input : TAMPER_INPUTS) {
                    if (live.value(d.id(), Metrics.TAMPER_INPUT_ACTIVE, input) == 1.0) {
                        triggered = true;
                        break;
                    }
                }
            }
            tamper = triggered || !watched ? 0 : NO_TAMPER;
            tamperWhy = triggered ? Finding.TAMPER : !watched ? Finding.TAMPER_UNKNOWN : Finding.PHYSICAL_GOOD;
        }
        Finding why;
        double n = Double.NaN;
        if (tamper < NO_TAMPER && NO_TAMPER - tamper >= CAMERAS_FULL - cameras) {
            why = tamperWhy;
        } else if (cameras < CAMERAS_FULL) {
            why = cameraWhy;
            n = cameraN;
        } else {
            why = Finding.PHYSICAL_GOOD;
        }
        a.component(Component.PHYSICAL, cameras + tamper, why, null, n, Double.NaN);
    }

    // ---- people and process 15: inspector (8), representative and board (4, not collected), alerts in hand (3)

    private void peopleScore(Branch b, List<TrackedAlert> alerts, Moment m, Assessment a) {
        boolean inspector = !b.inspector().isBlank() && !firing(alerts, MISSING_PEOPLE, null);
        long limit = policy.unhandledAfter().toMillis();
        int unhandled = 0;
        for (int i = 0; i < alerts.size(); i++) {
            TrackedAlert t = alerts.get(i);
            Alert al = t.alert();
            if (al.state() == AlertState.FIRING && al.severity().compareTo(Severity.HIGH) >= 0 && t.acknowledgement() == null
                    && t.silencedBy().isEmpty() && al.firedAt() > 0 && m.now() - al.firedAt() > limit) {
                unhandled++;
            }
        }
        int pts = (inspector ? INSPECTOR : 0) + PEOPLE_NOT_COLLECTED + (unhandled == 0 ? ALERTS_HANDLED : 0);
        if (!inspector) {
            a.component(Component.PEOPLE, pts, Finding.NO_INSPECTOR, null, Double.NaN, Double.NaN);
        } else if (unhandled > 0) {
            a.component(Component.PEOPLE, pts, Finding.ALERTS_UNHANDLED, null, unhandled, limit / 60_000.0);
        } else {
            a.component(Component.PEOPLE, pts, Finding.PEOPLE_PARTLY_KNOWN, null, Double.NaN, Double.NaN);
        }
    }

    // ---- alerts

    /** Whether an alert of {@code rule} fires at the branch (on {@code device}, or on any when null). */
    static boolean firing(List<TrackedAlert> alerts, String rule, String device) {
        for (int i = 0; i < alerts.size(); i++) {
            Alert a = alerts.get(i).alert();
            if (a.state() == AlertState.FIRING && a.key().ruleId().equals(rule)
                    && (device == null || a.key().device().equals(device))) {
                return true;
            }
        }
        return false;
    }

    private static boolean firingAny(List<TrackedAlert> alerts, String[] rules, String device) {
        for (int i = 0; i < alerts.size(); i++) {
            Alert a = alerts.get(i).alert();
            if (a.state() != AlertState.FIRING || !a.key().device().equals(device)) {
                continue;
            }
            String id = a.key().ruleId();
            for (String r : rules) {
                if (r.equals(id)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static double max(double a, double b) {
        if (Double.isNaN(a)) {
            return b;
        }
        return Double.isNaN(b) ? a : Math.max(a, b);
    }
}
