package org.didban.agent.trap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.didban.agent.config.SnmpCredentials;
import org.didban.model.Event;
import org.didban.model.EventTypes;
import org.junit.jupiter.api.Test;
import org.snmp4j.PDU;

/** Raw datagrams on loopback: broken BER is counted as malformed, never a crash, and the receiver goes on. */
class MalformedTrapTest {
    static final String DEVICE = "THR-0003-router";
    static final String COMMUNITY = "branch-traps";
    static final String SOURCE = "127.0.0.7";

    @Test
    void malformedDatagramsAreCountedAndTheReceiverGoesOn() throws Exception {
        TrapSink sink = new TrapSink();
        TrapSettings settings = TrapSettings.builder()
                .listen(InetAddress.getByName("127.0.0.1"), 0)
                .community(DEVICE, InetAddress.getByName(SOURCE), SnmpCredentials.Community.of(COMMUNITY))
                .rateLimit(10_000, 10_000)
                .build();
        byte[] good = Snmp4jSender.encode(Snmp4jSender.linkTrap(false, 4), COMMUNITY);
        assertThat(good[0]).isEqualTo((byte) 0x30);

        List<byte[]> bad = new ArrayList<>();
        // truncated BER: every proper prefix of a real trap
        for (int n = 1; n < good.length; n += 3) {
            bad.add(Arrays.copyOf(good, n));
        }
        // wrong length octets: outer length one too long, one too short; an inner length pointing past the end
        byte[] longer = good.clone();
        longer[1]++;
        bad.add(longer);
        byte[] shorter = good.clone();
        shorter[1]--;
        bad.add(shorter);
        byte[] inner = good.clone();
        inner[3] = 0x7F; // the version INTEGER claims 127 octets
        bad.add(inner);
        bad.add(new byte[] {0x30, (byte) 0x80, 0x02, 0x01, 0x01, 0x00, 0x00}); // indefinite length
        bad.add(new byte[] {0x30, (byte) 0x85, 1, 1, 1, 1, 1, 2, 1, 1}); // 5 length octets
        bad.add(new byte[] {0x30, (byte) 0x84, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x02, 0x01, 0x01});
        // a 60,000-varbind list: its header claims 60,000 varbinds' worth of bytes, the datagram has a few
        bad.add(sixtyThousandVarbindHeader());
        // as many real varbinds as fit in one datagram (with the right community): far above max-varbinds
        bad.add(packedTrap(COMMUNITY));
        // a version nobody speaks, a v3 message with a broken USM header
        bad.add(new byte[] {0x30, 0x0B, 0x02, 0x01, 0x07, 0x04, 0x01, 'x', (byte) 0xA7, 0x03, 0x02, 0x01, 0x00});
        bad.add(new byte[] {0x30, 0x0C, 0x02, 0x01, 0x03, 0x30, 0x00, 0x04, 0x02, 0x30, 0x00, 0x04, 0x01, 0x00});
        // random bytes (fixed seed), a few not even starting like a SEQUENCE
        Random random = new Random(20_260_501L);
        for (int i = 0; i < 200; i++) {
            byte[] b = new byte[1 + random.nextInt(i < 100 ? 64 : 1_400)];
            random.nextBytes(b);
            if (i % 2 == 0) {
                b[0] = 0x30; // looks like a message, then is not
            }
            bad.add(b);
        }
        // an empty datagram
        bad.add(new byte[0]);

        try (TrapReceiver receiver = TrapReceiver.start(settings, sink.eventConsumer(), sink.untrustedConsumer());
             DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(SOURCE), 0))) {
            InetSocketAddress to = receiver.localAddress();
            for (int i = 0; i < bad.size(); i++) {
                byte[] b = bad.get(i);
                socket.send(new DatagramPacket(b, b.length, to));
                long n = i + 1;
                // one at a time, so that a busy machine cannot drop any in the socket buffer
                TrapSink.await("datagram " + n + " to be read", () -> receiver.stats().received() >= n);
            }
            // then a good trap: the worker handles datagrams in order, so its event means all the bad were seen
            socket.send(new DatagramPacket(good, good.length, to));
            Event e = sink.nextEvent();
            assertThat(e.device()).isEqualTo(DEVICE);
            assertThat(e.type()).isEqualTo(EventTypes.LINK_DOWN);
            assertThat(e.attributes()).containsEntry(EventTypes.ATTR_IF_INDEX, "4");

            TrapStats s = receiver.stats();
            assertThat(s.received()).isEqualTo(bad.size() + 1L);
            assertThat(s.malformed()).isEqualTo(bad.size());
            assertThat(s.accepted()).isEqualTo(1);
            assertThat(s.untrustedTotal()).isZero();
            assertThat(sink.untrusted).isEmpty();
            assertThat(sink.events).isEmpty();

            // from an unknown address, garbage is malformed too (not an untrusted trap: it is no trap at all)
            try (DatagramSocket stranger = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.8"), 0))) {
                byte[] junk = {0x30, 0x03, 0x02, 0x05, 0x00};
                stranger.send(new DatagramPacket(junk, junk.length, to));
                stranger.send(new DatagramPacket(good, good.length, to));
                assertThat(sink.nextUntrusted().reason()).isEqualTo(UntrustedTrap.Reason.UNKNOWN_SOURCE);
            }
            assertThat(receiver.stats().malformed()).isEqualTo(bad.size() + 1L);

            // still works
            socket.send(new DatagramPacket(good, good.length, to));
            assertThat(sink.nextEvent().device()).isEqualTo(DEVICE);
        }
    }

    /** A v2c trap whose varbind list claims 60,000 seven-byte varbinds (420,000 bytes) and holds two. */
    private static byte[] sixtyThousandVarbindHeader() {
        ByteArrayOutputStream vbl = new ByteArrayOutputStream();
        vbl.write(0x30);
        vbl.write(0x83);
        int claimed = 60_000 * 7;
        vbl.write(claimed >> 16);
        vbl.write(claimed >> 8);
        vbl.write(claimed);
        for (int i = 0; i < 2; i++) {
            vbl.writeBytes(new byte[] {0x30, 0x05, 0x06, 0x01, 0x2B, 0x05, 0x00});
        }
        byte[] list = vbl.toByteArray();
        ByteArrayOutputStream pdu = new ByteArrayOutputStream();
        pdu.writeBytes(new byte[] {0x02, 0x01, 0x01, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00});
        pdu.writeBytes(list);
        byte[] pduBody = pdu.toByteArray();
        ByteArrayOutputStream msg = new ByteArrayOutputStream();
        msg.writeBytes(new byte[] {0x02, 0x01, 0x01, 0x04, 0x0C});
        msg.writeBytes(COMMUNITY.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        msg.write(0xA7);
        msg.write(0x81);
        msg.write(pduBody.length);
        msg.writeBytes(pduBody);
        byte[] body = msg.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        out.write(0x81);
        out.write(body.length);
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** A well-formed v2c trap with as many varbinds as fit in one UDP datagram (about 6,800). */
    private static byte[] packedTrap(String community) throws Exception {
        PDU pdu = Snmp4jSender.linkTrap(false, 1);
        // 1.3.i with a NULL value: 8 or 9 bytes a varbind
        for (int i = 0; i < 6_800; i++) {
            pdu.add(new org.snmp4j.smi.VariableBinding(new org.snmp4j.smi.OID("1.3").append(i), new org.snmp4j.smi.Null()));
        }
        byte[] b = Snmp4jSender.encode(pdu, community);
        assertThat(b.length).isBetween(60_000, 65_507);
        return b;
    }
}
