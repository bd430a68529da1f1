package org.didban.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.agent.testing.FakeCollector.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.didban.agent.config.Secret;
import org.didban.agent.config.SiteConfig;
import org.didban.agent.testing.FakeCollector;
import org.didban.simulator.SimulatedBranch;
import org.didban.simulator.SimulatedFleet;
import org.didban.wire.SiteBatch;
import org.junit.jupiter.api.Test;

/** A site whose {@code collector:} lists two nodes, the first of them gone: the agent delivers to the second. */
class SiteAgentFailoverTest {

    @Test
    void batchesReachTheSecondNodeWhenTheFirstIsGoneAndTheFailoverIsCounted() throws Exception {
        try (SimulatedFleet fleet = SimulatedFleet.start();
             FakeCollector second = new FakeCollector()) {
            URI gone;
            try (FakeCollector first = new FakeCollector()) {
                gone = first.uri();
            } // closed: its port refuses connections
            SimulatedBranch branch = fleet.addBranch("THR-0001", SiteAgentTest.V3);
            SiteConfig config = branch.siteConfig("THR-0001-a", gone, Secret.of("token-1"), Duration.ofSeconds(1))
                    .withCollectors(List.of(gone, second.uri()));
            try (SiteAgent agent = SiteAgent.builder(config).build()) {
                agent.start();
                await("three batches delivered", SiteAgentTest.WAIT, () -> agent.stats().batchesSent() >= 3);
                agent.stop();

                List<SiteBatch> got = second.accepted();
                assertThat(got).extracting(SiteBatch::seq)
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, got.size()).boxed().toList());
                assertThat(agent.stats().failovers()).isEqualTo(1);
                assertThat(got.size()).as("every batch the agent counted reached the second node")
                        .isGreaterThanOrEqualTo((int) agent.stats().batchesSent());
            }
        }
    }
}
