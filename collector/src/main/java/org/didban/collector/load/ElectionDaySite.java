package org.didban.collector.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.didban.model.Device;
import org.didban.model.DeviceRole;
import org.didban.model.Labels;
import org.didban.model.Metrics;
import org.didban.model.Sample;
import org.didban.wire.SiteBatch;

/**
 * One simulated site on election day, paced as a real agent is: one batch per poll round, at the
 * site's own phase within the round, carrying what a real agent's report filter lets through —
 * {@code device_up} always (the heartbeat), every other value only when it changed since it was
 * last sent, and everything at the site's full refresh (its first round, then every
 * {@link #ROUNDS_PER_REFRESH}th round, staggered by site) and for a device at its first answer
 * after a silence. Values move as on the day: counters of busy interfaces every round, uptime,
 * votes and authentications most rounds, temperatures, signal and round-trip times now and then.
 *
 * <p>Faults, each on one device and kept for a few rounds: a device that stops answering (only
 * {@code device_up 0} is sent for it), a UPS on battery, a router whose fiber uplink fails over to
 * cellular. {@link #startBurst} puts the site into a power cut that lasts to the end of the run.
 * Not thread-safe: the load generator touches a site from one thread.
 */
final class ElectionDaySite {
    static final long ROUND_MILLIS = 30_000;
    /** Five minutes of 30 s rounds: the agent's default full refresh. */
    static final int ROUNDS_PER_REFRESH = 10;

    /** A fault of one device. */
    enum Fault { NONE, SILENT, ON_BATTERY, UPLINK_FAILOVER }

    /** How a value moves from round to round. */
    private enum Motion {
        HEARTBEAT, UPTIME, CONSTANT, BUSY_COUNTER, RARE_COUNTER, VOTES, JITTER, RTT, OPER_STATUS, UPLINK_FIBER,
        UPLINK_CELLULAR, UPS_SOURCE, UPS_SECONDS_ON_BATTERY, UPS_MINUTES, UPS_CHARGE,
        /** The series before it (look-ups that succeeded follow look-ups made: a healthy central check). */
        SAME_AS_PREVIOUS
    }

    private record Series(int device, String metric, Labels labels, Motion motion, double base) {
    }

    private static final Labels WAN = ifLabels("1", "wan0", "fiber uplink");
    private static final Labels LAN = ifLabels("2", "lan0", "branch LAN");
    private static final Labels WWAN = ifLabels("3", "wwan0", "cellular backup");
    private static final Labels ETH0 = ifLabels("1", "eth0", "");
    private static final int SWITCH_PORTS = 8;
    private static final Labels[] SWITCH_PORT = new Labels[SWITCH_PORTS];

    static {
        for (int p = 1; p <= SWITCH_PORTS; p++) {
            // the last port is kept down and marked unused, as SEC-03 expects of spare ports
            SWITCH_PORT[p - 1] = ifLabels(Integer.toString(p), "port" + p, p == SWITCH_PORTS ? "unused spare" : "branch LAN");
        }
    }

    private static final Labels FIBER = Labels.of(Metrics.LABEL_KIND, Metrics.KIND_FIBER);
    private static final Labels CELLULAR = Labels.of(Metrics.LABEL_KIND, Metrics.KIND_CELLULAR);
    private static final Labels MODEM = Labels.of(Metrics.LABEL_MODEM, "1");
    private static final Labels CENTRAL = Labels.of(Metrics.LABEL_TARGET, "central");
    private static final Labels CPU = Labels.of(Metrics.LABEL_SENSOR, "cpu");
    private static final Labels BATTERY = Labels.of(Metrics.LABEL_SENSOR, "battery");
    private static final Labels LOG_STORAGE = Labels.of(Metrics.LABEL_STORAGE, "/var/log");

    final String agentId;
    final String branch;
    final String token;
    /** When in each round this site sends, milliseconds after the round starts. */
    final long phaseMillis;
    private final List<Device> devices;
    private final int refreshOffset;
    private final Random random;
    /** Shared by every site with the same devices: 58,640 sites hold one list, not 58,640. */
    private final List<Series> series;
    private static final java.util.Map<List<DeviceRole>, List<Series>> LAYOUTS = new java.util.concurrent.ConcurrentHashMap<>();
    private final double[] value;
    /** The value last sent of each series; NaN when it must be sent again. */
    private final double[] sent;
    private final Fault[] fault;
    private final int[] faultRoundsLeft;
    private final boolean[] inBurst;
    private final boolean[] answeredLastRound;
    private final long epoch = System.currentTimeMillis();
    private long seq;
    private int round;
    private boolean burstDue;
    /** No vote is cast, and no voter looked up, before the polls open. */
    private long votingOpensAt = Long.MIN_VALUE;
    private boolean votingOpen;
    /** The devices whose fault the last batch carried for the first time, and whether the burst's. */
    final List<String> newFaults = new ArrayList<>();
    final List<Boolean> newFaultInBurst = new ArrayList<>();
    /** The devices whose fault the last batch showed cleared. */
    final List<String> cleared = new ArrayList<>();

    ElectionDaySite(String agentId, String branch, String token, List<Device> devices, long phaseMillis, long seed) {
        this.agentId = agentId;
        this.branch = branch;
        this.token = token;
        this.devices = List.copyOf(devices);
        this.phaseMillis = phaseMillis;
        this.random = new Random(seed);
        this.refreshOffset = random.nextInt(ROUNDS_PER_REFRESH);
        this.series = LAYOUTS.computeIfAbsent(this.devices.stream().map(Device::role).toList(), roles -> {
            List<Series> layout = new ArrayList<>();
            for (int d = 0; d < roles.size(); d++) {
                describe(layout, d, roles.get(d));
            }
            return List.copyOf(layout);
        });
        value = new double[series.size()];
        sent = new double[series.size()];
        for (int i = 0; i < value.length; i++) {
            value[i] = series.get(i).motion() == Motion.SAME_AS_PREVIOUS ? value[i - 1] : start(series.get(i));
            sent[i] = Double.NaN;
        }
        fault = new Fault[this.devices.size()];
        java.util.Arrays.fill(fault, Fault.NONE);
        faultRoundsLeft = new int[this.devices.size()];
        inBurst = new boolean[this.devices.size()];
        answeredLastRound = new boolean[this.devices.size()];
        java.util.Arrays.fill(answeredLastRound, true);
    }

    private static Labels ifLabels(String index, String name, String alias) {
        return alias.isEmpty()
                ? Labels.of(Metrics.LABEL_IF_INDEX, index, Metrics.LABEL_IF_NAME, name)
                : Labels.of(Metrics.LABEL_IF_INDEX, index, Metrics.LABEL_IF_NAME, name, Metrics.LABEL_IF_ALIAS, alias);
    }

    /** What the agent's profile for the role reads from a device: about 18 values a device on average. */
    private static void describe(List<Series> series, int d, DeviceRole role) {
        add(series, d, Metrics.DEVICE_UP, Labels.EMPTY, Motion.HEARTBEAT, 1);
        add(series, d, Metrics.SYS_UPTIME_SECONDS, Labels.EMPTY, Motion.UPTIME, 0);
        switch (role) {
            case ROUTER -> {
                add(series, d, Metrics.TEMPERATURE_CELSIUS, CPU, Motion.JITTER, 45);
                anInterface(series, d, WAN, true, Motion.OPER_STATUS);
                anInterface(series, d, LAN, true, Motion.CONSTANT);
                anInterface(series, d, WWAN, false, Motion.CONSTANT);
                add(series, d, Metrics.UPLINK_ACTIVE, FIBER, Motion.UPLINK_FIBER, 1);
                add(series, d, Metrics.UPLINK_ACTIVE, CELLULAR, Motion.UPLINK_CELLULAR, 0);
                add(series, d, Metrics.CELLULAR_RSRP_DBM, MODEM, Motion.JITTER, -88);
                add(series, d, Metrics.CELLULAR_SINR_DB, MODEM, Motion.JITTER, 12);
                add(series, d, Metrics.PROBE_LOSS_RATIO, CENTRAL, Motion.CONSTANT, 0);
                add(series, d, Metrics.PROBE_RTT_SECONDS, CENTRAL, Motion.RTT, 0.035);
            }
            case SWITCH -> {
                add(series, d, Metrics.TEMPERATURE_CELSIUS, CPU, Motion.JITTER, 40);
                for (int p = 0; p < SWITCH_PORTS; p++) {
                    anInterface(series, d, SWITCH_PORT[p], p < SWITCH_PORTS - 1, Motion.CONSTANT);
                }
            }
            case UPS -> {
                add(series, d, Metrics.UPS_OUTPUT_SOURCE, Labels.EMPTY, Motion.UPS_SOURCE, 3);
                add(series, d, Metrics.UPS_BATTERY_STATUS, Labels.EMPTY, Motion.CONSTANT, 2);
                add(series, d, Metrics.UPS_SECONDS_ON_BATTERY, Labels.EMPTY, Motion.UPS_SECONDS_ON_BATTERY, 0);
                add(series, d, Metrics.UPS_MINUTES_REMAINING, Labels.EMPTY, Motion.UPS_MINUTES, 180);
                add(series, d, Metrics.UPS_CHARGE_PERCENT, Labels.EMPTY, Motion.UPS_CHARGE, 100);
                add(series, d, Metrics.UPS_ALARM_BATTERY_BAD, Labels.EMPTY, Motion.CONSTANT, 0);
                add(series, d, Metrics.UPS_SELF_TEST_FAILED, Labels.EMPTY, Motion.CONSTANT, 0);
                add(series, d, Metrics.TEMPERATURE_CELSIUS, BATTERY, Motion.JITTER, 30);
            }
            case AUTH_DEVICE, VOTING_DEVICE -> {
                add(series, d, Metrics.ELECTION_DEVICE_STATE, Labels.EMPTY, Motion.CONSTANT, 3);
                if (role == DeviceRole.AUTH_DEVICE) {
                    add(series, d, Metrics.AUTH_AUTHENTICATIONS_TOTAL, Labels.EMPTY, Motion.VOTES, 0);
                    add(series, d, Metrics.AUTH_LOOKUPS_TOTAL, Labels.EMPTY, Motion.VOTES, 0);
                    add(series, d, Metrics.AUTH_LOOKUP_SUCCESSES_TOTAL, Labels.EMPTY, Motion.SAME_AS_PREVIOUS, 0);
                } else {
                    add(series, d, Metrics.VOTES_TOTAL, Labels.EMPTY, Motion.VOTES, 0);
                }
                add(series, d, Metrics.LOG_SEQUENCE, Labels.EMPTY, Motion.VOTES, 0);
                add(series, d, Metrics.LOG_CHAIN_INTACT, Labels.EMPTY, Motion.CONSTANT, 1);
                add(series, d, Metrics.CLOCK_OFFSET_SECONDS, Labels.EMPTY, Motion.CONSTANT, 0.2);
                add(series, d, Metrics.STORAGE_USED_RATIO, LOG_STORAGE, Motion.CONSTANT, 0.31);
                add(series, d, Metrics.TEMPERATURE_CELSIUS, CPU, Motion.JITTER, 42);
                anInterface(series, d, ETH0, true, Motion.CONSTANT);
            }
            default -> anInterface(series, d, ETH0, true, Motion.CONSTANT);   // cameras and the rest: one port
        }
    }

    private static void anInterface(List<Series> series, int d, Labels labels, boolean inUse, Motion operStatus) {
        add(series, d, Metrics.IF_ADMIN_STATUS, labels, Motion.CONSTANT, inUse ? 1 : 2);
        add(series, d, Metrics.IF_OPER_STATUS, labels, inUse ? operStatus : Motion.CONSTANT, inUse ? 1 : 2);
        Motion traffic = inUse ? Motion.BUSY_COUNTER : Motion.CONSTANT;
        add(series, d, Metrics.IF_IN_OCTETS_TOTAL, labels, traffic, 0);
        add(series, d, Metrics.IF_OUT_OCTETS_TOTAL, labels, traffic, 0);
        add(series, d, Metrics.IF_IN_PACKETS_TOTAL, labels, traffic, 0);
        add(series, d, Metrics.IF_IN_ERRORS_TOTAL, labels, inUse ? Motion.RARE_COUNTER : Motion.CONSTANT, 0);
    }

    private static void add(List<Series> series, int device, String metric, Labels labels, Motion motion, double base) {
        series.add(new Series(device, metric, labels, motion, base));
    }

    private double start(Series s) {
        return switch (s.motion()) {
            case UPTIME -> 3_600 + random.nextInt(86_400);
            case BUSY_COUNTER -> random.nextInt(1_000_000_000);
            case VOTES -> random.nextInt(200);
            default -> s.base();
        };
    }

    /** When the polls open (epoch milliseconds): counts of votes and look-ups stand still before. */
    void votingOpensAt(long epochMillis) {
        votingOpensAt = epochMillis;
    }

    /** The round due {@code round} rounds after this site's first. */
    long dueAt(long firstRoundAt, long round) {
        return firstRoundAt + phaseMillis + round * ROUND_MILLIS;
    }

    /** Whether the round about to be made carries every value. */
    boolean fullRoundNext() {
        return round == 0 || (round + refreshOffset) % ROUNDS_PER_REFRESH == 0;
    }

    /** A power cut at this site from its next round to the end of the run. */
    void startBurst(boolean camerasGoDark, boolean uplinkFailsOver) {
        burstDue = true;
        burstCameras = camerasGoDark;
        burstUplink = uplinkFailsOver;
    }

    private boolean burstCameras;
    private boolean burstUplink;

    /**
     * The batch of the next round, made at {@code now}; {@code faultChance} is each healthy
     * device's chance of a fault beginning this round.
     */
    SiteBatch nextRound(long now, double faultChance) {
        newFaults.clear();
        newFaultInBurst.clear();
        cleared.clear();
        boolean full = fullRoundNext();
        votingOpen = now >= votingOpensAt;
        moveFaults(faultChance);
        List<Sample> samples = new ArrayList<>(full ? series.size() : series.size() / 2);
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            int d = s.device();
            boolean answers = fault[d] != Fault.SILENT;
            double v = s.motion() == Motion.SAME_AS_PREVIOUS ? value[i - 1] : move(s, value[i], fault[d]);
            value[i] = v;
            if (!answers) {
                if (s.motion() == Motion.HEARTBEAT) {
                    samples.add(new Sample(devices.get(d).id(), s.metric(), s.labels(), 0, now));
                }
                sent[i] = Double.NaN;   // everything again at its first answer
                continue;
            }
            boolean send = full || s.motion() == Motion.HEARTBEAT || !answeredLastRound[d]
                    || Double.compare(sent[i], v) != 0;
            if (send) {
                samples.add(new Sample(devices.get(d).id(), s.metric(), s.labels(), v, now));
                sent[i] = v;
            }
        }
        for (int d = 0; d < devices.size(); d++) {
            answeredLastRound[d] = fault[d] != Fault.SILENT;
        }
        round++;
        return new SiteBatch(agentId, branch, epoch, ++seq, now, samples, List.of());
    }

    /** Ends faults that ran their course, starts new ones, and the burst if it is due. */
    private void moveFaults(double faultChance) {
        for (int d = 0; d < devices.size(); d++) {
            if (fault[d] != Fault.NONE && !inBurst[d] && --faultRoundsLeft[d] <= 0) {
                fault[d] = Fault.NONE;
                cleared.add(devices.get(d).id());
            }
        }
        if (burstDue) {
            burstDue = false;
            for (int d = 0; d < devices.size(); d++) {
                DeviceRole role = devices.get(d).role();
                Fault f = role == DeviceRole.UPS ? Fault.ON_BATTERY
                        : role == DeviceRole.CAMERA && burstCameras ? Fault.SILENT
                        : role == DeviceRole.ROUTER && burstUplink ? Fault.UPLINK_FAILOVER
                        : Fault.NONE;
                if (f != Fault.NONE && fault[d] == Fault.NONE) {
                    begin(d, f, Integer.MAX_VALUE, true);
                }
            }
        }
        if (faultChance <= 0) {
            return;
        }
        for (int d = 0; d < devices.size(); d++) {
            if (fault[d] == Fault.NONE && random.nextDouble() < faultChance) {
                DeviceRole role = devices.get(d).role();
                boolean silent = random.nextInt(3) == 0;
                Fault f = silent ? Fault.SILENT
                        : role == DeviceRole.UPS ? Fault.ON_BATTERY
                        : role == DeviceRole.ROUTER ? Fault.UPLINK_FAILOVER
                        : Fault.SILENT;
                begin(d, f, 2 + random.nextInt(5), false);
            }
        }
    }

    private void begin(int d, Fault f, int rounds, boolean burst) {
        fault[d] = f;
        faultRoundsLeft[d] = rounds;
        inBurst[d] = burst;
        newFaults.add(devices.get(d).id());
        newFaultInBurst.add(burst);
    }

    /** The value a device answers this round. */
    private double move(Series s, double v, Fault f) {
        return switch (s.motion()) {
            case HEARTBEAT -> f == Fault.SILENT ? 0 : 1;
            case UPTIME -> v + ROUND_MILLIS / 1000;
            case CONSTANT -> v;
            case BUSY_COUNTER -> v + 200_000 + random.nextInt(2_000_000);
            case RARE_COUNTER -> random.nextInt(50) == 0 ? v + 1 : v;
            // about 1,000 voters over a day of voting: a count moves in most rounds, not every one
            case VOTES -> votingOpen && random.nextInt(5) < 3 ? v + 1 + random.nextInt(2) : v;
            case JITTER -> random.nextInt(10) == 0 ? Math.max(s.base() - 3, Math.min(s.base() + 3, v + random.nextInt(3) - 1)) : v;
            case RTT -> random.nextInt(2) == 0 ? (25 + random.nextInt(30)) / 1000.0 : v;
            case OPER_STATUS -> f == Fault.UPLINK_FAILOVER ? 2 : 1;
            case UPLINK_FIBER -> f == Fault.UPLINK_FAILOVER ? 0 : 1;
            case UPLINK_CELLULAR -> f == Fault.UPLINK_FAILOVER ? 1 : 0;
            case UPS_SOURCE -> f == Fault.ON_BATTERY ? 5 : 3;
            case UPS_SECONDS_ON_BATTERY -> f == Fault.ON_BATTERY ? v + ROUND_MILLIS / 1000 : 0;
            case UPS_MINUTES -> f == Fault.ON_BATTERY ? Math.max(0, v - 1) : s.base();
            case UPS_CHARGE -> f == Fault.ON_BATTERY ? Math.max(0, v - 1) : s.base();
            case SAME_AS_PREVIOUS -> throw new IllegalStateException("taken from the series before it");
        };
    }

    Fault faultOf(String deviceId) {
        for (int d = 0; d < devices.size(); d++) {
            if (devices.get(d).id().equals(deviceId)) {
                return fault[d];
            }
        }
        throw new IllegalArgumentException("no device " + deviceId + " at " + branch);
    }

    /** Values a full round carries. */
    int seriesCount() {
        return series.size();
    }

    List<Device> devices() {
        return devices;
    }
}
