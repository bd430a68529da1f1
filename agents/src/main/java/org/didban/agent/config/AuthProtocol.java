package org.didban.agent.config;


/** SNMPv3 authentication protocols. SHA-1 and MD5 are weak: used only when a device needs them. */
public enum AuthProtocol implements SnmpProtocol {
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

    @Override
    public String configName() {
        return configName;
    }

    @Override
    public boolean weak() {
        return weak;
    }

    public static AuthProtocol parse(String text) {
        return SnmpProtocol.parse(AuthProtocol.class, "auth", text, "SHA", "SHA-1");
    }
}
