package org.didban.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.simulator.SimulatorPollTest.value;

import java.util.List;
import org.didban.agent.config.SnmpCredentials;
import org.didban.agent.snmp.DeviceReading;
import org.didban.agent.snmp.SitePoller;
import org.didban.agent.snmp.SnmpSession;
import org.didban.agent.snmp.StandardMib;
import org.didban.model.DeviceRole;
import org.didban.model.Metrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.snmp4j.smi.IpAddress;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;

/** Odd answers (wrong types, missing objects, truncated tables) are skipped and counted, never fatal. */
class MalformedReplyTest {
    SimulatedFleet fleet;
    SnmpSession session;
    SimulatedDevice router;
    SitePoller poller;

    @BeforeEach
    void start() throws Exception {
        fleet = SimulatedFleet.start();
        session = SnmpSession.open();
        router = fleet.addDevice("r", DeviceRole.ROUTER, SnmpCredentials.Community.of("branch-ro"));
        poller = new SitePoller(session, List.of(router.deviceConfig()));
    }

    @AfterEach
    void stop() {
        session.close();
        fleet.close();
    }

    @Test
    void wrongTypesAreSkippedAndCounted() throws Exception {
        router.setValue(oid(StandardMib.IF_OPER_STATUS, 1), new OctetString("up"));
        router.setValue(StandardMib.SYS_UPTIME, new IpAddress("10.0.0.1"));
        router.setValue(StandardMib.SYS_OBJECT_ID, new OctetString("not an oid"));

        DeviceReading r = poller.poll().get(30, java.util.concurrent.TimeUnit.SECONDS).reading("r");
        assertThat(r.answered()).isTrue();
        assertThat(r.oddValues()).isEqualTo(3);
        assertThat(value(r, Metrics.IF_OPER_STATUS, "wan0")).isNull();
        assertThat(value(r, Metrics.IF_OPER_STATUS, "lan0")).isEqualTo(1.0);
        assertThat(value(r, Metrics.SYS_UPTIME_SECONDS, null)).isNull();
        assertThat(value(r, Metrics.DEVICE_UP, null)).isEqualTo(1.0);
    }

    @Test
    void missingScalarsAndTruncatedRowsAreSkippedAndCounted() throws Exception {
        router.removeObject(StandardMib.SYS_UPTIME); // GET answers noSuchInstance
        router.removeObject(oid(StandardMib.IF_HC_IN_OCTETS, 2)); // row 2 lacks one column
        router.removeObject(oid(StandardMib.IF_NAME, 3)); // the name falls back to ifDescr

        DeviceReading r = poller.poll().get(30, java.util.concurrent.TimeUnit.SECONDS).reading("r");
        assertThat(r.answered()).isTrue();
        assertThat(r.oddValues()).isEqualTo(3);
        assertThat(value(r, Metrics.IF_IN_OCTETS_TOTAL, "lan0")).isNull();
        assertThat(value(r, Metrics.IF_OUT_OCTETS_TOTAL, "lan0")).isNotNull();
        assertThat(value(r, Metrics.IF_TYPE, "wwan0")).isEqualTo(243.0);
    }

    @Test
    void aTableWithRowsUnderTwoLevelIndexesIsNotFollowedAsInterfaces() throws Exception {
        router.setValue(new OID(StandardMib.IF_TYPE).append("7.7"), new org.snmp4j.smi.Integer32(6));
        DeviceReading r = poller.poll().get(30, java.util.concurrent.TimeUnit.SECONDS).reading("r");
        assertThat(r.answered()).isTrue();
        assertThat(r.oddValues()).isEqualTo(1);
        assertThat(r.samples()).filteredOn(s -> s.metric().equals(Metrics.IF_TYPE)).hasSize(3);
    }

    @Test
    void theAgentKeepsPollingAfterOddAnswers() throws Exception {
        router.setValue(oid(StandardMib.IF_OPER_STATUS, 1), new OctetString("up"));
        assertThat(poller.poll().get(30, java.util.concurrent.TimeUnit.SECONDS).oddValues()).isEqualTo(1);
        router.setValue(oid(StandardMib.IF_OPER_STATUS, 1), new org.snmp4j.smi.Integer32(1));
        DeviceReading r = poller.poll().get(30, java.util.concurrent.TimeUnit.SECONDS).reading("r");
        assertThat(r.oddValues()).isZero();
        assertThat(value(r, Metrics.IF_OPER_STATUS, "wan0")).isEqualTo(1.0);
    }

    static OID oid(OID column, int index) {
        return new OID(column).append(index);
    }
}
