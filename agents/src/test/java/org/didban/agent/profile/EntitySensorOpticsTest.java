package org.didban.agent.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.didban.model.DeviceRole;
import org.didban.model.Metrics;
import org.didban.model.Sample;
import org.junit.jupiter.api.Test;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.Variable;

/**
 * The shipped router profile's ENTITY-SENSOR optics ({@code common/uplink.yaml}, table
 * {@code optical_sensors}) on hand-made walks: which sensors become {@code optical_rx_power_dbm},
 * their value (scale, precision, sign) and the interface they are put on.
 */
class EntitySensorOpticsTest {
    static final DeviceProfile ROUTER = Profiles.forRole(DeviceRole.ROUTER);
    static final int DBM = 14;
    static final int CELSIUS = 8;
    static final int WATTS = 6;
    static final int UNITS = 9;
    static final int MILLI = 8;
    static final int OK = 1;
    static final int NONOPERATIONAL = 3;

    final Map<Integer, String> ifNames = new LinkedHashMap<>();
    final Map<OID, Map<String, Variable>> entities = new TreeMap<>();
    final Map<OID, Map<String, Variable>> aliases = new TreeMap<>();

    @Test
    void receivePowerSensorsBecomeTheSameSeriesAsJuniperDomWithScalePrecisionAndSign() {
        iface(5, "Te1/0/1");
        iface(7, "Ethernet7");
        iface(11, "gi0/11");
        // Cisco: port (mapped) ⊃ transceiver ⊃ temperature, transmit and receive power sensors
        entity(1000, "Te1/0/1", "1000BASE-LX SFP", 1);
        alias(1000, 5);
        entity(1001, "Te1/0/1 Module", "SFP-10G-LR", 1000);
        sensor(1002, "Te1/0/1 Module Temperature Sensor", "Temperature Sensor", 1001, CELSIUS, UNITS, 1, 335, OK);
        sensor(1003, "Te1/0/1 Transmit Power Sensor", "Transmit Power Sensor", 1001, DBM, UNITS, 1, -23, OK);
        sensor(1004, "Te1/0/1 Receive Power Sensor", "Receive Power Sensor", 1001, DBM, UNITS, 2, -1234, OK);
        // Arista style: the sensor itself mapped, no name, "Rx" in its description, milli-dBm, positive
        sensor(2001, "", "DOM Rx Power for Ethernet7", 1, DBM, MILLI, 0, 1500, OK);
        alias(2001, 7);
        // a negative precision counts accurate digits: the value is not shifted
        entity(3000, "gi0/11", "port", 1);
        alias(3000, 11);
        sensor(3001, "gi0/11 Rx Pwr", "sensor", 3000, DBM, UNITS, -2, -20, OK);

        Map<String, Sample> rx = rx(evaluate());
        assertThat(rx).containsOnlyKeys("5", "7", "11");
        assertThat(rx.get("5").value()).isCloseTo(-12.34, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(rx.get("5").labels().asMap()).isEqualTo(Map.of(Metrics.LABEL_IF_INDEX, "5", Metrics.LABEL_IF_NAME, "Te1/0/1"));
        assertThat(rx.get("7").value()).isCloseTo(1.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(rx.get("7").labels().get(Metrics.LABEL_IF_NAME)).isEqualTo("Ethernet7");
        assertThat(rx.get("11").value()).isEqualTo(-20.0);
        // the same labels as the JUNIPER-DOM table gives for the same port
        List<String> domLabels = Metrics.definition(Metrics.OPTICAL_RX_POWER_DBM).orElseThrow().labels();
        assertThat(rx.values()).allSatisfy(s -> assertThat(s.labels().asMap()).containsOnlyKeys(domLabels));
    }

    @Test
    void sensorsNotOkNotDbmOrTransmitAreIgnored() {
        iface(1, "wan0");
        entity(100, "wan0", "port", 1);
        alias(100, 1);
        sensor(101, "wan0 Receive Power Sensor", "Receive Power Sensor", 100, DBM, UNITS, 1, -125, NONOPERATIONAL);
        sensor(102, "wan0 Receive Power Sensor", "Receive Power Sensor", 100, WATTS, UNITS, 1, -125, OK);
        sensor(103, "wan0 Transmit Power Sensor", "Transmit Power Sensor", 100, DBM, UNITS, 1, -30, OK);
        sensor(104, "wan0 Tx Bias Current", "Tx Bias Current", 100, DBM, UNITS, 1, 60, OK);
        ProfileEvaluator.Result result = evaluate();
        assertThat(rx(result)).isEmpty();
        assertThat(result.oddValues()).isZero();

        sensor(101, "wan0 Receive Power Sensor", "Receive Power Sensor", 100, DBM, UNITS, 1, -125, OK);
        assertThat(rx(evaluate()).values()).singleElement().satisfies(s -> assertThat(s.value()).isEqualTo(-12.5));
    }

    @Test
    void sensorsOfNoInterfaceAreLeftOutAndOnePortGivesOneSample() {
        iface(13, "qsfp13");
        // not mapped anywhere: contained in an unmapped module, and in a containment loop
        entity(6000, "module", "module", 1);
        sensor(6004, "x Receive Power Sensor", "Receive Power Sensor", 6000, DBM, UNITS, 1, -100, OK);
        sensor(8001, "y Receive Power Sensor", "Receive Power Sensor", 8002, DBM, UNITS, 1, -100, OK);
        entity(8002, "loop", "loop", 8001);
        // four lanes of one port: the first (lowest entPhysicalIndex) is the port's reading
        entity(7000, "qsfp13", "port", 1);
        alias(7000, 13);
        for (int lane = 1; lane <= 4; lane++) {
            sensor(7000 + lane, "qsfp13 Lane " + lane + " Transceiver Receive Power Sensor", "Receive Power Sensor", 7000,
                    DBM, UNITS, 1, -30 - 10 * lane, OK);
        }
        // an alias pointing at something other than an ifIndex instance is no interface
        entity(9000, "odd", "port", 1);
        aliases.put(new OID(new int[] {9000, 0}), Map.of("target", new OID("1.3.6.1.2.1.47.1.2.1.1.2.1")));
        sensor(9001, "odd Receive Power Sensor", "Receive Power Sensor", 9000, DBM, UNITS, 1, -100, OK);

        Map<String, Sample> rx = rx(evaluate());
        assertThat(rx).containsOnlyKeys("13");
        assertThat(rx.get("13").value()).isEqualTo(-4.0);
    }

    @Test
    void theReaderChecksMatchAndIndexByInterface() {
        String text = """
                profile: odd
                tables:
                  - table: aliases
                    index-length: 2
                    columns: {target: 1.3.6.1.2.1.47.1.3.2.1.2}
                  - table: s
                    columns: {value: 1.3.6.1.2.1.99.1.1.1.4, up: 1.3.6.1.2.1.47.1.1.1.1.4}
                    match: {value: "(unclosed", nope: "x"}
                    index-by-interface: {aliases: missing, contained-in: parent}
                  - table: t
                    columns: {value: 1.3.6.1.2.1.99.1.1.1.4, up: 1.3.6.1.2.1.47.1.1.1.1.4}
                    index-by-interface: {aliases: aliases, contained-in: up}
                """;
        assertThatThrownBy(() -> Profiles.reader().read(text, "odd.yaml"))
                .isInstanceOf(InvalidProfileException.class)
                .hasMessageContaining("odd.yaml:8: 'match': '(unclosed' is not a regular expression")
                .hasMessageContaining("odd.yaml:8: 'match': no column 'nope'")
                .hasMessageContaining("odd.yaml:9: 'index-by-interface': no column 'parent'");
        String good = text.replace("match: {value: \"(unclosed\", nope: \"x\"}", "match: {value: \"x\"}")
                .replace("{aliases: missing, contained-in: parent}", "{aliases: missing, contained-in: up}");
        assertThatThrownBy(() -> Profiles.reader().read(good, "odd.yaml"))
                .hasMessageContaining("odd.yaml:6: table s: no other table 'missing'");
        DeviceProfile.Table t = ROUTER.table("optical_sensors");
        assertThat(t.byInterface()).isEqualTo(new DeviceProfile.InterfaceIndex("entity_aliases", "contained_in"));
        assertThat(t.match()).containsOnlyKeys("name", "descr");
        assertThat(t.match().get("name").foundIn("DOM RX Power for Ethernet49/1")).isTrue();
        assertThat(t.match().get("name").foundIn("subslot 0/0 transceiver 0 Rx Power Sensor")).isTrue();
        assertThat(t.match().get("name").foundIn("Ethernet1/1 Lane 1 Transceiver Transmit Power Sensor")).isFalse();
    }

    // ---- hand-made walks

    ProfileEvaluator.Result evaluate() {
        Map<String, TableRows> walked = new HashMap<>();
        Map<OID, Map<String, Variable>> interfaces = new TreeMap<>();
        ifNames.forEach((i, name) -> interfaces.put(new OID(new int[] {i}), Map.of("name", new OctetString(name),
                "type", new Integer32(6))));
        walked.put("interfaces", rows("interfaces", interfaces));
        walked.put("entity_aliases", rows("entity_aliases", aliases));
        walked.put("optical_sensors", rows("optical_sensors", entities));
        return ProfileEvaluator.tables(ROUTER, "r", walked, Map.of(), 1L);
    }

    static Map<String, Sample> rx(ProfileEvaluator.Result r) {
        Map<String, Sample> out = new TreeMap<>();
        r.samples().stream().filter(s -> s.metric().equals(Metrics.OPTICAL_RX_POWER_DBM))
                .forEach(s -> assertThat(out.put(s.labels().get(Metrics.LABEL_IF_INDEX), s)).as("one per port").isNull());
        return out;
    }

    static TableRows rows(String table, Map<OID, Map<String, Variable>> data) {
        List<String> columns = ROUTER.table(table).columnNames();
        TreeMap<OID, Variable[]> rows = new TreeMap<>();
        data.forEach((index, cells) -> {
            Variable[] row = new Variable[columns.size()];
            cells.forEach((c, v) -> row[columns.indexOf(c)] = v);
            rows.put(index, row);
        });
        return new TableRows(columns, rows);
    }

    void iface(int ifIndex, String name) {
        ifNames.put(ifIndex, name);
    }

    void entity(int index, String name, String descr, int containedIn) {
        Map<String, Variable> row = entities.computeIfAbsent(new OID(new int[] {index}), k -> new HashMap<>());
        row.put("name", new OctetString(name));
        row.put("descr", new OctetString(descr));
        row.put("contained_in", new Integer32(containedIn));
    }

    void sensor(int index, String name, String descr, int containedIn, int type, int scale, int precision, int value, int status) {
        entity(index, name, descr, containedIn);
        Map<String, Variable> row = entities.get(new OID(new int[] {index}));
        row.put("type", new Integer32(type));
        row.put("scale", new Integer32(scale));
        row.put("precision", new Integer32(precision));
        row.put("value", new Integer32(value));
        row.put("status", new Integer32(status));
    }

    void alias(int entity, int ifIndex) {
        aliases.put(new OID(new int[] {entity, 0}), Map.of("target", new OID("1.3.6.1.2.1.2.2.1.1").append(ifIndex)));
    }
}
