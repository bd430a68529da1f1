package org.didban.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;

class BackoffTest {
    @RepeatedTest(20)
    void doublesWithJitterUpToTheCap() {
        Backoff b = Backoff.DEFAULT;
        assertThat(b.delay(0)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(b.delay(3)).isBetween(Duration.ofMillis(800), Duration.ofMillis(1600));
        assertThat(b.delay(50)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
    }
}
