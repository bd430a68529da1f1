package org.didban.agent.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test helper itself: a port taken between "found free" and snmpd's bind is not a failure. */
class SnmpdTest {
    @TempDir
    Path dir;

    @Test
    void aTakenPortIsRetriedOnAnother() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            AtomicInteger calls = new AtomicInteger();
            try (Snmpd snmpd = Snmpd.start(dir, () -> {
                if (calls.getAndIncrement() == 0) {
                    return taken.getLocalPort();
                }
                try {
                    return Snmpd.freeUdpPort();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            })) {
                assertThat(calls.get()).isEqualTo(2);
                assertThat(snmpd.port()).isNotEqualTo(taken.getLocalPort());
            }
        }
    }
}
