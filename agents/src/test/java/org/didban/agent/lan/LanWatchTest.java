package org.didban.agent.lan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.didban.agent.config.SnmpCredentials;
import org.didban.agent.snmp.DeviceReading;
import org.didban.agent.snmp.SitePoller;
import org.didban.agent.snmp.SnmpSession;
import org.didban.model.Event;
import org.didban.model.EventTypes;
import org.didban.simulator.SimulatedBranch;
import org.didban.simulator.SimulatedDevice;
import org.didban.simulator.SimulatedFleet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;

class LanWatchTest {
    static final String STRANGER = "02:de:ad:be:ef:01";
    SimulatedFleet fleet;
    SnmpSession session;
    SimulatedBranch branch;
    SitePoller poller;
    LanWatch watch;

    @BeforeEach
    void start() throws Exception {
        fleet = SimulatedFleet.start();
        session = SnmpSession.open();
        branch = fleet.addBranch("LAN-0001", SnmpCredentials.Usm.of("didban", "auth-pass-1", "priv-pass-1"));
        poller = new SitePoller(session, List.of(branch.switchDevice().deviceConfig(), branch.router().deviceConfig()));
        Set<String> allow = new java.util.HashSet<>();
        branch.devices().forEach(d -> allow.add(d.mac()));
        watch = new LanWatch(allow);
    }

    @AfterEach
    void stop() {
        session.close();
        fleet.close();
    }

    List<Event> poll() throws Exception {
        return poller.poll().get(30, TimeUnit.SECONDS).readings().stream().map(watch::apply)
                .flatMap(r -> r.events().stream()).filter(e -> e.type().startsWith("mac_")).toList();
    }

    @Test
    void anUnknownMacIsReportedOnceAfterTwoPollsAndAgainOnlyAfterItLeft() throws Exception {
        assertThat(poll()).isEmpty();
        branch.switchDevice().fdbEntry(STRANGER, 6);
        assertThat(poll()).as("seen once: not yet").isEmpty();
        List<Event> second = poll();
        assertThat(second).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventTypes.MAC_UNKNOWN);
            assertThat(e.device()).isEqualTo(branch.switchDevice().id());
            assertThat(e.attributes()).containsEntry("mac", STRANGER).containsEntry("port", "6")
                    .containsEntry("if_name", "ge6").containsEntry("vlan", "1");
        });
        assertThat(poll()).as("once per MAC").isEmpty();
        branch.switchDevice().removeFdbEntry(STRANGER);
        assertThat(poll()).isEmpty();
        branch.switchDevice().fdbEntry(STRANGER, 6);
        assertThat(poll()).isEmpty();
        assertThat(poll()).extracting(Event::type).containsExactly(EventTypes.MAC_UNKNOWN);
    }

    @Test
    void aMacSeenOnlyInOnePollIsNotReported() throws Exception {
        poll();
        branch.switchDevice().fdbEntry(STRANGER, 6);
        assertThat(poll()).isEmpty();
        branch.switchDevice().removeFdbEntry(STRANGER);
        assertThat(poll()).isEmpty();
        branch.switchDevice().fdbEntry(STRANGER, 6);
        assertThat(poll()).as("not consecutive").isEmpty();
    }

    @Test
    void anAllowedMacOnAnotherPortIsMoved() throws Exception {
        poll();
        SimulatedDevice voting = branch.votingDevice();
        branch.switchDevice().fdbEntry(voting.mac(), 7);
        assertThat(poll()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventTypes.MAC_MOVED);
            assertThat(e.attributes()).containsEntry("mac", voting.mac()).containsEntry("port", "7").containsEntry("from_port", "5");
        });
        assertThat(poll()).isEmpty();
    }

    @Test
    void routerArpEntriesOnTheLanCountButNotOnTheUplink() throws Exception {
        SimulatedDevice router = branch.router();
        // ipNetToPhysicalPhysAddress.ifIndex.ipv4(1).4.a.b.c.d
        router.setValue(new OID("1.3.6.1.2.1.4.35.1.4.2.1.4.10.0.0.99"), new OctetString(new byte[] {2, 0, 0, 0, 0, 0x63}));
        router.setValue(new OID("1.3.6.1.2.1.4.35.1.4.1.1.4.203.0.113.1"), new OctetString(new byte[] {0, 0x1a, 0x2b, 0x3c, 0x4d, 0x5e}));
        // the legacy table too
        router.setValue(new OID("1.3.6.1.2.1.4.22.1.2.2.10.0.0.98"), new OctetString(new byte[] {2, 0, 0, 0, 0, 0x62}));
        poll();
        List<Event> events = poll();
        assertThat(events).extracting(e -> e.attributes().get("mac")).containsExactlyInAnyOrder("02:00:00:00:00:63", "02:00:00:00:00:62");
        assertThat(events).allSatisfy(e -> assertThat(e.attributes()).containsEntry("if_name", "lan0").containsEntry("port", "2"));
    }

    @Test
    void theRoutersArpCacheFeedsTheWatchAndAnUnknownMacSeenOnlyThereIsReported() throws Exception {
        SimulatedDevice router = branch.router();
        SitePoller routerOnly = new SitePoller(session, List.of(router.deviceConfig()));
        // the simulated branch's ARP cache: the devices behind the switch, on lan0 (ifIndex 2)
        DeviceReading first = routerOnly.poll().get(30, TimeUnit.SECONDS).reading(router.id());
        assertThat(first.table("arp").rows()).hasSize(3);
        assertThat(first.table("arp_legacy").rows()).hasSize(3);
        assertThat(watch.apply(first).events()).isEmpty();
        assertThat(watch.trackedMacs()).as("ups, auth, voting: learned from ARP alone").isEqualTo(3);

        // a MAC missing from the allowlist but in the ARP cache is unknown: the watch reads ARP MACs
        LanWatch withoutUps = new LanWatch(Set.of(branch.authDevice().mac(), branch.votingDevice().mac()));
        withoutUps.apply(first);
        DeviceReading second = routerOnly.poll().get(30, TimeUnit.SECONDS).reading(router.id());
        assertThat(withoutUps.apply(second).events()).singleElement()
                .satisfies(e -> assertThat(e.attributes()).containsEntry("mac", branch.ups().mac()));

        // a stranger only the router sees (not in the switch's FDB), on its LAN port
        router.arpEntry(STRANGER, "10.0.0.77");
        assertThat(poll()).as("seen once: not yet").isEmpty();
        assertThat(poll()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventTypes.MAC_UNKNOWN);
            assertThat(e.device()).isEqualTo(router.id());
            assertThat(e.attributes()).containsEntry("mac", STRANGER).containsEntry("port", "2")
                    .containsEntry("if_name", "lan0").doesNotContainKey("vlan");
        });
        assertThat(poll()).as("once per MAC").isEmpty();
        assertThat(watch.trackedMacs()).isEqualTo(5); // the four branch MACs and the stranger

        // it leaves the ARP cache: gone from the watch, reported again when it comes back
        router.removeArpEntry(STRANGER);
        assertThat(poll()).isEmpty();
        assertThat(watch.trackedMacs()).isEqualTo(4);
        router.arpEntry(STRANGER, "10.0.0.78");
        assertThat(poll()).isEmpty();
        assertThat(poll()).extracting(Event::type).containsExactly(EventTypes.MAC_UNKNOWN);
    }

    @Test
    void trackedMacsAreCappedAndTheRestCounted() throws Exception {
        LanWatch small = new LanWatch(Set.of(branch.router().mac()), Map.of(), 3);
        for (int i = 0; i < 5; i++) {
            branch.switchDevice().fdbEntry(String.format("02:00:00:00:10:%02x", i), 6);
        }
        DeviceReading r = poller.poll().get(30, TimeUnit.SECONDS).reading(branch.switchDevice().id());
        small.apply(r);
        assertThat(small.trackedMacs()).isEqualTo(3);
        assertThat(small.droppedSightings()).isEqualTo(6); // 4 branch MACs + 5 new, 3 kept
    }
}
