package org.didban.agent.snmp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.didban.agent.config.DeviceConfig;
import org.didban.agent.profile.DeviceProfile;
import org.didban.agent.profile.InvalidProfileException;
import org.didban.agent.profile.Profiles;

/**
 * Polls the devices of a site over one {@link SnmpSession}. No thread waits on a device.
 *
 * <p>Each device has at most one poll in flight: a round skips a device whose previous poll has not
 * ended yet (a dead device with a long timeout), and only that device, so one slow device never keeps
 * the others from being polled. A round completes when every device it polled has answered or
 * failed, or at its deadline, whichever comes first; a reading that ends after its round was closed
 * is carried by the next round to close.
 *
 * <p>Device names are resolved at every poll (the JVM's resolver cache keeps that cheap), on a
 * small daemon pool since resolving blocks: a name that does not resolve is that device's poll
 * failure ({@code device_up 0}, {@code poll_failed} "unknown host ..."), never the agent's.
 *
 * <p>What is read from each device is its {@link DeviceProfile} (its role's, or the one its entry
 * names); timeout, retries and max-repetitions are the entry's when it gives them, else the
 * profile's. A device whose interval (entry, else profile) is longer than the site's round
 * interval is polled every {@code round(interval / round interval)} rounds; given no round interval
 * (the 2- and 3-argument constructors) every device is polled every round.
 */
public final class SitePoller {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final AtomicInteger RESOLVER_THREADS = new AtomicInteger();
    /** Resolving a name blocks; a few daemon threads for all pollers of the JVM, idle ones end. */
    private static final ExecutorService RESOLVER = resolver();

    /** What one device is polled with: its profile and the settings in effect. */
    public record Settings(DeviceProfile profile, Duration interval, Duration timeout, int retries, int maxRepetitions) {
        /** The entry's own values where it gives them, else the profile's defaults. */
        public static Settings of(DeviceConfig device) {
            DeviceProfile profile;
            try {
                profile = Profiles.resolve(device.role(), device.options().profile());
            } catch (InvalidProfileException e) {
                throw new IllegalArgumentException("device " + device.id() + ": profile does not load:\n" + e.getMessage(), e);
            }
            DeviceConfig.Options o = device.options();
            DeviceProfile.Defaults d = profile.defaults();
            return new Settings(profile, o.interval() != null ? o.interval() : d.interval(),
                    o.timeoutSet() ? device.timeout() : d.timeout(), o.retriesSet() ? device.retries() : d.retries(),
                    o.repetitionsSet() ? device.maxRepetitions() : d.maxRepetitions());
        }
    }

    private static final class Polled {
        final DeviceConfig device;
        final Settings settings;
        /** Poll every this many rounds (1: every round). */
        final int every;
        /** The address when the configuration gives a literal one, else null: resolve per poll. */
        final InetAddress literal;
        final AtomicBoolean inFlight = new AtomicBoolean();
        final java.util.concurrent.atomic.AtomicLong rounds = new java.util.concurrent.atomic.AtomicLong();

        Polled(DeviceConfig device, Settings settings, int every, InetAddress literal) {
            this.device = device;
            this.settings = settings;
            this.every = every;
            this.literal = literal;
        }

        DevicePoll poll(SnmpSession session, InetAddress address, Clock clock) {
            return new DevicePoll(session, device, settings.profile(),
                    session.target(device, address, settings.timeout(), settings.retries()), settings.maxRepetitions(), clock);
        }
    }

    /** The readings of one round, open until all its devices ended or its deadline passed. */
    private final class Round {
        final long startedAt;
        final List<DeviceReading> readings = new ArrayList<>();
        final CompletableFuture<Void> allEnded = new CompletableFuture<>();
        int remaining;
        int skipped;
        boolean open = true;

        Round(long startedAt) {
            this.startedAt = startedAt;
        }

        /** Takes a reading if the round is still open; false if it was closed (the reading is late). */
        synchronized boolean offer(DeviceReading reading) {
            if (!open) {
                return false;
            }
            readings.add(reading);
            if (--remaining == 0) {
                allEnded.complete(null);
            }
            return true;
        }

        PollRound close() {
            List<DeviceReading> out = new ArrayList<>();
            // late readings of earlier rounds first: they are older
            for (DeviceReading r; (r = late.poll()) != null; ) {
                out.add(r);
            }
            synchronized (this) {
                open = false;
                out.addAll(readings);
            }
            return new PollRound(startedAt, out, skipped);
        }
    }

    private final SnmpSession session;
    private final List<Polled> devices;
    private final Clock clock;
    private final ConcurrentLinkedQueue<DeviceReading> late = new ConcurrentLinkedQueue<>();

    /**
     * Registers every device's credentials with the session now (a v3 user clash is a configuration
     * error, thrown here); touches no network and resolves no name.
     */
    public SitePoller(SnmpSession session, List<DeviceConfig> devices, Clock clock) {
        this(session, devices, clock, null);
    }

    /**
     * As {@link #SitePoller(SnmpSession, List, Clock)}, with the interval rounds are started at (the
     * site's poll-interval): a device whose own interval is longer is polled only every n-th round.
     * A profile that does not load is an {@link IllegalArgumentException} here, at start.
     */
    public SitePoller(SnmpSession session, List<DeviceConfig> devices, Clock clock, Duration roundInterval) {
        this.session = session;
        this.clock = clock;
        List<Polled> polled = new ArrayList<>();
        for (DeviceConfig d : devices) {
            session.prepare(d);
            Settings settings = Settings.of(d);
            // The site's poll-interval is the operator's word for every device; only a device whose
            // own entry, or whose role's profile (cameras, NVRs, sensors), asks for a longer interval
            // than the usual one is polled less often (every n-th round).
            boolean slower = (d.options() != null && d.options().interval() != null)
                    || settings.interval().compareTo(org.didban.agent.profile.DeviceProfile.Defaults.STANDARD.interval()) > 0;
            int every = !slower || roundInterval == null || roundInterval.isZero() ? 1
                    : (int) Math.max(1, Math.round((double) settings.interval().toMillis() / roundInterval.toMillis()));
            polled.add(new Polled(d, settings, every, literal(d.host())));
        }
        this.devices = List.copyOf(polled);
    }

    /** The settings each device is polled with, by device id. */
    public java.util.Map<String, Settings> settings() {
        java.util.Map<String, Settings> out = new java.util.LinkedHashMap<>();
        devices.forEach(p -> out.put(p.device.id(), p.settings));
        return out;
    }

    public SitePoller(SnmpSession session, List<DeviceConfig> devices) {
        this(session, devices, Clock.systemUTC());
    }

    /** Polls every device not already in flight; completes when each of them answered or failed. */
    public CompletableFuture<PollRound> poll() {
        return poll(null);
    }

    /**
     * Polls every device not already in flight; completes when each of them answered or failed, or
     * after {@code deadline} (null: none) with what has ended by then, whichever comes first.
     */
    public CompletableFuture<PollRound> poll(Duration deadline) {
        Round round = new Round(clock.millis());
        List<Polled> started = new ArrayList<>(devices.size());
        for (Polled p : devices) {
            if (p.rounds.getAndIncrement() % p.every != 0) {
                continue; // not this device's round: its interval is longer than the site's
            }
            if (p.inFlight.compareAndSet(false, true)) {
                started.add(p);
            } else {
                round.skipped++;
            }
        }
        synchronized (round) {
            round.remaining = started.size();
        }
        if (started.isEmpty()) {
            round.allEnded.complete(null);
        }
        for (Polled p : started) {
            pollOne(p).whenComplete((reading, error) -> {
                DeviceReading r = reading != null ? reading
                        : DevicePoll.failed(p.device, "poll failed: " + cause(error), clock);
                // Free the device before the round can complete, so a poll that starts as soon
                // as this round ends never finds it still in flight.
                p.inFlight.set(false);
                if (!round.offer(r)) {
                    late.add(r);
                }
            });
        }
        CompletableFuture<Void> ended = deadline == null ? round.allEnded
                : round.allEnded.completeOnTimeout(null, deadline.toMillis(), TimeUnit.MILLISECONDS);
        return ended.thenApply(ignored -> round.close());
    }

    private CompletableFuture<DeviceReading> pollOne(Polled p) {
        try {
            if (p.literal != null) {
                return p.poll(session, p.literal, clock).start();
            }
            return CompletableFuture.supplyAsync(() -> resolve(p.device.host()), RESOLVER)
                    .thenCompose(address -> address == null
                            ? CompletableFuture.completedFuture(
                                    DevicePoll.failed(p.device, "unknown host " + p.device.host(), clock))
                            : p.poll(session, address, clock).start());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The address of a name, or null when it does not resolve. */
    private static InetAddress resolve(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** An IPv4 or IPv6 literal parsed without asking a resolver; null for a name. */
    static InetAddress literal(String host) {
        if (!IPV4.matcher(host).matches() && host.indexOf(':') < 0) {
            return null;
        }
        try {
            return InetAddress.getByName(host); // a literal: no lookup
        } catch (UnknownHostException e) {
            return null; // an odd literal; resolving it each poll reports it as unknown
        }
    }

    private static String cause(Throwable error) {
        Throwable c = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return String.valueOf(c);
    }

    private static ExecutorService resolver() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "didban-resolver-" + RESOLVER_THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
