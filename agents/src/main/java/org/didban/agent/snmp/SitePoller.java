package org.didban.agent.snmp;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.didban.agent.config.DeviceConfig;
import org.snmp4j.Target;
import org.snmp4j.smi.UdpAddress;

/**
 * Polls every device of a site at once over one {@link SnmpSession}; the round completes when the
 * last device has answered or timed out. No thread waits on a device.
 */
public final class SitePoller {
    private record Polled(DeviceConfig device, Target<UdpAddress> target) {
    }

    private final SnmpSession session;
    private final List<Polled> devices;
    private final Clock clock;

    /** Resolves every device's address and registers its credentials with the session now. */
    public SitePoller(SnmpSession session, List<DeviceConfig> devices, Clock clock) {
        this.session = session;
        this.clock = clock;
        List<Polled> polled = new ArrayList<>();
        for (DeviceConfig d : devices) {
            polled.add(new Polled(d, session.target(d)));
        }
        this.devices = List.copyOf(polled);
    }

    public SitePoller(SnmpSession session, List<DeviceConfig> devices) {
        this(session, devices, Clock.systemUTC());
    }

    public CompletableFuture<PollRound> poll() {
        long startedAt = clock.millis();
        List<CompletableFuture<DeviceReading>> polls = new ArrayList<>(devices.size());
        for (Polled p : devices) {
            polls.add(new DevicePoll(session, p.device(), p.target(), clock).start());
        }
        return CompletableFuture.allOf(polls.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> new PollRound(startedAt, polls.stream().map(CompletableFuture::join).toList()));
    }
}
