package org.didban.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.didban.agent.config.SnmpCredentials;
import org.didban.agent.snmp.StandardMib;
import org.didban.model.DeviceRole;
import org.didban.model.MetricDefinition;
import org.didban.model.Metrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.snmp4j.smi.OID;

/**
 * The objects behind every metric of {@link Metrics#ALL}, served by the simulator over real SNMP and
 * read back with net-snmp's tools, healthy first and then after each fault method.
 */
class SimulatedMetricsTest {
    static final String COMMUNITY = "branch-ro";
    static final SnmpCredentials V2C = SnmpCredentials.Community.of(COMMUNITY);
    static final SnmpCredentials.Usm V3 = SnmpCredentials.Usm.of("didban", "auth-pass-123", "priv-pass-456");

    /** Metrics with no SNMP object behind them: the agent works them out from its own probes, logs or configuration. */
    static final Set<String> NO_OBJECT = Set.of(Metrics.PROBE_LOSS_RATIO, Metrics.PROBE_RTT_SECONDS,
            Metrics.SNMP_WEAK_SECURITY, Metrics.CAMERA_UP, Metrics.UPLINK_LAST_VERIFIED_TIMESTAMP_SECONDS,
            Metrics.BACKUP_PATH_LAST_DRILL_TIMESTAMP_SECONDS);

    MutableClock clock;
    SimulatedFleet fleet;

    @BeforeEach
    void start() throws Exception {
        clock = new MutableClock(Instant.parse("2025-06-13T04:30:00Z"));
        fleet = SimulatedFleet.start(clock);
    }

    @AfterEach
    void stop() {
        fleet.close();
    }

    /** Each metric: the role that has it and the object (or table column) it is read from. */
    static Map<String, Object[]> objects() {
        Map<String, Object[]> m = new LinkedHashMap<>();
        DeviceRole router = DeviceRole.ROUTER;
        m.put(Metrics.DEVICE_UP, new Object[] {router, StandardMib.SYS_UPTIME});
        m.put(Metrics.SYS_UPTIME_SECONDS, new Object[] {router, StandardMib.SYS_UPTIME});
        m.put(Metrics.SNMP_ENGINE_BOOTS, new Object[] {router, MibObjects.SNMP_ENGINE_BOOTS});
        m.put(Metrics.DEVICE_INFO, new Object[] {router, MibObjects.ENT_PHYSICAL_SERIAL_NUM});
        m.put(Metrics.DEVICE_SOFTWARE_INFO, new Object[] {DeviceRole.VOTING_DEVICE, MibObjects.DIDBAN_SOFTWARE_HASH});
        m.put(Metrics.DEVICE_CONFIG_INFO, new Object[] {DeviceRole.AUTH_DEVICE, MibObjects.DIDBAN_CONFIG_HASH});
        m.put(Metrics.SW_INSTALLED_LAST_CHANGE_SECONDS, new Object[] {router, MibObjects.HR_SW_INSTALLED_LAST_CHANGE});
        m.put(Metrics.CLOCK_OFFSET_SECONDS, new Object[] {router, MibObjects.HR_SYSTEM_DATE});
        m.put(Metrics.STORAGE_USED_RATIO, new Object[] {DeviceRole.VOTING_DEVICE, MibObjects.HR_STORAGE_USED});
        m.put(Metrics.TEMPERATURE_CELSIUS, new Object[] {DeviceRole.UPS, MibObjects.ENT_PHY_SENSOR_VALUE});
        m.put(Metrics.IF_ADMIN_STATUS, new Object[] {router, StandardMib.IF_ADMIN_STATUS});
        m.put(Metrics.IF_OPER_STATUS, new Object[] {router, StandardMib.IF_OPER_STATUS});
        m.put(Metrics.IF_TYPE, new Object[] {router, StandardMib.IF_TYPE});
        m.put(Metrics.IF_SPEED_MBPS, new Object[] {router, StandardMib.IF_HIGH_SPEED});
        m.put(Metrics.IF_IN_OCTETS_TOTAL, new Object[] {router, StandardMib.IF_HC_IN_OCTETS});
        m.put(Metrics.IF_OUT_OCTETS_TOTAL, new Object[] {router, StandardMib.IF_HC_OUT_OCTETS});
        m.put(Metrics.IF_IN_ERRORS_TOTAL, new Object[] {router, StandardMib.IF_IN_ERRORS});
        m.put(Metrics.IF_OUT_ERRORS_TOTAL, new Object[] {router, MibObjects.IF_OUT_ERRORS});
        m.put(Metrics.IF_IN_PACKETS_TOTAL, new Object[] {router, MibObjects.IF_HC_IN_UCAST_PKTS});
        m.put(Metrics.IF_LAST_CHANGE_SECONDS, new Object[] {router, MibObjects.IF_LAST_CHANGE});
        m.put(Metrics.IF_NUMBER, new Object[] {router, StandardMib.IF_NUMBER});
        m.put(Metrics.UPLINK_ACTIVE, new Object[] {router, MibObjects.IF_MAU_TYPE});
        m.put(Metrics.CELLULAR_RSRP_DBM, new Object[] {DeviceRole.MODEM, MibObjects.TELTONIKA_RSRP});
        m.put(Metrics.CELLULAR_RSRQ_DB, new Object[] {router, MibObjects.TELTONIKA_RSRQ});
        m.put(Metrics.CELLULAR_SINR_DB, new Object[] {router, MibObjects.TELTONIKA_SINR});
        m.put(Metrics.CELLULAR_RSSI_DBM, new Object[] {router, MibObjects.TELTONIKA_RSSI});
        m.put(Metrics.OPTICAL_RX_POWER_DBM, new Object[] {router, MibObjects.JNX_DOM_RX_LASER_POWER});
        m.put(Metrics.OPTICAL_RX_LOW_WARNING_DBM, new Object[] {router, MibObjects.JNX_DOM_RX_LOW_WARNING});
        m.put(Metrics.LLDP_NEIGHBOR_INFO, new Object[] {router, MibObjects.LLDP_REM_CHASSIS_ID});
        m.put(Metrics.ELECTION_DEVICE_STATE, new Object[] {DeviceRole.VOTING_DEVICE, MibObjects.DIDBAN_DEVICE_STATE});
        m.put(Metrics.AUTH_AUTHENTICATIONS_TOTAL, new Object[] {DeviceRole.AUTH_DEVICE, MibObjects.DIDBAN_AUTHENTICATIONS});
        m.put(Metrics.AUTH_LOOKUPS_TOTAL, new Object[] {DeviceRole.AUTH_DEVICE, MibObjects.DIDBAN_LOOKUPS});
        m.put(Metrics.AUTH_LOOKUP_SUCCESSES_TOTAL, new Object[] {DeviceRole.AUTH_DEVICE, MibObjects.DIDBAN_LOOKUP_SUCCESSES});
        m.put(Metrics.VOTES_TOTAL, new Object[] {DeviceRole.VOTING_DEVICE, MibObjects.DIDBAN_VOTES});
        m.put(Metrics.LOG_SEQUENCE, new Object[] {DeviceRole.VOTING_DEVICE, MibObjects.DIDBAN_LOG_SEQUENCE});
        m.put(Metrics.LOG_CHAIN_INTACT, new Object[] {DeviceRole.VOTING_DEVICE, MibObjects.DIDBAN_LOG_CHAIN_STATUS});
        m.put(Metrics.TAMPER_INPUT_ACTIVE, new Object[] {DeviceRole.VOTING_DEVICE, MibObjects.DIDBAN_TAMPER_STATE});
        m.put(Metrics.TAMPER_TRIGGERS_TOTAL, new Object[] {DeviceRole.SENSOR, MibObjects.DIDBAN_TAMPER_COUNT});
        m.put(Metrics.ADMIN_LOGINS_TOTAL, new Object[] {DeviceRole.AUTH_DEVICE, MibObjects.DIDBAN_ADMIN_LOGINS});
        m.put(Metrics.FLOWS_DENIED_TOTAL, new Object[] {DeviceRole.VOTING_DEVICE, MibObjects.DIDBAN_DENIED_FLOWS});
        m.put(Metrics.SNMP_UNKNOWN_USER_NAMES_TOTAL, new Object[] {router, MibObjects.USM_STATS_UNKNOWN_USER_NAMES});
        m.put(Metrics.SNMP_WRONG_DIGESTS_TOTAL, new Object[] {router, MibObjects.USM_STATS_WRONG_DIGESTS});
        m.put(Metrics.SNMP_BAD_COMMUNITY_TOTAL, new Object[] {router, MibObjects.SNMP_IN_BAD_COMMUNITY_NAMES});
        m.put(Metrics.UPS_OUTPUT_SOURCE, new Object[] {DeviceRole.UPS, StandardMib.UPS_OUTPUT_SOURCE});
        m.put(Metrics.UPS_BATTERY_STATUS, new Object[] {DeviceRole.UPS, StandardMib.UPS_BATTERY_STATUS});
        m.put(Metrics.UPS_SECONDS_ON_BATTERY, new Object[] {DeviceRole.UPS, StandardMib.UPS_SECONDS_ON_BATTERY});
        m.put(Metrics.UPS_MINUTES_REMAINING, new Object[] {DeviceRole.UPS, StandardMib.UPS_MINUTES_REMAINING});
        m.put(Metrics.UPS_CHARGE_PERCENT, new Object[] {DeviceRole.UPS, StandardMib.UPS_CHARGE_REMAINING});
        m.put(Metrics.UPS_ALARMS_PRESENT, new Object[] {DeviceRole.UPS, MibObjects.UPS_ALARMS_PRESENT});
        m.put(Metrics.UPS_ALARM_BATTERY_BAD, new Object[] {DeviceRole.UPS, MibObjects.UPS_ALARMS_PRESENT});
        m.put(Metrics.UPS_SELF_TEST_FAILED, new Object[] {DeviceRole.UPS, MibObjects.UPS_TEST_RESULTS_SUMMARY});
        m.put(Metrics.GPS_FIX, new Object[] {DeviceRole.ROUTER, MibObjects.DIDBAN_GNSS_FIX});
        m.put(Metrics.GPS_LATITUDE_DEGREES, new Object[] {DeviceRole.ROUTER, MibObjects.DIDBAN_LATITUDE});
        m.put(Metrics.GPS_LONGITUDE_DEGREES, new Object[] {DeviceRole.ROUTER, MibObjects.DIDBAN_LONGITUDE});
        m.put(Metrics.ROUTE_DEVIATION_METERS, new Object[] {DeviceRole.ROUTER, MibObjects.DIDBAN_LATITUDE});
        return m;
    }

    @Test
    void everyMetricHasItsObjectInTheSimulatorOrIsDerivedByTheAgent() throws Exception {
        Map<String, Object[]> objects = objects();
        Set<String> all = new HashSet<>();
        Metrics.ALL.forEach(d -> all.add(d.name()));
        Set<String> accounted = new HashSet<>(objects.keySet());
        accounted.addAll(NO_OBJECT);
        assertThat(accounted).as("metrics with a simulated object or listed as agent-only").isEqualTo(all);
        for (MetricDefinition d : Metrics.ALL) {
            if (NO_OBJECT.contains(d.name())) {
                assertThat(d.source()).as(d.name()).startsWith("agent");
            }
        }

        Map<DeviceRole, SimulatedDevice> byRole = new LinkedHashMap<>();
        for (DeviceRole role : DeviceRole.values()) {
            byRole.put(role, fleet.addDevice("dev-" + role.wireName(), role, V2C));
        }
        byRole.get(DeviceRole.ROUTER).position(35.6892, 51.3890);
        for (Map.Entry<String, Object[]> e : objects.entrySet()) {
            SimulatedDevice d = byRole.get((DeviceRole) e.getValue()[0]);
            OID oid = (OID) e.getValue()[1];
            assertThat(d.get(oid) != null || d.hasObjectUnder(oid))
                    .as("%s: %s serves %s", e.getKey(), d.id(), oid).isTrue();
        }
    }

    @Test
    void routerServesOpticsSignalNeighbourAndInterfaceDetailsAndTheirFaults() throws Exception {
        SimulatedDevice router = fleet.addDevice("r", DeviceRole.ROUTER, V2C);
        String ifLastChange1 = oid(MibObjects.IF_LAST_CHANGE, 1);
        List<String> healthy = get(router, MibObjects.SNMP_ENGINE_BOOTS.toDottedString(), ifLastChange1,
                oid(MibObjects.IF_ALIAS, 1), oid(MibObjects.IF_MAU_TYPE, 1, 1), oid(MibObjects.IF_MAU_TYPE, 2, 1),
                oid(MibObjects.JNX_DOM_RX_LASER_POWER, 1), oid(MibObjects.JNX_DOM_RX_LOW_WARNING, 1),
                oid(MibObjects.TELTONIKA_RSRP, 1), oid(MibObjects.TELTONIKA_SINR, 1), oid(MibObjects.TELTONIKA_RSRQ, 1),
                oid(MibObjects.TELTONIKA_RSSI, 1), oid(MibObjects.LLDP_REM_CHASSIS_ID, 0, 1, 1),
                oid(MibObjects.IF_HC_IN_UCAST_PKTS, 1), oid(MibObjects.IF_OUT_ERRORS, 1));
        assertThat(healthy).containsExactly("1", "0", "\"uplink fiber\"", ".1.3.6.1.2.1.26.4.24", ".1.3.6.1.2.1.26.4.30",
                "-1250", "-2300", "-88", "14", "-9", "-61", "\"00 1A 2B 3C 4D 5E \"", "0", "0");

        clock.advance(Duration.ofSeconds(60));
        router.linkDown(1);
        router.opticalRxPower(-27.31);
        router.signalDrops();
        router.neighbor("aa:bb:cc:00:11:22");
        router.interfaceErrors(1, 7, 2);
        router.failoverToCellular();
        clock.advance(Duration.ofSeconds(40));
        List<String> faulty = get(router, ifLastChange1, oid(MibObjects.JNX_DOM_RX_LASER_POWER, 1),
                oid(MibObjects.TELTONIKA_RSRP, 1), oid(MibObjects.TELTONIKA_SINR, 1), oid(MibObjects.LLDP_REM_CHASSIS_ID, 0, 1, 2),
                oid(StandardMib.IF_IN_ERRORS, 1), oid(MibObjects.IF_OUT_ERRORS, 1), oid(StandardMib.IF_OPER_STATUS, 3),
                oid(MibObjects.IF_HC_IN_UCAST_PKTS, 3));
        assertThat(faulty).containsExactly("6000", "-2731", "-118", "-3", "\"AA BB CC 00 11 22 \"", "7", "2", "1",
                String.valueOf((20_000L + 3_000L) * 40 / 500 * 98 / 100));
        // the old neighbour row is gone: one neighbour, not two
        assertThat(walk(router, "1.0.8802.1.1.2.1.4.1.1.5")).hasSize(1);

        router.reboot();
        assertThat(get(router, MibObjects.SNMP_ENGINE_BOOTS.toDottedString(), StandardMib.SYS_UPTIME.toDottedString()))
                .containsExactly("2", "0");
    }

    @Test
    void hostResourcesEntityAndNewInterfaces() throws Exception {
        SimulatedDevice voting = fleet.addDevice("v", DeviceRole.VOTING_DEVICE, V2C);
        assertThat(get(voting, MibObjects.HR_SYSTEM_DATE.toDottedString(), oid(MibObjects.HR_STORAGE_DESCR, 2),
                oid(MibObjects.HR_STORAGE_USED, 2), oid(MibObjects.HR_STORAGE_SIZE, 2),
                oid(MibObjects.ENT_PHY_SENSOR_TYPE, 2), oid(MibObjects.ENT_PHY_SENSOR_VALUE, 2),
                oid(MibObjects.ENT_PHYSICAL_SERIAL_NUM, 1), StandardMib.IF_NUMBER.toDottedString()))
                // 2025-06-13 04:30:00.0 UTC as DateAndTime: 07 E9 06 0D 04 1E 00 00 2B 00 00
                .containsExactly("\"07 E9 06 0D 04 1E 00 00 2B 00 00 \"", "\"/var/log\"", "320000", "1000000", "8", "385",
                        "\"" + voting.serial() + "\"", "1");

        voting.clockOffset(-7.5);
        voting.storageUsed(0.9);
        voting.temperature(64.25);
        voting.swapIdentity("OTHER-UNIT-1");
        int usb = voting.addInterface("wlan0", 71, 54);
        voting.insertMedia("usb0");
        clock.advance(Duration.ofSeconds(2));
        voting.softwareHash("ff".repeat(32));
        assertThat(get(voting, MibObjects.HR_SYSTEM_DATE.toDottedString(), oid(MibObjects.HR_STORAGE_USED, 2),
                oid(MibObjects.ENT_PHY_SENSOR_VALUE, 2), oid(MibObjects.ENT_PHYSICAL_SERIAL_NUM, 1),
                StandardMib.IF_NUMBER.toDottedString(), oid(StandardMib.IF_TYPE, usb), oid(StandardMib.IF_OPER_STATUS, usb),
                MibObjects.HR_SW_INSTALLED_LAST_CHANGE.toDottedString(), MibObjects.DIDBAN_SOFTWARE_HASH.toDottedString()))
                // 04:30:02 − 7.5 s = 04:29:54.5
                .containsExactly("\"07 E9 06 0D 04 1D 36 05 2B 00 00 \"", "900000", "643", "\"OTHER-UNIT-1\"", "2", "71", "1",
                        "200", "\"" + "ff".repeat(32) + "\"");
        assertThat(walk(voting, MibObjects.HR_STORAGE_TYPE.toDottedString()))
                .containsEntry(oid(MibObjects.HR_STORAGE_TYPE, 10), ".1.3.6.1.2.1.25.2.1.7");
        voting.removeMedia("usb0");
        assertThat(walk(voting, MibObjects.HR_STORAGE_TYPE.toDottedString())).hasSize(2);
    }

    @Test
    void electionDeviceMibOverV3() throws Exception {
        SimulatedDevice auth = fleet.addDevice("a", DeviceRole.AUTH_DEVICE, V3);
        Map<String, String> healthy = walkV3(auth, "1.3.6.1.4.1.99999.2");
        assertThat(healthy).containsEntry(MibObjects.DIDBAN_DEVICE_STATE.toDottedString(), "2")
                .containsEntry(MibObjects.DIDBAN_CONFIG_HASH.toDottedString(), "\"" + SimulatedDevice.APPROVED_CONFIG_HASH + "\"")
                .containsEntry(MibObjects.DIDBAN_SOFTWARE_HASH.toDottedString(), "\"" + SimulatedDevice.APPROVED_SOFTWARE_HASH + "\"")
                .containsEntry(MibObjects.DIDBAN_LOOKUPS.toDottedString(), "0")
                .containsEntry(MibObjects.DIDBAN_LOG_SEQUENCE.toDottedString(), "1000")
                .containsEntry(MibObjects.DIDBAN_LOG_CHAIN_STATUS.toDottedString(), "1")
                .containsEntry(oid(MibObjects.DIDBAN_TAMPER_NAME, 1), "\"enclosure\"")
                .containsEntry(oid(MibObjects.DIDBAN_TAMPER_STATE, 1), "1");

        auth.deviceState(MibObjects.STATE_OPEN);
        auth.authenticate(true);
        auth.authenticate(true);
        auth.authenticate(false);
        auth.adminLogin("operator", "");
        auth.flowDenied(InetAddress.getByName("198.51.100.7"), 443);
        clock.advance(Duration.ofSeconds(5));
        auth.tamper("enclosure");
        auth.tamperCleared("enclosure");
        auth.tamper("enclosure");
        auth.configHash("00".repeat(32));
        auth.logGap();
        Map<String, String> after = walkV3(auth, "1.3.6.1.4.1.99999.2");
        assertThat(after).containsEntry(MibObjects.DIDBAN_DEVICE_STATE.toDottedString(), "3")
                .containsEntry(MibObjects.DIDBAN_LOOKUPS.toDottedString(), "3")
                .containsEntry(MibObjects.DIDBAN_LOOKUP_SUCCESSES.toDottedString(), "2")
                .containsEntry(MibObjects.DIDBAN_AUTHENTICATIONS.toDottedString(), "2")
                .containsEntry(MibObjects.DIDBAN_ADMIN_LOGINS.toDottedString(), "1")
                .containsEntry(MibObjects.DIDBAN_LAST_LOGIN_USER.toDottedString(), "\"operator\"")
                .containsEntry(MibObjects.DIDBAN_LAST_LOGIN_TICKET.toDottedString(), "\"\"")
                .containsEntry(MibObjects.DIDBAN_DENIED_FLOWS.toDottedString(), "1")
                .containsEntry(MibObjects.DIDBAN_LAST_DENIED_ADDRESS_TYPE.toDottedString(), "1")
                .containsEntry(MibObjects.DIDBAN_LAST_DENIED_ADDRESS.toDottedString(), "\"C6 33 64 07 \"")
                .containsEntry(MibObjects.DIDBAN_LAST_DENIED_PORT.toDottedString(), "443")
                .containsEntry(oid(MibObjects.DIDBAN_TAMPER_STATE, 1), "2")
                .containsEntry(oid(MibObjects.DIDBAN_TAMPER_COUNT, 1), "2")
                .containsEntry(oid(MibObjects.DIDBAN_TAMPER_LAST_CHANGE, 1), "500")
                .containsEntry(MibObjects.DIDBAN_CONFIG_HASH.toDottedString(), "\"" + "00".repeat(32) + "\"")
                // 3 authentications + 1 login were logged (1004), then the gap: broken at 1005, sequence 1009
                .containsEntry(MibObjects.DIDBAN_LOG_SEQUENCE.toDottedString(), "1009")
                .containsEntry(MibObjects.DIDBAN_LOG_CHAIN_STATUS.toDottedString(), "2")
                .containsEntry(MibObjects.DIDBAN_LOG_BROKEN_AT.toDottedString(), "1005");

        SimulatedDevice voting = fleet.addDevice("v", DeviceRole.VOTING_DEVICE, V3);
        voting.vote();
        voting.vote();
        assertThat(walkV3(voting, "1.3.6.1.4.1.99999.2.1.2")).containsEntry(MibObjects.DIDBAN_VOTES.toDottedString(), "2")
                .containsEntry(MibObjects.DIDBAN_AUTHENTICATIONS.toDottedString(), "0");
    }

    @Test
    void switchServesItsForwardingDatabaseAndABranchIsPrefilled() throws Exception {
        SimulatedBranch branch = fleet.addBranch("THR-0001", V2C);
        SimulatedDevice sw = branch.switchDevice();
        Map<String, String> fdb = walk(sw, MibObjects.DOT1Q_TP_FDB_PORT.toDottedString());
        assertThat(fdb).hasSize(4).containsEntry(fdbOid(MibObjects.DOT1Q_TP_FDB_PORT + ".1", branch.votingDevice().mac()), "5");
        assertThat(get(sw, oid(MibObjects.IF_ALIAS, 7), oid(MibObjects.DOT1D_BASE_PORT_IF_INDEX, 7),
                oid(MibObjects.LLDP_REM_CHASSIS_ID, 0, 1, 1)))
                .containsExactly("\"unused\"", "7", "\"" + hex(branch.router().mac()) + "\"");

        sw.fdbEntry("de:ad:be:ef:00:01", 7);
        sw.fdbEntry(branch.ups().mac(), 6); // moved
        Map<String, String> after = walk(sw, MibObjects.DOT1D_TP_FDB_PORT.toDottedString());
        assertThat(after).hasSize(5)
                .containsEntry(fdbOid(MibObjects.DOT1D_TP_FDB_PORT.toDottedString(), "de:ad:be:ef:00:01"), "7")
                .containsEntry(fdbOid(MibObjects.DOT1D_TP_FDB_PORT.toDottedString(), branch.ups().mac()), "6");
        sw.removeFdbEntry("de:ad:be:ef:00:01");
        assertThat(walk(sw, MibObjects.DOT1D_TP_FDB_ADDRESS.toDottedString())).hasSize(4);
    }

    @Test
    void aBranchRouterServesAnArpCacheAgreeingWithTheSwitchAndTakesAnInjectedNeighbour() throws Exception {
        SimulatedBranch branch = fleet.addBranch("THR-0002", V2C);
        SimulatedDevice router = branch.router();
        String physical = MibObjects.IP_NET_TO_PHYSICAL_PHYS_ADDRESS.toDottedString();
        String media = MibObjects.IP_NET_TO_MEDIA_PHYS_ADDRESS.toDottedString();
        // ifIndex 2 (lan0), ipv4(1), 4 octets, address — and the legacy table: ifIndex 2, address
        Map<String, String> arp = walk(router, physical);
        assertThat(arp).hasSize(3)
                .containsEntry(physical + ".2.1.4.10.0.0.3", "\"" + hex(branch.ups().mac()) + "\"")
                .containsEntry(physical + ".2.1.4.10.0.0.4", "\"" + hex(branch.authDevice().mac()) + "\"")
                .containsEntry(physical + ".2.1.4.10.0.0.5", "\"" + hex(branch.votingDevice().mac()) + "\"");
        Set<String> fdbMacs = new HashSet<>(walk(branch.switchDevice(), MibObjects.DOT1D_TP_FDB_ADDRESS.toDottedString()).values());
        assertThat(fdbMacs).as("every MAC the router has in ARP, the switch has learned").containsAll(arp.values());
        assertThat(walk(router, media)).hasSize(3)
                .containsEntry(media + ".2.10.0.0.5", "\"" + hex(branch.votingDevice().mac()) + "\"");
        assertThat(get(router, oid(MibObjects.IP_NET_TO_MEDIA_IF_INDEX, 2, 10, 0, 0, 3),
                oid(MibObjects.IP_NET_TO_PHYSICAL_TYPE, 2, 1, 4, 10, 0, 0, 3),
                oid(MibObjects.IP_NET_TO_PHYSICAL_STATE, 2, 1, 4, 10, 0, 0, 3))).containsExactly("2", "3", "1");

        router.arpEntry("de:ad:be:ef:00:02", "10.0.0.66");
        assertThat(walk(router, physical)).hasSize(4).containsEntry(physical + ".2.1.4.10.0.0.66", "\"DE AD BE EF 00 02 \"");
        router.arpEntry("de:ad:be:ef:00:02", "10.0.0.67"); // one entry per MAC: it moved
        assertThat(walk(router, media)).hasSize(4).containsKey(media + ".2.10.0.0.67").doesNotContainKey(media + ".2.10.0.0.66");
        router.removeArpEntry("de:ad:be:ef:00:02");
        assertThat(walk(router, physical)).hasSize(3);
        assertThat(walk(router, media)).hasSize(3);
    }

    @Test
    void aRouterOfTheEntitySensorFlavourServesItsOpticsThereInsteadOfJuniperDom() throws Exception {
        SimulatedDevice router = fleet.addDevice("r", DeviceRole.ROUTER, V2C);
        router.opticsMib(SimulatedDevice.OpticsMib.ENTITY_SENSOR);
        assertThat(walk(router, "1.3.6.1.4.1.2636.3.60")).as("no JUNIPER-DOM-MIB").isEmpty();
        int port = SimulatedDevice.opticsEntity(1, SimulatedDevice.ENT_OPTICS_PORT);
        int transceiver = SimulatedDevice.opticsEntity(1, SimulatedDevice.ENT_OPTICS_TRANSCEIVER);
        int rx = SimulatedDevice.opticsEntity(1, SimulatedDevice.ENT_OPTICS_RX_POWER);
        int tx = SimulatedDevice.opticsEntity(1, SimulatedDevice.ENT_OPTICS_TX_POWER);
        assertThat(get(router, oid(MibObjects.ENT_PHY_SENSOR_TYPE, rx), oid(MibObjects.ENT_PHY_SENSOR_SCALE, rx),
                oid(MibObjects.ENT_PHY_SENSOR_PRECISION, rx), oid(MibObjects.ENT_PHY_SENSOR_VALUE, rx),
                oid(MibObjects.ENT_PHY_SENSOR_OPER_STATUS, rx), oid(MibObjects.ENT_PHYSICAL_NAME, rx),
                oid(MibObjects.ENT_PHYSICAL_CONTAINED_IN, rx), oid(MibObjects.ENT_PHYSICAL_CONTAINED_IN, transceiver),
                oid(MibObjects.ENT_PHYSICAL_CLASS, port), oid(MibObjects.ENT_ALIAS_MAPPING_IDENTIFIER, port, 0),
                oid(MibObjects.ENT_PHY_SENSOR_TYPE, tx), oid(MibObjects.ENT_PHY_SENSOR_VALUE, tx)))
                .containsExactly("14", "9", "1", "-125", "1", "\"wan0 Receive Power Sensor\"", String.valueOf(transceiver),
                        String.valueOf(port), "10", ".1.3.6.1.2.1.2.2.1.1.1", "14", "-45");
        router.opticalRxPower(-27.31);
        assertThat(get(router, oid(MibObjects.ENT_PHY_SENSOR_VALUE, rx))).containsExactly("-273");

        router.opticsMib(SimulatedDevice.OpticsMib.JUNIPER_DOM);
        assertThat(walk(router, MibObjects.ENT_ALIAS_MAPPING_IDENTIFIER.toDottedString())).isEmpty();
        assertThat(walk(router, MibObjects.ENT_PHY_SENSOR_TYPE.toDottedString())).containsOnlyKeys(oid(MibObjects.ENT_PHY_SENSOR_TYPE, 2));
        assertThat(get(router, oid(MibObjects.JNX_DOM_RX_LASER_POWER, 1))).containsExactly("-2731");
    }

    @Test
    void upsAlarmsAndSelfTest() throws Exception {
        SimulatedDevice ups = fleet.addDevice("u", DeviceRole.UPS, V2C);
        assertThat(get(ups, MibObjects.UPS_ALARMS_PRESENT.toDottedString(), MibObjects.UPS_TEST_RESULTS_SUMMARY.toDottedString()))
                .containsExactly("0", "1");
        ups.batteryBad(true);
        ups.selfTest(false);
        ups.onBattery();
        assertThat(get(ups, MibObjects.UPS_ALARMS_PRESENT.toDottedString(), MibObjects.UPS_TEST_RESULTS_SUMMARY.toDottedString()))
                .containsExactly("3", "3");
        assertThat(walk(ups, MibObjects.UPS_ALARM_DESCR.toDottedString()).values())
                .containsExactly(".1.3.6.1.2.1.33.1.6.3.1", ".1.3.6.1.2.1.33.1.6.3.19", ".1.3.6.1.2.1.33.1.6.3.2");
        ups.batteryBad(false);
        ups.mainsRestored();
        assertThat(walk(ups, MibObjects.UPS_ALARM_DESCR.toDottedString()).values()).containsExactly(".1.3.6.1.2.1.33.1.6.3.19");
        assertThat(get(ups, MibObjects.UPS_ALARMS_PRESENT.toDottedString())).containsExactly("1");
    }

    @Test
    void snmpSecurityCountersCountRealRefusalsAndInjectedOnes() throws Exception {
        SimulatedDevice router = fleet.addDevice("r", DeviceRole.ROUTER, V2C);
        NetSnmp.Result refused = NetSnmp.exec("snmpget", "-v2c", "-c", "guess", "-t", "0.3", "-r", "0", "-On",
                target(router), StandardMib.SYS_UPTIME.toDottedString());
        assertThat(refused.exit()).as(refused.output()).isNotZero();
        router.usmUnknownUser();
        router.usmUnknownUser();
        router.usmWrongDigest();
        assertThat(get(router, MibObjects.SNMP_IN_BAD_COMMUNITY_NAMES.toDottedString(),
                MibObjects.USM_STATS_UNKNOWN_USER_NAMES.toDottedString(), MibObjects.USM_STATS_WRONG_DIGESTS.toDottedString()))
                .containsExactly("1", "2", "1");
    }

    @Test
    void positionAppearsOnceReported() throws Exception {
        SimulatedDevice router = fleet.addDevice("r", DeviceRole.ROUTER, V2C);
        assertThat(walk(router, "1.3.6.1.4.1.99999.2.1.6")).isEmpty();
        router.position(35.6892, 51.389);
        assertThat(get(router, MibObjects.DIDBAN_GNSS_FIX.toDottedString(), MibObjects.DIDBAN_LATITUDE.toDottedString(),
                MibObjects.DIDBAN_LONGITUDE.toDottedString())).containsExactly("3", "35689200", "51389000");
        router.gnssLost();
        assertThat(get(router, MibObjects.DIDBAN_GNSS_FIX.toDottedString())).containsExactly("1");
    }

    // ---- net-snmp helpers: -Oqv values only, -Ot raw TimeTicks, -On numeric OIDs, -Ox strings as hex bytes when not printable

    static List<String> get(SimulatedDevice d, String... oids) throws Exception {
        String[] args = new String[7 + oids.length];
        System.arraycopy(new String[] {"-v2c", "-c", COMMUNITY, "-Oqvtn", "-t", "2", target(d)}, 0, args, 0, 7);
        System.arraycopy(oids, 0, args, 7, oids.length);
        String out = NetSnmp.run("snmpget", args);
        return Arrays.stream(out.split("\n")).map(String::strip).filter(s -> !s.isEmpty()).map(SimulatedMetricsTest::value).toList();
    }

    static Map<String, String> walk(SimulatedDevice d, String prefix) throws Exception {
        return parse(NetSnmp.run("snmpbulkwalk", "-v2c", "-c", COMMUNITY, "-Oqtn", "-t", "2", target(d), prefix));
    }

    static Map<String, String> walkV3(SimulatedDevice d, String prefix) throws Exception {
        return parse(NetSnmp.run("snmpbulkwalk", "-v3", "-l", "authPriv", "-u", V3.user(), "-a", "SHA-256", "-A",
                "auth-pass-123", "-x", "AES", "-X", "priv-pass-456", "-Oqtn", "-t", "2", target(d), prefix));
    }

    private static Map<String, String> parse(String out) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("End of MIB") || line.contains("No Such Object")) {
                continue;
            }
            int space = line.indexOf(' ');
            String oid = space < 0 ? line : line.substring(0, space);
            values.put(oid.startsWith(".") ? oid.substring(1) : oid, space < 0 ? "\"\"" : value(line.substring(space + 1)));
        }
        return values;
    }

    /** net-snmp prints an empty string as nothing and hex strings with a trailing space; normalise both. */
    private static String value(String v) {
        v = v.strip();
        if (v.isEmpty() || v.equals("\"\"")) {
            return "\"\"";
        }
        if (!v.startsWith("\"") && !v.startsWith(".") && !v.matches("-?[0-9]+")) {
            return "\"" + v + " \""; // unquoted hex bytes
        }
        return v;
    }

    static String oid(OID column, int... index) {
        OID o = new OID(column);
        for (int i : index) {
            o.append(i);
        }
        return o.toDottedString();
    }

    static String fdbOid(String column, String mac) {
        StringBuilder b = new StringBuilder(column);
        for (byte x : SimulatedDevice.parseMac(mac)) {
            b.append('.').append(x & 0xff);
        }
        return b.toString();
    }

    static String hex(String mac) {
        return mac.toUpperCase(java.util.Locale.ROOT).replace(':', ' ') + " ";
    }

    static String target(SimulatedDevice d) {
        return "udp:127.0.0.1:" + d.address().getPort();
    }
}
