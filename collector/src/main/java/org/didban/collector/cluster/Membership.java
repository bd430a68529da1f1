package org.didban.collector.cluster;

import java.util.Set;

/** Who is in the cluster now, as this collector sees it, and word when that changes. */
public interface Membership {
    /** This collector's node id. */
    String self();

    /** The node ids of the collectors in the cluster now, this one included. */
    Set<String> members();

    /** Calls {@code changed} (on any thread) whenever a collector joins or leaves; close to stop. */
    AutoCloseable onChange(Runnable changed);
}
