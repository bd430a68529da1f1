package org.didban.collector.ledger;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Checks the ledger's hash chain from the first record to the last: sequence numbers without
 * gaps, each record's previous hash equal to the hash before it, each hash recomputed from the
 * stored text, and the indexed columns equal to what the text says. Names the first record that
 * fails, and why; everything after it is unproven.
 */
public final class LedgerVerifier {
    private LedgerVerifier() {
    }

    /**
     * @param records     how many records were read
     * @param lastHash    the hash of the last good record (write it down: it vouches for all before it)
     * @param firstBroken the sequence number of the first record that fails, 0 when all pass, or
     *                    -1 when the chain holds but the current state beside it disagrees with it
     */
    public record Verdict(long records, String lastHash, long firstBroken, String reason) {
        public boolean intact() {
            return firstBroken == 0;
        }

        /** The chain holds, but an alert's or silence's current row was changed. */
        public boolean stateTampered() {
            return firstBroken == -1;
        }
    }

    /** Reads the whole ledger in order. Blocking. */
    public static Verdict verify(LedgerSettings settings) throws SQLException {
        try (Connection c = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
             PreparedStatement st = c.prepareStatement(
                     "SELECT seq, at_ms, kind, alert_id, silence_id, actor, body, prev_hash, hash FROM ledger ORDER BY seq")) {
            st.setFetchSize(1000);
            long expected = 1;
            long records = 0;
            String previous = ChainHash.GENESIS;
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    long seq = rs.getLong(1);
                    records++;
                    String problem = problem(expected, previous, seq, rs.getLong(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9));
                    if (problem != null) {
                        return new Verdict(records, previous, seq, problem);
                    }
                    previous = rs.getString(9);
                    expected = seq + 1;
                }
            }
            String stateProblem = stateRowsAgree(c);
            if (stateProblem != null) {
                return new Verdict(records, previous, -1, stateProblem);
            }
            return new Verdict(records, previous, 0, "");
        }
    }

    /**
     * A restart reads the current state from the {@code alerts} and {@code silences} rows, not
     * from the chain: each row must say exactly what the ledger record it names ({@code last_seq})
     * says, or someone changed what the collector would come back to.
     */
    private static String stateRowsAgree(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT a.id, a.active, a.state, a.body, l.body FROM alerts a"
                + " LEFT JOIN ledger l ON l.seq = a.last_seq ORDER BY a.id");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                String id = rs.getString(1);
                if (rs.getString(5) == null) {
                    return "alert " + id + " names a ledger record that does not exist";
                }
                JsonObject recorded = new JsonObject(rs.getString(5)).getJsonObject("alert");
                JsonObject row = new JsonObject(rs.getString(4));
                if (recorded == null || !recorded.equals(row)) {
                    return "alert " + id + " differs from its last ledger record (the state a restart reads was changed)";
                }
                org.didban.collector.alerts.TrackedAlert t = LedgerCodec.alert(row);
                if (rs.getBoolean(2) != t.active() || !t.state().wireName().equals(rs.getString(3))) {
                    return "alert " + id + " is marked " + (rs.getBoolean(2) ? "active" : "inactive")
                            + " against its record";
                }
            }
        }
        try (PreparedStatement st = c.prepareStatement("SELECT s.id, s.ends_at, s.ended_at, s.body, l.body FROM silences s"
                + " LEFT JOIN ledger l ON l.seq = s.last_seq ORDER BY s.id");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                String id = rs.getString(1);
                if (rs.getString(5) == null) {
                    return "silence " + id + " names a ledger record that does not exist";
                }
                JsonObject recorded = new JsonObject(rs.getString(5)).getJsonObject("silence");
                JsonObject row = new JsonObject(rs.getString(4));
                if (recorded == null || !recorded.equals(row) || rs.getLong(2) != row.getLong("endsAt")
                        || rs.getLong(3) != row.getLong("endedAt")) {
                    return "silence " + id + " differs from its last ledger record";
                }
            }
        }
        return null;
    }

    private static String problem(long expected, String previous, long seq, long at, String kind, String alertId,
                                  String silenceId, String actor, String body, String prevHash, String hash) {
        if (seq != expected) {
            return seq > expected ? "records " + expected + ".." + (seq - 1) + " are missing"
                    : "sequence number " + seq + " out of order (expected " + expected + ")";
        }
        if (!previous.equals(prevHash)) {
            return "its previous hash is not the hash of record " + (seq - 1);
        }
        if (!ChainHash.next(prevHash, body).equals(hash)) {
            return "its text does not match its hash (the record was changed)";
        }
        JsonObject j;
        try {
            j = new JsonObject(body);
        } catch (DecodeException e) {
            return "its text is not JSON";
        }
        if (!Objects.equals(j.getLong("seq"), seq) || !Objects.equals(j.getLong("at"), at)
                || !Objects.equals(j.getString("kind"), kind) || !Objects.equals(j.getString("actor"), actor)) {
            return "its columns (seq, time, kind or actor) differ from its hashed text";
        }
        JsonObject alert = j.getJsonObject("alert");
        JsonObject silence = j.getJsonObject("silence");
        if (!Objects.equals(alert == null ? null : alert.getString("id"), alertId)
                || !Objects.equals(silence == null ? null : silence.getString("id"), silenceId)) {
            return "its alert or silence id differs from its hashed text";
        }
        return null;
    }
}
