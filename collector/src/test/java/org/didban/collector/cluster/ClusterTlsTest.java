package org.didban.collector.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.didban.collector.enroll.CertificateAuthority;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Collectors of one cluster speak on the event bus over mutual TLS; a member with another CA's
 * certificate joins Hazelcast (which has no authentication of its own) but can neither reach the
 * collectors' consumers nor be reached by them.
 */
class ClusterTlsTest {
    @TempDir
    Path dir;

    private final List<Vertx> started = new ArrayList<>();

    @AfterEach
    void stop() {
        for (Vertx v : started) {
            try {
                v.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                // the next one must still be stopped
            }
        }
    }

    @Test
    void membersTalkAndAStrangerWithAnotherCaCannot() throws Exception {
        Path ca = dir.resolve("cluster-ca");
        Path otherCa = dir.resolve("other-ca");
        ClusterTls.createCa(ca);
        ClusterTls.createCa(otherCa);
        List<Integer> ports = org.didban.collector.testing.ServeProcess.freeLoopbackPorts(3);
        List<String> members = ports.stream().map(p -> "127.0.0.1:" + p).toList();

        // joined together: a lone member waits for the others it was told of before it forms a cluster
        List<Future<ClusterNode>> joining = List.of(
                join(ports.get(0), members, ClusterTls.open(ca, "test", "127.0.0.1")),
                join(ports.get(1), members, ClusterTls.open(ca, "test", "127.0.0.1")),
                join(ports.get(2), members, ClusterTls.open(otherCa, "test", "127.0.0.1")));
        List<Vertx> nodes = new ArrayList<>();
        for (Future<ClusterNode> f : joining) {
            Vertx v = f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS).vertx();
            started.add(v);
            nodes.add(v);
        }
        Vertx one = nodes.get(0);
        Vertx two = nodes.get(1);
        Vertx stranger = nodes.get(2);
        one.eventBus().<String>consumer("didban.test.probe", m -> m.reply("pong from one"));
        stranger.eventBus().<String>consumer("didban.test.stranger", m -> m.reply("pong from the stranger"));

        // the member gets its answer once the subscription has spread
        String answer = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (answer == null && System.nanoTime() < deadline) {
            answer = ask(two, "didban.test.probe");
        }
        assertThat(answer).isEqualTo("pong from one");

        // the stranger sees the subscription too (Hazelcast told it) but its connection is refused
        assertThat(ask(stranger, "didban.test.probe")).isNull();
        assertThat(ask(stranger, "didban.test.probe")).isNull();
        // and a member never delivers to it
        assertThat(ask(one, "didban.test.stranger")).isNull();
        // while the members still talk
        assertThat(ask(two, "didban.test.probe")).isEqualTo("pong from one");
    }

    @Test
    void aMembersCertificateNamesItsHostAndClusterForBothEndsOfAConnection() throws Exception {
        Path ca = dir.resolve("cluster-ca");
        ClusterTls.createCa(ca);
        ClusterTls member = ClusterTls.open(ca, "national", "10.0.0.11");
        assertThat(member.certificate().getSubjectAlternativeNames())
                .contains(List.of(7, "10.0.0.11"), List.of(6, "didban:cluster:national"));
        assertThat(member.certificate().getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    }

    @Test
    void theAgentsCaAndTheClustersNeverStandInForEachOther() throws Exception {
        // every enrolled agent holds a certificate of the agents' CA: it must not open the event bus
        CertificateAuthority.openOrCreate(dir);
        assertThatThrownBy(() -> ClusterTls.open(dir, "test", "127.0.0.1"))
                .isInstanceOf(java.security.GeneralSecurityException.class).hasMessageContaining("not a cluster CA");
        // nor the other way round: agents issued certificates by the cluster's CA would open the bus
        Path cluster = dir.resolve("cluster-ca");
        ClusterTls.createCa(cluster);
        assertThatThrownBy(() -> CertificateAuthority.openOrCreate(cluster))
                .isInstanceOf(java.security.GeneralSecurityException.class).hasMessageContaining("cluster's CA");
    }

    @Test
    void aMissingCaIsRefusedWithWhatToDoAndAnExistingOneIsNeverReplaced() throws Exception {
        assertThatThrownBy(() -> ClusterTls.open(dir.resolve("none"), "test", "127.0.0.1"))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("didban cluster-ca --dir");
        ClusterTls.createCa(dir.resolve("ca"));
        assertThatThrownBy(() -> ClusterTls.createCa(dir.resolve("ca")))
                .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
    }

    private static Future<ClusterNode> join(int port, List<String> members, ClusterTls tls) {
        return ClusterNode.join(new ClusterSettings("test", "127.0.0.1", port, members, Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofMinutes(5), 1), tls);
    }

    /** The answer, or null when none came within 3 s. */
    private static String ask(Vertx from, String address) throws Exception {
        try {
            return from.eventBus().<String>request(address, "ping",
                    new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(3_000))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).body();
        } catch (java.util.concurrent.ExecutionException e) {
            return null;
        }
    }
}
