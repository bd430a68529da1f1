package org.didban.collector;

import java.nio.file.Path;
import org.didban.collector.ledger.LedgerSettings;
import picocli.CommandLine.Option;

/** Where the alert ledger is: the command-line options shared by {@code serve} and {@code audit}. */
final class LedgerOptions {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Folder of the embedded alert ledger (default ${DEFAULT-VALUE}).")
    Path dataDir = Path.of("didban-data");

    @Option(names = "--ledger-url", paramLabel = "JDBC_URL",
            description = "Keep the ledger in PostgreSQL instead, e.g. jdbc:postgresql://db:5432/didban;"
                    + " the password comes from DIDBAN_LEDGER_PASSWORD, or from the file DIDBAN_LEDGER_PASSWORD_FILE names.")
    String url;

    @Option(names = "--ledger-user", paramLabel = "USER", description = "PostgreSQL user (default ${DEFAULT-VALUE}).")
    String user = "didban";

    /** The environment variable holding the PostgreSQL password; with {@code _FILE}, the one naming a file holding it. */
    static final String PASSWORD_ENV = "DIDBAN_LEDGER_PASSWORD";

    /** @throws IllegalArgumentException when the password file is missing or unreadable (the message never holds the password) */
    LedgerSettings settings() {
        return settings(System::getenv);
    }

    LedgerSettings settings(java.util.function.Function<String, String> env) {
        if (url != null) {
            String password;
            try {
                password = org.didban.secrets.Secrets.fromEnvironment(PASSWORD_ENV, env);
            } catch (org.didban.secrets.Secrets.Unavailable e) {
                throw new IllegalArgumentException("ledger password: " + e.getMessage());
            }
            return LedgerSettings.postgres(url, user, password == null ? "" : password);
        }
        return LedgerSettings.embedded(dataDir);
    }
}
