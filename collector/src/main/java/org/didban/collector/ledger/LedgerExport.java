package org.didban.collector.ledger;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes the ledger records of a time span (an election) as JSON lines — each the stored text
 * with its sequence number and hashes, so that anyone can recompute the chain — and as CSV for
 * people with a spreadsheet.
 */
public final class LedgerExport {
    private static final String[] CSV_HEADER = {"seq", "at_utc", "kind", "actor", "note", "alert_id", "rule", "branch",
            "county", "province", "severity", "from", "to", "title_en", "title_fa", "silence_id", "prev_hash", "hash"};

    private LedgerExport() {
    }

    /** What was written. */
    public record Written(long records, long firstSeq, long lastSeq) {
    }

    /**
     * Writes the records with {@code from <= at < to} (epoch ms) to {@code jsonl} and {@code csv}.
     * Blocking. Either file may be null.
     */
    public static Written export(LedgerSettings settings, long from, long to, Path jsonl, Path csv)
            throws SQLException, IOException {
        long n = 0;
        long first = 0;
        long last = 0;
        try (Connection c = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
             PreparedStatement span = c.prepareStatement(
                     "SELECT MIN(seq), MAX(seq) FROM ledger WHERE at_ms >= ? AND at_ms < ?");
             PreparedStatement st = c.prepareStatement("SELECT seq, at_ms, kind, actor, alert_id, silence_id, body,"
                     + " prev_hash, hash FROM ledger WHERE seq >= ? AND seq <= ? ORDER BY seq");
             Writer json = jsonl == null ? Writer.nullWriter() : Files.newBufferedWriter(jsonl, StandardCharsets.UTF_8);
             CSVPrinter table = new CSVPrinter(csv == null ? Writer.nullWriter()
                     : Files.newBufferedWriter(csv, StandardCharsets.UTF_8),
                     CSVFormat.RFC4180.builder().setHeader(CSV_HEADER).get())) {
            // Records are stamped by the shard that made them, so times are not quite in sequence
            // order: export the whole run of sequence numbers the span touches, so that the chain
            // in the file has no hole a reader could take for tampering.
            span.setLong(1, from);
            span.setLong(2, to);
            long firstSeq;
            long lastSeq;
            try (ResultSet rs = span.executeQuery()) {
                rs.next();
                firstSeq = rs.getLong(1);
                lastSeq = rs.wasNull() ? -1 : rs.getLong(2);
            }
            st.setLong(1, firstSeq);
            st.setLong(2, lastSeq);
            st.setFetchSize(1000);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    long seq = rs.getLong(1);
                    String body = rs.getString(7);
                    JsonObject record = new JsonObject(body);
                    json.write(new JsonObject()
                            .put("seq", seq)
                            .put("prevHash", rs.getString(8))
                            .put("hash", rs.getString(9))
                            .put("body", body)
                            .encode());
                    json.write('\n');
                    JsonObject alert = record.getJsonObject("alert", new JsonObject());
                    table.printRecord(seq, Instant.ofEpochMilli(rs.getLong(2)).toString(), rs.getString(3),
                            cell(rs.getString(4)), cell(record.getString("note", "")), nz(rs.getString(5)),
                            alert.getString("rule", ""), alert.getString("branch", ""), alert.getString("county", ""),
                            alert.getString("province", ""), alert.getString("severity", ""),
                            record.getString("from", ""), record.getString("to", ""),
                            cell(alert.getString("titleEn", "")), cell(alert.getString("titleFa", "")),
                            nz(rs.getString(6)), rs.getString(8), rs.getString(9));
                    if (n == 0) {
                        first = seq;
                    }
                    last = seq;
                    n++;
                }
            }
        }
        return new Written(n, first, last);
    }

    /**
     * Free text (notes, names, titles) as a spreadsheet cell: one that starts like a formula gets
     * a leading apostrophe, so a note cannot run as one when HQ opens the file. The JSON lines
     * keep the text as recorded.
     */
    static String cell(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        char c = s.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + s : s;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
