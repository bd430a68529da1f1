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
 * @param options        what the device entry says beyond that: which of timeout, retries and
 *                       max-repetitions it gave (the others come from the device profile), a profile
 *                       override, a poll interval, the uplink interfaces
 */
public record DeviceConfig(String id, DeviceRole role, String host, int port, SnmpCredentials credentials,
                           Duration timeout, int retries, int maxRepetitions, Options options) {
    /**
     * Optional settings of a device entry.
     *
     * @param profile        a profile name ("router"…) or a .yaml file instead of the role's profile; null: the role's
     * @param interval       poll this device every interval (a multiple of the site's); null: the profile's default
     * @param timeoutSet     whether {@code timeout} was given (else the profile's default applies)
     * @param retriesSet     whether {@code retries} was given
     * @param repetitionsSet whether {@code max-repetitions} was given
     * @param uplinks        interface names (ifName/ifDescr) that are the branch's uplinks; empty: detected
     */
    public record Options(String profile, Duration interval, boolean timeoutSet, boolean retriesSet,
                          boolean repetitionsSet, java.util.List<String> uplinks, String trapEngineId) {
        /** Nothing given: profile defaults for timeout, retries, repetitions and interval. */
        public static final Options NONE = new Options(null, null, false, false, false, java.util.List.of());
        /** Timeout, retries and repetitions given (what the constructor without options means). */
        public static final Options EXPLICIT = new Options(null, null, true, true, true, java.util.List.of());

        /** Without a trap engine id: the device's SNMPv3 traps are not trusted (its informs are). */
        public Options(String profile, Duration interval, boolean timeoutSet, boolean retriesSet,
                       boolean repetitionsSet, java.util.List<String> uplinks) {
            this(profile, interval, timeoutSet, retriesSet, repetitionsSet, uplinks, null);
        }

        public Options {
            uplinks = uplinks == null ? java.util.List.of() : java.util.List.copyOf(uplinks);
            if (interval != null && (interval.isNegative() || interval.isZero())) {
                throw new IllegalArgumentException("poll-interval must be positive");
            }
        }
    }

    /** A device whose timeout, retries and repetitions are all given (the profile's defaults do not apply). */
    public DeviceConfig(String id, DeviceRole role, String host, int port, SnmpCredentials credentials,
                        Duration timeout, int retries, int maxRepetitions) {
        this(id, role, host, port, credentials, timeout, retries, maxRepetitions, Options.EXPLICIT);
    }

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
        options = options == null ? Options.EXPLICIT : options;
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

    /** A device with its profile's timeout, retries and repetitions (the defaults here when the profile says none). */
    public static DeviceConfig of(String id, DeviceRole role, String host, int port, SnmpCredentials credentials) {
        return new DeviceConfig(id, role, host, port, credentials, DEFAULT_TIMEOUT, DEFAULT_RETRIES,
                DEFAULT_MAX_REPETITIONS, Options.NONE);
    }

    public DeviceConfig withTimeout(Duration timeout, int retries) {
        return new DeviceConfig(id, role, host, port, credentials, timeout, retries, maxRepetitions,
                new Options(options.profile(), options.interval(), true, true, options.repetitionsSet(), options.uplinks()));
    }

    public DeviceConfig withOptions(Options options) {
        return new DeviceConfig(id, role, host, port, credentials, timeout, retries, maxRepetitions, options);
    }

    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
