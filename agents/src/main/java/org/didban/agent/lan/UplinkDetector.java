package org.didban.agent.lan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.didban.agent.config.DeviceConfig;
import org.didban.agent.profile.TableRows;
import org.didban.agent.report.ReadingStage;
import org.didban.agent.snmp.DeviceReading;
import org.didban.model.DeviceRole;
import org.didban.model.Labels;
import org.didban.model.Metrics;
import org.didban.model.Sample;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.Variable;

/**
 * Which uplink path carries the branch's traffic (rules NET-03, RDY-01): {@code uplink_active{kind}}
 * 1 for the active path, 0 for the branch's other kinds of path, on each router, firewall or modem
 * (and any device whose entry names {@code uplinks}).
 * <ul>
 *   <li><b>uplinks</b>: the interfaces the device entry names; else cellular interfaces (ifType 243/244),
 *       fiber ports, and interfaces whose name or alias says wan/uplink;</li>
 *   <li><b>kind</b>: ifType 243/244 → cellular; an optical MAU type (ifMauType) or a transceiver's
 *       optical reading on the port → fiber; else copper;</li>
 *   <li><b>active</b>: of the uplinks that are up (ifOperStatus 1), the one whose octet counters
 *       (in + out) grew most since the last poll; with no traffic seen yet, fiber before copper
 *       before cellular.</li>
 * </ul>
 */
public final class UplinkDetector implements ReadingStage {
    private static final Pattern UPLINK_NAME = Pattern.compile("(?i).*(wan|uplink).*");
    /** IANA-MAU-MIB dot3MauType arcs (1.3.6.1.2.1.26.4.n) of optical media: FOIRL, 10BASE-F*, 100BASE-FX, 1000BASE-X/LX/SX, 10G -R/-W/-X fiber, BX/PX/LX10, 10GBASE-LRM… */
    static final Set<Integer> FIBER_MAU = Set.of(3, 6, 7, 8, 12, 13, 17, 18, 21, 22, 23, 24, 25, 26, 31, 32, 33, 34, 35,
            36, 37, 38, 39, 40, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 55);
    private static final OID MAU_TYPES = new OID("1.3.6.1.2.1.26.4");
    private static final List<String> PREFERENCE = List.of(Metrics.KIND_FIBER, Metrics.KIND_COPPER, Metrics.KIND_CELLULAR);

    /** One interface as the samples describe it. */
    record Port(String index, String name, String alias, int type, int oper, double octets, boolean optical) {
    }

    private final Map<String, DeviceConfig> devices = new HashMap<>();
    private final Map<String, Map<String, Double>> lastOctets = new HashMap<>();
    private final Map<String, String> lastActive = new HashMap<>();

    public UplinkDetector(List<DeviceConfig> devices) {
        devices.forEach(d -> this.devices.put(d.id(), d));
    }

    @Override
    public synchronized DeviceReading apply(DeviceReading reading) {
        DeviceConfig device = devices.get(reading.device());
        if (!reading.answered() || device == null || !(device.role() == DeviceRole.ROUTER || device.role() == DeviceRole.FIREWALL
                || device.role() == DeviceRole.MODEM || !device.options().uplinks().isEmpty())) {
            return reading;
        }
        Map<String, Port> ports = ports(reading);
        if (ports.isEmpty()) {
            return reading;
        }
        List<String> named = device.options().uplinks();
        TableRows mau = reading.table("mau");
        Map<String, String> kinds = new LinkedHashMap<>(); // if_index → kind, uplinks only
        for (Port p : ports.values()) {
            String kind = p.type() == 243 || p.type() == 244 ? Metrics.KIND_CELLULAR
                    : p.optical() || fiberMau(mau, p.index()) ? Metrics.KIND_FIBER : Metrics.KIND_COPPER;
            boolean uplink = named.isEmpty()
                    ? kind.equals(Metrics.KIND_CELLULAR) || kind.equals(Metrics.KIND_FIBER)
                            || UPLINK_NAME.matcher(p.name()).matches() || UPLINK_NAME.matcher(p.alias()).matches()
                    : named.contains(p.name());
            if (uplink) {
                kinds.put(p.index(), kind);
            }
        }
        if (kinds.isEmpty()) {
            return reading;
        }
        Map<String, Double> before = lastOctets.getOrDefault(reading.device(), Map.of());
        Map<String, Double> now = new HashMap<>();
        String active = null;
        double most = 0;
        for (Map.Entry<String, String> e : kinds.entrySet()) {
            Port p = ports.get(e.getKey());
            now.put(p.index(), p.octets());
            Double prev = before.get(p.index());
            double delta = prev == null || p.octets() < prev ? 0 : p.octets() - prev;
            if (p.oper() == 1 && delta > most) {
                most = delta;
                active = e.getValue();
            }
        }
        if (active == null) {
            // no traffic seen (first poll, or idle): the path that is up, the best kind first
            for (String kind : PREFERENCE) {
                boolean up = kinds.entrySet().stream().anyMatch(e -> e.getValue().equals(kind) && ports.get(e.getKey()).oper() == 1);
                if (up) {
                    active = kind;
                    break;
                }
            }
        }
        lastOctets.put(reading.device(), now);
        lastActive.put(reading.device(), active);
        long at = reading.samples().get(reading.samples().size() - 1).timestamp();
        List<Sample> samples = new ArrayList<>(reading.samples());
        // before device_up, which stays last
        int insertAt = samples.isEmpty() ? 0 : samples.size() - 1;
        List<Sample> added = new ArrayList<>();
        for (String kind : PREFERENCE) {
            if (kinds.containsValue(kind)) {
                added.add(new Sample(reading.device(), Metrics.UPLINK_ACTIVE, Labels.of(Metrics.LABEL_KIND, kind),
                        kind.equals(active) ? 1 : 0, at));
            }
        }
        samples.addAll(insertAt, added);
        return reading.with(samples, reading.events());
    }

    /** The kind of path the device used at its last poll, or null (none up, or not an uplink device). */
    public synchronized String activeKind(String device) {
        return lastActive.get(device);
    }

    private static boolean fiberMau(TableRows mau, String ifIndex) {
        for (Map.Entry<OID, Variable[]> row : mau.rows().entrySet()) {
            OID index = row.getKey();
            if (index.size() >= 1 && Long.toString(index.getUnsigned(0)).equals(ifIndex) && row.getValue()[0] instanceof OID type
                    && type.startsWith(MAU_TYPES) && type.size() == MAU_TYPES.size() + 1
                    && FIBER_MAU.contains(type.get(MAU_TYPES.size()))) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Port> ports(DeviceReading r) {
        Map<String, Map<String, Double>> byIndex = new TreeMap<>();
        Map<String, String[]> names = new HashMap<>();
        java.util.Set<String> optical = new java.util.HashSet<>();
        for (Sample s : r.samples()) {
            String index = s.labels().get(Metrics.LABEL_IF_INDEX);
            if (index == null) {
                continue;
            }
            if (s.metric().equals(Metrics.OPTICAL_RX_POWER_DBM)) {
                optical.add(index);
                continue;
            }
            byIndex.computeIfAbsent(index, k -> new HashMap<>()).merge(s.metric(), s.value(), Double::sum);
            names.putIfAbsent(index, new String[] {nz(s.labels().get(Metrics.LABEL_IF_NAME)), nz(s.labels().get(Metrics.LABEL_IF_ALIAS))});
        }
        Map<String, Port> out = new LinkedHashMap<>();
        byIndex.forEach((index, m) -> {
            if (!m.containsKey(Metrics.IF_TYPE)) {
                return;
            }
            double octets = m.getOrDefault(Metrics.IF_IN_OCTETS_TOTAL, 0.0) + m.getOrDefault(Metrics.IF_OUT_OCTETS_TOTAL, 0.0);
            String[] n = names.get(index);
            out.put(index, new Port(index, n[0], n[1], m.get(Metrics.IF_TYPE).intValue(),
                    m.getOrDefault(Metrics.IF_OPER_STATUS, 2.0).intValue(), octets, optical.contains(index)));
        });
        return out;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
