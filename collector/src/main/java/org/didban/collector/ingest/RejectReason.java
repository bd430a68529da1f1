package org.didban.collector.ingest;

import java.util.Locale;

/** Why a batch was refused; the {@code reason} label of {@code didban_ingest_rejected_total}. */
public enum RejectReason {
    /** Not a batch: bad JSON, unknown fields, limits of the codec. 400. */
    MALFORMED(400),
    /** Body over the configured limit. 413. */
    TOO_LARGE(413),
    /** No token, or a token no agent owns. 401. */
    UNAUTHORIZED(401),
    /** The batch speaks for an agent or a branch other than the token's. 403. */
    WRONG_BRANCH(403),
    /** A sample or event names a device that is not in the inventory of the agent's branch. 422. */
    UNKNOWN_DEVICE(422),
    /** The agent sent faster than its token bucket allows (IngestLimits). 429 with Retry-After. */
    RATE_LIMITED_AGENT(429),
    /** The source address sent faster than its token bucket allows, before authentication. 429 with Retry-After. */
    RATE_LIMITED_ADDRESS(429),
    /** In a cluster, the branch's county is between collectors or its owner cannot be reached. 503 with Retry-After. */
    MOVING(503);

    private final int status;

    RejectReason(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
