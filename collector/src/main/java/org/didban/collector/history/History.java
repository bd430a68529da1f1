package org.didban.collector.history;

import java.util.List;
import org.didban.collector.alerts.AlertChange;
import org.didban.collector.fiber.FiberPicture;
import org.didban.collector.readiness.ReadinessSnapshot;
import org.didban.model.Branch;
import org.didban.model.Sample;

/**
 * Where the collector keeps its history for dashboards: device samples, alert transitions, and
 * one readiness and one fiber point per area and day. Called from event loops, so every method
 * returns at once: it hands its arguments to a bounded buffer and never waits for I/O nor throws
 * because the store is away. What does not fit is dropped and counted.
 *
 * <p>The arguments must be immutable, or at least not changed after the call: they are read later,
 * on the writer's thread.
 */
public interface History {
    /** Samples of one branch's devices. */
    void samples(Branch branch, List<Sample> samples);

    /** One change to one alert. */
    void transition(AlertChange change);

    /** The readiness of every county and province as computed; the last one of a day stands for that day. */
    void readiness(ReadinessSnapshot snapshot);

    /** The fiber rollout of every county and province; the last one of a day stands for that day. */
    void fiber(FiberPicture picture);

    /** Keeps nothing: the collector's history when no InfluxDB is configured. */
    History NONE = new History() {
        @Override
        public void samples(Branch branch, List<Sample> samples) {
        }

        @Override
        public void transition(AlertChange change) {
        }

        @Override
        public void readiness(ReadinessSnapshot snapshot) {
        }

        @Override
        public void fiber(FiberPicture picture) {
        }

        @Override
        public String toString() {
            return "History.NONE";
        }
    };
}
