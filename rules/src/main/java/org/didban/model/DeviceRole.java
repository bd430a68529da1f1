package org.didban.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a device does at a branch; rules name the roles they apply to. */
public enum DeviceRole {
    ROUTER, SWITCH, MODEM, FIREWALL, AUTH_DEVICE, VOTING_DEVICE, UPS, CAMERA, NVR, SENSOR;

    /** The name used in YAML, CSV and JSON: lower case with a hyphen ({@code auth-device}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static DeviceRole parse(String text) {
        String key = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (DeviceRole role : values()) {
            if (role.name().equals(key)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown device role '" + text + "'; known: "
                + Arrays.stream(values()).map(DeviceRole::wireName).collect(Collectors.joining(", ")));
    }
}
