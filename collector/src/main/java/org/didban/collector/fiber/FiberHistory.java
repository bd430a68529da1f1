package org.didban.collector.fiber;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.didban.collector.ledger.LedgerSettings;

/**
 * The rollout's daily snapshots, in the ledger's database (tables of {@code db/ledger/V2__fiber.sql},
 * created when the ledger opens and migrates): per day, the counts of every county. JDBC runs on a
 * thread of its own; every method answers with a future and never blocks its caller.
 *
 * <p>A day is stored once: its row in {@code fiber_snapshot_days} is the key, so a second attempt
 * on the same day (another collector on the same PostgreSQL, a restart) changes nothing.
 */
public final class FiberHistory implements AutoCloseable {
    /** The longest series one request may ask for. */
    public static final int MAX_DAYS = 3_660;
    private static final String UNIQUE_VIOLATION = "23505";
    private static final FiberCounts.Tally[] TALLIES = FiberCounts.Tally.values();

    private final LedgerSettings settings;
    private final ExecutorService worker;

    /** One day of a series: when it was taken and the counts of the area asked for. */
    public record Day(LocalDate day, long takenAt, FiberCounts counts) {
    }

    public FiberHistory(LedgerSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "didban-fiber-history");
            t.setDaemon(true);
            return t;
        });
    }

    /** Is there a snapshot of this day? */
    public CompletableFuture<Boolean> hasDay(LocalDate day) {
        return run(() -> {
            try (Connection c = connect();
                 PreparedStatement st = c.prepareStatement("SELECT 1 FROM fiber_snapshot_days WHERE snap_day = ?")) {
                st.setObject(1, day);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /**
     * Stores the picture as the snapshot of its day ({@link FiberPicture#today()}); completes with
     * false when that day was already stored (nothing is changed then).
     */
    public CompletableFuture<Boolean> store(FiberPicture picture) {
        LocalDate day = picture.today();
        return run(() -> {
            try (Connection c = connect()) {
                c.setAutoCommit(false);
                try {
                    try (PreparedStatement marker = c.prepareStatement(
                            "INSERT INTO fiber_snapshot_days (snap_day, taken_at, branches) VALUES (?, ?, ?)")) {
                        marker.setObject(1, day);
                        marker.setLong(2, picture.computedAt());
                        marker.setInt(3, picture.nation().branches());
                        marker.executeUpdate();
                    }
                    try (PreparedStatement row = c.prepareStatement(insertRow())) {
                        for (Map.Entry<String, FiberCounts> e : picture.counties().entrySet()) {
                            row.setObject(1, day);
                            row.setString(2, picture.provinceOf(e.getKey()));
                            row.setString(3, e.getKey());
                            for (int i = 0; i < TALLIES.length; i++) {
                                row.setInt(4 + i, e.getValue().get(TALLIES[i]));
                            }
                            row.addBatch();
                        }
                        row.executeBatch();
                    }
                    c.commit();
                    return true;
                } catch (SQLException e) {
                    c.rollback();
                    if (isUniqueViolation(e)) {
                        return false;
                    }
                    throw e;
                }
            }
        });
    }

    private static boolean isUniqueViolation(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (UNIQUE_VIOLATION.equals(x.getSQLState())) {
                return true;
            }
        }
        return e.getCause() instanceof SQLException && UNIQUE_VIOLATION.equals(((SQLException) e.getCause()).getSQLState());
    }

    private static String insertRow() {
        StringBuilder cols = new StringBuilder("snap_day, province, county");
        StringBuilder marks = new StringBuilder("?, ?, ?");
        for (FiberCounts.Tally t : TALLIES) {
            cols.append(", ").append(t.column());
            marks.append(", ?");
        }
        return "INSERT INTO fiber_daily (" + cols + ") VALUES (" + marks + ")";
    }

    /**
     * The days from {@code from} to {@code to} (inclusive) with a snapshot, oldest first, each with
     * the sums over the area's counties. An area wholly outside what its person may see has none.
     */
    public CompletableFuture<List<Day>> series(FiberArea area, LocalDate from, LocalDate to) {
        if (area.nothing()) {
            return CompletableFuture.completedFuture(List.of());
        }
        return run(() -> {
            StringBuilder sql = new StringBuilder("SELECT d.snap_day, d.taken_at");
            for (FiberCounts.Tally t : TALLIES) {
                sql.append(", COALESCE(SUM(c.").append(t.column()).append("), 0)");
            }
            sql.append(" FROM fiber_snapshot_days d LEFT JOIN fiber_daily c ON c.snap_day = d.snap_day");
            List<String> args = new ArrayList<>();
            if (!area.province().isEmpty()) {
                sql.append(" AND c.province = ?");
                args.add(area.province());
            }
            if (!area.county().isEmpty()) {
                sql.append(" AND c.county = ?");
                args.add(area.county());
            }
            sql.append(" WHERE d.snap_day >= ? AND d.snap_day <= ? GROUP BY d.snap_day, d.taken_at ORDER BY d.snap_day");
            List<Day> out = new ArrayList<>();
            try (Connection c = connect(); PreparedStatement st = c.prepareStatement(sql.toString())) {
                int i = 1;
                for (String a : args) {
                    st.setString(i++, a);
                }
                st.setObject(i++, from);
                st.setObject(i, to);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        int[] n = new int[TALLIES.length];
                        for (int k = 0; k < n.length; k++) {
                            n[k] = (int) rs.getLong(3 + k);
                        }
                        out.add(new Day(rs.getObject(1, LocalDate.class), rs.getLong(2), FiberCounts.of(n)));
                    }
                }
            }
            return out;
        });
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
    }

    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    private <T> CompletableFuture<T> run(SqlWork<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            worker.execute(() -> {
                try {
                    f.complete(work.run());
                } catch (SQLException | RuntimeException e) {
                    f.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            f.completeExceptionally(new IllegalStateException("the fiber history is closed"));
        }
        return f;
    }

    /** Lets work already handed over finish (up to 30 s), then stops the thread. */
    @Override
    public void close() {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
