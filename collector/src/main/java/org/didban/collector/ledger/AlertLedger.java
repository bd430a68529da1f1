package org.didban.collector.ledger;

import io.vertx.core.json.JsonObject;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.didban.collector.alerts.AlertChange;
import org.didban.collector.alerts.AlertFeed;
import org.didban.collector.alerts.Silence;
import org.didban.collector.alerts.TrackedAlert;
import org.flywaydb.core.Flyway;

/**
 * The durable record of alerts: every change appended to a hash-chained log, and the current
 * state of each alert and silence beside it, written in one transaction per batch by one thread
 * of its own (JDBC blocks; no event loop ever waits for it). A caller's future completes once its
 * record is committed; only then is the change published on the {@link AlertFeed}, so nobody is
 * told of anything the ledger could lose. When the database fails, the batch is retried with
 * backoff until it is written: accepted changes wait in memory, in order, and are never dropped.
 *
 * <p>Several collectors may write one database (a cluster on one PostgreSQL) and still make one
 * chain. The chain's tip — the last sequence number and hash — lives in the database, not in
 * memory: each batch's transaction locks the one {@code ledger_tip} row ({@code SELECT ... FOR
 * UPDATE}), chains its records from it, and moves it on before it commits. The database so lets
 * one writer at a time append, each after the last commit, and the sequence number's primary key
 * refuses a duplicate should that ever fail: no fork, no gap, no number twice. The price is that
 * the cluster's writers take turns, a batch (up to 256 records) at a time. Two collector
 * processes cannot share an embedded H2 file (H2 locks it to one process); H2 is for one collector.
 */
public final class AlertLedger implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AlertLedger.class.getName());
    private static final int BATCH = 256;
    /** County codes bound in one statement; larger sets are read in several. */
    static final int CODES_PER_STATEMENT = 500;
    /** How long an H2 writer waits for another's transaction to release the chain tip. */
    private static final int H2_LOCK_TIMEOUT_MS = 30_000;

    private final LedgerSettings settings;
    private final AlertFeed feed;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final ExecutorService readers;
    private final AtomicLong appended = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong writeFailures = new AtomicLong();
    private Connection writeConnection;
    private volatile boolean closing;

    private AlertLedger(LedgerSettings settings, AlertFeed feed) throws SQLException {
        this.settings = settings;
        this.feed = feed;
        this.writeConnection = connectWriter();
        this.readers = Executors.newSingleThreadExecutor(r -> daemon(r, "didban-ledger-read"));
        this.writer = daemon(this::writeLoop, "didban-ledger-write");
        writer.start();
    }

    /**
     * Opens (and creates or migrates) the ledger. Blocking: call it from a worker thread.
     *
     * @param feed where committed alert changes are published
     */
    public static AlertLedger open(LedgerSettings settings, AlertFeed feed) throws SQLException {
        migrate(settings);
        return new AlertLedger(settings, feed);
    }

    /** Brings the schema up to date through the migrations in {@code db/ledger}. */
    static void migrate(LedgerSettings settings) {
        Flyway.configure()
                .dataSource(settings.jdbcUrl(), settings.user(), settings.password())
                .locations("classpath:db/ledger")
                .table("ledger_schema_history")
                .load()
                .migrate();
    }

    /** Appends an alert change; completes with the change as stored (its sequence number set). */
    public CompletableFuture<AlertChange> append(AlertChange change) {
        Pending p = new Pending(change, null, null, null);
        return enqueue(p).thenApply(seq -> change.stored(seq));
    }

    /**
     * Records a silence created ({@code ended} false) or ended early; completes with its sequence
     * number in the ledger.
     */
    public CompletableFuture<Long> recordSilence(Silence silence, boolean ended, String actor) {
        return enqueue(new Pending(null, silence, ended ? "silence_ended" : "silence_created", actor));
    }

    /**
     * Records something else people did that the evidence must hold — an inventory change, say —
     * in the same chain: {@code kind} names it (e.g. {@code inventory_changed}), {@code detail}
     * says what changed. Completes with its sequence number once committed.
     */
    public CompletableFuture<Long> recordAudit(String kind, String actor, long at, JsonObject detail) {
        if (kind == null || !kind.matches("[a-z][a-z_]{0,31}") || kind.startsWith("silence_")) {
            throw new IllegalArgumentException("an audit kind is a lower-case word of at most 32 characters"
                    + " not used by alerts or silences: " + kind);
        }
        Pending p = new Pending(null, null, kind, actor);
        p.detail = detail.copy();
        p.at = at;
        return enqueue(p);
    }

    /** Keeps a notification given up on (outside the hash chain: it is about delivery, not about alerts). */
    public CompletableFuture<Void> recordDeadLetter(DeadLetterRecord letter) {
        return read(() -> {
            try (Connection c = connect();
                 PreparedStatement st = c.prepareStatement("INSERT INTO dead_letters (target, delivery_id, change_seq,"
                         + " alert_id, attempts, last_error, first_tried, given_up, body) VALUES (?,?,?,?,?,?,?,?,?)")) {
                st.setString(1, letter.target());
                st.setString(2, letter.deliveryId());
                st.setLong(3, letter.changeSeq());
                st.setString(4, letter.alertId());
                st.setInt(5, letter.attempts());
                st.setString(6, abbreviate(letter.lastError(), 1000));
                st.setLong(7, letter.firstTried());
                st.setLong(8, letter.givenUp());
                st.setString(9, letter.body());
                st.executeUpdate();
                return null;
            }
        });
    }

    /**
     * Completes once everything appended before it is committed: a read after it sees every
     * change the shards had already handed over (read your own writes across the API). Completes
     * with the chain's last sequence number at that moment: at least that of every record this
     * ledger appended before it; other collectors on the same database may have added more.
     */
    public CompletableFuture<Long> barrier() {
        return enqueue(new Pending(null, null, null, null));
    }

    private CompletableFuture<Long> enqueue(Pending p) {
        if (closing) {
            p.done.completeExceptionally(new IllegalStateException("the ledger is closed"));
        } else {
            queue.add(p);
        }
        return p.done;
    }

    // ── reads ───────────────────────────────────────────────────────────────────────────────

    /** The alerts that were active when last recorded: what a restarted collector resumes. */
    public CompletableFuture<List<TrackedAlert>> activeAlerts() {
        return read(() -> alerts("SELECT body FROM alerts WHERE active = TRUE ORDER BY active_since", st -> { }));
    }

    /**
     * The active alerts (as {@link #activeAlerts()}) of the given counties, area alerts included:
     * what a collector takes up with the branches of one that died. Reads what any collector has
     * committed; an empty set gives an empty list.
     */
    public CompletableFuture<List<TrackedAlert>> activeAlertsOf(Collection<String> countyCodes) {
        List<List<String>> chunks = chunks(countyCodes);
        return read(() -> {
            List<TrackedAlert> out = new ArrayList<>();
            for (List<String> chunk : chunks) {
                out.addAll(alerts("SELECT body FROM alerts WHERE active = TRUE AND county IN (" + placeholders(chunk.size())
                        + ")", st -> bind(st, new ArrayList<>(chunk))));
            }
            out.sort(Comparator.comparingLong((TrackedAlert a) -> a.alert().activeSince()).thenComparing(TrackedAlert::id));
            return out;
        });
    }

    /**
     * The recorded changes (their sequence numbers set) to alerts of the given counties, area
     * alerts included, made at or after {@code atMs}, in ledger order: what a collector may resend
     * when it takes up the branches of one that died before telling everyone (receivers drop what
     * they already had by its delivery id, made from the sequence number). At most {@code limit},
     * the newest (the likeliest not yet delivered); a full list may have had more before it. Reads what any collector has committed; an empty set
     * gives an empty list.
     */
    public CompletableFuture<List<AlertChange>> changesSince(long atMs, Collection<String> countyCodes, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("the limit must be positive: " + limit);
        }
        List<List<String>> chunks = chunks(countyCodes);
        return read(() -> {
            List<AlertChange> out = new ArrayList<>();
            try (Connection c = connect()) {
                for (List<String> chunk : chunks) {
                    // Each chunk's newest `limit` by seq: the newest `limit` of all are among them.
                    try (PreparedStatement st = c.prepareStatement("SELECT l.body FROM ledger l"
                            + " JOIN alerts a ON a.id = l.alert_id WHERE l.at_ms >= ? AND a.county IN ("
                            + placeholders(chunk.size()) + ") ORDER BY l.seq DESC LIMIT ?")) {
                        List<Object> args = new ArrayList<>();
                        args.add(atMs);
                        args.addAll(chunk);
                        args.add(limit);
                        bind(st, args);
                        try (ResultSet rs = st.executeQuery()) {
                            while (rs.next()) {
                                out.add(LedgerCodec.change(new JsonObject(rs.getString(1))));
                            }
                        }
                    }
                }
            }
            out.sort(Comparator.comparingLong(AlertChange::seq));
            return out.size() > limit ? new ArrayList<>(out.subList(out.size() - limit, out.size())) : out;
        });
    }

    /**
     * A set of codes in sorted chunks small enough for one statement's parameters (PostgreSQL
     * takes at most 65,535 a statement; the country has about 470 counties, so one chunk as a rule).
     */
    static List<List<String>> chunks(Collection<String> codes) {
        List<String> sorted = new ArrayList<>(new TreeSet<>(codes));
        List<List<String>> out = new ArrayList<>();
        for (int from = 0; from < sorted.size(); from += CODES_PER_STATEMENT) {
            out.add(List.copyOf(sorted.subList(from, Math.min(sorted.size(), from + CODES_PER_STATEMENT))));
        }
        return out;
    }

    private static String placeholders(int n) {
        return String.join(",", Collections.nCopies(n, "?"));
    }

    /**
     * Silences not ended early that end after {@code now}, including those that start later. Read
     * from the database each time: other collectors on it add and end silences too.
     */
    public CompletableFuture<List<Silence>> silences(long now) {
        return read(() -> {
            List<Silence> out = new ArrayList<>();
            try (Connection c = connect();
                 PreparedStatement st = c.prepareStatement(
                         "SELECT body FROM silences WHERE ended_at = 0 AND ends_at > ? ORDER BY id")) {
                st.setLong(1, now);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(LedgerCodec.silence(new JsonObject(rs.getString(1))));
                    }
                }
            }
            return out;
        });
    }

    public CompletableFuture<Optional<Silence>> silence(String id) {
        return read(() -> {
            try (Connection c = connect();
                 PreparedStatement st = c.prepareStatement("SELECT body FROM silences WHERE id = ?")) {
                st.setString(1, id);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? Optional.of(LedgerCodec.silence(new JsonObject(rs.getString(1)))) : Optional.empty();
                }
            }
        });
    }

    /** One alert as last recorded, active or not. */
    public CompletableFuture<Optional<TrackedAlert>> alert(String id) {
        return readAfterWrites(() -> {
            List<TrackedAlert> found = alerts("SELECT body FROM alerts WHERE id = ?", st -> st.setString(1, id));
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        });
    }

    /** Every recorded change of one alert, oldest first. */
    public CompletableFuture<List<AlertChange>> timeline(String alertId) {
        return readAfterWrites(() -> {
            List<AlertChange> out = new ArrayList<>();
            try (Connection c = connect();
                 PreparedStatement st = c.prepareStatement("SELECT body FROM ledger WHERE alert_id = ? ORDER BY seq")) {
                st.setString(1, alertId);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(LedgerCodec.change(new JsonObject(rs.getString(1))));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Resolved alerts, newest first, in the given provinces / counties / branches (empty: any),
     * a page at a time; the total is of all that match.
     */
    public CompletableFuture<Page> resolved(HistoryQuery q) {
        return readAfterWrites(() -> {
            StringBuilder where = new StringBuilder(" WHERE active = FALSE AND state = 'resolved'");
            List<Object> args = new ArrayList<>();
            in(where, args, "province", q.provinces());
            in(where, args, "county", q.counties());
            in(where, args, "branch", q.branches());
            in(where, args, "severity", q.severities());
            in(where, args, "rule_id", q.rules());
            if (q.since() > 0) {
                where.append(" AND resolved_at >= ?");
                args.add(q.since());
            }
            try (Connection c = connect()) {
                long total;
                try (PreparedStatement st = c.prepareStatement("SELECT COUNT(*) FROM alerts" + where)) {
                    bind(st, args);
                    try (ResultSet rs = st.executeQuery()) {
                        rs.next();
                        total = rs.getLong(1);
                    }
                }
                List<TrackedAlert> page = new ArrayList<>();
                try (PreparedStatement st = c.prepareStatement("SELECT body FROM alerts" + where
                        + " ORDER BY resolved_at DESC, id LIMIT ? OFFSET ?")) {
                    List<Object> all = new ArrayList<>(args);
                    all.add(q.limit());
                    all.add(q.offset());
                    bind(st, all);
                    try (ResultSet rs = st.executeQuery()) {
                        while (rs.next()) {
                            page.add(LedgerCodec.alert(new JsonObject(rs.getString(1))));
                        }
                    }
                }
                return new Page(page, total);
            }
        });
    }

    /** A page of resolved alerts and how many match in all. */
    public record Page(List<TrackedAlert> alerts, long total) {
    }

    /** What {@link #resolved} selects; empty sets mean any. */
    public record HistoryQuery(java.util.Set<String> provinces, java.util.Set<String> counties,
                               java.util.Set<String> branches, java.util.Set<String> severities,
                               java.util.Set<String> rules, long since, int offset, int limit) {
    }

    private static void in(StringBuilder where, List<Object> args, String column, java.util.Set<String> values) {
        if (values.isEmpty()) {
            return;
        }
        where.append(" AND ").append(column).append(" IN (");
        int i = 0;
        for (String v : values) {
            where.append(i++ == 0 ? "?" : ",?");
            args.add(v);
        }
        where.append(')');
    }

    private static void bind(PreparedStatement st, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a instanceof Long) {
                st.setLong(i + 1, (Long) a);
            } else if (a instanceof Integer) {
                st.setInt(i + 1, (Integer) a);
            } else {
                st.setString(i + 1, (String) a);
            }
        }
    }

    private interface Binder {
        void bind(PreparedStatement st) throws SQLException;
    }

    private List<TrackedAlert> alerts(String sql, Binder binder) throws SQLException {
        List<TrackedAlert> out = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement(sql)) {
            binder.bind(st);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(LedgerCodec.alert(new JsonObject(rs.getString(1))));
                }
            }
        }
        return out;
    }

    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    /** A read that sees every change appended before it was asked for. */
    private <T> CompletableFuture<T> readAfterWrites(SqlWork<T> work) {
        return barrier().thenCompose(ignored -> read(work));
    }

    private <T> CompletableFuture<T> read(SqlWork<T> work) {
        CompletableFuture<T> out = new CompletableFuture<>();
        try {
            readers.execute(() -> {
                try {
                    out.complete(work.run());
                } catch (SQLException | RuntimeException e) {
                    out.completeExceptionally(e);
                }
            });
        } catch (RuntimeException rejected) {
            out.completeExceptionally(rejected);
        }
        return out;
    }

    // ── the writer ──────────────────────────────────────────────────────────────────────────

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(BATCH);
        while (!(closing && queue.isEmpty())) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
            } catch (InterruptedException e) {
                if (!closing) {
                    continue;
                }
                break;
            }
            writeUntilStored(batch);
            batch.clear();
        }
    }

    /** Retries a failed batch with backoff until it is stored, or the ledger closes after a last try. */
    private void writeUntilStored(List<Pending> batch) {
        long backoff = 200;
        while (true) {
            try {
                long[] seqs = write(batch);
                if (!batch.stream().allMatch(Pending::barrier)) {
                    commits.incrementAndGet();
                }
                appended.addAndGet(batch.stream().filter(p -> !p.barrier()).count());
                for (int i = 0; i < batch.size(); i++) {
                    Pending p = batch.get(i);
                    p.done.complete(seqs[i]);
                    if (p.change != null) {
                        feed.publish(p.change.stored(seqs[i]));
                    }
                }
                return;
            } catch (SQLException | RuntimeException e) {
                writeFailures.incrementAndGet();
                LOG.log(Level.ERROR, "the alert ledger could not store " + batch.size() + " records ("
                        + e.getMessage() + "); retrying in " + backoff + " ms");
                reconnect();
                if (closing) {
                    batch.forEach(p -> p.done.completeExceptionally(e));
                    return;
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    // closing: one more try
                }
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }

    private long[] write(List<Pending> batch) throws SQLException {
        Connection c = writeConnection;
        if (batch.stream().allMatch(Pending::barrier)) {
            // Everything queued before these barriers is committed already: no transaction, no lock.
            c.setAutoCommit(true);
            long tip = readTip(c, false).seq();
            long[] seqs = new long[batch.size()];
            java.util.Arrays.fill(seqs, tip);
            return seqs;
        }
        c.setAutoCommit(false);
        long[] seqs = new long[batch.size()];
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO ledger (seq, at_ms, kind, alert_id, silence_id,"
                + " actor, body, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?)")) {
            // Locked until commit: another collector's transaction waits here, then chains from
            // what this one leaves. Every write takes this lock first, so writers never deadlock.
            Tip tip = readTip(c, true);
            long seq = tip.seq();
            String hash = tip.hash();
            for (int i = 0; i < batch.size(); i++) {
                Pending p = batch.get(i);
                if (p.barrier()) {
                    seqs[i] = seq; // nothing to store
                    continue;
                }
                seq++;
                String body;
                long at;
                String kind;
                String actor;
                if (p.change != null) {
                    AlertChange stored = p.change.stored(seq);
                    body = LedgerCodec.change(stored).encode();
                    at = stored.at();
                    kind = stored.kind().wireName();
                    actor = stored.actor();
                    saveAlert(c, stored.alert(), seq);
                } else if (p.detail != null) {
                    at = p.at;
                    kind = p.silenceKind;
                    actor = p.actor;
                    body = new JsonObject().put("seq", seq).put("at", at).put("kind", kind).put("actor", actor)
                            .put("detail", p.detail).encode();
                } else {
                    at = p.silence.endedAt() > 0 ? p.silence.endedAt() : p.silence.createdAt();
                    kind = p.silenceKind;
                    actor = p.actor;
                    body = new JsonObject().put("seq", seq).put("at", at).put("kind", kind).put("actor", actor)
                            .put("silence", LedgerCodec.silence(p.silence)).encode();
                    saveSilence(c, p.silence, seq);
                }
                String next = ChainHash.next(hash, body);
                insert.setLong(1, seq);
                insert.setLong(2, at);
                insert.setString(3, kind);
                insert.setString(4, p.change != null ? p.change.alert().id() : null);
                insert.setString(5, p.silence != null ? p.silence.id() : null);
                insert.setString(6, abbreviate(actor, 200));
                insert.setString(7, body);
                insert.setString(8, hash);
                insert.setString(9, next);
                insert.addBatch();
                hash = next;
                seqs[i] = seq;
            }
            insert.executeBatch();
            moveTip(c, tip, seq, hash);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the connection is gone; reconnect() replaces it
            }
            throw e;
        }
        return seqs;
    }

    /** The last record's sequence number and hash (0 and {@link ChainHash#GENESIS} before the first). */
    private record Tip(long seq, String hash) {
    }

    private static Tip readTip(Connection c, boolean lock) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT seq, hash FROM ledger_tip WHERE id = 1" + (lock ? " FOR UPDATE" : ""));
             ResultSet rs = st.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("the ledger has no chain tip row (migration V3 makes it)");
            }
            return new Tip(rs.getLong(1), rs.getString(2));
        }
    }

    /**
     * Moves the tip on from what this transaction locked. The seq condition is a second guard: were
     * the lock ever not to hold, the tip would not match, and the batch is rolled back and retried.
     */
    private static void moveTip(Connection c, Tip from, long seq, String hash) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE ledger_tip SET seq = ?, hash = ? WHERE id = 1 AND seq = ?")) {
            st.setLong(1, seq);
            st.setString(2, hash);
            st.setLong(3, from.seq());
            if (st.executeUpdate() != 1) {
                throw new SQLException("the chain tip moved under a locked transaction (expected seq " + from.seq() + ")");
            }
        }
    }

    private static void saveAlert(Connection c, TrackedAlert a, long seq) throws SQLException {
        String body = LedgerCodec.alert(a).encode();
        try (PreparedStatement up = c.prepareStatement("UPDATE alerts SET severity = ?, state = ?, active = ?,"
                + " resolved_at = ?, last_seq = ?, body = ? WHERE id = ?")) {
            up.setString(1, a.alert().severity().wireName());
            up.setString(2, a.state().wireName());
            up.setBoolean(3, a.active());
            up.setLong(4, a.alert().resolvedAt());
            up.setLong(5, seq);
            up.setString(6, body);
            up.setString(7, a.id());
            if (up.executeUpdate() > 0) {
                return;
            }
        }
        // Every writer, on any collector, holds the tip's lock: nobody inserts this id in between.
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO alerts (id, dedup_key, rule_id, branch, county,"
                + " province, severity, state, active, active_since, resolved_at, last_seq, body)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            ins.setString(1, a.id());
            ins.setString(2, abbreviate(a.key().id(), 2000));
            ins.setString(3, a.ruleId());
            ins.setString(4, a.branchCode());
            ins.setString(5, a.countyCode());
            ins.setString(6, a.provinceCode());
            ins.setString(7, a.alert().severity().wireName());
            ins.setString(8, a.state().wireName());
            ins.setBoolean(9, a.active());
            ins.setLong(10, a.alert().activeSince());
            ins.setLong(11, a.alert().resolvedAt());
            ins.setLong(12, seq);
            ins.setString(13, body);
            ins.executeUpdate();
        }
    }

    private static void saveSilence(Connection c, Silence s, long seq) throws SQLException {
        String body = LedgerCodec.silence(s).encode();
        try (PreparedStatement up = c.prepareStatement(
                "UPDATE silences SET ends_at = ?, ended_at = ?, last_seq = ?, body = ? WHERE id = ?")) {
            up.setLong(1, s.endsAt());
            up.setLong(2, s.endedAt());
            up.setLong(3, seq);
            up.setString(4, body);
            up.setString(5, s.id());
            if (up.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement ins = c.prepareStatement(
                "INSERT INTO silences (id, ends_at, ended_at, last_seq, body) VALUES (?,?,?,?,?)")) {
            ins.setString(1, s.id());
            ins.setLong(2, s.endsAt());
            ins.setLong(3, s.endedAt());
            ins.setLong(4, seq);
            ins.setString(5, body);
            ins.executeUpdate();
        }
    }

    private void reconnect() {
        try {
            writeConnection.close();
        } catch (SQLException ignored) {
            // replacing it anyway
        }
        try {
            writeConnection = connectWriter();
        } catch (SQLException e) {
            LOG.log(Level.ERROR, "the alert ledger cannot reconnect: " + e.getMessage());
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
    }

    /**
     * The writer's connection. H2 gives up on a lock after about a second, which two writers on one
     * file can exceed under load; a wait is cheaper than a failed batch and its backoff. PostgreSQL
     * waits for a lock until it is granted.
     */
    private Connection connectWriter() throws SQLException {
        Connection c = connect();
        if (settings.embedded()) {
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("SET LOCK_TIMEOUT " + H2_LOCK_TIMEOUT_MS);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
        }
        return c;
    }

    private static String abbreviate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    // ── the rest ────────────────────────────────────────────────────────────────────────────

    public AlertFeed feed() {
        return feed;
    }

    public LedgerSettings settings() {
        return settings;
    }

    /** Records appended since this ledger opened. */
    public long appended() {
        return appended.get();
    }

    /** Transactions committed (each one or more records). */
    public long commits() {
        return commits.get();
    }

    /** Batches that failed to store and were retried. */
    public long writeFailures() {
        return writeFailures.get();
    }

    /** Records accepted and not yet stored. */
    public int backlog() {
        return queue.size();
    }

    /** Stores what is queued (trying once more if the database fails), then closes. Blocking. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        readers.shutdown();
        try {
            readers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (settings.inMemoryOnly()) {
                // an in-memory database lives until told to go: free it with the ledger
                try (java.sql.Statement st = writeConnection.createStatement()) {
                    st.execute("SHUTDOWN");
                }
            }
            writeConnection.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
        for (Pending p; (p = queue.poll()) != null; ) {
            p.done.completeExceptionally(new IllegalStateException("the ledger closed before this was stored"));
        }
    }

    private static final class Pending {
        final AlertChange change;
        final Silence silence;
        /** The kind of a silence or audit record. */
        final String silenceKind;
        final String actor;
        final CompletableFuture<Long> done = new CompletableFuture<>();
        /** What an audit record says, with its time; null for alert changes and silences. */
        JsonObject detail;
        long at;

        boolean barrier() {
            return change == null && silence == null && detail == null;
        }

        Pending(AlertChange change, Silence silence, String silenceKind, String actor) {
            this.change = change;
            this.silence = silence;
            this.silenceKind = silenceKind;
            this.actor = actor;
        }
    }

}
