package org.didban.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.didban.collector.cluster.ClusterSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ClusterCaCommandTest {
    @TempDir
    Path dir;

    @Test
    void makesTheClusterCaOnceAndNeverReplacesIt() throws Exception {
        Path ca = dir.resolve("cluster-ca");
        CommandRun made = CommandRun.of("cluster-ca", "--dir", ca.toString());
        assertThat(made.exit()).as(made.err()).isZero();
        assertThat(made.out()).contains("cluster CA made in " + ca).contains("SHA-256");
        assertThat(Files.readString(ca.resolve("ca-cert.pem"))).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ca.resolve("ca-key.pem"))))
                .isEqualTo("rw-------");
        String key = Files.readString(ca.resolve("ca-key.pem"));

        CommandRun again = CommandRun.of("cluster-ca", "--dir", ca.toString());
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("holds a CA already").contains("not replaced");
        assertThat(Files.readString(ca.resolve("ca-key.pem"))).isEqualTo(key);
    }

    @Test
    void aClusterOffTheMachineNeedsItsCa() throws Exception {
        ClusterOptions remote = parse("--cluster-members", "10.0.0.11:5701,10.0.0.12:5701,10.0.0.13:5701",
                "--cluster-host", "10.0.0.11");
        assertThatThrownBy(remote::settings).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--cluster-ca");

        CommandRun.of("cluster-ca", "--dir", dir.resolve("ca").toString());
        ClusterOptions withCa = parse("--cluster-members", "10.0.0.11:5701,10.0.0.12:5701,10.0.0.13:5701",
                "--cluster-host", "10.0.0.11", "--cluster-ca", dir.resolve("ca").toString());
        ClusterSettings settings = withCa.settings();
        assertThat(withCa.tls(settings)).isNotNull();

        ClusterOptions loopback = parse("--cluster-members", "127.0.0.1:5701,127.0.0.1:5702");
        assertThat(loopback.tls(loopback.settings())).as("plain text on loopback").isNull();
        assertThat(loopback.settings().members()).isEqualTo(List.of("127.0.0.1:5701", "127.0.0.1:5702"));
    }

    private static ClusterOptions parse(String... args) {
        ClusterOptions options = new ClusterOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }
}
