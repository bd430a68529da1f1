package org.didban.simulator;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.didban.agent.config.DeviceConfig;
import org.didban.agent.config.SnmpCredentials;
import org.didban.agent.snmp.StandardMib;
import org.didban.model.DeviceRole;
import org.snmp4j.smi.Counter32;
import org.snmp4j.smi.Counter64;
import org.snmp4j.smi.Gauge32;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.IpAddress;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.UnsignedInteger32;
import org.snmp4j.smi.Variable;

/**
 * A device answering SNMP on its own loopback address: a MIB (sorted OID → value; uptime and octet
 * counters move with the clock) and faults to inject. Every metric of {@code org.didban.model.Metrics}
 * that comes from an SNMP object has that object here, for the roles that have it (see
 * {@code docs/METRICS.md}), with healthy values until a fault or control method changes them.
 * Thread-safe: faults are injected from any thread while the fleet's selector thread answers requests.
 */
public final class SimulatedDevice {
    /**
     * Where the transceivers of fiber ports report their optics: the vendor flavour of the box. The
     * receive power follows {@link #opticalRxPower(double)} in either.
     */
    public enum OpticsMib {
        /** JUNIPER-DOM-MIB jnxDomCurrentRxLaserPower and its low-warning threshold, 0.01 dBm by ifIndex (the default). */
        JUNIPER_DOM,
        /**
         * No JUNIPER-DOM-MIB: as Cisco and others, ENTITY-MIB entities per fiber port (port, contained
         * transceiver, and its temperature, transmit and receive power sensors in ENTITY-SENSOR-MIB, dBm
         * with precision 1), the port mapped to its ifIndex by entAliasMappingTable. No low-warning
         * threshold (the standard MIBs have none).
         */
        ENTITY_SENSOR
    }

    /** Placeholder enterprise arc for simulated gear until Didban's own MIB is registered. */
    public static final OID SIMULATED_ENTERPRISE = new OID("1.3.6.1.4.1.99999.1");
    /** Minutes a full UPS battery lasts. */
    public static final int UPS_RUNTIME_MINUTES = 90;
    /** The approved software build and election configuration every simulated device starts with. */
    public static final String APPROVED_SOFTWARE_HASH = sha256("didban-simulated-software-1.0.0");
    public static final String APPROVED_CONFIG_HASH = sha256("didban-simulated-election-config-1");
    public static final String SOFTWARE_REVISION = "1.0.0";
    /** The provider's device the router sees over LLDP on its fiber port. */
    public static final String PROVIDER_CHASSIS_ID = "00:1a:2b:3c:4d:5e";
    /** Healthy defaults. */
    public static final double HEALTHY_TEMPERATURE_CELSIUS = 38.5;
    public static final double HEALTHY_OPTICAL_RX_DBM = -12.5;
    public static final double OPTICAL_RX_LOW_WARNING_DBM = -23.0;
    /** What the ENTITY-SENSOR transceiver of a fiber port reads besides receive power. */
    public static final double OPTICAL_TX_DBM = -4.5;
    public static final double TRANSCEIVER_TEMPERATURE_CELSIUS = 33.5;
    public static final int HEALTHY_RSRP_DBM = -88;
    public static final int HEALTHY_RSRQ_DB = -9;
    public static final int HEALTHY_SINR_DB = 14;
    public static final int HEALTHY_RSSI_DBM = -61;
    public static final double HEALTHY_LOG_STORAGE_RATIO = 0.32;
    /** Storage rows: the root file system and the audit log area (hrStorageIndex 1 and 2). */
    public static final String LOG_STORAGE = "/var/log";
    private static final int STORAGE_UNITS = 1_000_000;
    private static final int STORAGE_UNIT_BYTES = 4096;
    private static final int ENT_CHASSIS = 1;
    private static final int ENT_TEMPERATURE = 2;
    /**
     * ENTITY_SENSOR optics: the entities of fiber port ifIndex N are numbered from 1000 + 10·N: the
     * port (alias → ifIndex N), then its transceiver, then the transceiver's temperature, transmit
     * power and receive power sensors.
     */
    public static final int ENT_OPTICS_BASE = 1000;
    public static final int ENT_OPTICS_PORT = 0;
    public static final int ENT_OPTICS_TRANSCEIVER = 1;
    public static final int ENT_OPTICS_TEMPERATURE = 2;
    public static final int ENT_OPTICS_TX_POWER = 3;
    public static final int ENT_OPTICS_RX_POWER = 4;

    private final String id;
    private final DeviceRole role;
    private final SnmpCredentials credentials;
    private final InetSocketAddress address;
    private final Clock clock;
    private final NavigableMap<OID, Supplier<Variable>> mib = new ConcurrentSkipListMap<>();
    private final ConcurrentSkipListMap<Integer, SimulatedInterface> interfaces = new ConcurrentSkipListMap<>();
    private volatile long bootedAt;
    private volatile boolean reachable = true;
    private volatile long onBatterySince = -1;
    private final AtomicInteger toDrop = new AtomicInteger();
    private final AtomicInteger engineBoots = new AtomicInteger(1);

    // identity and integrity
    private volatile String serial;
    private volatile String model;
    private volatile String softwareHash = APPROVED_SOFTWARE_HASH;
    private volatile String configHash = APPROVED_CONFIG_HASH;
    private volatile long softwareChangedAt = -1;
    private volatile long clockOffsetMillis;
    private volatile double temperatureCelsius = HEALTHY_TEMPERATURE_CELSIUS;
    private volatile double logStorageRatio = HEALTHY_LOG_STORAGE_RATIO;
    private final Map<String, Integer> removableMedia = new LinkedHashMap<>();
    private int nextStorageIndex = 10;

    // radio and optics
    private volatile OpticsMib opticsMib = OpticsMib.JUNIPER_DOM;
    private volatile double opticalRxDbm = HEALTHY_OPTICAL_RX_DBM;
    private volatile int rsrp = HEALTHY_RSRP_DBM;
    private volatile int rsrq = HEALTHY_RSRQ_DB;
    private volatile int sinr = HEALTHY_SINR_DB;
    private volatile int rssi = HEALTHY_RSSI_DBM;

    // SNMP security counters
    private final AtomicLong unknownUserNames = new AtomicLong();
    private final AtomicLong wrongDigests = new AtomicLong();
    private final AtomicLong badCommunities = new AtomicLong();

    // LAN: LLDP neighbour, forwarding database
    private OID lldpRow;
    private int lldpRemIndex;
    private final Map<String, Integer> fdb = new LinkedHashMap<>();
    // ARP cache (routers, firewalls, modems): MAC → {ifIndex, IPv4 a, b, c, d}
    private final Map<String, int[]> arp = new LinkedHashMap<>();

    // UPS alarms: well-known alarm → (alarm id, time raised in ticks)
    private final Map<Integer, long[]> upsAlarms = new LinkedHashMap<>();
    private int nextAlarmId = 1;
    private volatile int selfTestResult = MibObjects.UPS_TEST_DONE_PASS;

    // election devices (DIDBAN-DEVICE-MIB)
    private volatile int deviceState = MibObjects.STATE_READY;
    private final AtomicLong authentications = new AtomicLong();
    private final AtomicLong lookups = new AtomicLong();
    private final AtomicLong lookupSuccesses = new AtomicLong();
    private final AtomicLong votes = new AtomicLong();
    private long logSequence = 1000;
    private String logHead = sha256("genesis");
    private volatile boolean logChainBroken;
    private volatile long logBrokenAt;
    private final Map<String, long[]> tamperInputs = new LinkedHashMap<>();
    private final AtomicLong adminLogins = new AtomicLong();
    private volatile String lastLoginUser = "";
    private volatile String lastLoginTicket = "";
    private final AtomicLong deniedFlows = new AtomicLong();
    private volatile byte[] lastDeniedAddress = new byte[0];
    private volatile int lastDeniedPort;
    private volatile int gnssFix = MibObjects.GNSS_NONE;
    private volatile int latitudeMicro;
    private volatile int longitudeMicro;

    SimulatedDevice(String id, DeviceRole role, SnmpCredentials credentials, InetSocketAddress address, Clock clock) {
        this.id = id;
        this.role = role;
        this.credentials = credentials;
        this.address = address;
        this.clock = clock;
        this.bootedAt = clock.millis();
        this.serial = "SIM" + HexFormat.of().withUpperCase().toHexDigits(id.hashCode());
        this.model = "DIDBAN-SIM-" + role.name().replace("_DEVICE", "");
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

    /** The device's own MAC (locally administered, derived from its id): what a switch learns for it. */
    public String mac() {
        int h = id.hashCode();
        return String.format(Locale.ROOT, "02:00:%02x:%02x:%02x:%02x", (h >>> 24) & 0xff, (h >>> 16) & 0xff,
                (h >>> 8) & 0xff, h & 0xff);
    }

    public String serial() {
        return serial;
    }

    // ---- faults: links and availability

    /** The link goes down (ifOperStatus 2) while staying administratively up. */
    public void linkDown(int ifIndex) {
        iface(ifIndex).setOperUp(false, clock.millis());
    }

    public void linkUp(int ifIndex) {
        iface(ifIndex).setOperUp(true, clock.millis());
    }

    /** The interface is shut (ifAdminStatus and ifOperStatus 2), or enabled again. */
    public void adminStatus(int ifIndex, boolean up) {
        iface(ifIndex).setAdminUp(up, clock.millis());
    }

    /** The port renegotiates at another speed (ifHighSpeed): rule NET-07. */
    public void linkSpeed(int ifIndex, int mbps) {
        iface(ifIndex).setSpeedMbps(mbps);
    }

    /** Adds receive and send errors to a port (ifInErrors, ifOutErrors): rule NET-06. */
    public void interfaceErrors(int ifIndex, long inErrors, long outErrors) {
        iface(ifIndex).addErrors(inErrors, outErrors);
    }

    /** Sets ifAlias; ports meant to stay empty carry "unused" (rule SEC-03). */
    public void alias(int ifIndex, String alias) {
        iface(ifIndex).setAlias(alias);
    }

    /**
     * A new interface appears (a USB network adapter or modem plugged in): ifNumber grows (rule
     * DEV-10); type 71 or 243/244 and up on a voting device is rule DEV-09. Returns its ifIndex.
     */
    public synchronized int addInterface(String name, int ifType, int speedMbps) {
        int index = interfaces.isEmpty() ? 1 : interfaces.lastKey() + 1;
        SimulatedInterface i = new SimulatedInterface(index, name, ifType, speedMbps, true, false, "", clock.millis());
        interfaces.put(index, i);
        interfaceRows(i);
        return index;
    }

    /**
     * The router loses its fiber and traffic moves to the cellular backup: wan0 oper down, wwan0 up
     * (rule NET-03). {@link #failBack()} undoes it.
     */
    public void failoverToCellular() {
        requireRole(DeviceRole.ROUTER, DeviceRole.FIREWALL);
        iface(1).setOperUp(false, clock.millis());
        iface(3).setAdminUp(true, clock.millis());
    }

    public void failBack() {
        requireRole(DeviceRole.ROUTER, DeviceRole.FIREWALL);
        iface(1).setOperUp(true, clock.millis());
        iface(3).setAdminUp(false, clock.millis());
    }

    /** Mains lost: upsOutputSource 5, seconds on battery grow, minutes remaining fall. */
    public void onBattery() {
        if (onBatterySince < 0) {
            onBatterySince = clock.millis();
        }
        if (role == DeviceRole.UPS) {
            raiseUpsAlarm(MibObjects.UPS_ALARM_ON_BATTERY);
        }
    }

    public void mainsRestored() {
        onBatterySince = -1;
        if (role == DeviceRole.UPS) {
            clearUpsAlarm(MibObjects.UPS_ALARM_ON_BATTERY);
        }
    }

    /** The UPS reports its battery bad (upsAlarmBatteryBad in upsAlarmTable): rule PWR-03. */
    public void batteryBad(boolean bad) {
        requireRole(DeviceRole.UPS);
        if (bad) {
            raiseUpsAlarm(MibObjects.UPS_ALARM_BATTERY_BAD);
        } else {
            clearUpsAlarm(MibObjects.UPS_ALARM_BATTERY_BAD);
        }
    }

    /** The last self-test failed (upsTestResultsSummary doneError, alarm diagnosticTestFailed), or passed. */
    public void selfTest(boolean passed) {
        requireRole(DeviceRole.UPS);
        selfTestResult = passed ? MibObjects.UPS_TEST_DONE_PASS : MibObjects.UPS_TEST_DONE_ERROR;
        if (passed) {
            clearUpsAlarm(MibObjects.UPS_ALARM_DIAGNOSTIC_TEST_FAILED);
        } else {
            raiseUpsAlarm(MibObjects.UPS_ALARM_DIAGNOSTIC_TEST_FAILED);
        }
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

    /** Restarts: sysUpTime starts again from zero and snmpEngineBoots grows by one. */
    public void reboot() {
        bootedAt = clock.millis();
        engineBoots.incrementAndGet();
    }

    // ---- faults: identity, integrity, environment

    /** Another unit answers in this one's place: entPhysicalSerialNum changes (rule DEV-03). */
    public void swapIdentity(String newSerial) {
        serial = requireText(newSerial, "serial");
    }

    public void swapIdentity(String newSerial, String newModel) {
        serial = requireText(newSerial, "serial");
        model = requireText(newModel, "model");
    }

    /** The device runs another software image (didbanSoftwareHash; hrSWInstalledLastChange moves): rule DEV-04. */
    public void softwareHash(String sha256Hex) {
        softwareHash = requireText(sha256Hex, "software hash");
        softwareChangedAt = clock.millis();
    }

    /** The device carries another election configuration (didbanConfigHash): rule RDY-06. */
    public void configHash(String sha256Hex) {
        configHash = requireText(sha256Hex, "config hash");
    }

    /** The device's clock runs this far ahead (negative: behind) of true time (hrSystemDate): rule DEV-05. */
    public void clockOffset(double seconds) {
        clockOffsetMillis = Math.round(seconds * 1000);
    }

    /** The temperature sensor reads this (ENTITY-SENSOR celsius): rule DEV-11. */
    public void temperature(double celsius) {
        temperatureCelsius = celsius;
    }

    /** Share of the log storage in use (hrStorageUsed / hrStorageSize of /var/log): rule DEV-07. */
    public void storageUsed(double ratio) {
        if (ratio < 0 || ratio > 1) {
            throw new IllegalArgumentException("ratio must be within 0..1: " + ratio);
        }
        logStorageRatio = ratio;
    }

    /** Removable media plugged in: a new hrStorage row of type removableDisk (rule DEV-06). */
    public synchronized void insertMedia(String name) {
        requireText(name, "media name");
        if (removableMedia.containsKey(name)) {
            return;
        }
        int index = nextStorageIndex++;
        removableMedia.put(name, index);
        storageRow(index, MibObjects.HR_STORAGE_REMOVABLE_DISK, name, () -> 0.05);
    }

    public synchronized void removeMedia(String name) {
        Integer index = removableMedia.remove(name);
        if (index != null) {
            for (OID column : List.of(MibObjects.HR_STORAGE_INDEX, MibObjects.HR_STORAGE_TYPE, MibObjects.HR_STORAGE_DESCR,
                    MibObjects.HR_STORAGE_ALLOCATION_UNITS, MibObjects.HR_STORAGE_SIZE, MibObjects.HR_STORAGE_USED)) {
                mib.remove(new OID(column).append(index));
            }
        }
    }

    // ---- faults: radio and optics

    /**
     * Receive power of the fiber port's transceiver: rule NET-05. Served as JUNIPER-DOM-MIB 0.01 dBm,
     * or as the ENTITY-SENSOR receive power sensor (0.1 dBm), as {@link #opticsMib(OpticsMib)} says.
     */
    public void opticalRxPower(double dbm) {
        requireFiber();
        opticalRxDbm = dbm;
    }

    /**
     * Serves the optics of the fiber ports in another vendor's MIB from now on (the default is
     * {@link OpticsMib#JUNIPER_DOM}); the other's rows go away.
     */
    public synchronized void opticsMib(OpticsMib mib) {
        java.util.Objects.requireNonNull(mib, "mib");
        if (mib == opticsMib) {
            return;
        }
        for (SimulatedInterface i : interfaces.values()) {
            if (i.fiber) {
                opticsRows(i, false);
            }
        }
        opticsMib = mib;
        for (SimulatedInterface i : interfaces.values()) {
            if (i.fiber) {
                opticsRows(i, true);
            }
        }
    }

    public OpticsMib opticsMib() {
        return opticsMib;
    }

    /** The entPhysicalIndex of one of a fiber port's ENTITY_SENSOR entities ({@link #ENT_OPTICS_PORT}…). */
    public static int opticsEntity(int ifIndex, int which) {
        return ENT_OPTICS_BASE + 10 * ifIndex + which;
    }

    /** LTE RSRP of the modem (Teltonika modemTable): rule NET-04. */
    public void setRsrp(int dbm) {
        requireModem();
        rsrp = dbm;
    }

    public void setSinr(int db) {
        requireModem();
        sinr = db;
    }

    /** The cell fades: RSRP −118 dBm, RSRQ −18 dB, SINR −3 dB, RSSI −101 dBm. */
    public void signalDrops() {
        requireModem();
        rsrp = -118;
        rsrq = -18;
        sinr = -3;
        rssi = -101;
    }

    public void signalRestored() {
        requireModem();
        rsrp = HEALTHY_RSRP_DBM;
        rsrq = HEALTHY_RSRQ_DB;
        sinr = HEALTHY_SINR_DB;
        rssi = HEALTHY_RSSI_DBM;
    }

    // ---- faults: LAN and SNMP security

    /** Another device on the uplink: the LLDP neighbour on port 1 has this chassis id (rule SEC-07). */
    public synchronized void neighbor(String chassisId) {
        requireText(chassisId, "chassis id");
        if (lldpRow != null) {
            for (OID column : List.of(MibObjects.LLDP_REM_CHASSIS_ID_SUBTYPE, MibObjects.LLDP_REM_CHASSIS_ID,
                    MibObjects.LLDP_REM_PORT_ID_SUBTYPE, MibObjects.LLDP_REM_PORT_ID, MibObjects.LLDP_REM_SYS_NAME)) {
                mib.remove(new OID(column).append(lldpRow));
            }
        }
        lldpRow = new OID(new int[] {0, 1, ++lldpRemIndex});
        byte[] mac = parseMac(chassisId);
        OctetString chassis = mac != null ? new OctetString(mac) : new OctetString(chassisId);
        int subtype = mac != null ? MibObjects.LLDP_CHASSIS_MAC : MibObjects.LLDP_CHASSIS_LOCAL;
        OID row = lldpRow;
        mib.put(new OID(MibObjects.LLDP_REM_CHASSIS_ID_SUBTYPE).append(row), () -> new Integer32(subtype));
        mib.put(new OID(MibObjects.LLDP_REM_CHASSIS_ID).append(row), () -> chassis);
        mib.put(new OID(MibObjects.LLDP_REM_PORT_ID_SUBTYPE).append(row), () -> new Integer32(MibObjects.LLDP_PORT_INTERFACE_NAME));
        mib.put(new OID(MibObjects.LLDP_REM_PORT_ID).append(row), () -> new OctetString("ge-0/0/" + lldpRemIndex));
        mib.put(new OID(MibObjects.LLDP_REM_SYS_NAME).append(row), () -> new OctetString("neighbour-" + chassisId));
    }

    /** The switch learns a MAC on a port (BRIDGE-MIB and Q-BRIDGE-MIB FDB, VLAN 1): rules SEC-01/02. */
    public synchronized void fdbEntry(String mac, int port) {
        requireRole(DeviceRole.SWITCH);
        byte[] bytes = parseMac(mac);
        if (bytes == null) {
            throw new IllegalArgumentException("not a MAC address: " + mac);
        }
        iface(port);
        OID index = macIndex(bytes);
        fdb.put(mac.toLowerCase(Locale.ROOT), port);
        mib.put(new OID(MibObjects.DOT1D_TP_FDB_ADDRESS).append(index), () -> new OctetString(bytes));
        mib.put(new OID(MibObjects.DOT1D_TP_FDB_PORT).append(index), () -> new Integer32(port));
        mib.put(new OID(MibObjects.DOT1D_TP_FDB_STATUS).append(index), () -> new Integer32(MibObjects.FDB_STATUS_LEARNED));
        mib.put(new OID(MibObjects.DOT1Q_TP_FDB_PORT).append(1).append(index), () -> new Integer32(port));
    }

    /** The MAC ages out of the forwarding database. */
    public synchronized void removeFdbEntry(String mac) {
        byte[] bytes = parseMac(mac);
        if (bytes == null || fdb.remove(mac.toLowerCase(Locale.ROOT)) == null) {
            return;
        }
        OID index = macIndex(bytes);
        for (OID column : List.of(MibObjects.DOT1D_TP_FDB_ADDRESS, MibObjects.DOT1D_TP_FDB_PORT, MibObjects.DOT1D_TP_FDB_STATUS)) {
            mib.remove(new OID(column).append(index));
        }
        mib.remove(new OID(MibObjects.DOT1Q_TP_FDB_PORT).append(1).append(index));
    }

    /**
     * The router has a LAN neighbour in its ARP cache, on its {@code lan0} port (IP-MIB
     * ipNetToPhysicalTable and the legacy ipNetToMediaTable): how the LAN watch sees a MAC through a
     * router, as it does through the switch's {@link #fdbEntry}: a MAC not on the branch allowlist is
     * rule SEC-01. One entry per MAC: adding it again moves it.
     */
    public void arpEntry(String mac, String ipv4) {
        requireRole(DeviceRole.ROUTER, DeviceRole.FIREWALL, DeviceRole.MODEM);
        arpEntry(mac, ipv4, lanIfIndex());
    }

    /** A neighbour in the ARP cache on the interface {@code ifIndex}. */
    public synchronized void arpEntry(String mac, String ipv4, int ifIndex) {
        requireRole(DeviceRole.ROUTER, DeviceRole.FIREWALL, DeviceRole.MODEM);
        byte[] bytes = parseMac(mac);
        if (bytes == null) {
            throw new IllegalArgumentException("not a MAC address: " + mac);
        }
        int[] ip = parseIpv4(ipv4);
        iface(ifIndex);
        removeArpEntry(mac);
        int[] entry = {ifIndex, ip[0], ip[1], ip[2], ip[3]};
        arp.put(mac.toLowerCase(Locale.ROOT), entry);
        OctetString physical = new OctetString(bytes);
        OID physicalRow = arpPhysicalRow(entry);
        mib.put(new OID(MibObjects.IP_NET_TO_PHYSICAL_PHYS_ADDRESS).append(physicalRow), () -> physical);
        mib.put(new OID(MibObjects.IP_NET_TO_PHYSICAL_TYPE).append(physicalRow), () -> new Integer32(MibObjects.NEIGHBOUR_TYPE_DYNAMIC));
        mib.put(new OID(MibObjects.IP_NET_TO_PHYSICAL_STATE).append(physicalRow), () -> new Integer32(MibObjects.NEIGHBOUR_STATE_REACHABLE));
        OID mediaRow = arpMediaRow(entry);
        IpAddress address = new IpAddress(new byte[] {(byte) ip[0], (byte) ip[1], (byte) ip[2], (byte) ip[3]});
        mib.put(new OID(MibObjects.IP_NET_TO_MEDIA_IF_INDEX).append(mediaRow), () -> new Integer32(ifIndex));
        mib.put(new OID(MibObjects.IP_NET_TO_MEDIA_PHYS_ADDRESS).append(mediaRow), () -> physical);
        mib.put(new OID(MibObjects.IP_NET_TO_MEDIA_NET_ADDRESS).append(mediaRow), () -> address);
        mib.put(new OID(MibObjects.IP_NET_TO_MEDIA_TYPE).append(mediaRow), () -> new Integer32(MibObjects.NEIGHBOUR_TYPE_DYNAMIC));
    }

    /** The neighbour's entry ages out of the ARP cache. */
    public synchronized void removeArpEntry(String mac) {
        int[] entry = mac == null ? null : arp.remove(mac.toLowerCase(Locale.ROOT));
        if (entry == null) {
            return;
        }
        for (OID column : List.of(MibObjects.IP_NET_TO_PHYSICAL_PHYS_ADDRESS, MibObjects.IP_NET_TO_PHYSICAL_TYPE,
                MibObjects.IP_NET_TO_PHYSICAL_STATE)) {
            mib.remove(new OID(column).append(arpPhysicalRow(entry)));
        }
        for (OID column : List.of(MibObjects.IP_NET_TO_MEDIA_IF_INDEX, MibObjects.IP_NET_TO_MEDIA_PHYS_ADDRESS,
                MibObjects.IP_NET_TO_MEDIA_NET_ADDRESS, MibObjects.IP_NET_TO_MEDIA_TYPE)) {
            mib.remove(new OID(column).append(arpMediaRow(entry)));
        }
    }

    /** Someone tries an SNMPv3 user name the device does not know (usmStatsUnknownUserNames): rule SEC-05. */
    public void usmUnknownUser() {
        unknownUserNames.incrementAndGet();
    }

    /** Someone tries a wrong SNMPv3 passphrase (usmStatsWrongDigests): rule SEC-04. */
    public void usmWrongDigest() {
        wrongDigests.incrementAndGet();
    }

    /** A v1/v2c request with a wrong community (snmpInBadCommunityNames); the responder counts real ones too. */
    public void badCommunity() {
        badCommunities.incrementAndGet();
    }

    // ---- election devices (DIDBAN-DEVICE-MIB)

    /** didbanDeviceState: {@link MibObjects#STATE_OPEN} for voting, and so on. */
    public void deviceState(int state) {
        requireElectionDevice();
        if (state < MibObjects.STATE_SETUP || state > MibObjects.STATE_FAULT) {
            throw new IllegalArgumentException("didbanDeviceState is 1..6, not " + state);
        }
        deviceState = state;
    }

    /**
     * A voter presents: one look-up to the central check; when it answers, the voter is
     * authenticated. {@code lookupSucceeded false} counts a failed look-up only (rule DEV-12).
     */
    public void authenticate(boolean lookupSucceeded) {
        requireElectionDevice();
        lookups.incrementAndGet();
        if (lookupSucceeded) {
            lookupSuccesses.incrementAndGet();
            authentications.incrementAndGet();
        }
        appendLog(1);
    }

    /** One vote recorded (didbanVotes): rules DEV-13. */
    public void vote() {
        requireElectionDevice();
        votes.incrementAndGet();
        appendLog(1);
    }

    public long votes() {
        return votes.get();
    }

    public long authentications() {
        return authentications.get();
    }

    /** Appends records to the audit log (didbanLogSequence grows, the chain head moves). */
    public synchronized void appendLog(int records) {
        for (int r = 0; r < records; r++) {
            logSequence++;
            logHead = sha256(logHead + logSequence);
        }
    }

    /**
     * Records go missing from the audit log: the sequence jumps and the device's verification
     * reports the chain broken at the first missing record (rule DEV-08).
     */
    public synchronized void logGap() {
        requireElectionDevice();
        logBrokenAt = logSequence + 1;
        logSequence += 5;
        logHead = sha256("forged" + logSequence);
        logChainBroken = true;
    }

    public synchronized long logSequence() {
        return logSequence;
    }

    /** A tamper input triggers (didbanTamperState triggered, didbanTamperCount +1): rule PHY-02. */
    public synchronized void tamper(String input) {
        long[] state = tamperInput(input);
        if (state[1] != MibObjects.TAMPER_TRIGGERED) {
            state[1] = MibObjects.TAMPER_TRIGGERED;
            state[2]++;
            state[3] = ticks();
        }
    }

    /** The tamper input is back to normal (enclosure closed). */
    public synchronized void tamperCleared(String input) {
        long[] state = tamperInput(input);
        if (state[1] != MibObjects.TAMPER_NORMAL) {
            state[1] = MibObjects.TAMPER_NORMAL;
            state[3] = ticks();
        }
    }

    /** An administrator logs in (didbanAdminLogins, didbanLastLoginUser/Ticket): rule SEC-06. Ticket may be empty. */
    public void adminLogin(String user, String ticket) {
        requireElectionDevice();
        lastLoginUser = requireText(user, "user");
        lastLoginTicket = ticket == null ? "" : ticket;
        adminLogins.incrementAndGet();
        appendLog(1);
    }

    /** The device's egress allowlist refuses a connection (didbanDeniedFlows): rule SEC-08. */
    public void flowDenied(InetAddress destination, int port) {
        requireElectionDevice();
        lastDeniedAddress = destination.getAddress();
        lastDeniedPort = port;
        deniedFlows.incrementAndGet();
    }

    /** The device reports a satellite position (didbanPosition group): rule PHY-03. */
    public synchronized void position(double latitude, double longitude) {
        latitudeMicro = (int) Math.round(latitude * 1_000_000);
        longitudeMicro = (int) Math.round(longitude * 1_000_000);
        gnssFix = MibObjects.GNSS_FIX_3D;
        put(MibObjects.DIDBAN_GNSS_FIX, () -> new Integer32(gnssFix));
        put(MibObjects.DIDBAN_LATITUDE, () -> new Integer32(latitudeMicro));
        put(MibObjects.DIDBAN_LONGITUDE, () -> new Integer32(longitudeMicro));
    }

    /** The satellite fix is lost (didbanGnssFix none); the last position stays. */
    public void gnssLost() {
        gnssFix = MibObjects.GNSS_NONE;
    }

    // ---- raw access

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

    /** Called by the responder for a request it refuses: a wrong community or an unknown user. */
    void refusedRequest(boolean community) {
        if (community) {
            badCommunities.incrementAndGet();
        } else {
            unknownUserNames.incrementAndGet();
        }
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
        put(StandardMib.SYS_UPTIME, () -> new TimeTicks(ticks()));
        put(StandardMib.SYS_NAME, () -> new OctetString(id));
        put(MibObjects.SNMP_IN_BAD_COMMUNITY_NAMES, () -> new Counter32(badCommunities.get()));
        put(StandardMib.IF_NUMBER, () -> new Integer32(interfaces.size()));
        for (SimulatedInterface i : interfaces.values()) {
            interfaceRows(i);
        }
        // HOST-RESOURCES-MIB: clock, storage, software changes
        put(MibObjects.HR_SYSTEM_DATE, () -> dateAndTime(clock.millis() + clockOffsetMillis));
        storageRow(1, MibObjects.HR_STORAGE_FIXED_DISK, "/", () -> 0.41);
        storageRow(2, MibObjects.HR_STORAGE_FIXED_DISK, LOG_STORAGE, () -> logStorageRatio);
        put(MibObjects.HR_SW_INSTALLED_LAST_CHANGE, () -> new TimeTicks(sinceBootTicks(softwareChangedAt)));
        // ENTITY-MIB chassis and its temperature sensor
        entity(ENT_CHASSIS, MibObjects.ENT_CLASS_CHASSIS, "chassis", "Didban simulated " + role.wireName(), 0);
        put(new OID(MibObjects.ENT_PHYSICAL_SOFTWARE_REV).append(ENT_CHASSIS), () -> new OctetString(SOFTWARE_REVISION));
        put(new OID(MibObjects.ENT_PHYSICAL_SERIAL_NUM).append(ENT_CHASSIS), () -> new OctetString(serial));
        put(new OID(MibObjects.ENT_PHYSICAL_MODEL_NAME).append(ENT_CHASSIS), () -> new OctetString(model));
        entity(ENT_TEMPERATURE, MibObjects.ENT_CLASS_SENSOR, "cpu", "CPU temperature", ENT_CHASSIS);
        sensor(ENT_TEMPERATURE, MibObjects.SENSOR_TYPE_CELSIUS, 1, () -> temperatureCelsius);
        // SNMP engine and USM statistics
        put(MibObjects.SNMP_ENGINE_BOOTS, () -> new Integer32(engineBoots.get()));
        put(MibObjects.USM_STATS_UNKNOWN_USER_NAMES, () -> new Counter32(unknownUserNames.get()));
        put(MibObjects.USM_STATS_WRONG_DIGESTS, () -> new Counter32(wrongDigests.get()));
        switch (role) {
            case ROUTER, FIREWALL, MODEM -> {
                if (role != DeviceRole.FIREWALL) {
                    modemRow();
                }
                neighbor(PROVIDER_CHASSIS_ID);
            }
            case SWITCH -> {
                for (SimulatedInterface i : interfaces.values()) {
                    put(new OID(MibObjects.DOT1D_BASE_PORT_IF_INDEX).append(i.index), () -> new Integer32(i.index));
                }
            }
            case UPS -> upsObjects();
            case AUTH_DEVICE, VOTING_DEVICE -> electionObjects();
            case SENSOR -> tamperInput("door");
            default -> {
                // cameras and NVRs: system, interfaces, host resources and entity only
            }
        }
    }

    private void interfaceRows(SimulatedInterface i) {
        row(MibObjects.IF_INDEX, i, () -> new Integer32(i.index));
        row(StandardMib.IF_DESCR, i, () -> new OctetString(i.name));
        row(StandardMib.IF_TYPE, i, () -> new Integer32(i.type));
        row(StandardMib.IF_ADMIN_STATUS, i, () -> status(i.adminUp()));
        row(StandardMib.IF_OPER_STATUS, i, () -> status(i.operUp()));
        row(MibObjects.IF_LAST_CHANGE, i, () -> new TimeTicks(sinceBootTicks(i.lastChange())));
        row(StandardMib.IF_IN_ERRORS, i, () -> new Counter32(i.inErrors() & 0xFFFFFFFFL));
        row(MibObjects.IF_OUT_ERRORS, i, () -> new Counter32(i.outErrors() & 0xFFFFFFFFL));
        row(StandardMib.IF_NAME, i, () -> new OctetString(i.name));
        row(StandardMib.IF_HC_IN_OCTETS, i, () -> new Counter64(i.inOctets(clock.millis())));
        row(MibObjects.IF_HC_IN_UCAST_PKTS, i, () -> new Counter64(i.inUcastPackets(clock.millis())));
        row(MibObjects.IF_HC_IN_MULTICAST_PKTS, i, () -> new Counter64(i.inMulticastPackets(clock.millis())));
        row(MibObjects.IF_HC_IN_BROADCAST_PKTS, i, () -> new Counter64(i.inBroadcastPackets(clock.millis())));
        row(StandardMib.IF_HC_OUT_OCTETS, i, () -> new Counter64(i.outOctets(clock.millis())));
        row(StandardMib.IF_HIGH_SPEED, i, () -> new Gauge32(i.speedMbps()));
        row(MibObjects.IF_ALIAS, i, () -> new OctetString(i.alias()));
        if (i.type == 6 && role != DeviceRole.UPS) {
            OID mau = i.fiber ? MibObjects.MAU_1000BASE_LX_FD : MibObjects.MAU_1000BASE_T_FD;
            put(new OID(MibObjects.IF_MAU_TYPE).append(i.index).append(1), () -> mau);
        }
        if (i.fiber) {
            opticsRows(i, true);
        }
    }

    /** Adds (or removes) the optics of a fiber port, in the MIB of the device's {@link OpticsMib}. */
    private void opticsRows(SimulatedInterface i, boolean add) {
        if (opticsMib == OpticsMib.JUNIPER_DOM) {
            if (add) {
                row(MibObjects.JNX_DOM_RX_LASER_POWER, i, () -> new Integer32((int) Math.round(opticalRxDbm * 100)));
                row(MibObjects.JNX_DOM_RX_LOW_WARNING, i, () -> new Integer32((int) Math.round(OPTICAL_RX_LOW_WARNING_DBM * 100)));
            } else {
                mib.remove(new OID(MibObjects.JNX_DOM_RX_LASER_POWER).append(i.index));
                mib.remove(new OID(MibObjects.JNX_DOM_RX_LOW_WARNING).append(i.index));
            }
            return;
        }
        int port = opticsEntity(i.index, ENT_OPTICS_PORT);
        int transceiver = opticsEntity(i.index, ENT_OPTICS_TRANSCEIVER);
        int temperature = opticsEntity(i.index, ENT_OPTICS_TEMPERATURE);
        int tx = opticsEntity(i.index, ENT_OPTICS_TX_POWER);
        int rx = opticsEntity(i.index, ENT_OPTICS_RX_POWER);
        OID alias = new OID(MibObjects.ENT_ALIAS_MAPPING_IDENTIFIER).append(port).append(0);
        if (!add) {
            mib.remove(alias);
            for (int e : new int[] {port, transceiver, temperature, tx, rx}) {
                for (OID column : List.of(MibObjects.ENT_PHYSICAL_DESCR, MibObjects.ENT_PHYSICAL_CONTAINED_IN,
                        MibObjects.ENT_PHYSICAL_CLASS, MibObjects.ENT_PHYSICAL_NAME, MibObjects.ENT_PHY_SENSOR_TYPE,
                        MibObjects.ENT_PHY_SENSOR_SCALE, MibObjects.ENT_PHY_SENSOR_PRECISION, MibObjects.ENT_PHY_SENSOR_VALUE,
                        MibObjects.ENT_PHY_SENSOR_OPER_STATUS)) {
                    mib.remove(new OID(column).append(e));
                }
            }
            return;
        }
        // as a Cisco box: the port maps to the interface; the sensors hang off the transceiver in it
        entity(port, MibObjects.ENT_CLASS_PORT, i.name, "1000BASE-LX SFP port", ENT_CHASSIS);
        OID ifIndexInstance = new OID(MibObjects.IF_INDEX).append(i.index);
        mib.put(alias, () -> ifIndexInstance);
        entity(transceiver, MibObjects.ENT_CLASS_MODULE, i.name + " transceiver", "SFP 1000BASE-LX", port);
        entity(temperature, MibObjects.ENT_CLASS_SENSOR, i.name + " Module Temperature Sensor", "Module Temperature Sensor", transceiver);
        sensor(temperature, MibObjects.SENSOR_TYPE_CELSIUS, 1, () -> TRANSCEIVER_TEMPERATURE_CELSIUS);
        entity(tx, MibObjects.ENT_CLASS_SENSOR, i.name + " Transmit Power Sensor", "Transmit Power Sensor", transceiver);
        sensor(tx, MibObjects.SENSOR_TYPE_DBM, 1, () -> OPTICAL_TX_DBM);
        entity(rx, MibObjects.ENT_CLASS_SENSOR, i.name + " Receive Power Sensor", "Receive Power Sensor", transceiver);
        sensor(rx, MibObjects.SENSOR_TYPE_DBM, 1, () -> opticalRxDbm);
    }

    /** An ENTITY-SENSOR row of scale units, reading ok: the value times 10^precision, rounded. */
    private void sensor(int index, int type, int precision, Supplier<Double> value) {
        put(new OID(MibObjects.ENT_PHY_SENSOR_TYPE).append(index), () -> new Integer32(type));
        put(new OID(MibObjects.ENT_PHY_SENSOR_SCALE).append(index), () -> new Integer32(MibObjects.SENSOR_SCALE_UNITS));
        put(new OID(MibObjects.ENT_PHY_SENSOR_PRECISION).append(index), () -> new Integer32(precision));
        put(new OID(MibObjects.ENT_PHY_SENSOR_VALUE).append(index),
                () -> new Integer32((int) Math.round(value.get() * Math.pow(10, precision))));
        put(new OID(MibObjects.ENT_PHY_SENSOR_OPER_STATUS).append(index), () -> new Integer32(MibObjects.SENSOR_STATUS_OK));
    }

    private void modemRow() {
        put(new OID(MibObjects.TELTONIKA_RSSI).append(1), () -> new Integer32(rssi));
        put(new OID(MibObjects.TELTONIKA_SINR).append(1), () -> new Integer32(sinr));
        put(new OID(MibObjects.TELTONIKA_RSRP).append(1), () -> new Integer32(rsrp));
        put(new OID(MibObjects.TELTONIKA_RSRQ).append(1), () -> new Integer32(rsrq));
    }

    private void upsObjects() {
        put(StandardMib.UPS_OUTPUT_SOURCE, () -> new Integer32(onBatterySince < 0
                ? StandardMib.UPS_SOURCE_NORMAL : StandardMib.UPS_SOURCE_BATTERY));
        put(StandardMib.UPS_SECONDS_ON_BATTERY, () -> new Integer32((int) (secondsOnBattery())));
        put(StandardMib.UPS_MINUTES_REMAINING, () -> new Integer32(minutesRemaining()));
        put(StandardMib.UPS_CHARGE_REMAINING, () -> new Integer32(100 * minutesRemaining() / UPS_RUNTIME_MINUTES));
        put(StandardMib.UPS_BATTERY_STATUS, () -> new Integer32(minutesRemaining() < 10
                ? StandardMib.UPS_BATTERY_LOW : StandardMib.UPS_BATTERY_NORMAL));
        put(MibObjects.UPS_ALARMS_PRESENT, () -> new Gauge32(upsAlarmCount()));
        put(MibObjects.UPS_TEST_RESULTS_SUMMARY, () -> new Integer32(selfTestResult));
    }

    private void electionObjects() {
        put(MibObjects.DIDBAN_DEVICE_STATE, () -> new Integer32(deviceState));
        put(MibObjects.DIDBAN_CONFIG_HASH, () -> new OctetString(configHash));
        put(MibObjects.DIDBAN_SOFTWARE_HASH, () -> new OctetString(softwareHash));
        put(MibObjects.DIDBAN_AUTHENTICATIONS, () -> new Counter32(authentications.get()));
        put(MibObjects.DIDBAN_LOOKUPS, () -> new Counter32(lookups.get()));
        put(MibObjects.DIDBAN_LOOKUP_SUCCESSES, () -> new Counter32(lookupSuccesses.get()));
        put(MibObjects.DIDBAN_VOTES, () -> new Counter32(votes.get()));
        tamperInput("enclosure");
        tamperInput("door");
        put(MibObjects.DIDBAN_LOG_SEQUENCE, () -> new UnsignedInteger32(logSequence()));
        put(MibObjects.DIDBAN_LOG_CHAIN_STATUS, () -> new Integer32(logChainBroken
                ? MibObjects.LOG_CHAIN_BROKEN : MibObjects.LOG_CHAIN_INTACT));
        put(MibObjects.DIDBAN_LOG_CHAIN_HEAD, () -> new OctetString(logHead()));
        put(MibObjects.DIDBAN_LOG_BROKEN_AT, () -> new UnsignedInteger32(logChainBroken ? logBrokenAt : 0));
        put(MibObjects.DIDBAN_ADMIN_LOGINS, () -> new Counter32(adminLogins.get()));
        put(MibObjects.DIDBAN_LAST_LOGIN_USER, () -> new OctetString(lastLoginUser));
        put(MibObjects.DIDBAN_LAST_LOGIN_TICKET, () -> new OctetString(lastLoginTicket));
        put(MibObjects.DIDBAN_DENIED_FLOWS, () -> new Counter32(deniedFlows.get()));
        put(MibObjects.DIDBAN_LAST_DENIED_ADDRESS_TYPE, () -> new Integer32(addressType(lastDeniedAddress)));
        put(MibObjects.DIDBAN_LAST_DENIED_ADDRESS, () -> new OctetString(lastDeniedAddress));
        put(MibObjects.DIDBAN_LAST_DENIED_PORT, () -> new UnsignedInteger32(lastDeniedPort));
    }

    private synchronized String logHead() {
        return logHead;
    }

    /** [index, state, count, lastChange ticks] of an input, added as a table row on first use. */
    private synchronized long[] tamperInput(String input) {
        requireText(input, "tamper input");
        long[] state = tamperInputs.get(input);
        if (state != null) {
            return state;
        }
        if (role != DeviceRole.AUTH_DEVICE && role != DeviceRole.VOTING_DEVICE && role != DeviceRole.SENSOR) {
            throw new IllegalStateException(id + " is a " + role.wireName() + ": tamper inputs are on election devices and sensors");
        }
        long[] created = {tamperInputs.size() + 1, MibObjects.TAMPER_NORMAL, 0, 0};
        tamperInputs.put(input, created);
        int index = (int) created[0];
        put(new OID(MibObjects.DIDBAN_TAMPER_NAME).append(index), () -> new OctetString(input));
        put(new OID(MibObjects.DIDBAN_TAMPER_STATE).append(index), () -> new Integer32((int) tamperField(created, 1)));
        put(new OID(MibObjects.DIDBAN_TAMPER_COUNT).append(index), () -> new Counter32(tamperField(created, 2)));
        put(new OID(MibObjects.DIDBAN_TAMPER_LAST_CHANGE).append(index), () -> new TimeTicks(tamperField(created, 3)));
        return created;
    }

    private synchronized long tamperField(long[] state, int field) {
        return state[field];
    }

    private synchronized void raiseUpsAlarm(int wellKnown) {
        if (upsAlarms.containsKey(wellKnown)) {
            return;
        }
        long[] alarm = {nextAlarmId++, ticks()};
        upsAlarms.put(wellKnown, alarm);
        OID row = new OID(new int[] {(int) alarm[0]});
        put(new OID(MibObjects.UPS_ALARM_ID).append(row), () -> new Integer32((int) alarm[0]));
        put(new OID(MibObjects.UPS_ALARM_DESCR).append(row), () -> new OID(MibObjects.UPS_WELL_KNOWN_ALARMS).append(wellKnown));
        put(new OID(MibObjects.UPS_ALARM_TIME).append(row), () -> new TimeTicks(alarm[1]));
    }

    private synchronized void clearUpsAlarm(int wellKnown) {
        long[] alarm = upsAlarms.remove(wellKnown);
        if (alarm != null) {
            for (OID column : List.of(MibObjects.UPS_ALARM_ID, MibObjects.UPS_ALARM_DESCR, MibObjects.UPS_ALARM_TIME)) {
                mib.remove(new OID(column).append((int) alarm[0]));
            }
        }
    }

    private synchronized int upsAlarmCount() {
        return upsAlarms.size();
    }

    private void entity(int index, int entityClass, String name, String descr, int containedIn) {
        put(new OID(MibObjects.ENT_PHYSICAL_DESCR).append(index), () -> new OctetString(descr));
        put(new OID(MibObjects.ENT_PHYSICAL_CONTAINED_IN).append(index), () -> new Integer32(containedIn));
        put(new OID(MibObjects.ENT_PHYSICAL_CLASS).append(index), () -> new Integer32(entityClass));
        put(new OID(MibObjects.ENT_PHYSICAL_NAME).append(index), () -> new OctetString(name));
    }

    private void storageRow(int index, OID type, String descr, Supplier<Double> usedRatio) {
        put(new OID(MibObjects.HR_STORAGE_INDEX).append(index), () -> new Integer32(index));
        put(new OID(MibObjects.HR_STORAGE_TYPE).append(index), () -> type);
        put(new OID(MibObjects.HR_STORAGE_DESCR).append(index), () -> new OctetString(descr));
        put(new OID(MibObjects.HR_STORAGE_ALLOCATION_UNITS).append(index), () -> new Integer32(STORAGE_UNIT_BYTES));
        put(new OID(MibObjects.HR_STORAGE_SIZE).append(index), () -> new Integer32(STORAGE_UNITS));
        put(new OID(MibObjects.HR_STORAGE_USED).append(index),
                () -> new Integer32((int) Math.round(usedRatio.get() * STORAGE_UNITS)));
    }

    /** sysUpTime now, in hundredths of a second. */
    private long ticks() {
        return (clock.millis() - bootedAt) / 10;
    }

    /** A TimeStamp: sysUpTime at an instant (epoch ms), 0 when it was before the last boot or never. */
    private long sinceBootTicks(long at) {
        return at < bootedAt ? 0 : (at - bootedAt) / 10;
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

    /** SNMPv2-TC DateAndTime, 11 octets, in UTC. */
    static OctetString dateAndTime(long epochMillis) {
        ZonedDateTime t = Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC);
        return new OctetString(new byte[] {(byte) (t.getYear() >> 8), (byte) t.getYear(), (byte) t.getMonthValue(),
                (byte) t.getDayOfMonth(), (byte) t.getHour(), (byte) t.getMinute(), (byte) t.getSecond(),
                (byte) (t.getNano() / 100_000_000), (byte) '+', 0, 0});
    }

    private static int addressType(byte[] address) {
        return switch (address.length) {
            case 4 -> 1; // ipv4
            case 16 -> 2; // ipv6
            default -> 0; // unknown
        };
    }

    /** ipNetToPhysicalEntry index: ifIndex, ipv4(1), 4, a.b.c.d. */
    private static OID arpPhysicalRow(int[] entry) {
        return new OID(new int[] {entry[0], MibObjects.INET_ADDRESS_IPV4, 4, entry[1], entry[2], entry[3], entry[4]});
    }

    /** ipNetToMediaEntry index: ifIndex, a.b.c.d. */
    private static OID arpMediaRow(int[] entry) {
        return new OID(new int[] {entry[0], entry[1], entry[2], entry[3], entry[4]});
    }

    /** The interface named lan0: where a router's LAN neighbours are. */
    private int lanIfIndex() {
        return interfaces.values().stream().filter(i -> i.name.equals("lan0")).mapToInt(i -> i.index).findFirst()
                .orElseThrow(() -> new IllegalStateException(id + " has no lan0 interface"));
    }

    /** Dotted-quad IPv4 text → its four octets; never a name look-up. */
    static int[] parseIpv4(String text) {
        String[] parts = text == null ? new String[0] : text.split("\\.", -1);
        int[] out = new int[4];
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        for (int k = 0; k < 4; k++) {
            if (!parts[k].matches("\\d{1,3}") || Integer.parseInt(parts[k]) > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            out[k] = Integer.parseInt(parts[k]);
        }
        return out;
    }

    private static OID macIndex(byte[] mac) {
        int[] sub = new int[mac.length];
        for (int k = 0; k < mac.length; k++) {
            sub[k] = mac[k] & 0xff;
        }
        return new OID(sub);
    }

    /** Six colon- or hyphen-separated hex octets, or null when the text is not a MAC. */
    static byte[] parseMac(String text) {
        String[] parts = text.split("[:-]");
        if (parts.length != 6) {
            return null;
        }
        byte[] mac = new byte[6];
        for (int k = 0; k < 6; k++) {
            if (!parts[k].matches("[0-9a-fA-F]{1,2}")) {
                return null;
            }
            mac[k] = (byte) Integer.parseInt(parts[k], 16);
        }
        return mac;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String requireText(String s, String what) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException(what + " is missing");
        }
        return s;
    }

    private void requireRole(DeviceRole... roles) {
        for (DeviceRole r : roles) {
            if (r == role) {
                return;
            }
        }
        throw new IllegalStateException(id + " is a " + role.wireName() + ", not " + List.of(roles));
    }

    private void requireElectionDevice() {
        requireRole(DeviceRole.AUTH_DEVICE, DeviceRole.VOTING_DEVICE);
    }

    private void requireModem() {
        requireRole(DeviceRole.ROUTER, DeviceRole.MODEM);
    }

    private void requireFiber() {
        if (interfaces.values().stream().noneMatch(i -> i.fiber)) {
            throw new IllegalStateException(id + " has no fiber port");
        }
    }

    /** Interfaces by role: names and types a branch's gear typically has. */
    private static List<SimulatedInterface> interfacesFor(DeviceRole role, long now) {
        List<SimulatedInterface> list = new ArrayList<>();
        switch (role) {
            case ROUTER, FIREWALL -> {
                // the fiber uplink, with a transceiver
                list.add(new SimulatedInterface(1, "wan0", 6, 1000, true, true, "uplink fiber", now));
                list.add(new SimulatedInterface(2, "lan0", 6, 1000, true, false, "branch lan", now));
                // the cellular backup, administratively down until needed
                list.add(new SimulatedInterface(3, "wwan0", 243, 50, false, false, "uplink cellular backup", now));
            }
            case SWITCH -> {
                for (int p = 1; p <= 8; p++) {
                    // ports 7 and 8 are unused and shut (rule SEC-03 watches them)
                    list.add(new SimulatedInterface(p, "ge" + p, 6, 1000, p <= 6, false, p <= 6 ? "" : "unused", now));
                }
            }
            case MODEM -> {
                list.add(new SimulatedInterface(1, "wwan0", 243, 100, true, false, "uplink cellular", now));
                list.add(new SimulatedInterface(2, "lan0", 6, 1000, true, false, "branch lan", now));
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
