package org.didban.agent.trap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.didban.agent.WireText;
import org.didban.agent.config.SnmpCredentials;
import org.didban.model.EventTypes;
import org.junit.jupiter.api.Test;
import org.snmp4j.PDU;
import org.snmp4j.PDUv1;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.VariableBinding;

/** The mapping from notification to event, and the settings' checks, without a socket. */
class TrapMapperTest {

    private static PDU v2(OID trapOid, VariableBinding... vbs) {
        PDU pdu = new PDU();
        pdu.setType(PDU.TRAP);
        pdu.add(new VariableBinding(SnmpConstants.sysUpTime, new TimeTicks(1)));
        pdu.add(new VariableBinding(SnmpConstants.snmpTrapOID, trapOid));
        for (VariableBinding vb : vbs) {
            pdu.add(vb);
        }
        return pdu;
    }

    @Test
    void linkDownTakesTheIndexFromAnotherIfEntryColumnAndBoundsTheName() {
        String huge = "x".repeat(5_000) + "\u0007";
        TrapMapper.Result r = TrapMapper.map("d", v2(TrapOids.LINK_DOWN,
                new VariableBinding(new OID("1.3.6.1.2.1.2.2.1.8.12"), new Integer32(2)),
                new VariableBinding(new OID("1.3.6.1.2.1.2.2.1.2.12"), new OctetString("bad\nname" + huge))), 5L);
        assertThat(r).isInstanceOf(TrapMapper.Mapped.class);
        var e = ((TrapMapper.Mapped) r).event();
        assertThat(e.type()).isEqualTo(EventTypes.LINK_DOWN);
        assertThat(e.timestamp()).isEqualTo(5L);
        assertThat(e.attributes()).containsEntry(EventTypes.ATTR_IF_INDEX, "12");
        assertThat(e.attributes().get(EventTypes.ATTR_IF_NAME)).hasSize(WireText.MAX_TEXT).startsWith("bad?name")
                .doesNotContain("\n");
    }

    @Test
    void v1EnterpriseSpecificBecomesTheV2Oid() {
        PDUv1 pdu = new PDUv1();
        pdu.setType(PDU.V1TRAP);
        pdu.setEnterprise(new OID("1.3.6.1.2.1.33.2"));
        pdu.setGenericTrap(PDUv1.ENTERPRISE_SPECIFIC);
        pdu.setSpecificTrap(1);
        assertThat(TrapMapper.v2TrapOid(pdu)).isEqualTo(TrapOids.UPS_TRAP_ON_BATTERY_V2);
        assertThat(((TrapMapper.Mapped) TrapMapper.map("ups", pdu, 1)).event().type())
                .isEqualTo(EventTypes.UPS_ON_BATTERY);
        pdu.setGenericTrap(PDUv1.COLDSTART);
        assertThat(TrapMapper.v2TrapOid(pdu)).isEqualTo(TrapOids.COLD_START);
    }

    @Test
    void tamperBackToNormalNeedsNoEventAndUnknownTrapsAreUnmapped() {
        OID state = new OID(TrapOids.DIDBAN_TAMPER_STATE).append(1);
        assertThat(TrapMapper.map("v", v2(TrapOids.DIDBAN_TAMPER_NOTIFICATION,
                new VariableBinding(state, new Integer32(1))), 1)).isInstanceOf(TrapMapper.Ignored.class);
        assertThat(TrapMapper.map("v", v2(new OID("1.3.6.1.4.1.9.9.1.0.1")), 1)).isInstanceOf(TrapMapper.Unmapped.class);
        PDU noTrapOid = new PDU();
        noTrapOid.setType(PDU.TRAP);
        assertThat(TrapMapper.map("v", noTrapOid, 1)).isInstanceOf(TrapMapper.Invalid.class);
        PDU wrongType = new PDU();
        wrongType.setType(PDU.TRAP);
        wrongType.add(new VariableBinding(SnmpConstants.snmpTrapOID, new OctetString("not an oid")));
        assertThat(TrapMapper.map("v", wrongType, 1)).isInstanceOf(TrapMapper.Invalid.class);
    }

    @Test
    void everyMappedTypeIsDefinedInEventTypes() {
        OID[] oids = {TrapOids.COLD_START, TrapOids.WARM_START, TrapOids.LINK_DOWN, TrapOids.LINK_UP,
            TrapOids.AUTHENTICATION_FAILURE, TrapOids.UPS_TRAP_ON_BATTERY, TrapOids.UPS_TRAP_ON_BATTERY_V2,
            TrapOids.ENT_CONFIG_CHANGE, TrapOids.DIDBAN_TAMPER_NOTIFICATION, TrapOids.DIDBAN_LOG_CHAIN_BROKEN_NOTIFICATION,
            TrapOids.DIDBAN_ADMIN_LOGIN_NOTIFICATION, TrapOids.DIDBAN_FLOW_DENIED_NOTIFICATION};
        for (OID oid : oids) {
            var r = TrapMapper.map("d", v2(oid), 1);
            assertThat(r).as(oid.toDottedString()).isInstanceOf(TrapMapper.Mapped.class);
            var e = ((TrapMapper.Mapped) r).event();
            assertThat(EventTypes.definition(e.type())).as(e.type()).isPresent();
            assertThat(e.attributes().keySet()).as(e.type())
                    .isSubsetOf(EventTypes.definition(e.type()).orElseThrow().attributes());
        }
    }

    @Test
    void settingsRefuseAmbiguousSourcesAndHideSecrets() throws Exception {
        InetAddress a = InetAddress.getByName("192.0.2.1");
        assertThatThrownBy(() -> TrapSettings.builder()
                .community("r1", a, SnmpCredentials.Community.of("c1"))
                .community("r2", a, SnmpCredentials.Community.of("c2")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both send from 192.0.2.1");
        assertThatThrownBy(() -> TrapSettings.builder()
                .usm("u1", a, SnmpCredentials.Usm.of("didban", "auth-pass-1", "priv-pass-1"), null)
                .usm("u2", InetAddress.getByName("192.0.2.2"),
                        SnmpCredentials.Usm.of("didban", "auth-pass-2", "priv-pass-2"), null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user 'didban'");
        assertThatThrownBy(() -> new TrapSource("r", a, SnmpCredentials.Community.of("c"), new byte[8]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs SNMPv3");
        assertThat(TrapSource.parseEngineId("0x80:00:1F:88:04")).containsExactly(0x80, 0x00, 0x1F, 0x88, 0x04);
        TrapSettings s = TrapSettings.builder()
                .usm("ups", a, SnmpCredentials.Usm.of("didban", "secret-auth-1", "secret-priv-1"),
                        TrapSource.parseEngineId("8000000001020304"))
                .build();
        assertThat(s.toString()).doesNotContain("secret-auth-1").doesNotContain("secret-priv-1").contains("8000000001020304");
        assertThat(s.listen().getPort()).isEqualTo(162);
        assertThat(s.source(a).deviceId()).isEqualTo("ups");
    }
}
