package org.didban.simulator;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;
import org.didban.agent.config.DeviceConfig;
import org.didban.agent.config.SnmpCredentials;
import org.didban.agent.snmp.StandardMib;
import org.didban.model.DeviceRole;
import org.snmp4j.smi.Counter32;
import org.snmp4j.smi.Counter64;
import org.snmp4j.smi.Gauge32;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.Variable;

/**
 * A device answering SNMP on its own loopback address: a MIB (sorted OID → value; uptime and octet
 * counters move with the clock) and faults to inject. Thread-safe: faults are injected from any
 * thread while the fleet's selector thread answers requests.
 */
public final class SimulatedDevice {
    /** Placeholder enterprise arc for simulated gear until Didban's own MIB is registered. */
    public static final OID SIMULATED_ENTERPRISE = new OID("1.3.6.1.4.1.99999.1");
    /** Minutes a full UPS battery lasts. */
    public static final int UPS_RUNTIME_MINUTES = 90;

    private final String id;
    private final DeviceRole role;
    private final SnmpCredentials credentials;
    private final InetSocketAddress address;
    private final Clock clock;
    private final NavigableMap<OID, Supplier<Variable>> mib = new ConcurrentSkipListMap<>();
    private final Map<Integer, SimulatedInterface> interfaces = new TreeMap<>();
    private volatile long bootedAt;
    private volatile boolean reachable = true;
    private volatile long onBatterySince = -1;
    private final java.util.concurrent.atomic.AtomicInteger toDrop = new java.util.concurrent.atomic.AtomicInteger();

    SimulatedDevice(String id, DeviceRole role, SnmpCredentials credentials, InetSocketAddress address, Clock clock) {
        this.id = id;
        this.role = role;
        this.credentials = credentials;
        this.address = address;
        this.clock = clock;
        this.bootedAt = clock.millis();
        buildMib();
    }

    public String id() {
        return id;
    }

    public DeviceRole role() {
        return role;
    }

    public SnmpCredentials credentials() {
        return credentials;
    }

    /** The loopback address and port the device answers on. */
    public InetSocketAddress address() {
        return address;
    }

    /** How an agent polls this device (default timeout, retries and repetitions). */
    public DeviceConfig deviceConfig() {
        return DeviceConfig.of(id, role, address.getAddress().getHostAddress(), address.getPort(), credentials);
    }

    public List<Integer> interfaceIndexes() {
        return List.copyOf(interfaces.keySet());
    }

    // ---- faults

    /** The link goes down (ifOperStatus 2) while staying administratively up. */
    public void linkDown(int ifIndex) {
        iface(ifIndex).setOperUp(false, clock.millis());
    }

    public void linkUp(int ifIndex) {
        iface(ifIndex).setOperUp(true, clock.millis());
    }

    /** Mains lost: upsOutputSource 5, seconds on battery grow, minutes remaining fall. */
    public void onBattery() {
        if (onBatterySince < 0) {
            onBatterySince = clock.millis();
        }
    }

    public void mainsRestored() {
        onBatterySince = -1;
    }

    /** Stops answering anything, as if unplugged; requests time out. */
    public void unreachable() {
        reachable = false;
    }

    public void reachable() {
        reachable = true;
    }

    public boolean isReachable() {
        return reachable;
    }

    /** Ignores the next {@code n} requests, as a lossy link would; the manager's retries get through. */
    public void dropRequests(int n) {
        toDrop.set(n);
    }

    /** Whether to answer the request now arriving (false while unreachable or dropping). */
    boolean answersNext() {
        return reachable && toDrop.getAndUpdate(n -> Math.max(0, n - 1)) == 0;
    }

    /** Restarts: sysUpTime starts again from zero. */
    public void reboot() {
        bootedAt = clock.millis();
    }

    /** Replaces one object's value with a fixed one, of any type: the way to serve odd answers. */
    public void setValue(OID oid, Variable value) {
        mib.put(new OID(oid), () -> value);
    }

    /** Removes one object (a GET then answers noSuchInstance, a walk skips it). */
    public void removeObject(OID oid) {
        mib.remove(oid);
    }

    // ---- the MIB, read by the responder

    /** The value of one object, or null when the device has no such object. */
    Variable get(OID oid) {
        Supplier<Variable> value = mib.get(oid);
        return value == null ? null : value.get();
    }

    /** The first object after {@code oid}, or null at the end of the MIB. */
    Map.Entry<OID, Variable> next(OID oid) {
        Map.Entry<OID, Supplier<Variable>> e = mib.higherEntry(oid);
        return e == null ? null : Map.entry(e.getKey(), e.getValue().get());
    }

    /** Whether any object lies under {@code prefix}: tells noSuchInstance from noSuchObject. */
    boolean hasObjectUnder(OID prefix) {
        OID ceiling = mib.ceilingKey(prefix);
        return ceiling != null && ceiling.startsWith(prefix);
    }

    private SimulatedInterface iface(int ifIndex) {
        SimulatedInterface i = interfaces.get(ifIndex);
        if (i == null) {
            throw new IllegalArgumentException(id + " has no interface " + ifIndex + "; it has " + interfaces.keySet());
        }
        return i;
    }

    private void buildMib() {
        long now = clock.millis();
        for (SimulatedInterface i : interfacesFor(role, now)) {
            interfaces.put(i.index, i);
        }
        put(StandardMib.SYS_DESCR, () -> new OctetString("Didban simulated " + role.wireName() + " " + id));
        put(StandardMib.SYS_OBJECT_ID, () -> new OID(SIMULATED_ENTERPRISE).append(role.ordinal() + 1));
        put(StandardMib.SYS_UPTIME, () -> new TimeTicks((clock.millis() - bootedAt) / 10));
        put(StandardMib.SYS_NAME, () -> new OctetString(id));
        put(StandardMib.IF_NUMBER, () -> new Integer32(interfaces.size()));
        OID ifIndexColumn = new OID("1.3.6.1.2.1.2.2.1.1");
        for (SimulatedInterface i : interfaces.values()) {
            row(ifIndexColumn, i, () -> new Integer32(i.index));
            row(StandardMib.IF_DESCR, i, () -> new OctetString(i.name));
            row(StandardMib.IF_TYPE, i, () -> new Integer32(i.type));
            row(StandardMib.IF_ADMIN_STATUS, i, () -> status(i.adminUp()));
            row(StandardMib.IF_OPER_STATUS, i, () -> status(i.operUp()));
            row(StandardMib.IF_IN_ERRORS, i, () -> new Counter32(0));
            row(StandardMib.IF_NAME, i, () -> new OctetString(i.name));
            row(StandardMib.IF_HC_IN_OCTETS, i, () -> new Counter64(i.inOctets(clock.millis())));
            row(StandardMib.IF_HC_OUT_OCTETS, i, () -> new Counter64(i.outOctets(clock.millis())));
            row(StandardMib.IF_HIGH_SPEED, i, () -> new Gauge32(i.speedMbps));
        }
        if (role == DeviceRole.UPS) {
            put(StandardMib.UPS_OUTPUT_SOURCE, () -> new Integer32(onBatterySince < 0
                    ? StandardMib.UPS_SOURCE_NORMAL : StandardMib.UPS_SOURCE_BATTERY));
            put(StandardMib.UPS_SECONDS_ON_BATTERY, () -> new Integer32((int) (secondsOnBattery())));
            put(StandardMib.UPS_MINUTES_REMAINING, () -> new Integer32(minutesRemaining()));
            put(StandardMib.UPS_CHARGE_REMAINING, () -> new Integer32(100 * minutesRemaining() / UPS_RUNTIME_MINUTES));
            put(StandardMib.UPS_BATTERY_STATUS, () -> new Integer32(minutesRemaining() < 10
                    ? StandardMib.UPS_BATTERY_LOW : StandardMib.UPS_BATTERY_NORMAL));
        }
    }

    private long secondsOnBattery() {
        long since = onBatterySince;
        return since < 0 ? 0 : (clock.millis() - since) / 1000;
    }

    private int minutesRemaining() {
        return (int) Math.max(0, UPS_RUNTIME_MINUTES - secondsOnBattery() / 60);
    }

    private static Integer32 status(boolean up) {
        return new Integer32(up ? StandardMib.IF_STATUS_UP : StandardMib.IF_STATUS_DOWN);
    }

    private void put(OID oid, Supplier<Variable> value) {
        mib.put(new OID(oid), value);
    }

    private void row(OID column, SimulatedInterface i, Supplier<Variable> value) {
        mib.put(new OID(column).append(i.index), value);
    }

    /** Interfaces by role: names and types a branch's gear typically has. */
    private static List<SimulatedInterface> interfacesFor(DeviceRole role, long now) {
        List<SimulatedInterface> list = new ArrayList<>();
        switch (role) {
            case ROUTER, FIREWALL -> {
                list.add(new SimulatedInterface(1, "wan0", 6, 1000, true, now));
                list.add(new SimulatedInterface(2, "lan0", 6, 1000, true, now));
                // the cellular backup, administratively down until needed
                list.add(new SimulatedInterface(3, "wwan0", 243, 50, false, now));
            }
            case SWITCH -> {
                for (int p = 1; p <= 8; p++) {
                    // ports 7 and 8 are unused and shut (rule SEC-03 watches them)
                    list.add(new SimulatedInterface(p, "ge" + p, 6, 1000, p <= 6, now));
                }
            }
            case MODEM -> {
                list.add(new SimulatedInterface(1, "wwan0", 243, 100, true, now));
                list.add(new SimulatedInterface(2, "lan0", 6, 1000, true, now));
            }
            default -> list.add(new SimulatedInterface(1, "eth0", 6, 100, true, now));
        }
        return list;
    }

    @Override
    public String toString() {
        return "SimulatedDevice[" + id + " " + role.wireName() + " at " + address.getAddress().getHostAddress()
                + ":" + address.getPort() + "]";
    }
}
