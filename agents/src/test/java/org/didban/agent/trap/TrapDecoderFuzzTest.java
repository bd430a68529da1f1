package org.didban.agent.trap;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import org.didban.agent.config.SnmpCredentials;
import org.didban.agent.snmp.UsmSecurity;
import org.didban.model.Event;
import org.snmp4j.CommandResponder;
import org.snmp4j.CommandResponderEvent;
import org.snmp4j.MessageDispatcherImpl;
import org.snmp4j.MessageException;
import org.snmp4j.PDU;
import org.snmp4j.TransportStateReference;
import org.snmp4j.mp.CounterSupport;
import org.snmp4j.mp.MPv1;
import org.snmp4j.mp.MPv2c;
import org.snmp4j.mp.MPv3;
import org.snmp4j.mp.StatusInformation;
import org.snmp4j.security.SecurityLevel;
import org.snmp4j.security.SecurityModel;
import org.snmp4j.security.SecurityModels;
import org.snmp4j.security.SecurityProtocols;
import org.snmp4j.security.USM;
import org.snmp4j.smi.Address;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.transport.AbstractTransportMapping;

/**
 * Fuzzes the trap decoder: arbitrary datagrams through the path {@link TrapReceiver}'s worker takes
 * — {@link BerCheck}, then an SNMP4J stack set up as the receiver's (MPv1, MPv2c, MPv3 with USM and
 * engine discovery) decoding the message and its PDU, then {@link TrapMapper} on every decoded
 * notification and the acknowledgement of an inform. A datagram may only be dropped (refused by
 * BerCheck, not decoded by SNMP4J, not a notification, too many varbinds, no snmpTrapOID.0): an
 * exception out of any step fails, though the receiver would count it as malformed.
 *
 * <p>The harness skips the community and source checks so that fuzzed PDUs reach the mapper. A
 * normal build runs only the seeds in {@code TrapDecoderFuzzTestInputs/}; with {@code JAZZER_FUZZ=1}
 * it fuzzes (docs/SECURITY.md, section Fuzzing).
 */
class TrapDecoderFuzzTest {
    private static final String DEVICE = "THR-0001-router";
    private static final int MAX_VARBINDS = TrapSettings.DEFAULT_MAX_VARBINDS;
    private static final int MAX_ELEMENTS = 3 * MAX_VARBINDS + 64; // as TrapReceiver
    private static final byte[] ENGINE = MPv3.createLocalEngineID(new OctetString("didban-fuzz"));
    private static final UdpAddress FROM;
    private static final NullTransport TRANSPORT = new NullTransport();
    private static final MessageDispatcherImpl DISPATCHER = new MessageDispatcherImpl();

    static {
        try {
            FROM = new UdpAddress(InetAddress.getByName("127.0.0.7"), 161);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        SecurityProtocols protocols = UsmSecurity.strongProtocols();
        CounterSupport counters = new CounterSupport();
        OctetString engine = new OctetString(ENGINE);
        USM usm = new USM(protocols, engine, 0, counters);
        usm.setEngineDiscoveryEnabled(true);
        SnmpCredentials.Usm user = SnmpCredentials.Usm.of("didban", "auth-passphrase", "priv-passphrase");
        UsmSecurity.enable(protocols, user);
        usm.addUser(new OctetString(user.user()), engine, UsmSecurity.user(user));
        DISPATCHER.addMessageProcessingModel(new MPv1());
        DISPATCHER.addMessageProcessingModel(new MPv2c());
        DISPATCHER.addMessageProcessingModel(new MPv3(ENGINE, null, protocols,
                SecurityModels.getCollection(new SecurityModel[] {usm}), counters));
        DISPATCHER.addCommandResponder(new Mapper());
        DISPATCHER.addTransportMapping(TRANSPORT);
    }

    @FuzzTest(maxDuration = "3m")
    void decodeArbitraryDatagram(byte[] datagram) {
        BerCheck.Header header;
        try {
            header = BerCheck.check(datagram, MAX_ELEMENTS);
        } catch (BerCheck.Malformed e) {
            return; // counted as malformed
        }
        assertThat(header.version()).isIn(0, 1, 3);
        if (header.version() == 3) {
            assertThat(header.engineId()).isNotNull();
            assertThat(header.user()).isNotNull();
        }
        DISPATCHER.processMessage(TRANSPORT, FROM, ByteBuffer.wrap(datagram), new TransportStateReference(
                TRANSPORT, FROM, null, SecurityLevel.undefined, SecurityLevel.undefined, false, null));
    }

    /** What TrapReceiver's responder does once a notification is trusted. */
    private static final class Mapper implements CommandResponder {
        @Override
        public <A extends Address> void processPdu(CommandResponderEvent<A> event) {
            event.setProcessed(true);
            PDU pdu = event.getPDU();
            int type = pdu.getType();
            if (type != PDU.TRAP && type != PDU.V1TRAP && type != PDU.INFORM) {
                return; // counted: not a notification
            }
            if (pdu.size() > MAX_VARBINDS) {
                return; // counted: malformed
            }
            TrapMapper.Result result = TrapMapper.map(DEVICE, pdu, 1_700_000_000_000L);
            assertThat(result).isNotNull();
            if (result instanceof TrapMapper.Invalid) {
                return; // counted: malformed
            }
            if (result instanceof TrapMapper.Mapped m) {
                Event e = m.event();
                assertThat(e.device()).isEqualTo(DEVICE);
                for (Map.Entry<String, String> a : e.attributes().entrySet()) {
                    assertThat(a.getValue().chars().noneMatch(Character::isISOControl))
                            .as("attribute %s is clean", a.getKey()).isTrue();
                }
            }
            if (type == PDU.INFORM) {
                PDU response = (PDU) pdu.clone();
                response.setType(PDU.RESPONSE);
                response.setErrorStatus(PDU.noError);
                response.setErrorIndex(0);
                try {
                    DISPATCHER.returnResponsePdu(event.getMessageProcessingModel(), event.getSecurityModel(),
                            event.getSecurityName(), event.getSecurityLevel(), response,
                            event.getMaxSizeResponsePDU(), event.getStateReference(), new StatusInformation());
                } catch (MessageException e) {
                    // logged by the receiver: the inform is not acknowledged
                }
            }
        }
    }

    /** Where reports and acknowledgements go: nowhere. */
    private static final class NullTransport extends AbstractTransportMapping<UdpAddress> {
        @Override
        public Class<? extends Address> getSupportedAddressClass() {
            return UdpAddress.class;
        }

        @Override
        public void sendMessage(UdpAddress address, byte[] message, TransportStateReference state, long timeout,
                                int retries) {
        }

        @Override
        public void close() {
        }

        @Override
        public void listen() {
        }

        @Override
        public UdpAddress getListenAddress() {
            return new UdpAddress(162);
        }

        @Override
        public boolean isListening() {
            return true;
        }
    }
}
