package org.didban.rules;

/**
 * Time as the evaluator sees it: a clock and one-shot timers. The collector backs it with the
 * event loop of the shard that owns the evaluator; tests and the rule test runner back it with
 * {@link ManualScheduler}, whose time moves only when told to.
 */
public interface Scheduler {
    /** Epoch milliseconds. */
    long now();

    /** Runs {@code task} once, {@code delayMillis} from now, on the evaluator's own thread. */
    Timer schedule(long delayMillis, Runnable task);

    /** A scheduled task that may be cancelled before it runs. */
    interface Timer {
        void cancel();
    }
}
