package org.didban.agent.uplink;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.didban.agent.http.CollectorHttp;

/** A client whose first {@code failures} sends throw synchronously; then it delegates. */
final class ThrowingHttp implements CollectorHttp {
    private final CollectorHttp delegate;
    private final AtomicInteger failures;

    ThrowingHttp(CollectorHttp delegate, int failures) {
        this.delegate = delegate;
        this.failures = new AtomicInteger(failures);
    }

    @Override
    public CompletableFuture<Reply> send(Request request) {
        if (failures.getAndDecrement() > 0) {
            throw new IllegalStateException("simulated synchronous failure");
        }
        return delegate.send(request);
    }
}
