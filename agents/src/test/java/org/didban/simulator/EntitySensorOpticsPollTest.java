package org.didban.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.didban.agent.config.SnmpCredentials;
import org.didban.agent.lan.UplinkDetector;
import org.didban.agent.snmp.DeviceReading;
import org.didban.agent.snmp.SitePoller;
import org.didban.agent.snmp.SnmpSession;
import org.didban.model.DeviceRole;
import org.didban.model.Metrics;
import org.didban.model.Sample;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;

/**
 * A router without JUNIPER-DOM-MIB (a Cisco-like {@link SimulatedDevice.OpticsMib#ENTITY_SENSOR}
 * box) polled over SNMP with the shipped router profile: its transceiver's ENTITY-SENSOR receive
 * power comes out as the same {@code optical_rx_power_dbm{if_index, if_name}} series the Juniper
 * path gives.
 */
class EntitySensorOpticsPollTest {
    static final SnmpCredentials.Usm V3 = SnmpCredentials.Usm.of("didban", "auth-pass-123", "priv-pass-456");
    static final int RX = SimulatedDevice.opticsEntity(1, SimulatedDevice.ENT_OPTICS_RX_POWER);

    SimulatedFleet fleet;
    SnmpSession session;
    SimulatedDevice router;

    @BeforeEach
    void start() throws Exception {
        fleet = SimulatedFleet.start();
        session = SnmpSession.open();
        router = fleet.addDevice("cisco-router", DeviceRole.ROUTER, V3);
        router.opticsMib(SimulatedDevice.OpticsMib.ENTITY_SENSOR);
    }

    @AfterEach
    void stop() {
        session.close();
        fleet.close();
    }

    @Test
    void receivePowerFromEntitySensorIsTheSameSeriesAsFromJuniperDomAndFollowsTheFault() throws Exception {
        SimulatedDevice juniper = fleet.addDevice("juniper-router", DeviceRole.ROUTER, V3);
        DeviceReading r = poll(router);
        assertThat(r.answered()).isTrue();
        assertThat(r.oddValues()).as("odd values; tables %s", r.tables().keySet()).isZero();
        assertThat(r.table("optical").rows()).as("no JUNIPER-DOM rows").isEmpty();
        Sample rx = rx(r).get(0);
        assertThat(rx.value()).isEqualTo(SimulatedDevice.HEALTHY_OPTICAL_RX_DBM);
        assertThat(rx.labels().asMap()).isEqualTo(Map.of(Metrics.LABEL_IF_INDEX, "1", Metrics.LABEL_IF_NAME, "wan0"));
        assertThat(rx(r)).hasSize(1); // the transmit power sensor of the same transceiver is not it
        assertThat(r.samples()).noneMatch(s -> s.metric().equals(Metrics.OPTICAL_RX_LOW_WARNING_DBM));
        // the transceiver's temperature sensor is a temperature, not optics
        assertThat(r.samples()).filteredOn(s -> s.metric().equals(Metrics.TEMPERATURE_CELSIUS))
                .extracting(s -> s.labels().get(Metrics.LABEL_SENSOR), Sample::value)
                .contains(org.assertj.core.groups.Tuple.tuple("wan0 Module Temperature Sensor",
                        SimulatedDevice.TRANSCEIVER_TEMPERATURE_CELSIUS));

        Sample dom = rx(poll(juniper)).get(0);
        assertThat(dom.labels()).isEqualTo(rx.labels());
        assertThat(dom.value()).isEqualTo(rx.value());

        // the NET-05 fault method moves the ENTITY-SENSOR reading too (0.1 dB: precision 1)
        router.opticalRxPower(-27.31);
        assertThat(rx(poll(router)).get(0).value()).isEqualTo(-27.3);

        // and the reading still tells the uplink detector that wan0 is fiber, without its MAU type
        router.removeObject(new OID(MibObjects.IF_MAU_TYPE).append(1).append(1));
        DeviceReading detected = new UplinkDetector(List.of(router.deviceConfig())).apply(poll(router));
        assertThat(detected.samples()).filteredOn(s -> s.metric().equals(Metrics.UPLINK_ACTIVE))
                .extracting(s -> s.labels().get(Metrics.LABEL_KIND)).contains(Metrics.KIND_FIBER);

        // back to JUNIPER-DOM: the entity rows go, the DOM rows (with the threshold) come back
        router.opticsMib(SimulatedDevice.OpticsMib.JUNIPER_DOM);
        DeviceReading back = poll(router);
        assertThat(back.table("optical_sensors").rows().keySet()).doesNotContain(new OID(new int[] {RX}));
        assertThat(rx(back)).singleElement().satisfies(s -> assertThat(s.value()).isCloseTo(-27.31,
                org.assertj.core.data.Offset.offset(1e-9)));
        assertThat(back.samples()).anyMatch(s -> s.metric().equals(Metrics.OPTICAL_RX_LOW_WARNING_DBM));
    }

    @Test
    void scalePrecisionAndSignAreApplied() throws Exception {
        // precision 2: −27.31 dBm as −2731
        set(MibObjects.ENT_PHY_SENSOR_PRECISION, 2);
        set(MibObjects.ENT_PHY_SENSOR_VALUE, -2731);
        assertThat(rx(poll(router)).get(0).value()).isEqualTo(-27.31);
        // milli(8), precision 0: +1.5 dBm (a strong signal is positive) as 1500
        set(MibObjects.ENT_PHY_SENSOR_SCALE, MibObjects.SENSOR_SCALE_MILLI);
        set(MibObjects.ENT_PHY_SENSOR_PRECISION, 0);
        set(MibObjects.ENT_PHY_SENSOR_VALUE, 1500);
        Sample s = rx(poll(router)).get(0);
        assertThat(s.value()).isEqualTo(1.5);
        assertThat(s.labels().get(Metrics.LABEL_IF_NAME)).isEqualTo("wan0");
        // milli(8), precision 1: −0.5 dBm as −5
        set(MibObjects.ENT_PHY_SENSOR_PRECISION, 1);
        set(MibObjects.ENT_PHY_SENSOR_VALUE, -5);
        assertThat(rx(poll(router)).get(0).value()).isEqualTo(-0.0005);
    }

    @Test
    void aSensorNotReadingOkOrNotInDbmIsIgnored() throws Exception {
        set(MibObjects.ENT_PHY_SENSOR_OPER_STATUS, MibObjects.SENSOR_STATUS_NONOPERATIONAL);
        DeviceReading r = poll(router);
        assertThat(r.answered()).isTrue();
        assertThat(rx(r)).isEmpty();
        assertThat(r.oddValues()).isZero();

        set(MibObjects.ENT_PHY_SENSOR_OPER_STATUS, MibObjects.SENSOR_STATUS_OK);
        assertThat(rx(poll(router))).hasSize(1);

        set(MibObjects.ENT_PHY_SENSOR_TYPE, 6); // watts(6): not dBm
        assertThat(rx(poll(router))).isEmpty();
    }

    void set(OID column, int value) {
        router.setValue(new OID(column).append(RX), new Integer32(value));
    }

    DeviceReading poll(SimulatedDevice d) throws Exception {
        return new SitePoller(session, List.of(d.deviceConfig())).poll().get(30, TimeUnit.SECONDS).reading(d.id());
    }

    static List<Sample> rx(DeviceReading r) {
        return r.samples().stream().filter(s -> s.metric().equals(Metrics.OPTICAL_RX_POWER_DBM)).toList();
    }
}
