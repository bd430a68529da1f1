package org.didban.agent.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** SNMPv3 privacy (encryption) protocols. DES is weak: used only when a device needs it. */
public enum PrivProtocol {
    AES_128("AES-128", false),
    AES_192("AES-192", false),
    AES_256("AES-256", false),
    DES("DES", true);

    private final String configName;
    private final boolean weak;

    PrivProtocol(String configName, boolean weak) {
        this.configName = configName;
        this.weak = weak;
    }

    public String configName() {
        return configName;
    }

    public boolean weak() {
        return weak;
    }

    public static PrivProtocol parse(String text) {
        String key = text.trim().toUpperCase(Locale.ROOT).replace('_', '-');
        if (key.equals("AES")) {
            key = "AES-128";
        }
        for (PrivProtocol p : values()) {
            if (p.configName.equals(key)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown priv protocol '" + text + "'; known: "
                + Arrays.stream(values()).map(PrivProtocol::configName).collect(Collectors.joining(", ")));
    }
}
