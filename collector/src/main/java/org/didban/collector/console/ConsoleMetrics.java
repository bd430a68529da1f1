package org.didban.collector.console;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.IntSupplier;

/** What the console counts: sign-ins by outcome, CSRF refusals, sessions held. */
final class ConsoleMetrics {
    enum Outcome {
        SUCCESS, REFUSED, THROTTLED;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Counter signIns;
    private final Counter csrfRefusals;

    ConsoleMetrics(PrometheusRegistry registry) {
        signIns = Counter.builder().name("didban_console_sign_ins_total")
                .help("Console sign-in attempts, by outcome: success; refused (wrong name or password, disabled,"
                        + " no password); throttled (too many failures for the name or from the address, or too many"
                        + " checks at once)")
                .labelNames("outcome").register(registry);
        for (Outcome o : Outcome.values()) {
            signIns.labelValues(o.label());
        }
        csrfRefusals = Counter.builder().name("didban_console_csrf_refusals_total")
                .help("Requests of a console session refused for a missing or wrong X-CSRF-Token.")
                .register(registry);
    }

    /** Registered once the store exists. */
    void sessions(PrometheusRegistry registry, IntSupplier held) {
        GaugeWithCallback.builder().name("didban_console_sessions")
                .help("Console sessions held: signed in, or ended and not yet swept (idle ones go within a second).")
                .callback(cb -> cb.call(held.getAsInt())).register(registry);
    }

    void signIn(Outcome outcome) {
        signIns.labelValues(outcome.label()).inc();
    }

    void csrfRefused() {
        csrfRefusals.inc();
    }
}
