package org.didban.rules;

import java.util.Locale;

/** The catalogue's families of rules. */
public enum RuleCategory {
    NETWORK, CYBER, PHYSICAL, POWER, DEVICE, READINESS;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
