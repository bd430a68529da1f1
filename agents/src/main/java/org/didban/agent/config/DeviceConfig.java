package org.didban.agent.config;

import java.time.Duration;
import java.util.Objects;
import org.didban.model.DeviceRole;

/**
 * One device the agent polls.
 *
 * @param timeout        how long to wait for one SNMP answer before a retry
 * @param retries        retries of one request before the device counts as not answering
 * @param maxRepetitions rows asked per GETBULK while walking tables
 */
public record DeviceConfig(String id, DeviceRole role, String host, int port, SnmpCredentials credentials,
                           Duration timeout, int retries, int maxRepetitions) {
    public static final int DEFAULT_PORT = 161;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    public static final int DEFAULT_RETRIES = 1;
    public static final int DEFAULT_MAX_REPETITIONS = 10;

    public DeviceConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(timeout, "timeout");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (retries < 0 || retries > 10) {
            throw new IllegalArgumentException("retries must be between 0 and 10");
        }
        if (maxRepetitions < 1 || maxRepetitions > 100) {
            throw new IllegalArgumentException("max-repetitions must be between 1 and 100");
        }
    }

    /** A device with the default timeout, retries and repetitions. */
    public static DeviceConfig of(String id, DeviceRole role, String host, int port, SnmpCredentials credentials) {
        return new DeviceConfig(id, role, host, port, credentials, DEFAULT_TIMEOUT, DEFAULT_RETRIES,
                DEFAULT_MAX_REPETITIONS);
    }

    public DeviceConfig withTimeout(Duration timeout, int retries) {
        return new DeviceConfig(id, role, host, port, credentials, timeout, retries, maxRepetitions);
    }

    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
