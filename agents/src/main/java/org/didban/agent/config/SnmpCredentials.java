package org.didban.agent.config;

import java.util.Objects;

/** How to speak SNMP to one device: a v2c community or a v3 USM user (authPriv). */
public sealed interface SnmpCredentials {

    /** Everything but the secrets, to tell credential sets apart in logs. */
    String describe();

    /** SNMPv2c. Sending a community in clear is itself a finding (rule SEC-09). */
    record Community(Secret community) implements SnmpCredentials {
        public Community {
            Objects.requireNonNull(community, "community");
        }

        public static Community of(String community) {
            return new Community(Secret.of(community));
        }

        @Override
        public String describe() {
            return "v2c";
        }
    }

    /** SNMPv3 with authentication and privacy. Users are added without an engine id: discovery finds it. */
    record Usm(String user, AuthProtocol authProtocol, Secret authPassphrase, PrivProtocol privProtocol,
               Secret privPassphrase) implements SnmpCredentials {
        /** RFC 3414 section 11.2: passphrases shorter than this are refused by the key localisation. */
        public static final int MIN_PASSPHRASE = 8;

        public Usm {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(authProtocol, "authProtocol");
            Objects.requireNonNull(authPassphrase, "authPassphrase");
            Objects.requireNonNull(privProtocol, "privProtocol");
            Objects.requireNonNull(privPassphrase, "privPassphrase");
            if (authPassphrase.length() < MIN_PASSPHRASE || privPassphrase.length() < MIN_PASSPHRASE) {
                throw new IllegalArgumentException("SNMPv3 passphrases need at least " + MIN_PASSPHRASE + " characters");
            }
        }

        /** SHA-256 + AES-128, the default. */
        public static Usm of(String user, String authPassphrase, String privPassphrase) {
            return new Usm(user, AuthProtocol.SHA_256, Secret.of(authPassphrase), PrivProtocol.AES_128,
                    Secret.of(privPassphrase));
        }

        public boolean weak() {
            return authProtocol.weak() || privProtocol.weak();
        }

        @Override
        public String describe() {
            return "v3 user " + user + " " + authProtocol.configName() + "/" + privProtocol.configName();
        }
    }
}
