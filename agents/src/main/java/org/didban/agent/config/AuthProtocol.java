package org.didban.agent.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** SNMPv3 authentication protocols. SHA-1 and MD5 are weak: used only when a device needs them. */
public enum AuthProtocol {
    SHA_224("SHA-224", false),
    SHA_256("SHA-256", false),
    SHA_384("SHA-384", false),
    SHA_512("SHA-512", false),
    SHA_1("SHA-1", true),
    MD5("MD5", true);

    private final String configName;
    private final boolean weak;

    AuthProtocol(String configName, boolean weak) {
        this.configName = configName;
        this.weak = weak;
    }

    public String configName() {
        return configName;
    }

    /** Broken or deprecated: enabling it is a finding (rule SEC-09). */
    public boolean weak() {
        return weak;
    }

    public static AuthProtocol parse(String text) {
        String key = text.trim().toUpperCase(Locale.ROOT).replace('_', '-');
        if (key.equals("SHA")) {
            key = "SHA-1";
        }
        for (AuthProtocol p : values()) {
            if (p.configName.equals(key)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown auth protocol '" + text + "'; known: "
                + Arrays.stream(values()).map(AuthProtocol::configName).collect(Collectors.joining(", ")));
    }
}
