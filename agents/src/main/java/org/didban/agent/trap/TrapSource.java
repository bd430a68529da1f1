package org.didban.agent.trap;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import org.didban.agent.config.SnmpCredentials;

/**
 * A device allowed to send traps: the address its notifications come from (UDP source address; the
 * source port does not matter) and the credentials they must carry. A {@link SnmpCredentials.Community}
 * accepts SNMPv1 and v2c notifications with that community; a {@link SnmpCredentials.Usm} accepts
 * only SNMPv3 authPriv ones from that user. {@code engineId} is the device's own (authoritative)
 * snmpEngineID, which SNMPv3 <em>traps</em> are authenticated with; without it the device's v3
 * traps are refused as {@link UntrustedTrap.Reason#UNKNOWN_ENGINE_ID} and only its v3 informs
 * (which use the receiver's engine id) are accepted. Ignored for communities.
 */
public record TrapSource(String deviceId, InetAddress address, SnmpCredentials credentials, byte[] engineId) {
    public TrapSource {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(credentials, "credentials");
        if (deviceId.isEmpty()) {
            throw new IllegalArgumentException("device id is empty");
        }
        if (engineId != null) {
            if (engineId.length < 5 || engineId.length > 32) {
                throw new IllegalArgumentException("device " + deviceId + ": an snmpEngineID has 5 to 32 bytes, not "
                        + engineId.length);
            }
            if (!(credentials instanceof SnmpCredentials.Usm)) {
                throw new IllegalArgumentException("device " + deviceId + ": an engine id needs SNMPv3 credentials");
            }
            engineId = engineId.clone();
        }
    }

    /** A v1/v2c source. */
    public static TrapSource community(String deviceId, InetAddress address, SnmpCredentials.Community community) {
        return new TrapSource(deviceId, address, community, null);
    }

    /** A v3 source; {@code engineId} may be null (informs only). */
    public static TrapSource usm(String deviceId, InetAddress address, SnmpCredentials.Usm user, byte[] engineId) {
        return new TrapSource(deviceId, address, user, engineId);
    }

    /** An engine id written in hex, as net-snmp prints it: {@code 0x8000…}, {@code 80:00:…} or plain. */
    public static byte[] parseEngineId(String text) {
        String hex = text.trim().toLowerCase(Locale.ROOT);
        if (hex.startsWith("0x")) {
            hex = hex.substring(2);
        }
        hex = hex.replace(":", "").replace(" ", "");
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("engine id '" + text + "' is not hexadecimal");
        }
    }

    @Override
    public byte[] engineId() {
        return engineId == null ? null : engineId.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrapSource t && deviceId.equals(t.deviceId) && address.equals(t.address)
                && credentials.equals(t.credentials) && Arrays.equals(engineId, t.engineId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(deviceId, address, credentials, Arrays.hashCode(engineId));
    }

    @Override
    public String toString() {
        return "TrapSource[" + deviceId + " " + address.getHostAddress() + " " + credentials.describe()
                + (engineId == null ? "" : " engine " + HexFormat.of().formatHex(engineId)) + "]";
    }
}
