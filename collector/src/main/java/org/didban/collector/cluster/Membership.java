package org.didban.collector.cluster;

import java.util.Set;

/**
 * Who is in the cluster now, as this collector sees it, and word when that changes. A collector
 * is <em>reachable</em> once it joined, and a <em>member</em> (it takes a share of the counties)
 * only once it said it is ready and until it says it is leaving: a collector still starting, or
 * shutting down, is never handed counties it cannot evaluate.
 */
public interface Membership {
    /** This collector's node id. */
    String self();

    /** The node ids of the collectors ready to hold counties now, this one included once ready. */
    Set<String> members();

    /** The node ids of every collector joined now, ready or not. */
    Set<String> reachable();

    /** This collector can hold counties from now on. */
    void ready();

    /** This collector is shutting down: the others take its counties. */
    void leaving();

    /** Calls {@code changed} (on any thread) whenever a collector joins, leaves, gets ready or leaves the ring; close to stop. */
    AutoCloseable onChange(Runnable changed);
}
