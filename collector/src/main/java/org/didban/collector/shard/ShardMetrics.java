package org.didban.collector.shard;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.didban.model.AlertState;
import org.didban.model.AlertTransition;
import org.didban.model.Severity;

/**
 * What the shards report about alerts and rule evaluation. Shared by all shards of a collector:
 * the Prometheus metric objects are thread-safe, so no shard reads another's state to report.
 */
public final class ShardMetrics {
    private final Gauge alertsActive;
    private final Counter transitions;
    private final Counter evaluations;
    private final Counter evaluationErrors;
    private final Counter engineFailures;

    public ShardMetrics(PrometheusRegistry registry) {
        alertsActive = Gauge.builder().name("didban_alerts_active")
                .help("Alerts now pending or firing, by severity and state.")
                .labelNames("severity", "state").register(registry);
        transitions = Counter.builder().name("didban_alert_transitions_total")
                .help("Alert state changes, by the state moved to.")
                .labelNames("to").register(registry);
        evaluations = Counter.builder().name("didban_rule_evaluations_total")
                .help("Rule conditions evaluated against incoming samples.").register(registry);
        evaluationErrors = Counter.builder().name("didban_rule_evaluation_errors_total")
                .help("Rule conditions that failed to evaluate (counted as not holding).").register(registry);
        engineFailures = Counter.builder().name("didban_rule_engine_failures_total")
                .help("Samples the rule engine threw on; the sample was skipped and the rest of its batch applied.")
                .register(registry);
        // Every series exists from the start, so dashboards and rates see zeros, not gaps.
        for (Severity s : Severity.values()) {
            alertsActive.labelValues(s.wireName(), AlertState.PENDING.wireName()).set(0);
            alertsActive.labelValues(s.wireName(), AlertState.FIRING.wireName()).set(0);
        }
        for (AlertState s : AlertState.values()) {
            transitions.labelValues(s.wireName()).inc(0);
        }
    }

    void transition(AlertTransition t) {
        String severity = t.alert().severity().wireName();
        if (t.from() == AlertState.PENDING || t.from() == AlertState.FIRING) {
            alertsActive.labelValues(severity, t.from().wireName()).dec();
        }
        if (t.to() == AlertState.PENDING || t.to() == AlertState.FIRING) {
            alertsActive.labelValues(severity, t.to().wireName()).inc();
        }
        transitions.labelValues(t.to().wireName()).inc();
    }

    void evaluated(long count, long errors) {
        if (count > 0) {
            evaluations.inc(count);
        }
        if (errors > 0) {
            evaluationErrors.inc(errors);
        }
    }

    void engineFailed() {
        engineFailures.inc();
    }
}
