package org.didban.model;

import java.util.Objects;

/**
 * A device at a branch. {@code address} is where the site agent reaches it (host or host:port);
 * {@code credentialRef} names SNMP credentials held by the agent, never the secret itself;
 * {@code expected} is its registered identity.
 */
public record Device(String id, String branchCode, DeviceRole role, String address, String credentialRef,
                     DeviceIdentity expected) {
    public Device {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(branchCode, "branchCode");
        Objects.requireNonNull(role, "role");
        address = address == null ? "" : address;
        credentialRef = credentialRef == null ? "" : credentialRef;
        expected = expected == null ? DeviceIdentity.UNKNOWN : expected;
    }

    /** A device with no registered identity yet. */
    public Device(String id, String branchCode, DeviceRole role, String address, String credentialRef) {
        this(id, branchCode, role, address, credentialRef, DeviceIdentity.UNKNOWN);
    }
}
