package org.didban.model;

import java.util.Objects;

/**
 * A device at a branch. {@code address} is where the site agent reaches it (host or host:port);
 * {@code credentialRef} names SNMP credentials held by the agent, never the secret itself.
 */
public record Device(String id, String branchCode, DeviceRole role, String address, String credentialRef) {
    public Device {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(branchCode, "branchCode");
        Objects.requireNonNull(role, "role");
        address = address == null ? "" : address;
        credentialRef = credentialRef == null ? "" : credentialRef;
    }
}
