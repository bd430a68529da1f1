package org.didban.agent.config;


/** SNMPv3 privacy (encryption) protocols. DES is weak: used only when a device needs it. */
public enum PrivProtocol implements SnmpProtocol {
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

    @Override
    public String configName() {
        return configName;
    }

    @Override
    public boolean weak() {
        return weak;
    }

    public static PrivProtocol parse(String text) {
        return SnmpProtocol.parse(PrivProtocol.class, "priv", text, "AES", "AES-128");
    }
}
