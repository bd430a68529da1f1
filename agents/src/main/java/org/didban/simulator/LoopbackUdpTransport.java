package org.didban.simulator;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.snmp4j.TransportStateReference;
import org.snmp4j.security.SecurityLevel;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.transport.UdpTransportMapping;

/**
 * An SNMP4J UDP transport for one simulated device: a non-blocking socket on a loopback address
 * (port 0 unless given; the real port is read back), read by the fleet's shared {@link SelectorLoop}
 * instead of a thread of its own.
 */
final class LoopbackUdpTransport extends UdpTransportMapping {
    private final DatagramChannel channel;
    private final SelectorLoop loop;
    private volatile boolean listening;

    LoopbackUdpTransport(InetAddress address, int port, SelectorLoop loop) throws IOException {
        super(new UdpAddress(address, port));
        if (!address.isLoopbackAddress()) {
            throw new IllegalArgumentException("simulated devices only bind loopback addresses, not " + address);
        }
        this.loop = loop;
        this.channel = DatagramChannel.open(address instanceof java.net.Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        channel.configureBlocking(false);
        channel.bind(new InetSocketAddress(address, port));
        InetSocketAddress bound = (InetSocketAddress) channel.getLocalAddress();
        this.udpAddress = new UdpAddress(bound.getAddress(), bound.getPort());
    }

    InetSocketAddress socketAddress() {
        return new InetSocketAddress(udpAddress.getInetAddress(), udpAddress.getPort());
    }

    @Override
    public void listen() {
        if (listening) {
            return;
        }
        listening = true;
        loop.register(channel, this::receive);
    }

    private void receive(InetSocketAddress from, ByteBuffer datagram) {
        if (!listening) {
            return;
        }
        TransportStateReference state = new TransportStateReference(this, udpAddress, null,
                SecurityLevel.undefined, SecurityLevel.undefined, false, null);
        fireProcessMessage(new UdpAddress(from.getAddress(), from.getPort()), datagram, state);
    }

    @Override
    public void sendMessage(UdpAddress target, byte[] message, TransportStateReference state, long timeout,
                            int maxRetries) throws IOException {
        // loopback UDP never blocks for long; a full buffer just drops the answer, like a busy device
        channel.send(ByteBuffer.wrap(message), new InetSocketAddress(target.getInetAddress(), target.getPort()));
    }

    @Override
    public boolean isListening() {
        return listening;
    }

    @Override
    public void close() throws IOException {
        listening = false;
        channel.close();
    }
}
