package org.didban.agent.trap;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * A notification the receiver refused because it could not be trusted. Never a device event: the
 * lead turns these into SEC-04 (credential guessing) / SEC-05 (user enumeration) input.
 *
 * @param source       where the datagram came from (address and port)
 * @param reason       why it was refused
 * @param time         when it arrived
 * @param device       the configured device at that source address, or null for an unknown address
 *                     (the datagram's source address can be forged: this is a hint, not proof)
 * @param securityName the SNMPv3 user name it claimed (bounded, control characters replaced), or
 *                     null; a v1/v2c community is never reported, since a wrong one may be a typo
 *                     of the right one
 */
public record UntrustedTrap(InetSocketAddress source, Reason reason, Instant time, String device, String securityName) {
    public UntrustedTrap {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(time, "time");
    }

    /** Why a notification was not trusted. {@link #wireName()} is a snake_case name for attributes. */
    public enum Reason {
        /** The source address is not a configured device. */
        UNKNOWN_SOURCE("unknown_source"),
        /** SNMPv1/v2c with a community other than the device's. */
        WRONG_COMMUNITY("wrong_community"),
        /** v1/v2c from a device configured for v3, or v3 from a device configured with a community. */
        UNEXPECTED_VERSION("unexpected_version"),
        /** SNMPv3 user name other than the device's (usmStatsUnknownUserNames). */
        UNKNOWN_USER("unknown_user"),
        /** SNMPv3 authoritative engine id not registered for the device (usmStatsUnknownEngineIDs). */
        UNKNOWN_ENGINE_ID("unknown_engine_id"),
        /** SNMPv3 authentication digest wrong: wrong auth passphrase or protocol (usmStatsWrongDigests). */
        WRONG_DIGEST("wrong_digest"),
        /** SNMPv3 payload could not be decrypted: wrong privacy passphrase or protocol (usmStatsDecryptionErrors). */
        DECRYPTION_ERROR("decryption_error"),
        /** SNMPv3 below authPriv (noAuthNoPriv or authNoPriv). */
        INSUFFICIENT_SECURITY("insufficient_security");

        private final String wireName;

        Reason(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }
}
