package org.didban.agent.trap;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.didban.agent.config.SnmpCredentials;
import org.didban.agent.snmp.UsmSecurity;
import org.didban.model.Event;
import org.snmp4j.CommandResponder;
import org.snmp4j.CommandResponderEvent;
import org.snmp4j.MessageDispatcherImpl;
import org.snmp4j.MessageException;
import org.snmp4j.PDU;
import org.snmp4j.TransportMapping;
import org.snmp4j.TransportStateReference;
import org.snmp4j.event.CounterEvent;
import org.snmp4j.event.CounterListener;
import org.snmp4j.mp.CounterSupport;
import org.snmp4j.mp.MPv1;
import org.snmp4j.mp.MPv2c;
import org.snmp4j.mp.MPv3;
import org.snmp4j.mp.MessageProcessingModel;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.mp.StatusInformation;
import org.snmp4j.security.SecurityLevel;
import org.snmp4j.security.SecurityModel;
import org.snmp4j.security.SecurityModels;
import org.snmp4j.security.SecurityProtocols;
import org.snmp4j.security.USM;
import org.snmp4j.smi.Address;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.transport.DefaultUdpTransportMapping;
import org.snmp4j.transport.TransportListener;

/**
 * Receives SNMP notifications (v1 traps, v2c traps and informs, v3 authPriv traps and informs) on
 * one UDP socket with its own SNMP4J stack, and turns those from configured devices into
 * {@link Event}s at once. See the package documentation for the flow and the guarantees.
 *
 * <p>Threads: the socket's listen thread only checks the source address against its token bucket
 * and queues a copy of the datagram; one worker thread decodes, authenticates, maps, acknowledges
 * informs and calls the consumers. Neither is ever the poller's. Consumers must be quick (hand the
 * event to a queue): while one runs, further traps wait in the bounded queue.
 */
public final class TrapReceiver implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TrapReceiver.class.getName());
    private static final int RECEIVE_BUFFER_BYTES = 4 << 20;
    private static final Datagram STOP = new Datagram(null, null, null, null, null);

    private final TrapSettings settings;
    private final Consumer<Event> events;
    private final Consumer<UntrustedTrap> untrustedConsumer;
    private final Clock clock;
    private final OctetString localEngineId;
    private final Map<InetAddress, SourceState> sources;
    private final TokenBucket unknownBucket;
    private final BlockingQueue<Datagram> queue;
    private final MessageDispatcherImpl dispatcher;
    private final DefaultUdpTransportMapping transport;
    private final Thread worker;
    private final int maxElements;
    private volatile boolean closed;

    // counters
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final Map<String, LongAdder> eventCounts = new ConcurrentHashMap<>();
    private final AtomicLong informsAcknowledged = new AtomicLong();
    private final Map<UntrustedTrap.Reason, AtomicLong> untrusted = new EnumMap<>(UntrustedTrap.Reason.class);
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong unknownRateLimited = new AtomicLong();
    private final AtomicLong queueOverflows = new AtomicLong();
    private final AtomicLong unmapped = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();
    private final AtomicLong notNotifications = new AtomicLong();
    private final AtomicLong discoveryProbes = new AtomicLong();
    private final AtomicLong notInTimeWindow = new AtomicLong();
    private final AtomicLong consumerErrors = new AtomicLong();

    /** The datagram the worker is dispatching into SNMP4J right now (worker thread only). */
    private Outcome current;

    private record Datagram(byte[] bytes, UdpAddress from, SourceState source, TransportMapping<? super UdpAddress> tm,
                            TransportStateReference tmState) {
    }

    /** A configured source and its bucket (the bucket belongs to the listen thread). */
    private static final class SourceState {
        final TrapSource source;
        final TokenBucket bucket;
        final AtomicLong rateLimited = new AtomicLong();
        final byte[] community;

        SourceState(TrapSource source, TokenBucket bucket) {
            this.source = source;
            this.bucket = bucket;
            this.community = source.credentials() instanceof SnmpCredentials.Community c
                    ? c.community().reveal().getBytes(java.nio.charset.StandardCharsets.UTF_8) : null;
        }
    }

    /** What happened to one datagram inside SNMP4J. */
    private static final class Outcome {
        final Datagram datagram;
        final BerCheck.Header header;
        boolean handled;
        UntrustedTrap.Reason reason;
        boolean outOfTime;

        Outcome(Datagram datagram, BerCheck.Header header) {
            this.datagram = datagram;
            this.header = header;
        }
    }

    private TrapReceiver(TrapSettings settings, Consumer<Event> events, Consumer<UntrustedTrap> untrustedConsumer,
                         Clock clock) throws IOException {
        this.settings = settings;
        this.events = events;
        this.untrustedConsumer = untrustedConsumer;
        this.clock = clock;
        for (UntrustedTrap.Reason r : UntrustedTrap.Reason.values()) {
            untrusted.put(r, new AtomicLong());
        }
        long now = System.nanoTime();
        Map<InetAddress, SourceState> byAddress = new HashMap<>();
        for (TrapSource s : settings.sources()) {
            byAddress.put(s.address(), new SourceState(s, new TokenBucket(settings.ratePerSecond(), settings.burst(), now)));
        }
        this.sources = Map.copyOf(byAddress);
        this.unknownBucket = new TokenBucket(settings.unknownSourceRatePerSecond(),
                2 * settings.unknownSourceRatePerSecond(), now);
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.maxElements = 3 * settings.maxVarbinds() + 64;

        // One SNMP4J stack of our own: USM, counters, dispatcher, models; nothing global.
        byte[] engine = settings.engineId() != null ? settings.engineId() : MPv3.createLocalEngineID();
        this.localEngineId = new OctetString(engine);
        SecurityProtocols protocols = UsmSecurity.strongProtocols();
        CounterSupport counters = new CounterSupport();
        USM usm = new USM(protocols, localEngineId, 0, counters);
        usm.setEngineDiscoveryEnabled(true); // answer discovery probes (v3 informs)
        for (TrapSource s : settings.sources()) {
            if (s.credentials() instanceof SnmpCredentials.Usm u) {
                UsmSecurity.enable(protocols, u);
                if (u.weak()) {
                    LOG.log(System.Logger.Level.WARNING, "device {0}: weak SNMPv3 protocols enabled for traps ({1})",
                            s.deviceId(), u.describe());
                }
                // Users only with an engine id: a user without one would be localised to any engine on demand.
                usm.addUser(new OctetString(u.user()), localEngineId, UsmSecurity.user(u)); // informs
                byte[] deviceEngine = s.engineId();
                if (deviceEngine != null) {
                    usm.addUser(new OctetString(u.user()), new OctetString(deviceEngine), UsmSecurity.user(u)); // traps
                }
            }
        }
        CounterListener reasons = this::counter;
        counters.addCounterListener(reasons);
        dispatcher = new MessageDispatcherImpl();
        dispatcher.addCounterListener(reasons);
        dispatcher.addMessageProcessingModel(new MPv1());
        dispatcher.addMessageProcessingModel(new MPv2c());
        dispatcher.addMessageProcessingModel(new MPv3(engine, null, protocols,
                SecurityModels.getCollection(new SecurityModel[] {usm}), counters));
        dispatcher.addCommandResponder(new Responder());

        InetSocketAddress listen = settings.listen();
        transport = new DefaultUdpTransportMapping(new UdpAddress(listen.getAddress(), listen.getPort()), false);
        transport.setReceiveBufferSize(RECEIVE_BUFFER_BYTES);
        transport.addTransportListener(new Filter());
        dispatcher.addTransportMapping(transport);
        worker = new Thread(this::work, "didban-trap-worker");
        worker.setDaemon(true);
        worker.start();
        try {
            transport.listen();
            transport.setThreadName("didban-trap-listen-" + transport.getListenAddress().getPort());
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Binds the socket and starts receiving.
     *
     * @param events    gets every event from a configured device, on the receiver's worker thread
     * @param untrusted gets every refused notification (up to the unknown-source rate), same thread
     * @throws IOException when the address cannot be bound (port 162 needs privileges or
     *                     CAP_NET_BIND_SERVICE)
     */
    public static TrapReceiver start(TrapSettings settings, Consumer<Event> events, Consumer<UntrustedTrap> untrusted)
            throws IOException {
        return start(settings, events, untrusted, Clock.systemUTC());
    }

    /** As {@link #start(TrapSettings, Consumer, Consumer)}, with the clock that stamps events. */
    public static TrapReceiver start(TrapSettings settings, Consumer<Event> events, Consumer<UntrustedTrap> untrusted,
                                     Clock clock) throws IOException {
        return new TrapReceiver(Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(events, "events"),
                Objects.requireNonNull(untrusted, "untrusted"), Objects.requireNonNull(clock, "clock"));
    }

    /** The address and port actually bound (the real port when the settings asked for 0). */
    public InetSocketAddress localAddress() {
        UdpAddress a = transport.getListenAddress();
        return new InetSocketAddress(a.getInetAddress(), a.getPort());
    }

    /** The receiver's snmpEngineID, which v3 informs are authenticated with. */
    public byte[] engineId() {
        return localEngineId.getValue();
    }

    public TrapSettings settings() {
        return settings;
    }

    public TrapStats stats() {
        Map<String, Long> byType = new LinkedHashMap<>();
        eventCounts.forEach((k, v) -> byType.put(k, v.sum()));
        Map<UntrustedTrap.Reason, Long> reasons = new EnumMap<>(UntrustedTrap.Reason.class);
        untrusted.forEach((k, v) -> {
            if (v.get() > 0) {
                reasons.put(k, v.get());
            }
        });
        Map<String, Long> limited = new LinkedHashMap<>();
        for (SourceState s : sources.values()) {
            long n = s.rateLimited.get();
            if (n > 0) {
                limited.merge(s.source.deviceId(), n, Long::sum);
            }
        }
        if (unknownRateLimited.get() > 0) {
            limited.put(TrapStats.UNKNOWN_SOURCES, unknownRateLimited.get());
        }
        return new TrapStats(received.get(), accepted.get(), byType, informsAcknowledged.get(), reasons,
                malformed.get(), rateLimited.get(), limited, queueOverflows.get(), unmapped.get(), ignored.get(),
                notNotifications.get(), discoveryProbes.get(), notInTimeWindow.get(), consumerErrors.get());
    }

    /** Stops the socket and the worker; traps still queued are dropped. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            transport.close();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the trap socket", e);
        }
        queue.clear();
        queue.offer(STOP);
        worker.interrupt();
        try {
            worker.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- listen thread: source check and rate limit only

    private final class Filter implements TransportListener {
        @Override
        @SuppressWarnings("unchecked")
        public <A extends Address> void processMessage(TransportMapping<? super A> tm, A from, ByteBuffer message,
                                                       TransportStateReference tmState) {
            received.incrementAndGet();
            if (!(from instanceof UdpAddress udp) || closed) {
                return;
            }
            SourceState source = sources.get(udp.getInetAddress());
            long now = System.nanoTime();
            if (!(source != null ? source.bucket : unknownBucket).tryTake(now)) {
                rateLimited.incrementAndGet();
                (source != null ? source.rateLimited : unknownRateLimited).incrementAndGet();
                return;
            }
            byte[] copy = new byte[message.remaining()];
            message.duplicate().get(copy);
            if (!queue.offer(new Datagram(copy, udp, source, (TransportMapping<? super UdpAddress>) tm, tmState))) {
                queueOverflows.incrementAndGet();
            }
        }
    }

    // ---- worker thread: everything else

    private void work() {
        while (!closed) {
            Datagram d;
            try {
                d = queue.take();
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            if (d == STOP) {
                return;
            }
            try {
                handle(d);
            } catch (RuntimeException e) {
                // never let one datagram stop the receiver
                malformed.incrementAndGet();
                LOG.log(System.Logger.Level.DEBUG, "trap from " + d.from() + " failed", e);
            }
        }
    }

    private void handle(Datagram d) {
        BerCheck.Header header;
        try {
            header = BerCheck.check(d.bytes(), maxElements);
        } catch (BerCheck.Malformed e) {
            malformed.incrementAndGet();
            LOG.log(System.Logger.Level.DEBUG, "malformed datagram from {0}: {1}", d.from(), e.getMessage());
            return;
        }
        SourceState source = d.source();
        String user = header.version() == 3 ? userText(header.user()) : null;
        if (source == null) {
            refuse(d, UntrustedTrap.Reason.UNKNOWN_SOURCE, user);
            return;
        }
        if (header.version() == 3) {
            if (!(source.source.credentials() instanceof SnmpCredentials.Usm u)) {
                refuse(d, UntrustedTrap.Reason.UNEXPECTED_VERSION, user);
                return;
            }
            if (header.discovery()) {
                discoveryProbes.incrementAndGet();
                dispatch(d, header); // MPv3 answers with a report carrying our engine id
                return;
            }
            if (!Arrays.equals(header.user(), u.user().getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
                refuse(d, UntrustedTrap.Reason.UNKNOWN_USER, user);
                return;
            }
            if (!header.authPriv()) {
                refuse(d, UntrustedTrap.Reason.INSUFFICIENT_SECURITY, user);
                return;
            }
            if (!header.engineIs(localEngineId.getValue()) && !header.engineIs(source.source.engineId())) {
                refuse(d, UntrustedTrap.Reason.UNKNOWN_ENGINE_ID, user);
                return;
            }
        } else if (source.community == null) {
            refuse(d, UntrustedTrap.Reason.UNEXPECTED_VERSION, null);
            return;
        }
        Outcome o = dispatch(d, header);
        if (o.handled || header.discovery()) {
            return;
        }
        if (o.outOfTime) {
            notInTimeWindow.incrementAndGet();
        } else if (o.reason != null) {
            refuse(d, o.reason, user);
        } else if (header.version() == 3) {
            // the digest was right (else usmStatsWrongDigests), yet the scoped PDU did not decode: AES with
            // the wrong privacy key gives garbage rather than an error, so this is how a wrong priv passphrase looks
            refuse(d, UntrustedTrap.Reason.DECRYPTION_ERROR, user);
        } else {
            malformed.incrementAndGet(); // SNMP4J could not decode it (or decrypted garbage)
        }
    }

    private Outcome dispatch(Datagram d, BerCheck.Header header) {
        Outcome o = new Outcome(d, header);
        current = o;
        try {
            dispatcher.processMessage(d.tm(), d.from(), ByteBuffer.wrap(d.bytes()), d.tmState());
        } finally {
            current = null;
        }
        return o;
    }

    /** USM and MP counters fire synchronously inside processMessage, on the worker thread. */
    private void counter(CounterEvent e) {
        Outcome o = current;
        if (o == null || Thread.currentThread() != worker) {
            return;
        }
        OID oid = e.getOid();
        if (oid.equals(SnmpConstants.usmStatsUnknownUserNames)) {
            o.reason = UntrustedTrap.Reason.UNKNOWN_USER;
        } else if (oid.equals(SnmpConstants.usmStatsUnknownEngineIDs)) {
            o.reason = UntrustedTrap.Reason.UNKNOWN_ENGINE_ID;
        } else if (oid.equals(SnmpConstants.usmStatsWrongDigests)) {
            o.reason = UntrustedTrap.Reason.WRONG_DIGEST;
        } else if (oid.equals(SnmpConstants.usmStatsDecryptionErrors)) {
            o.reason = UntrustedTrap.Reason.DECRYPTION_ERROR;
        } else if (oid.equals(SnmpConstants.usmStatsUnsupportedSecLevels)) {
            o.reason = UntrustedTrap.Reason.INSUFFICIENT_SECURITY;
        } else if (oid.equals(SnmpConstants.usmStatsNotInTimeWindows)) {
            o.outOfTime = true;
        }
    }

    private final class Responder implements CommandResponder {
        @Override
        public <A extends Address> void processPdu(CommandResponderEvent<A> event) {
            event.setProcessed(true);
            Outcome o = current;
            if (o == null || Thread.currentThread() != worker) {
                return;
            }
            o.handled = true;
            accept(o, event);
        }
    }

    private <A extends Address> void accept(Outcome o, CommandResponderEvent<A> event) {
        Datagram d = o.datagram;
        SourceState source = d.source();
        PDU pdu = event.getPDU();
        int type = pdu.getType();
        if (type != PDU.TRAP && type != PDU.V1TRAP && type != PDU.INFORM) {
            notNotifications.incrementAndGet();
            return;
        }
        String user = o.header.version() == 3 ? userText(o.header.user()) : null;
        if (event.getMessageProcessingModel() == MessageProcessingModel.MPv3) {
            SnmpCredentials.Usm u = (SnmpCredentials.Usm) source.source.credentials();
            if (event.getSecurityLevel() != SecurityLevel.AUTH_PRIV) {
                refuse(d, UntrustedTrap.Reason.INSUFFICIENT_SECURITY, user);
                return;
            }
            if (!Arrays.equals(event.getSecurityName(), u.user().getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
                refuse(d, UntrustedTrap.Reason.UNKNOWN_USER, user);
                return;
            }
            // a trap is authenticated with the device's engine id, an inform with ours
            byte[] expected = type == PDU.INFORM ? localEngineId.getValue() : source.source.engineId();
            if (!o.header.engineIs(expected)) {
                refuse(d, UntrustedTrap.Reason.UNKNOWN_ENGINE_ID, user);
                return;
            }
        } else if (!MessageDigest.isEqual(event.getSecurityName(), source.community)) {
            refuse(d, UntrustedTrap.Reason.WRONG_COMMUNITY, null);
            return;
        }
        if (pdu.size() > settings.maxVarbinds()) {
            malformed.incrementAndGet();
            return;
        }
        TrapMapper.Result result = TrapMapper.map(source.source.deviceId(), pdu, clock.millis());
        if (result instanceof TrapMapper.Invalid) {
            malformed.incrementAndGet();
            return;
        }
        accepted.incrementAndGet();
        if (type == PDU.INFORM) {
            acknowledge(event);
        }
        if (result instanceof TrapMapper.Mapped m) {
            eventCounts.computeIfAbsent(m.event().type(), k -> new LongAdder()).increment();
            try {
                events.accept(m.event());
            } catch (RuntimeException e) {
                consumerErrors.incrementAndGet();
                LOG.log(System.Logger.Level.WARNING, "the trap event consumer failed: {0}", e.toString());
            }
        } else if (result instanceof TrapMapper.Unmapped u) {
            unmapped.incrementAndGet();
            LOG.log(System.Logger.Level.DEBUG, "device {0}: notification {1} has no Didban event",
                    source.source.deviceId(), u.trapOid());
        } else {
            ignored.incrementAndGet();
        }
    }

    private <A extends Address> void acknowledge(CommandResponderEvent<A> event) {
        PDU response = (PDU) event.getPDU().clone();
        response.setType(PDU.RESPONSE);
        response.setErrorStatus(PDU.noError);
        response.setErrorIndex(0);
        try {
            dispatcher.returnResponsePdu(event.getMessageProcessingModel(), event.getSecurityModel(),
                    event.getSecurityName(), event.getSecurityLevel(), response, event.getMaxSizeResponsePDU(),
                    event.getStateReference(), new StatusInformation());
            informsAcknowledged.incrementAndGet();
        } catch (MessageException e) {
            LOG.log(System.Logger.Level.WARNING, "could not acknowledge an inform from {0}: {1}",
                    event.getPeerAddress(), e.getMessage());
        }
    }

    private void refuse(Datagram d, UntrustedTrap.Reason reason, String user) {
        untrusted.get(reason).incrementAndGet();
        UdpAddress from = d.from();
        UntrustedTrap t = new UntrustedTrap(new InetSocketAddress(from.getInetAddress(), from.getPort()), reason,
                clock.instant(), d.source() == null ? null : d.source().source.deviceId(), user);
        try {
            untrustedConsumer.accept(t);
        } catch (RuntimeException e) {
            consumerErrors.incrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "the untrusted-trap consumer failed: {0}", e.toString());
        }
    }

    private static String userText(byte[] user) {
        if (user == null) {
            return null;
        }
        return TrapMapper.clean(new String(user, java.nio.charset.StandardCharsets.UTF_8));
    }
}
