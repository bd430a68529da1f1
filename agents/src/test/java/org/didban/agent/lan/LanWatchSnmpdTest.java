package org.didban.agent.lan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.didban.agent.config.DeviceConfig;
import org.didban.agent.config.SnmpCredentials;
import org.didban.agent.profile.ProfileEvaluator;
import org.didban.agent.snmp.DeviceReading;
import org.didban.agent.snmp.SitePoller;
import org.didban.agent.snmp.SnmpSession;
import org.didban.agent.testing.Snmpd;
import org.didban.model.DeviceRole;
import org.didban.model.Event;
import org.didban.model.EventTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.Variable;

/**
 * The LAN watch on a real net-snmp snmpd polled as a router: snmpd serves the host's own neighbour
 * table as IP-MIB ipNetToPhysicalTable / ipNetToMediaTable, and every MAC in it that is not on the
 * allowlist is reported once it was seen in two consecutive polls. Skipped on a host whose neighbour
 * table is empty.
 */
class LanWatchSnmpdTest {
    @TempDir
    Path dir;

    @Test
    void macsOfARealArpTableReachTheWatch() throws Exception {
        try (Snmpd snmpd = Snmpd.start(dir); SnmpSession session = SnmpSession.open()) {
            DeviceConfig router = DeviceConfig.of("snmpd", DeviceRole.ROUTER, "127.0.0.1", snmpd.port(),
                    SnmpCredentials.Community.of(Snmpd.COMMUNITY));
            SitePoller poller = new SitePoller(session, List.of(router));
            LanWatch watch = new LanWatch(Set.of("02:00:5e:00:00:01"), Map.of(), LanWatch.DEFAULT_MAX_TRACKED);

            DeviceReading first = poller.poll().get(30, TimeUnit.SECONDS).reading("snmpd");
            assertThat(first.answered()).as("snmpd log:%n%s", snmpd.log()).isTrue();
            assertThat(watch.apply(first).events()).as("seen once: not yet").isEmpty();
            DeviceReading second = poller.poll().get(30, TimeUnit.SECONDS).reading("snmpd");
            List<Event> events = watch.apply(second).events();

            Set<String> both = arpMacs(first);
            both.retainAll(arpMacs(second));
            assumeFalse(both.isEmpty(), "the host's neighbour table has no complete entry for snmpd to serve");
            assertThat(events).allSatisfy(e -> assertThat(e.type()).isEqualTo(EventTypes.MAC_UNKNOWN));
            assertThat(events).extracting(e -> e.attributes().get("mac")).containsExactlyInAnyOrderElementsOf(both);
            assertThat(events).allSatisfy(e -> assertThat(e.attributes().get("if_name")).isNotBlank());
        }
    }

    /** The MACs snmpd served in the router profile's ARP tables, as the watch takes them. */
    static Set<String> arpMacs(DeviceReading r) {
        Set<String> out = new TreeSet<>();
        for (String table : List.of("arp", "arp_legacy")) {
            for (Map.Entry<OID, Variable[]> row : r.table(table).rows().entrySet()) {
                if (row.getValue()[0] instanceof OctetString s && s.length() == 6) {
                    String mac = ProfileEvaluator.hex(s.getValue());
                    if (!mac.equals("00:00:00:00:00:00") && !mac.equals("ff:ff:ff:ff:ff:ff")) {
                        out.add(mac);
                    }
                }
            }
        }
        return out;
    }
}
