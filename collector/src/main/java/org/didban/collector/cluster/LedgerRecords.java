package org.didban.collector.cluster;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.didban.collector.alerts.AlertChange;
import org.didban.collector.alerts.TrackedAlert;
import org.didban.collector.ledger.AlertLedger;

/** The shared alert ledger as a taking-over collector reads it. */
public final class LedgerRecords implements CountyRecords {
    private final AlertLedger ledger;

    public LedgerRecords(AlertLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public CompletableFuture<List<TrackedAlert>> activeAlertsOf(Collection<String> counties) {
        return ledger.activeAlertsOf(counties);
    }

    @Override
    public CompletableFuture<List<AlertChange>> changesSince(long atMillis, Collection<String> counties, int limit) {
        return ledger.changesSince(atMillis, counties, limit);
    }

    @Override
    public CompletableFuture<List<org.didban.collector.alerts.Silence>> silences(long now) {
        return ledger.silences(now);
    }

    @Override
    public CompletableFuture<Long> barrier() {
        return ledger.barrier();
    }
}
