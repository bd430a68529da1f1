package org.didban.agent.config;

import java.util.Objects;

/**
 * A credential read from configuration (community, passphrase, bearer token). Its text is only
 * reachable through {@link #reveal()}, so that printing a config, a device or a log line never
 * leaks it.
 */
public final class Secret {
    private final String text;

    private Secret(String text) {
        this.text = Objects.requireNonNull(text, "secret");
    }

    public static Secret of(String text) {
        return new Secret(text);
    }

    /** The secret itself; call it only where the protocol needs it. */
    public String reveal() {
        return text;
    }

    public int length() {
        return text.length();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return "****";
    }
}
