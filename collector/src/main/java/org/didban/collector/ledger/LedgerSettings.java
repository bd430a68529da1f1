package org.didban.collector.ledger;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the ledger lives: an embedded H2 database in a folder (the default; no server to run) or
 * a PostgreSQL database. Both get the same schema through the same migrations.
 */
public record LedgerSettings(String jdbcUrl, String user, String password) {
    public LedgerSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("the ledger runs on H2 (jdbc:h2:...) or PostgreSQL (jdbc:postgresql:...),"
                    + " not " + jdbcUrl.replaceAll("password=[^&;]*", "password=…"));
        }
        user = user == null ? "" : user;
        password = password == null ? "" : password;
    }

    /**
     * An H2 file database {@code ledger.mv.db} in {@code folder}. WRITE_DELAY=0: a commit is
     * written to the file before it returns, so a kill -9 loses nothing that was acknowledged.
     */
    public static LedgerSettings embedded(Path folder) {
        return new LedgerSettings("jdbc:h2:file:" + folder.toAbsolutePath().resolve("ledger")
                + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE", "didban", "");
    }

    /**
     * A private in-memory database: for tests and the demo, where forgetting on exit is the point.
     */
    public static LedgerSettings inMemory() {
        return new LedgerSettings("jdbc:h2:mem:didban-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "didban", "");
    }

    public boolean inMemoryOnly() {
        return jdbcUrl.startsWith("jdbc:h2:mem:");
    }

    public static LedgerSettings postgres(String jdbcUrl, String user, String password) {
        return new LedgerSettings(jdbcUrl, user, password);
    }

    public boolean embedded() {
        return jdbcUrl.startsWith("jdbc:h2:");
    }

    @Override
    public String toString() {
        return "LedgerSettings[" + jdbcUrl.replaceAll("password=[^&;]*", "password=…") + ", user=" + user + "]";
    }
}
