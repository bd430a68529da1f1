package org.didban.agent.snmp;

import org.didban.agent.config.AuthProtocol;
import org.didban.agent.config.PrivProtocol;
import org.didban.agent.config.SnmpCredentials;
import org.snmp4j.security.AuthHMAC128SHA224;
import org.snmp4j.security.AuthHMAC192SHA256;
import org.snmp4j.security.AuthHMAC256SHA384;
import org.snmp4j.security.AuthHMAC384SHA512;
import org.snmp4j.security.AuthMD5;
import org.snmp4j.security.AuthSHA;
import org.snmp4j.security.PrivAES128;
import org.snmp4j.security.PrivAES192;
import org.snmp4j.security.PrivAES256;
import org.snmp4j.security.PrivDES;
import org.snmp4j.security.SecurityProtocols;
import org.snmp4j.security.UsmUser;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;

/**
 * The SNMPv3 security protocols of one SNMP stack, never SNMP4J's global set: SHA-2 and AES are on
 * from the start; SHA-1, MD5 and DES only once a device's credentials ask for them.
 */
public final class UsmSecurity {
    private UsmSecurity() {
    }

    public static SecurityProtocols strongProtocols() {
        SecurityProtocols protocols = new SecurityProtocols(SecurityProtocols.SecurityProtocolSet.none);
        protocols.addAuthenticationProtocol(new AuthHMAC128SHA224());
        protocols.addAuthenticationProtocol(new AuthHMAC192SHA256());
        protocols.addAuthenticationProtocol(new AuthHMAC256SHA384());
        protocols.addAuthenticationProtocol(new AuthHMAC384SHA512());
        protocols.addPrivacyProtocol(new PrivAES128());
        protocols.addPrivacyProtocol(new PrivAES192());
        protocols.addPrivacyProtocol(new PrivAES256());
        return protocols;
    }

    /** Makes sure the protocols these credentials use are enabled (adds the weak ones on demand). */
    public static void enable(SecurityProtocols protocols, SnmpCredentials.Usm credentials) {
        if (credentials.authProtocol() == AuthProtocol.SHA_1) {
            protocols.addAuthenticationProtocol(new AuthSHA());
        } else if (credentials.authProtocol() == AuthProtocol.MD5) {
            protocols.addAuthenticationProtocol(new AuthMD5());
        }
        if (credentials.privProtocol() == PrivProtocol.DES) {
            protocols.addPrivacyProtocol(new PrivDES());
        }
    }

    /** An SNMP4J user, not localised to any engine. */
    public static UsmUser user(SnmpCredentials.Usm credentials) {
        return new UsmUser(new OctetString(credentials.user()), authOid(credentials.authProtocol()),
                new OctetString(credentials.authPassphrase().reveal()), privOid(credentials.privProtocol()),
                new OctetString(credentials.privPassphrase().reveal()));
    }

    public static OID authOid(AuthProtocol protocol) {
        return switch (protocol) {
            case SHA_1 -> AuthSHA.ID;
            case MD5 -> AuthMD5.ID;
            case SHA_224 -> AuthHMAC128SHA224.ID;
            case SHA_256 -> AuthHMAC192SHA256.ID;
            case SHA_384 -> AuthHMAC256SHA384.ID;
            case SHA_512 -> AuthHMAC384SHA512.ID;
        };
    }

    public static OID privOid(PrivProtocol protocol) {
        return switch (protocol) {
            case AES_128 -> PrivAES128.ID;
            case AES_192 -> PrivAES192.ID;
            case AES_256 -> PrivAES256.ID;
            case DES -> PrivDES.ID;
        };
    }
}
