package org.didban.agent.trap;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.didban.agent.config.SnmpCredentials;

/**
 * How a {@link TrapReceiver} listens and whom it trusts. Immutable; build with {@link #builder()}.
 *
 * @param listen                    UDP address and port to bind (port 0: any free port, read it back with
 *                                  {@link TrapReceiver#localAddress()})
 * @param sources                   the devices allowed to send, one entry per source address
 * @param ratePerSecond             traps per second one source may send (token bucket refill rate)
 * @param burst                     traps one source may send at once (token bucket size)
 * @param unknownSourceRatePerSecond traps per second all unknown addresses together may send before even
 *                                  being reported (one shared bucket, burst = twice this); bounds the
 *                                  work and the {@link UntrustedTrap} reports a spoofing flood causes
 * @param maxVarbinds               notifications with more varbinds are dropped as malformed
 * @param queueCapacity             datagrams waiting for the worker thread before new ones are dropped
 * @param engineId                  the receiver's own snmpEngineID (v3 informs are authenticated with it);
 *                                  null: a fresh one at every start (senders rediscover it)
 */
public record TrapSettings(InetSocketAddress listen, List<TrapSource> sources, int ratePerSecond, int burst,
                           int unknownSourceRatePerSecond, int maxVarbinds, int queueCapacity, byte[] engineId) {
    public static final int DEFAULT_PORT = 162;
    public static final int DEFAULT_RATE_PER_SECOND = 200;
    public static final int DEFAULT_BURST = 400;
    public static final int DEFAULT_UNKNOWN_SOURCE_RATE_PER_SECOND = 50;
    public static final int DEFAULT_MAX_VARBINDS = 128;
    public static final int DEFAULT_QUEUE_CAPACITY = 4096;

    public TrapSettings {
        Objects.requireNonNull(listen, "listen");
        sources = List.copyOf(sources);
        if (ratePerSecond < 1 || burst < 1 || unknownSourceRatePerSecond < 1) {
            throw new IllegalArgumentException("rates and burst must be at least 1");
        }
        if (maxVarbinds < 2 || maxVarbinds > 10_000) {
            throw new IllegalArgumentException("max-varbinds must be between 2 and 10000");
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1");
        }
        if (engineId != null) {
            if (engineId.length < 5 || engineId.length > 32) {
                throw new IllegalArgumentException("an snmpEngineID has 5 to 32 bytes, not " + engineId.length);
            }
            engineId = engineId.clone();
        }
        check(sources);
    }

    private static void check(List<TrapSource> sources) {
        Map<InetAddress, String> byAddress = new HashMap<>();
        Map<String, SnmpCredentials.Usm> users = new HashMap<>();
        for (TrapSource s : sources) {
            String other = byAddress.put(s.address(), s.deviceId());
            if (other != null) {
                throw new IllegalArgumentException("devices " + other + " and " + s.deviceId()
                        + " both send from " + s.address().getHostAddress()
                        + ": traps are attributed by source address, which must be one device's");
            }
            if (s.credentials() instanceof SnmpCredentials.Usm u) {
                // informs authenticate with the receiver's engine id: one set of keys per user name
                SnmpCredentials.Usm known = users.putIfAbsent(u.user(), u);
                if (known != null && !known.equals(u)) {
                    throw new IllegalArgumentException("device " + s.deviceId() + ": SNMPv3 user '" + u.user()
                            + "' is configured with other protocols or passphrases for another device;"
                            + " v3 informs need one set per user name");
                }
            }
        }
    }

    /** The source configured for an address, or null. */
    public TrapSource source(InetAddress address) {
        for (TrapSource s : sources) {
            if (s.address().equals(address)) {
                return s;
            }
        }
        return null;
    }

    @Override
    public byte[] engineId() {
        return engineId == null ? null : engineId.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrapSettings t && listen.equals(t.listen) && sources.equals(t.sources)
                && ratePerSecond == t.ratePerSecond && burst == t.burst
                && unknownSourceRatePerSecond == t.unknownSourceRatePerSecond && maxVarbinds == t.maxVarbinds
                && queueCapacity == t.queueCapacity && Arrays.equals(engineId, t.engineId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(listen, sources, ratePerSecond, burst, unknownSourceRatePerSecond, maxVarbinds,
                queueCapacity, Arrays.hashCode(engineId));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.listen = listen;
        b.sources.addAll(sources);
        b.ratePerSecond = ratePerSecond;
        b.burst = burst;
        b.unknownSourceRatePerSecond = unknownSourceRatePerSecond;
        b.maxVarbinds = maxVarbinds;
        b.queueCapacity = queueCapacity;
        b.engineId = engineId;
        return b;
    }

    public static final class Builder {
        private InetSocketAddress listen = new InetSocketAddress(DEFAULT_PORT); // 0.0.0.0:162
        private final List<TrapSource> sources = new ArrayList<>();
        private int ratePerSecond = DEFAULT_RATE_PER_SECOND;
        private int burst = DEFAULT_BURST;
        private int unknownSourceRatePerSecond = DEFAULT_UNKNOWN_SOURCE_RATE_PER_SECOND;
        private int maxVarbinds = DEFAULT_MAX_VARBINDS;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private byte[] engineId;

        private Builder() {
        }

        /** Default 0.0.0.0:162. */
        public Builder listen(InetSocketAddress listen) {
            this.listen = Objects.requireNonNull(listen);
            return this;
        }

        public Builder listen(InetAddress address, int port) {
            return listen(new InetSocketAddress(address, port));
        }

        public Builder source(TrapSource source) {
            sources.add(Objects.requireNonNull(source));
            return this;
        }

        /** A v1/v2c device. */
        public Builder community(String deviceId, InetAddress address, SnmpCredentials.Community community) {
            return source(TrapSource.community(deviceId, address, community));
        }

        /** A v3 device; {@code engineId} (its snmpEngineID) is needed for its traps, not for its informs. */
        public Builder usm(String deviceId, InetAddress address, SnmpCredentials.Usm user, byte[] engineId) {
            return source(TrapSource.usm(deviceId, address, user, engineId));
        }

        /** Per-source token bucket: {@code perSecond} refill, {@code burst} capacity. */
        public Builder rateLimit(int perSecond, int burst) {
            this.ratePerSecond = perSecond;
            this.burst = burst;
            return this;
        }

        public Builder unknownSourceRateLimit(int perSecond) {
            this.unknownSourceRatePerSecond = perSecond;
            return this;
        }

        public Builder maxVarbinds(int maxVarbinds) {
            this.maxVarbinds = maxVarbinds;
            return this;
        }

        public Builder queueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
            return this;
        }

        public Builder engineId(byte[] engineId) {
            this.engineId = engineId == null ? null : engineId.clone();
            return this;
        }

        public TrapSettings build() {
            return new TrapSettings(listen, sources, ratePerSecond, burst, unknownSourceRatePerSecond, maxVarbinds,
                    queueCapacity, engineId);
        }
    }
}
