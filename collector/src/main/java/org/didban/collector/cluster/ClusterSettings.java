package org.didban.collector.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a collector joins its cluster (docs/OPERATIONS.md).
 *
 * @param name            the cluster's name: collectors of another name never join this one
 * @param host            the address the cluster (Hazelcast and the event bus) listens on and is
 *                        reached at; a private network, never the agents' side
 * @param port            Hazelcast's port on {@code host}
 * @param members         {@code host:port} of the collectors to join (this one may be among them)
 * @param failureTimeout  how long a collector may stay silent before the others take its counties
 * @param handoverTimeout how long a collector taking counties from a live one waits for it to let go
 * @param replayWindow    how far back the changes of a dead collector's counties are told to the
 *                        webhooks again (receivers drop repeats by delivery id)
 * @param quorum          how many collectors must see each other before any holds a county: a
 *                        collector cut off from the rest holds none (and answers 503), so two halves
 *                        of a split cluster never both evaluate the same branches
 */
public record ClusterSettings(String name, String host, int port, List<String> members, Duration failureTimeout,
                              Duration handoverTimeout, Duration replayWindow, int quorum) {
    public static final String DEFAULT_NAME = "didban";
    public static final Duration DEFAULT_FAILURE_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_HANDOVER_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REPLAY_WINDOW = Duration.ofMinutes(5);

    public ClusterSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        members = List.copyOf(members);
        if (name.isBlank() || !name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("a cluster name is 1 to 64 letters, digits, '.', '_' or '-'");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("the cluster port must be 1 to 65535, not " + port);
        }
        if (members.isEmpty()) {
            throw new IllegalArgumentException("name at least one cluster member (host:port)");
        }
        for (String m : members) {
            if (!m.matches("[A-Za-z0-9.:\\[\\]_-]{1,255}:[0-9]{1,5}")) {
                throw new IllegalArgumentException("a cluster member is host:port, not '" + m + "'");
            }
        }
        if (failureTimeout.toSeconds() < 2 || failureTimeout.toMinutes() > 10) {
            throw new IllegalArgumentException("the failure timeout must be 2 s to 10 min");
        }
        if (quorum < 1 || quorum > members.size()) {
            throw new IllegalArgumentException("the quorum must be 1 to the " + members.size() + " members named, not " + quorum);
        }
        if (loopback(host) && members.stream().anyMatch(m -> !loopback(m.substring(0, m.lastIndexOf(':'))))) {
            throw new IllegalArgumentException("the cluster host " + host + " is a loopback address but other members are"
                    + " not: give --cluster-host the address the others reach this collector by");
        }
        if (handoverTimeout.isNegative() || handoverTimeout.isZero() || replayWindow.isNegative()) {
            throw new IllegalArgumentException("the handover timeout must be positive and the replay window not negative");
        }
    }

    public static ClusterSettings of(String host, int port, List<String> members) {
        return new ClusterSettings(DEFAULT_NAME, host, port, members, DEFAULT_FAILURE_TIMEOUT, DEFAULT_HANDOVER_TIMEOUT,
                DEFAULT_REPLAY_WINDOW, defaultQuorum(members.size()));
    }

    /**
     * A majority of three or more; one of two, since two cannot tell a dead collector from a cut-off
     * one and losing one must not stop the other (docs/OPERATIONS.md says what that risks).
     */
    public static int defaultQuorum(int members) {
        return members >= 3 ? members / 2 + 1 : 1;
    }

    /** True when this collector's cluster traffic stays on the machine (a test, a demo). */
    public boolean onLoopback() {
        return loopback(host);
    }

    private static boolean loopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1");
    }
}
