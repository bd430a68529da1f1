package org.didban.collector;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.didban.collector.cluster.ClusterSettings;
import org.didban.collector.demo.DurationConverter;
import picocli.CommandLine.Option;

/** {@code serve}'s options for running as one collector of a cluster (docs/OPERATIONS.md). */
final class ClusterOptions {
    @Option(names = "--cluster-members", paramLabel = "HOST:PORT", split = ",",
            description = "Run as one collector of a cluster: the cluster addresses of its collectors (this one may be"
                    + " among them). Needs the shared ledger (--ledger-url).")
    List<String> members;

    @Option(names = "--cluster-host", paramLabel = "HOST",
            description = "The private address this collector's cluster traffic uses (default ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--cluster-port", paramLabel = "PORT", description = "Its cluster port (default ${DEFAULT-VALUE}).")
    int port = 5701;

    @Option(names = "--cluster-name", paramLabel = "NAME", description = "The cluster's name (default ${DEFAULT-VALUE}).")
    String name = ClusterSettings.DEFAULT_NAME;

    @Option(names = "--cluster-failure-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Silence after which the others take a collector's counties (default 10s).")
    Duration failureTimeout = ClusterSettings.DEFAULT_FAILURE_TIMEOUT;

    @Option(names = "--cluster-replay", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How far back a dead collector's changes are told to the webhooks again (default 5m).")
    Duration replay = ClusterSettings.DEFAULT_REPLAY_WINDOW;

    @Option(names = "--cluster-ca", paramLabel = "DIR",
            description = "The cluster's own CA (made by 'didban cluster-ca', the same directory copied to every"
                    + " collector): the event bus between collectors is then mutual TLS. Needed unless --cluster-host"
                    + " is a loopback address.")
    Path ca;

    @Option(names = "--cluster-quorum", paramLabel = "N",
            description = "Collectors that must see each other before any holds a county (default: a majority of"
                    + " --cluster-members when 3 or more, else 1).")
    Integer quorum;

    /** Null when this collector runs on its own. @throws IllegalArgumentException on a bad setting */
    ClusterSettings settings() {
        if (members == null || members.isEmpty()) {
            return null;
        }
        ClusterSettings settings = new ClusterSettings(name, host, port, members, failureTimeout,
                ClusterSettings.DEFAULT_HANDOVER_TIMEOUT, replay,
                quorum != null ? quorum : ClusterSettings.defaultQuorum(members.size()));
        if (ca == null && !settings.onLoopback()) {
            throw new IllegalArgumentException("the event bus between collectors carries agents' batches and people's"
                    + " actions: give --cluster-ca DIR (made by 'didban cluster-ca --dir DIR', copied to every collector)");
        }
        return settings;
    }

    /** The event bus's TLS, or null when none was asked for (loopback only). Blocking: reads the CA and issues a certificate. */
    org.didban.collector.cluster.ClusterTls tls(ClusterSettings settings) throws java.io.IOException,
            java.security.GeneralSecurityException {
        return ca == null ? null : org.didban.collector.cluster.ClusterTls.open(ca, settings.name(), settings.host());
    }
}
