package org.didban.collector.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What `serve --cluster-*` accepts, and what it refuses with a reason. */
class ClusterSettingsTest {
    private static ClusterSettings settings(String host, List<String> members, int quorum) {
        return new ClusterSettings("didban", host, 5701, members, Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofMinutes(5), quorum);
    }

    @Test
    void aMajorityOfThreeOrMoreAndOneOfTwoByDefault() {
        assertThat(ClusterSettings.defaultQuorum(1)).isEqualTo(1);
        assertThat(ClusterSettings.defaultQuorum(2)).isEqualTo(1);
        assertThat(ClusterSettings.defaultQuorum(3)).isEqualTo(2);
        assertThat(ClusterSettings.defaultQuorum(5)).isEqualTo(3);
        assertThat(ClusterSettings.of("10.0.0.11", 5701, List.of("10.0.0.11:5701", "10.0.0.12:5701", "10.0.0.13:5701"))
                .quorum()).isEqualTo(2);
    }

    @Test
    void aQuorumBeyondTheMembersNamedIsRefused() {
        assertThatThrownBy(() -> settings("127.0.0.1", List.of("127.0.0.1:5701", "127.0.0.1:5702"), 3))
                .hasMessageContaining("quorum must be 1 to the 2 members");
        assertThatThrownBy(() -> settings("127.0.0.1", List.of("127.0.0.1:5701"), 0)).hasMessageContaining("quorum");
    }

    @Test
    void aLoopbackClusterAddressWithRemoteMembersIsRefused() {
        // it would form a cluster of one and hold every county beside the real cluster
        assertThatThrownBy(() -> settings("127.0.0.1", List.of("10.0.0.11:5701", "10.0.0.12:5701"), 1))
                .hasMessageContaining("loopback");
        assertThat(settings("127.0.0.2", List.of("127.0.0.1:5701", "[::1]:5702", "localhost:5703"), 2).members())
                .hasSize(3);
    }

    @Test
    void membersAreHostAndPort() {
        assertThatThrownBy(() -> settings("127.0.0.1", List.of(), 1)).hasMessageContaining("at least one");
        assertThatThrownBy(() -> settings("127.0.0.1", List.of("127.0.0.1"), 1)).hasMessageContaining("host:port");
        assertThatThrownBy(() -> settings("127.0.0.1", List.of("127.0.0.1:5701;rm -rf /"), 1))
                .hasMessageContaining("host:port");
    }

    @Test
    void aNameIsPlainAndTimingsAreBounded() {
        assertThatThrownBy(() -> new ClusterSettings("bad name!", "127.0.0.1", 5701, List.of("127.0.0.1:5701"),
                Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMinutes(5), 1)).hasMessageContaining("name");
        assertThatThrownBy(() -> new ClusterSettings("didban", "127.0.0.1", 5701, List.of("127.0.0.1:5701"),
                Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(5), 1)).hasMessageContaining("2 s");
        assertThatThrownBy(() -> new ClusterSettings("didban", "127.0.0.1", 0, List.of("127.0.0.1:5701"),
                Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMinutes(5), 1)).hasMessageContaining("port");
    }
}
