package org.didban.collector.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest report of each other collector of the cluster (its readiness counts, its uplink
 * detections), with when it was heard and how often its sender makes one. A report counts while
 * its collector is a member and it is not three of the sender's intervals old; the newest first.
 * Any thread.
 */
final class PeerReports<T> {
    /** A report and who sent it. */
    record Report<T>(String node, T report, long at, long staleMillis) {
    }

    private final Map<String, Report<T>> latest = new ConcurrentHashMap<>();

    /** @param senderInterval how often the sender makes a report (it says so with each) */
    void heard(String node, T report, long at, long senderInterval) {
        latest.put(node, new Report<>(node, report, at, 3 * senderInterval + 10_000));
    }

    /** The reports of {@code members} other than {@code self}, not stale at {@code now}, newest first. */
    List<Report<T>> current(Set<String> members, String self, long now) {
        List<Report<T>> live = new ArrayList<>();
        latest.forEach((node, r) -> {
            if (!node.equals(self) && members.contains(node) && now - r.at() <= r.staleMillis()) {
                live.add(r);
            }
        });
        live.sort(Comparator.comparingLong((Report<T> r) -> r.at()).reversed());
        return live;
    }
}
