package org.didban.agent;

/**
 * A snapshot of a site agent's counters.
 *
 * @param polls          device polls completed (answered or not)
 * @param pollFailures   device polls without an answer (timeout, error, SNMP report)
 * @param oddValues      SNMP values skipped as malformed, of the wrong type or missing
 * @param skippedRounds  poll intervals skipped because the previous round was still running
 * @param batchesSent    batches the collector took
 * @param retries        send attempts that will be retried (no connection, 5xx, 429, 408)
 * @param batchesRefused batches the collector refused for good (other 4xx), dropped
 * @param droppedSamples samples dropped from a full queue
 * @param droppedEvents  events dropped from a full queue
 * @param queuedBatches  batches waiting to be sent
 */
public record AgentStats(long polls, long pollFailures, long oddValues, long skippedRounds, long batchesSent,
                         long retries, long batchesRefused, long droppedSamples, long droppedEvents,
                         int queuedBatches) {

    /** Samples and events dropped from a full queue (refused batches are counted apart). */
    public long dropped() {
        return droppedSamples + droppedEvents;
    }
}
