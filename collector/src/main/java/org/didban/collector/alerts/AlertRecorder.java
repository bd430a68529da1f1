package org.didban.collector.alerts;

import java.util.concurrent.CompletableFuture;

/** Where a shard records the changes it makes: the ledger, which completes once it is durable. */
@FunctionalInterface
public interface AlertRecorder {
    CompletableFuture<AlertChange> record(AlertChange change);
}
