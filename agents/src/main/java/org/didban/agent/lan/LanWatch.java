package org.didban.agent.lan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.didban.agent.WireText;
import org.didban.agent.profile.ProfileEvaluator;
import org.didban.agent.profile.TableRows;
import org.didban.agent.report.ReadingStage;
import org.didban.agent.snmp.DeviceReading;
import org.didban.model.Event;
import org.didban.model.EventTypes;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.Variable;

/**
 * Watches the MACs on the branch LAN (rules SEC-01, SEC-02): each poll, the MACs a switch learned
 * (Q-BRIDGE {@code dot1qTpFdbPort}, else BRIDGE {@code dot1dTpFdbPort}, port → ifIndex by
 * {@code dot1dBasePortIfIndex}) and a router's neighbours (IP-MIB {@code ipNetToPhysicalPhysAddress},
 * legacy {@code ipNetToMediaPhysAddress}; uplink and cellular interfaces left out: the provider's
 * side is not the LAN) are compared with the branch allowlist.
 * <ul>
 *   <li>a MAC not on the allowlist, seen by a device in two consecutive polls of it →
 *       {@code mac_unknown} (mac, port, if_name, vlan when known), once per MAC across the branch's
 *       devices until no device sees it any more;</li>
 *   <li>an allowed MAC seen by a device on another port than the last time → {@code mac_moved}
 *       (mac, port, from_port).</li>
 * </ul>
 * With an empty allowlist no MAC is unknown (the watch only reports moves of nothing): give
 * {@code mac-allowlist} in the site configuration. Memory is bounded: at most {@code maxTracked}
 * MACs are tracked; sightings of further MACs are dropped and counted ({@link #droppedSightings()}).
 */
public final class LanWatch implements ReadingStage {
    public static final int DEFAULT_MAX_TRACKED = 4096;
    private static final Pattern UPLINK_NAME = Pattern.compile("(?i).*(wan|uplink).*");

    /** Where one device saw one MAC. */
    record Sighting(String port, String ifName, String vlan, int ifType, long poll, int streak) {
    }

    private static final class Tracked {
        final Map<String, Sighting> byDevice = new HashMap<>();
        boolean reported;
    }

    private final Set<String> allowlist;
    private final Map<String, List<String>> uplinks;
    private final int maxTracked;
    private final Map<String, Tracked> tracked = new LinkedHashMap<>();
    private final Map<String, Set<String>> seenByDevice = new HashMap<>();
    private final Map<String, Long> polls = new HashMap<>();
    private long dropped;

    /**
     * @param allowlist MACs allowed on the LAN (any case, ':' or '-')
     * @param uplinks   per device id, interface names that are uplinks (their ARP entries are not the LAN)
     */
    public LanWatch(Set<String> allowlist, Map<String, List<String>> uplinks, int maxTracked) {
        Set<String> norm = new HashSet<>();
        allowlist.forEach(m -> norm.add(normalise(m)));
        this.allowlist = Set.copyOf(norm);
        this.uplinks = Map.copyOf(uplinks);
        this.maxTracked = maxTracked;
    }

    public LanWatch(Set<String> allowlist) {
        this(allowlist, Map.of(), DEFAULT_MAX_TRACKED);
    }

    @Override
    public synchronized DeviceReading apply(DeviceReading reading) {
        if (!reading.answered() || !watches(reading)) {
            return reading;
        }
        String device = reading.device();
        long poll = polls.merge(device, 1L, Long::sum);
        Map<String, Sighting> now = sightings(reading, poll);
        List<Event> events = new ArrayList<>(reading.events());
        long at = reading.samples().isEmpty() ? System.currentTimeMillis()
                : reading.samples().get(reading.samples().size() - 1).timestamp();
        for (Map.Entry<String, Sighting> e : now.entrySet()) {
            String mac = e.getKey();
            Tracked t = tracked.get(mac);
            if (t == null) {
                if (tracked.size() >= maxTracked) {
                    dropped++;
                    continue;
                }
                t = new Tracked();
                tracked.put(mac, t);
            }
            Sighting before = t.byDevice.get(device);
            Sighting s = e.getValue();
            int streak = before != null && before.poll() == poll - 1 ? before.streak() + 1 : 1;
            s = new Sighting(s.port(), s.ifName(), s.vlan(), s.ifType(), poll, streak);
            t.byDevice.put(device, s);
            if (allowlist.contains(mac)) {
                if (before != null && !before.port().equals(s.port())) {
                    events.add(new Event(device, EventTypes.MAC_MOVED, Map.of(EventTypes.ATTR_MAC, mac,
                            EventTypes.ATTR_PORT, s.port(), EventTypes.ATTR_FROM_PORT, before.port()), at));
                }
            } else if (!allowlist.isEmpty() && streak >= 2 && !t.reported) {
                t.reported = true;
                Map<String, String> attrs = new LinkedHashMap<>();
                attrs.put(EventTypes.ATTR_MAC, mac);
                attrs.put(EventTypes.ATTR_PORT, s.port());
                attrs.put(EventTypes.ATTR_IF_NAME, WireText.bound(s.ifName()));
                if (s.vlan() != null) {
                    attrs.put(EventTypes.ATTR_VLAN, s.vlan());
                }
                events.add(new Event(device, EventTypes.MAC_UNKNOWN, attrs, at));
            }
        }
        Set<String> previous = seenByDevice.getOrDefault(device, Set.of());
        for (String mac : previous) {
            if (!now.containsKey(mac)) {
                Tracked t = tracked.get(mac);
                if (t != null) {
                    t.byDevice.remove(device);
                    if (t.byDevice.isEmpty()) {
                        tracked.remove(mac); // gone from the LAN: reported again if it comes back
                    }
                }
            }
        }
        Set<String> kept = new HashSet<>(now.keySet());
        kept.retainAll(tracked.keySet());
        seenByDevice.put(device, kept);
        return events.size() == reading.events().size() ? reading : reading.with(reading.samples(), events);
    }

    /** MACs tracked now. */
    public synchronized int trackedMacs() {
        return tracked.size();
    }

    /** Sightings of MACs not tracked because {@code maxTracked} MACs already were. */
    public synchronized long droppedSightings() {
        return dropped;
    }

    private boolean watches(DeviceReading r) {
        return r.tables().containsKey("qfdb") || r.tables().containsKey("fdb") || r.tables().containsKey("arp")
                || r.tables().containsKey("arp_legacy");
    }

    /** MAC → where this reading saw it (FDB first: it knows the port and VLAN). */
    private Map<String, Sighting> sightings(DeviceReading r, long poll) {
        Map<Long, String[]> interfaces = interfaces(r); // ifIndex → {name, alias, type}
        Map<String, Sighting> out = new LinkedHashMap<>();
        TableRows bridgePorts = r.table("bridge_ports");
        TableRows qfdb = r.table("qfdb");
        TableRows fdb = qfdb.isEmpty() ? r.table("fdb") : qfdb;
        int macAt = qfdb.isEmpty() ? 0 : 1;
        for (Map.Entry<OID, Variable[]> row : fdb.rows().entrySet()) {
            OID index = row.getKey();
            long port = (long) ProfileEvaluator.number(row.getValue()[0]).orElse(0);
            if (port <= 0 || index.size() != macAt + 6) {
                continue; // port 0: the switch itself or not known
            }
            String mac = mac(index, macAt);
            Variable ifIndexVar = bridgePorts.get(new OID(new int[] {(int) port}), "if_index");
            long ifIndex = (long) ProfileEvaluator.number(ifIndexVar).orElse(port);
            String[] iface = interfaces.getOrDefault(ifIndex, new String[] {"", "", "0"});
            out.putIfAbsent(mac, new Sighting(Long.toString(port), iface[0], macAt == 1 ? Long.toString(index.getUnsigned(0)) : null,
                    Integer.parseInt(iface[2]), poll, 1));
        }
        List<String> configured = uplinks.getOrDefault(r.device(), List.of());
        for (String table : List.of("arp", "arp_legacy")) {
            for (Map.Entry<OID, Variable[]> row : r.table(table).rows().entrySet()) {
                Variable v = row.getValue()[0];
                if (!(v instanceof OctetString s) || s.length() != 6 || row.getKey().size() < 1) {
                    continue;
                }
                String mac = ProfileEvaluator.hex(s.getValue());
                if (mac.equals("00:00:00:00:00:00") || mac.equals("ff:ff:ff:ff:ff:ff")) {
                    continue;
                }
                long ifIndex = row.getKey().getUnsigned(0);
                String[] iface = interfaces.getOrDefault(ifIndex, new String[] {"", "", "0"});
                int type = Integer.parseInt(iface[2]);
                if (type == 243 || type == 244 || configured.contains(iface[0])
                        || (configured.isEmpty() && (UPLINK_NAME.matcher(iface[0]).matches() || UPLINK_NAME.matcher(iface[1]).matches()))) {
                    continue; // the provider's side of an uplink is not the branch LAN
                }
                out.putIfAbsent(mac, new Sighting(Long.toString(ifIndex), iface[0], null, type, poll, 1));
            }
        }
        return out;
    }

    private static Map<Long, String[]> interfaces(DeviceReading r) {
        Map<Long, String[]> out = new HashMap<>();
        TableRows t = r.table("interfaces");
        for (Map.Entry<OID, Variable[]> row : t.rows().entrySet()) {
            long ifIndex = row.getKey().getUnsigned(0);
            String name = text(t.get(row.getKey(), "name"));
            if (name.isEmpty()) {
                name = text(t.get(row.getKey(), "descr"));
            }
            long type = (long) ProfileEvaluator.number(t.get(row.getKey(), "type")).orElse(0);
            out.put(ifIndex, new String[] {name, text(t.get(row.getKey(), "alias")), Long.toString(type)});
        }
        return out;
    }

    private static String text(Variable v) {
        return v == null ? "" : String.valueOf(ProfileEvaluator.text(v, org.didban.agent.profile.DeviceProfile.Format.AUTO));
    }

    private static String mac(OID index, int from) {
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) {
            b[i] = (byte) index.get(from + i);
        }
        return ProfileEvaluator.hex(b);
    }

    /** aa:bb:cc:dd:ee:ff, lower case. */
    public static String normalise(String mac) {
        return mac.trim().toLowerCase(Locale.ROOT).replace('-', ':');
    }
}
