package org.didban.agent.trap;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import org.snmp4j.CommunityTarget;
import org.snmp4j.MessageDispatcherImpl;
import org.snmp4j.PDU;
import org.snmp4j.Snmp;
import org.snmp4j.mp.MPv1;
import org.snmp4j.mp.MPv2c;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.VariableBinding;
import org.snmp4j.transport.DefaultUdpTransportMapping;

/** An SNMP4J v2c trap sender with its own stack, bound to one loopback address. */
final class Snmp4jSender implements AutoCloseable {
    private final Snmp snmp;
    private final CommunityTarget<UdpAddress> target;

    Snmp4jSender(String bindAddress, InetSocketAddress receiver, String community) throws IOException {
        MessageDispatcherImpl dispatcher = new MessageDispatcherImpl();
        dispatcher.addMessageProcessingModel(new MPv1());
        dispatcher.addMessageProcessingModel(new MPv2c());
        DefaultUdpTransportMapping transport = new DefaultUdpTransportMapping(
                new UdpAddress(InetAddress.getByName(bindAddress), 0), false);
        snmp = new Snmp(dispatcher, transport);
        snmp.listen();
        target = new CommunityTarget<>(new UdpAddress(receiver.getAddress(), receiver.getPort()),
                new OctetString(community));
        target.setVersion(SnmpConstants.version2c);
    }

    /** A v2c linkUp/linkDown trap for an interface. */
    static PDU linkTrap(boolean up, int ifIndex) {
        PDU pdu = new PDU();
        pdu.setType(PDU.TRAP);
        pdu.add(new VariableBinding(SnmpConstants.sysUpTime, new TimeTicks(4200)));
        pdu.add(new VariableBinding(SnmpConstants.snmpTrapOID, up ? TrapOids.LINK_UP : TrapOids.LINK_DOWN));
        pdu.add(new VariableBinding(new OID(TrapOids.IF_INDEX).append(ifIndex), new Integer32(ifIndex)));
        return pdu;
    }

    void send(PDU pdu) throws IOException {
        snmp.send(pdu, target);
    }

    /** The bytes SNMP4J puts on the wire for {@code pdu} (caught on a plain socket). */
    static byte[] encode(PDU pdu, String community) throws IOException {
        try (DatagramSocket catcher = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             Snmp4jSender s = new Snmp4jSender("127.0.0.1",
                     new InetSocketAddress(InetAddress.getLoopbackAddress(), catcher.getLocalPort()), community)) {
            catcher.setSoTimeout(10_000);
            s.send(pdu);
            DatagramPacket p = new DatagramPacket(new byte[65_535], 65_535);
            catcher.receive(p);
            return Arrays.copyOf(p.getData(), p.getLength());
        }
    }

    @Override
    public void close() throws IOException {
        snmp.close();
    }
}
