package org.didban.collector.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {
    private static final long WINDOW = 15 * 60_000L;
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final SignInThrottle throttle = new SignInThrottle(5, WINDOW, 3, now::get);

    private void fail(String name, String address) {
        SignInThrottle.Attempt a = throttle.begin(name, address);
        assertThat(a.refused()).as("attempt for %s from %s", name, address).isFalse();
        throttle.failed(a);
    }

    @Test
    void theSixthAttemptWithinTheWindowIsRefusedUntilTheOldestFailureAgesOut() {
        for (int i = 0; i < 5; i++) {
            fail("hq", "10.0.0." + i);
            now.addAndGet(60_000);
        }
        SignInThrottle.Attempt locked = throttle.begin("hq", "10.0.0.9");
        assertThat(locked.limitedBy()).isEqualTo(SignInThrottle.Limit.NAME);
        assertThat(locked.firstRefusal()).isTrue();
        // the oldest failure was 5 minutes ago: 10 minutes to go
        assertThat(locked.retryAfterMillis()).isEqualTo(WINDOW - 5 * 60_000);
        assertThat(throttle.begin("hq", "10.0.0.9").firstRefusal()).isFalse();

        now.addAndGet(WINDOW - 5 * 60_000);
        SignInThrottle.Attempt later = throttle.begin("hq", "10.0.0.9");
        assertThat(later.refused()).isFalse();
        throttle.failed(later);
        // four of the five are still in the window, plus this one: locked again, a new lock to report
        SignInThrottle.Attempt again = throttle.begin("hq", "10.0.0.9");
        assertThat(again.refused()).isTrue();
        assertThat(again.firstRefusal()).isTrue();
    }

    @Test
    void aSuccessClearsTheNameButNotTheAddress() {
        for (int i = 0; i < 4; i++) {
            fail("name-" + i, "10.0.0.1");
        }
        fail("hq", "10.0.0.1");
        assertThat(throttle.begin("planner", "10.0.0.1").limitedBy()).isEqualTo(SignInThrottle.Limit.ADDRESS);

        for (int i = 0; i < 4; i++) {
            fail("admin", "10.0.1." + i);
        }
        SignInThrottle.Attempt right = throttle.begin("admin", "10.0.2.1");
        throttle.succeeded(right);
        assertThat(throttle.begin("admin", "10.0.2.2").refused()).isFalse();
    }

    @Test
    void attemptsBeingCheckedCountUntilKnownAndAWithdrawnOneNotAtAll() {
        SignInThrottle.Attempt[] pending = new SignInThrottle.Attempt[5];
        for (int i = 0; i < 5; i++) {
            pending[i] = throttle.begin("hq", "10.0.0.1");
            assertThat(pending[i].refused()).isFalse();
        }
        SignInThrottle.Attempt sixth = throttle.begin("hq", "10.0.0.1");
        assertThat(sixth.refused()).isTrue();
        assertThat(sixth.retryAfterMillis()).isEqualTo(1_000);
        throttle.withdrawn(pending[0]);
        throttle.succeeded(pending[1]);
        assertThat(throttle.begin("hq", "10.0.0.1").refused()).isFalse();
    }

    @Test
    void holdsAtMostSoManyNamesAndAddresses() {
        for (int i = 0; i < 10; i++) {
            fail("name-" + i, "10.0.0." + i);
        }
        assertThat(throttle.keys()).isLessThanOrEqualTo(6);
        // what is not counted any more is not held either
        now.addAndGet(WINDOW + 1);
        SignInThrottle.Attempt a = throttle.begin("x", "10.9.9.9");
        throttle.succeeded(a);
        assertThat(throttle.keys()).isLessThanOrEqualTo(6);
    }
}
