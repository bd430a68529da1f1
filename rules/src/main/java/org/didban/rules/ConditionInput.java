package org.didban.rules;

import dev.cel.runtime.CelVariableResolver;
import java.util.Map;
import java.util.Optional;

/**
 * The variables a condition sees, filled in by the evaluator for each sample or event. One
 * instance is reused by a single-threaded evaluator, so evaluation allocates no activation map.
 */
public final class ConditionInput implements CelVariableResolver {
    /** The sample's value; 1 for an event. */
    double value;
    /** The previous value of the same series, NaN when there is none. */
    double previous = Double.NaN;
    /** When the previous value of the series was sampled, epoch seconds; NaN when there is none. */
    double previousTime = Double.NaN;
    /** When the phase in force began, epoch seconds; 0 when the evaluator has not seen it begin. */
    double phaseSince;
    /** Per-second increase of a counter ({@code _total}) since its previous sample, NaN when unknown. */
    double rate = Double.NaN;
    Map<String, String> labels = Map.of();
    Map<String, Double> now = Map.of();
    Map<String, Double> rates = Map.of();
    /** The metric name or the event type. */
    String type = "";
    Map<String, String> attributes = Map.of();
    Map<String, Object> device = Map.of();
    Map<String, Object> branch = Map.of();
    String phase = "none";
    /** In voting hours, minutes until they end; 0 otherwise. */
    double minutesToClose;
    /** Evaluation time, epoch seconds. */
    double time;
    /** Evaluation date, UTC, as {@code YYYY-MM-DD} (compares with inventory dates). */
    String today = "";

    @Override
    public Optional<Object> find(String name) {
        return Optional.ofNullable(switch (name) {
            case "value" -> value;
            case "previous" -> previous;
            case "previous_time" -> previousTime;
            case "phase_since" -> phaseSince;
            case "rate" -> rate;
            case "labels" -> labels;
            case "now" -> now;
            case "rates" -> rates;
            case "type" -> type;
            case "attributes" -> attributes;
            case "device" -> device;
            case "branch" -> branch;
            case "phase" -> phase;
            case "minutes_to_close" -> minutesToClose;
            case "time" -> time;
            case "today" -> today;
            default -> null;
        });
    }
}
