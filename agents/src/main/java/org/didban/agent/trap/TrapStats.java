package org.didban.agent.trap;

import java.util.Map;

/**
 * A snapshot of the receiver's counters, all since it started.
 *
 * @param received            datagrams read from the socket
 * @param accepted            authenticated notifications from a configured device (mapped or not)
 * @param events              events handed to the event consumer, by event type
 * @param informsAcknowledged informs answered with a response
 * @param untrusted           refused notifications by reason (each also went to the untrusted consumer
 *                            unless the unknown-source rate limit dropped it first)
 * @param malformed           datagrams that are not a valid SNMP message (BER errors, wrong lengths,
 *                            unknown version, more varbinds than allowed, a v2 notification without
 *                            snmpTrapOID.0)
 * @param rateLimited         datagrams dropped by a source's token bucket, total
 * @param rateLimitedBySource the same by device id; unknown addresses share {@link #UNKNOWN_SOURCES}
 * @param queueOverflows      datagrams dropped because the worker was {@code queueCapacity} behind
 * @param unmapped            authenticated notifications with no Didban event type (vendor traps)
 * @param ignored             authenticated notifications that need no event (tamper input back to normal)
 * @param notNotifications    authenticated PDUs that are not notifications (a GET sent to the trap port)
 * @param discoveryProbes     SNMPv3 engine-id discovery probes from configured sources (answered with a report)
 * @param notInTimeWindow     SNMPv3 messages outside the time window: the normal time synchronisation
 *                            before a v3 inform, or a replay; answered with a report, not trusted
 * @param consumerErrors      exceptions thrown by the consumers (logged, never stop the receiver)
 */
public record TrapStats(long received, long accepted, Map<String, Long> events, long informsAcknowledged,
                        Map<UntrustedTrap.Reason, Long> untrusted, long malformed, long rateLimited,
                        Map<String, Long> rateLimitedBySource, long queueOverflows, long unmapped, long ignored,
                        long notNotifications, long discoveryProbes, long notInTimeWindow, long consumerErrors) {
    /** The key of {@link #rateLimitedBySource} for addresses that are not configured. */
    public static final String UNKNOWN_SOURCES = "(unknown)";

    public TrapStats {
        events = Map.copyOf(events);
        untrusted = Map.copyOf(untrusted);
        rateLimitedBySource = Map.copyOf(rateLimitedBySource);
    }

    public long untrusted(UntrustedTrap.Reason reason) {
        return untrusted.getOrDefault(reason, 0L);
    }

    public long untrustedTotal() {
        return untrusted.values().stream().mapToLong(Long::longValue).sum();
    }

    public long eventCount(String type) {
        return events.getOrDefault(type, 0L);
    }

    public long eventsTotal() {
        return events.values().stream().mapToLong(Long::longValue).sum();
    }
}
