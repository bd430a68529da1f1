package org.didban.agent;

/**
 * A snapshot of a site agent's counters.
 *
 * @param polls          device polls completed (answered or not)
 * @param pollFailures   device polls without an answer (timeout, error, SNMP report)
 * @param oddValues      SNMP values skipped as malformed, of the wrong type or missing
 * @param skippedPolls   device polls skipped because that device's previous poll had not ended
 *                       (a dead device with timeout × (retries + 1) longer than the interval)
 * @param batchesSent    batches the collector took
 * @param retries        send attempts that will be retried (no connection, 5xx, 429, 408)
 * @param batchesRefused batches the collector refused for good (other 4xx), dropped
 * @param droppedSamples samples dropped from a full queue
 * @param droppedEvents  events dropped from a full queue
 * @param queuedBatches  batches waiting to be sent
 * @param sendErrors     sends that threw before reaching the network, retried with backoff
 * @param unsendable     samples and events left out because the collector would refuse them
 * @param failovers      moves from one collector address to the next after it failed (connection,
 *                       timeout, 5xx); always 0 with a single address
 */
public record AgentStats(long polls, long pollFailures, long oddValues, long skippedPolls, long batchesSent,
                         long retries, long batchesRefused, long droppedSamples, long droppedEvents,
                         int queuedBatches, long sendErrors, long unsendable, long failovers) {

    /** Samples and events dropped from a full queue (refused batches are counted apart). */
    public long dropped() {
        return droppedSamples + droppedEvents;
    }
}
