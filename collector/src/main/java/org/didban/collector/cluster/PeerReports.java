package org.didban.collector.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest report of each other collector of the cluster (its readiness counts, its uplink
 * detections), with when it was heard. A report counts while its collector is a member and it is
 * not stale; the newest first, so that of two collectors claiming a county while it moves, the
 * one that spoke last wins. Any thread.
 */
final class PeerReports<T> {
    private record Heard<T>(T report, long at) {
    }

    private final Map<String, Heard<T>> latest = new ConcurrentHashMap<>();

    void heard(String node, T report, long at) {
        latest.put(node, new Heard<>(report, at));
    }

    /** The reports of {@code members} other than {@code self}, heard within {@code staleMillis} of {@code now}, newest first. */
    List<T> current(Set<String> members, String self, long now, long staleMillis) {
        List<Heard<T>> live = new ArrayList<>();
        latest.forEach((node, h) -> {
            if (!node.equals(self) && members.contains(node) && now - h.at() <= staleMillis) {
                live.add(h);
            }
        });
        live.sort(Comparator.comparingLong((Heard<T> h) -> h.at()).reversed());
        List<T> out = new ArrayList<>(live.size());
        live.forEach(h -> out.add(h.report()));
        return out;
    }
}
