package org.didban.model;

/**
 * What a device is expected to be, as registered in the inventory: the baseline that identity,
 * software and configuration checks compare against. Empty strings where nothing is registered.
 */
public record DeviceIdentity(String serial, String model, String firmware, String configHash) {
    public static final DeviceIdentity UNKNOWN = new DeviceIdentity("", "", "", "");

    public DeviceIdentity {
        serial = serial == null ? "" : serial;
        model = model == null ? "" : model;
        firmware = firmware == null ? "" : firmware;
        configHash = configHash == null ? "" : configHash;
    }

    /** Nothing registered: identity, software and configuration checks have no baseline. */
    public boolean isUnknown() {
        return serial.isEmpty() && model.isEmpty() && firmware.isEmpty() && configHash.isEmpty();
    }
}
