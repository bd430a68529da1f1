package org.didban.collector.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.didban.collector.alerts.Acknowledgement;
import org.didban.collector.alerts.AlertChange;
import org.didban.collector.alerts.AlertFeed;
import org.didban.collector.alerts.Silence;
import org.didban.collector.alerts.SiteDiagnosis;
import org.didban.collector.alerts.TrackedAlert;
import org.didban.collector.testing.PostgresServer;
import org.didban.model.Alert;
import org.didban.model.AlertKey;
import org.didban.model.AlertState;
import org.didban.model.Labels;
import org.didban.model.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger on H2 and on a real PostgreSQL: what goes in comes back, in order, chained, and tampering shows. */
class AlertLedgerTest {
    @TempDir
    Path tmp;

    static final long T0 = 1_780_000_000_000L;

    static TrackedAlert firing(String device, long since) {
        Alert a = new Alert(new AlertKey("NET-01", device, Labels.of("if_index", "1", "if_name", "wan0")), "THR-0001",
                "THR-01", "THR", Severity.HIGH, AlertState.FIRING, "Uplink down", "قطع لینک ارتباطی شعبه", 2, since,
                since + 60_000, 0, "");
        return TrackedAlert.of(a, true);
    }

    /** Fires, acknowledges, silences and resolves, as a collector would record them. */
    static List<AlertChange> story(AlertLedger ledger, TrackedAlert a) throws Exception {
        AlertChange fired = ledger.append(new AlertChange(0, T0, AlertChange.Kind.EVALUATED, a, AlertState.INACTIVE,
                AlertState.FIRING, AlertChange.ENGINE, "")).get(10, TimeUnit.SECONDS);
        TrackedAlert acked = a.acknowledged(new Acknowledgement("tehran-it", T0 + 1_000, "تیم در راه است"))
                .diagnosed(new SiteDiagnosis(SiteDiagnosis.Cause.WAN_LOSS, "interface wan0 was down"));
        AlertChange ack = ledger.append(new AlertChange(0, T0 + 1_000, AlertChange.Kind.ACKNOWLEDGED, acked,
                AlertState.FIRING, AlertState.ACKNOWLEDGED, "tehran-it", "تیم در راه است")).get(10, TimeUnit.SECONDS);
        return List.of(fired, ack);
    }

    @Test
    void changesSurviveReopeningInOrderWithTheirAcknowledgements() throws Exception {
        LedgerSettings settings = LedgerSettings.embedded(tmp);
        List<AlertChange> published = new CopyOnWriteArrayList<>();
        AlertFeed feed = new AlertFeed();
        feed.subscribe(published::add);
        TrackedAlert a = firing("THR-0001-router", T0 - 60_000);
        TrackedAlert b = firing("THR-0001-modem", T0 - 30_000);
        try (AlertLedger ledger = AlertLedger.open(settings, feed)) {
            List<AlertChange> stored = story(ledger, a);
            assertThat(stored).extracting(AlertChange::seq).containsExactly(1L, 2L);
            ledger.append(new AlertChange(0, T0 + 2_000, AlertChange.Kind.EVALUATED, b, AlertState.INACTIVE,
                    AlertState.FIRING, AlertChange.ENGINE, "")).get(10, TimeUnit.SECONDS);
            TrackedAlert bResolved = b.resolvedByHand("hq", T0 + 3_000);
            ledger.append(new AlertChange(0, T0 + 3_000, AlertChange.Kind.RESOLVED_BY_HAND, bResolved,
                    AlertState.FIRING, AlertState.RESOLVED, "hq", "fixed")).get(10, TimeUnit.SECONDS);
            ledger.recordSilence(new Silence("sil-1", "", "THR-01", "", "", T0, T0 + 3_600_000, "hq", T0, "maintenance",
                    "", 0), false, "hq").get(10, TimeUnit.SECONDS);
        }
        // published only once stored, in ledger order
        assertThat(published).extracting(AlertChange::seq).containsExactly(1L, 2L, 3L, 4L);

        try (AlertLedger again = AlertLedger.open(settings, new AlertFeed())) {
            List<TrackedAlert> active = again.activeAlerts().get(10, TimeUnit.SECONDS);
            assertThat(active).singleElement().satisfies(x -> {
                assertThat(x.id()).isEqualTo(a.id());
                assertThat(x.state()).isEqualTo(AlertState.ACKNOWLEDGED);
                assertThat(x.acknowledgement().note()).isEqualTo("تیم در راه است");
                assertThat(x.diagnosis().cause()).isEqualTo(SiteDiagnosis.Cause.WAN_LOSS);
                assertThat(x.alert()).isEqualTo(a.alert());
                assertThat(x.sensitive()).isTrue();
            });
            assertThat(again.timeline(a.id()).get(10, TimeUnit.SECONDS))
                    .extracting(AlertChange::kind).containsExactly(AlertChange.Kind.EVALUATED, AlertChange.Kind.ACKNOWLEDGED);
            assertThat(again.silences(T0).get(10, TimeUnit.SECONDS)).extracting(Silence::id).containsExactly("sil-1");
            AlertLedger.Page page = again.resolved(new AlertLedger.HistoryQuery(Set.of(), Set.of("THR-01"), Set.of(),
                    Set.of(), Set.of(), 0, 0, 10)).get(10, TimeUnit.SECONDS);
            assertThat(page.total()).isEqualTo(1);
            assertThat(page.alerts().get(0).resolvedBy()).isEqualTo("hq");
            // the next record continues the chain
            AlertChange next = again.append(new AlertChange(0, T0 + 4_000, AlertChange.Kind.EVALUATED,
                    firing("THR-0001-switch", T0), AlertState.INACTIVE, AlertState.FIRING, AlertChange.ENGINE, ""))
                    .get(10, TimeUnit.SECONDS);
            assertThat(next.seq()).isEqualTo(6);
        }
        LedgerVerifier.Verdict v = LedgerVerifier.verify(settings);
        assertThat(v.intact()).as(v.reason()).isTrue();
        assertThat(v.records()).isEqualTo(6);
    }

    @Test
    void otherAuditRecordsJoinTheSameChain() throws Exception {
        LedgerSettings settings = LedgerSettings.embedded(tmp);
        try (AlertLedger ledger = AlertLedger.open(settings, new AlertFeed())) {
            story(ledger, firing("THR-0001-router", T0));
            long seq = ledger.recordAudit("inventory_changed", "planner", T0 + 9_000,
                    new io.vertx.core.json.JsonObject().put("added", 3).put("branch", "THR-0009")).get(10, TimeUnit.SECONDS);
            assertThat(seq).isEqualTo(3);
        }
        assertThat(LedgerVerifier.verify(settings).intact()).isTrue();
        sql(settings, "UPDATE ledger SET body = REPLACE(body, 'THR-0009', 'THR-0010') WHERE seq = 3");
        assertThat(LedgerVerifier.verify(settings).firstBroken()).isEqualTo(3);
        try (AlertLedger ledger = AlertLedger.open(settings, new AlertFeed())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ledger.recordAudit("silence_created", "x", T0,
                    new io.vertx.core.json.JsonObject())).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aReadSeesEveryChangeAppendedBeforeIt() throws Exception {
        try (AlertLedger ledger = AlertLedger.open(LedgerSettings.embedded(tmp), new AlertFeed())) {
            TrackedAlert last = null;
            for (int i = 0; i < 500; i++) {
                last = firing("THR-0001-dev" + i, T0 + i);
                ledger.append(new AlertChange(0, T0 + i, AlertChange.Kind.EVALUATED, last, AlertState.INACTIVE,
                        AlertState.FIRING, AlertChange.ENGINE, "")); // not waited for
            }
            assertThat(ledger.timeline(last.id()).get(10, TimeUnit.SECONDS)).hasSize(1);
            assertThat(ledger.activeAlerts().get(10, TimeUnit.SECONDS)).hasSizeGreaterThan(0);
            assertThat(ledger.alert(last.id()).get(10, TimeUnit.SECONDS)).isPresent();
        }
    }

    @Test
    void verifyNamesTheFirstChangedRemovedOrRechainedRecord() throws Exception {
        LedgerSettings settings = LedgerSettings.embedded(tmp);
        try (AlertLedger ledger = AlertLedger.open(settings, new AlertFeed())) {
            for (int i = 0; i < 5; i++) {
                story(ledger, firing("THR-0001-dev" + i, T0 + i));
            }
        }
        assertThat(LedgerVerifier.verify(settings).intact()).isTrue();

        // someone edits an acknowledgement's note in record 4
        sql(settings, "UPDATE ledger SET body = REPLACE(body, 'تیم در راه است', 'nobody came') WHERE seq = 4");
        LedgerVerifier.Verdict edited = LedgerVerifier.verify(settings);
        assertThat(edited.intact()).isFalse();
        assertThat(edited.firstBroken()).isEqualTo(4);
        assertThat(edited.reason()).contains("changed");
    }

    @Test
    void aChangedCurrentStateRowIsCaughtThoughTheChainHolds() throws Exception {
        LedgerSettings settings = LedgerSettings.embedded(tmp);
        TrackedAlert a = firing("THR-0001-router", T0);
        try (AlertLedger ledger = AlertLedger.open(settings, new AlertFeed())) {
            story(ledger, a);
            ledger.recordSilence(new Silence("sil-1", "", "THR-01", "", "", T0, T0 + 3_600_000, "hq", T0, "work", "", 0),
                    false, "hq").get(10, TimeUnit.SECONDS);
        }
        assertThat(LedgerVerifier.verify(settings).intact()).isTrue();
        // someone quietly closes the alert a restart would take up
        sql(settings, "UPDATE alerts SET active = FALSE WHERE id = '" + a.id() + "'");
        LedgerVerifier.Verdict closed = LedgerVerifier.verify(settings);
        assertThat(closed.stateTampered()).isTrue();
        assertThat(closed.reason()).contains(a.id());
        sql(settings, "UPDATE alerts SET active = TRUE WHERE id = '" + a.id() + "'");
        // or removes the acknowledgement from its row
        sql(settings, "UPDATE alerts SET body = REPLACE(body, 'tehran-it', 'nobody') WHERE id = '" + a.id() + "'");
        assertThat(LedgerVerifier.verify(settings).reason()).contains("differs from its last ledger record");
        sql(settings, "UPDATE alerts SET body = REPLACE(body, 'nobody', 'tehran-it') WHERE id = '" + a.id() + "'");
        assertThat(LedgerVerifier.verify(settings).intact()).isTrue();
        // or stretches a silence
        sql(settings, "UPDATE silences SET ends_at = ends_at + 86400000 WHERE id = 'sil-1'");
        assertThat(LedgerVerifier.verify(settings).reason()).contains("silence sil-1");
    }

    @Test
    void aDeletedRecordOrARecomputedHashIsCaughtToo() throws Exception {
        LedgerSettings settings = LedgerSettings.embedded(tmp);
        try (AlertLedger ledger = AlertLedger.open(settings, new AlertFeed())) {
            for (int i = 0; i < 3; i++) {
                story(ledger, firing("THR-0001-dev" + i, T0 + i));
            }
        }
        sql(settings, "DELETE FROM ledger WHERE seq = 3");
        LedgerVerifier.Verdict deleted = LedgerVerifier.verify(settings);
        assertThat(deleted.firstBroken()).isEqualTo(4);
        assertThat(deleted.reason()).contains("missing");

        // a forger who also recomputes the changed record's hash still breaks the next link
        Path other = tmp.resolve("other");
        LedgerSettings second = LedgerSettings.embedded(other);
        try (AlertLedger ledger = AlertLedger.open(second, new AlertFeed())) {
            for (int i = 0; i < 3; i++) {
                story(ledger, firing("THR-0001-dev" + i, T0 + i));
            }
        }
        String forged;
        String prev;
        try (Connection c = DriverManager.getConnection(second.jdbcUrl(), second.user(), second.password());
             PreparedStatement st = c.prepareStatement("SELECT body, prev_hash FROM ledger WHERE seq = 2");
             java.sql.ResultSet rs = st.executeQuery()) {
            rs.next();
            forged = rs.getString(1).replace("tehran-it", "rey-it");
            prev = rs.getString(2);
        }
        sql(second, "UPDATE ledger SET body = '" + forged.replace("'", "''") + "', hash = '"
                + ChainHash.next(prev, forged) + "' WHERE seq = 2");
        LedgerVerifier.Verdict rechained = LedgerVerifier.verify(second);
        assertThat(rechained.firstBroken()).isIn(2L, 3L);
        assertThat(rechained.intact()).isFalse();
    }

    @Test
    void theExportHoldsTheExactTextsSoAnyoneCanRecomputeTheChain() throws Exception {
        LedgerSettings settings = LedgerSettings.embedded(tmp);
        try (AlertLedger ledger = AlertLedger.open(settings, new AlertFeed())) {
            List<AlertChange> told = story(ledger, firing("THR-0001-router", T0));
            ledger.append(new AlertChange(0, T0 + 5_000, AlertChange.Kind.ACKNOWLEDGED, told.get(1).alert(),
                    AlertState.ACKNOWLEDGED, AlertState.ACKNOWLEDGED, "hq", "=HYPERLINK(\"http://x\")"))
                    .get(10, TimeUnit.SECONDS);
        }
        Path out = Files.createDirectories(tmp.resolve("export"));
        LedgerExport.Written w = LedgerExport.export(settings, 0, Long.MAX_VALUE, out.resolve("l.jsonl"), out.resolve("l.csv"));
        assertThat(w.records()).isEqualTo(3);
        List<String> lines = Files.readAllLines(out.resolve("l.jsonl"), StandardCharsets.UTF_8);
        String prev = ChainHash.GENESIS;
        for (String line : lines) {
            io.vertx.core.json.JsonObject j = new io.vertx.core.json.JsonObject(line);
            assertThat(j.getString("prevHash")).isEqualTo(prev);
            assertThat(ChainHash.next(prev, j.getString("body"))).isEqualTo(j.getString("hash"));
            prev = j.getString("hash");
        }
        String csv = Files.readString(out.resolve("l.csv"), StandardCharsets.UTF_8);
        assertThat(csv).startsWith("seq,at_utc,kind").contains("tehran-it").contains("قطع لینک ارتباطی شعبه");
        // a note that looks like a formula stays text in a spreadsheet; the JSON keeps it as written
        assertThat(csv).contains("'=HYPERLINK").doesNotContain(",=HYPERLINK");
        assertThat(lines.get(2)).contains("=HYPERLINK");
        // a time span leaves the rest out
        assertThat(LedgerExport.export(settings, T0 + 500, T0 + 2_000, null, null).records()).isEqualTo(1);
    }

    @Test
    void theSameSchemaAndChainOnARealPostgresql() throws Exception {
        PostgresServer.requireInstalled();
        // not under @TempDir: the server runs as 'postgres', which must be able to reach its folder
        Path folder = Files.createTempDirectory("didban-ledger-pg");
        try (PostgresServer pg = PostgresServer.start(folder)) {
            LedgerSettings settings = LedgerSettings.postgres(pg.jdbcUrl("ledger"), pg.user(), pg.password());
            TrackedAlert a = firing("THR-0001-router", T0);
            try (AlertLedger ledger = AlertLedger.open(settings, new AlertFeed())) {
                story(ledger, a);
            }
            try (AlertLedger again = AlertLedger.open(settings, new AlertFeed())) {
                assertThat(again.activeAlerts().get(10, TimeUnit.SECONDS)).singleElement()
                        .satisfies(x -> assertThat(x.acknowledgement().by()).isEqualTo("tehran-it"));
            }
            assertThat(LedgerVerifier.verify(settings).intact()).isTrue();
            sql(settings, "UPDATE ledger SET actor = 'someone-else' WHERE seq = 2");
            assertThat(LedgerVerifier.verify(settings).firstBroken()).isEqualTo(2);
        } finally {
            try (java.util.stream.Stream<Path> walk = Files.walk(folder)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void sql(LedgerSettings s, String statement) throws Exception {
        try (Connection c = DriverManager.getConnection(s.jdbcUrl(), s.user(), s.password());
             java.sql.Statement st = c.createStatement()) {
            st.executeUpdate(statement);
        }
    }
}
