package org.didban.agent.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** An SNMPv3 authentication or privacy protocol as the site file names it, and whether it is weak. */
interface SnmpProtocol {
    String configName();

    /** Broken or deprecated: enabling it is a finding (rule SEC-09). */
    boolean weak();

    /**
     * The protocol named {@code text} (case and {@code _}/{@code -} do not matter), with the bare
     * family name ({@code SHA}, {@code AES}) standing for {@code shortFor}.
     */
    static <P extends Enum<P> & SnmpProtocol> P parse(Class<P> type, String what, String text, String family,
                                                     String shortFor) {
        String key = text.trim().toUpperCase(Locale.ROOT).replace('_', '-');
        if (key.equals(family)) {
            key = shortFor;
        }
        for (P p : type.getEnumConstants()) {
            if (p.configName().equals(key)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " protocol '" + text + "'; known: "
                + Arrays.stream(type.getEnumConstants()).map(SnmpProtocol::configName).collect(Collectors.joining(", ")));
    }
}
