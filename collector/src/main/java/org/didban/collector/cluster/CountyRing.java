package org.didban.collector.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which collector of a cluster owns which county: consistent hashing, each node placed on a ring
 * at {@value #POINTS_PER_NODE} points, a county owned by the first node point at or after its
 * own. When a node leaves only its counties move (to the nodes after it, spread over all
 * survivors), and when one joins it takes about 1/n of the counties from the others; every node
 * computes the same owner from the same membership. Counties are placed whole, never branch by
 * branch, so that an area rule (a county going dark) sees all its branches on one node.
 * Immutable.
 */
public final class CountyRing {
    /** Enough points that ~470 counties spread within a few percent over 2–5 nodes. */
    static final int POINTS_PER_NODE = 128;

    private final NavigableMap<Long, String> points;
    private final Set<String> nodes;

    private CountyRing(NavigableMap<Long, String> points, Set<String> nodes) {
        this.points = points;
        this.nodes = nodes;
    }

    public static CountyRing of(Collection<String> nodeIds) {
        TreeMap<Long, String> points = new TreeMap<>();
        for (String node : new TreeSet<>(nodeIds)) {
            for (int i = 0; i < POINTS_PER_NODE; i++) {
                // On the rare collision the smaller node id keeps the point, the same on every node.
                points.putIfAbsent(position(node + "#" + i), node);
            }
        }
        return new CountyRing(points, Set.copyOf(nodeIds));
    }

    /** The node that owns the county; empty when the ring has no node. */
    public String ownerOf(String countyCode) {
        if (points.isEmpty()) {
            return "";
        }
        Map.Entry<Long, String> e = points.ceilingEntry(position("county:" + countyCode));
        return (e == null ? points.firstEntry() : e).getValue();
    }

    public Set<String> nodes() {
        return nodes;
    }

    /** The counties of {@code all} that {@code node} owns. */
    public Set<String> ownedBy(String node, Collection<String> all) {
        Set<String> out = new TreeSet<>();
        for (String c : all) {
            if (ownerOf(c).equals(node)) {
                out.add(c);
            }
        }
        return out;
    }

    /** The first 8 bytes of SHA-256: stable across JVMs and versions, unlike String.hashCode mixing. */
    private static long position(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (d[i] & 0xff);
            }
            return v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "CountyRing" + List.copyOf(new TreeSet<>(nodes));
    }
}
