package org.didban.collector.cluster;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.didban.collector.alerts.AlertChange;
import org.didban.collector.alerts.TrackedAlert;

/**
 * What a collector taking counties over reads from the ledger the cluster shares (the alert
 * ledger in PostgreSQL); futures complete on the ledger's own threads.
 */
public interface CountyRecords {
    /** The alerts active on the record for these counties. */
    CompletableFuture<List<TrackedAlert>> activeAlertsOf(Collection<String> counties);

    /** The alert changes of these counties recorded at or after {@code atMillis}, oldest first, at most {@code limit}. */
    CompletableFuture<List<AlertChange>> changesSince(long atMillis, Collection<String> counties, int limit);

    /** The silences in force now, whichever collector set them. */
    CompletableFuture<List<org.didban.collector.alerts.Silence>> silences(long now);

    /** Completes when everything this collector handed the ledger before is committed. */
    CompletableFuture<Long> barrier();
}
