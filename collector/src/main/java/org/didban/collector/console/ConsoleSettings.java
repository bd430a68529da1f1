package org.didban.collector.console;

import java.time.Duration;
import java.util.Objects;

/**
 * How long console sessions last, how hard sign-in guessing is throttled, and where the console's
 * files are on the classpath. {@link #standard()} is what the collector runs with; tests shorten
 * the times.
 *
 * @param idleTimeout           a session unused this long ends
 * @param absoluteLifetime      a session ends this long after sign-in, however busy
 * @param failuresBeforeThrottle failed sign-ins for one name, or from one address, within
 *                              {@code throttleWindow} before further attempts are answered 429
 * @param throttleWindow        how long a failed sign-in counts
 * @param staticRoot            classpath folder of the console's files (index.html, …)
 */
public record ConsoleSettings(Duration idleTimeout, Duration absoluteLifetime, int failuresBeforeThrottle,
                              Duration throttleWindow, String staticRoot) {
    public static final String STATIC_ROOT = "didban-console";

    public ConsoleSettings {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(absoluteLifetime, "absoluteLifetime");
        Objects.requireNonNull(throttleWindow, "throttleWindow");
        Objects.requireNonNull(staticRoot, "staticRoot");
        if (idleTimeout.isNegative() || idleTimeout.isZero() || absoluteLifetime.isNegative() || absoluteLifetime.isZero()
                || throttleWindow.isNegative() || throttleWindow.isZero()) {
            throw new IllegalArgumentException("console times must be positive");
        }
        if (failuresBeforeThrottle < 1) {
            throw new IllegalArgumentException("failuresBeforeThrottle must be at least 1");
        }
    }

    /** 30 minutes idle, 12 hours at most, 5 failures in 15 minutes. */
    public static ConsoleSettings standard() {
        return new ConsoleSettings(Duration.ofMinutes(30), Duration.ofHours(12), 5, Duration.ofMinutes(15), STATIC_ROOT);
    }

    public ConsoleSettings withSessionTimes(Duration idle, Duration absolute) {
        return new ConsoleSettings(idle, absolute, failuresBeforeThrottle, throttleWindow, staticRoot);
    }

    public ConsoleSettings withThrottle(int failures, Duration window) {
        return new ConsoleSettings(idleTimeout, absoluteLifetime, failures, window, staticRoot);
    }

    public ConsoleSettings withStaticRoot(String root) {
        return new ConsoleSettings(idleTimeout, absoluteLifetime, failuresBeforeThrottle, throttleWindow, root);
    }
}
