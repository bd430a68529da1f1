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
                    + " the password comes from DIDBAN_LEDGER_PASSWORD.")
    String url;

    @Option(names = "--ledger-user", paramLabel = "USER", description = "PostgreSQL user (default ${DEFAULT-VALUE}).")
    String user = "didban";

    LedgerSettings settings() {
        if (url != null) {
            return LedgerSettings.postgres(url, user, System.getenv().getOrDefault("DIDBAN_LEDGER_PASSWORD", ""));
        }
        return LedgerSettings.embedded(dataDir);
    }
}
