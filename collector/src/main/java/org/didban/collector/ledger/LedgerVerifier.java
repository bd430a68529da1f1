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
     * @param firstBroken the sequence number of the first record that fails, or 0 when all pass
     */
    public record Verdict(long records, String lastHash, long firstBroken, String reason) {
        public boolean intact() {
            return firstBroken == 0;
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
            return new Verdict(records, previous, 0, "");
        }
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
