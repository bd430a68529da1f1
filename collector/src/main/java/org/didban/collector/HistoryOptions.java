package org.didban.collector;

import org.didban.collector.history.InfluxSettings;
import picocli.CommandLine.Option;

/** Where history goes: the command-line options shared by {@code serve} and {@code demo}. */
public final class HistoryOptions {
    @Option(names = "--influx-url", paramLabel = "URL",
            description = "Write samples, alert transitions and daily readiness and fiber snapshots to this InfluxDB"
                    + " (1.x /write API), e.g. http://127.0.0.1:8086; the password comes from "
                    + InfluxSettings.PASSWORD_ENV + " (or the file " + InfluxSettings.PASSWORD_ENV + "_FILE names)."
                    + " Default: no history is written.")
    String url;

    @Option(names = "--influx-db", paramLabel = "NAME", description = "InfluxDB database (default ${DEFAULT-VALUE}).")
    String database = InfluxSettings.DEFAULT_DATABASE;

    @Option(names = "--influx-user", paramLabel = "USER", description = "InfluxDB user; default: none.")
    String user;

    @Option(names = "--influx-samples", paramLabel = "true|false", arity = "1",
            description = "Write every sample, not only alerts and daily snapshots (default ${DEFAULT-VALUE}).")
    boolean samples = true;

    /** The settings, or null when no InfluxDB was named. */
    public InfluxSettings settings() {
        return settings(System::getenv);
    }

    /**
     * As {@link #settings()}, with the password looked up in {@code env}.
     *
     * @throws IllegalArgumentException when the password file is missing or unreadable (never with the password)
     */
    public InfluxSettings settings(java.util.function.Function<String, String> env) {
        if (url == null) {
            return null;
        }
        InfluxSettings.Builder b = InfluxSettings.builder(url).database(database).writeSamples(samples);
        if (user != null) {
            b.user(user);
        }
        String password;
        try {
            password = org.didban.secrets.Secrets.fromEnvironment(InfluxSettings.PASSWORD_ENV, env);
        } catch (org.didban.secrets.Secrets.Unavailable e) {
            throw new IllegalArgumentException("InfluxDB password: " + e.getMessage());
        }
        if (password != null && !password.isEmpty()) {
            b.password(password);
        }
        return b.build();
    }
}
