package org.didban.collector.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.didban.collector.alerts.AlertChange;
import org.didban.collector.alerts.AlertFeed;
import org.didban.collector.alerts.Silence;
import org.didban.collector.alerts.TrackedAlert;
import org.didban.collector.testing.PostgresServer;
import org.didban.model.Alert;
import org.didban.model.AlertKey;
import org.didban.model.AlertState;
import org.didban.model.Labels;
import org.didban.model.Severity;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several collectors' ledgers on one database make one chain, each number once; a ledger written
 * before the chain tip had its own table goes on from its last record; and the reads a collector
 * needs to take up the branches of one that died. On a real PostgreSQL (what a cluster runs on)
 * and on H2, where two ledgers in one process can share a file (two processes cannot).
 */
class LedgerClusterTest {
    static final long T0 = AlertLedgerTest.T0;
    /** Long enough for a loaded machine; only a hung writer reaches it. */
    static final long WAIT_SECONDS = 120;

    @TempDir
    Path tmp;

    private static Path postgresFolder;
    private static PostgresServer postgres;

    /** One server for the class, started by the first test that needs it; each test has its own database. */
    private static synchronized LedgerSettings postgres(String database) throws IOException {
        if (postgres == null) {
            PostgresServer.requireInstalled();
            // not under @TempDir: the server runs as 'postgres', which must be able to reach its folder
            postgresFolder = Files.createTempDirectory("didban-ledger-cluster-pg");
            postgres = PostgresServer.start(postgresFolder);
        }
        return LedgerSettings.postgres(postgres.jdbcUrl(database), postgres.user(), postgres.password());
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
        if (postgresFolder != null) {
            try (Stream<Path> walk = Files.walk(postgresFolder)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    // ── several writers ─────────────────────────────────────────────────────────────────────

    @Test
    void threeCollectorsAppendingAtOnceToOnePostgresqlMakeOneChain() throws Exception {
        severalWritersMakeOneChain(postgres("cluster_chain"), 3, 2, 700);
    }

    @Test
    void twoLedgersOnOneH2FileMakeOneChain() throws Exception {
        severalWritersMakeOneChain(LedgerSettings.embedded(tmp), 2, 2, 1_000);
    }

    /**
     * {@code ledgers} ledgers on one database, each fed by {@code threads} threads at once: every
     * returned number is used once, 1..N without a gap, names the record it was returned for, and
     * the chain verifies. Some changes touch one alert from every ledger, so its state row is
     * written by all of them.
     */
    private static void severalWritersMakeOneChain(LedgerSettings settings, int ledgers, int threads, int perThread)
            throws Exception {
        TrackedAlert shared = firing("THR-0001-router", "THR-0001", "THR-01", T0);
        List<AlertLedger> opened = new ArrayList<>();
        List<List<Long>> published = new ArrayList<>();
        Map<Long, String> recordOf = new HashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(ledgers * threads);
        try {
            for (int l = 0; l < ledgers; l++) {
                AlertFeed feed = new AlertFeed();
                List<Long> told = Collections.synchronizedList(new ArrayList<>());
                feed.subscribe(c -> told.add(c.seq()));
                published.add(told);
                opened.add(AlertLedger.open(settings, feed));
            }
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Map<Long, String>>> writers = new ArrayList<>();
            for (int l = 0; l < ledgers; l++) {
                AlertLedger ledger = opened.get(l);
                for (int t = 0; t < threads; t++) {
                    String writer = "n" + l + "t" + t;
                    writers.add(pool.submit(() -> {
                        go.await();
                        Map<String, CompletableFuture<Long>> asked = new HashMap<>();
                        for (int i = 0; i < perThread; i++) {
                            String tag = writer + "-" + i;
                            if (i % 97 == 0) {
                                asked.put("audit:" + tag, ledger.recordAudit("inventory_changed", writer, T0 + i,
                                        new JsonObject().put("tag", tag)));
                            } else {
                                TrackedAlert a = i % 10 == 0 ? shared
                                        : firing("THR-0001-" + tag, "THR-0001", "THR-01", T0 + i);
                                asked.put("alert:" + tag, ledger.append(new AlertChange(0, T0 + i,
                                        AlertChange.Kind.EVALUATED, a, AlertState.FIRING, AlertState.FIRING,
                                        AlertChange.ENGINE, tag)).thenApply(AlertChange::seq));
                            }
                        }
                        Map<Long, String> byThread = new HashMap<>();
                        for (Map.Entry<String, CompletableFuture<Long>> e : asked.entrySet()) {
                            String before = byThread.put(e.getValue().get(WAIT_SECONDS, TimeUnit.SECONDS), e.getKey());
                            assertThat(before).as("a number returned twice").isNull();
                        }
                        return byThread;
                    }));
                }
            }
            go.countDown();
            for (Future<Map<Long, String>> w : writers) {
                for (Map.Entry<Long, String> e : w.get(WAIT_SECONDS, TimeUnit.SECONDS).entrySet()) {
                    assertThat(recordOf.put(e.getKey(), e.getValue())).as("seq %d returned twice", e.getKey()).isNull();
                }
            }
        } finally {
            pool.shutdownNow();
            opened.forEach(AlertLedger::close);
        }

        long total = (long) ledgers * threads * perThread;
        assertThat(recordOf).hasSize((int) total);
        assertThat(new TreeSet<>(recordOf.keySet())).first().isEqualTo(1L);
        assertThat(new TreeSet<>(recordOf.keySet())).last().isEqualTo(total);
        // each number holds the record it was returned for
        Map<Long, String> stored = new HashMap<>();
        try (Connection c = connect(settings);
             PreparedStatement st = c.prepareStatement("SELECT seq, kind, body FROM ledger");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                JsonObject body = new JsonObject(rs.getString(3));
                stored.put(rs.getLong(1), rs.getString(2).equals("inventory_changed")
                        ? "audit:" + body.getJsonObject("detail").getString("tag") : "alert:" + body.getString("note"));
            }
        }
        assertThat(stored).isEqualTo(recordOf);
        // each collector published its own changes in the chain's order
        for (List<Long> told : published) {
            assertThat(told).isSorted().doesNotHaveDuplicates();
        }
        LedgerVerifier.Verdict v = LedgerVerifier.verify(settings);
        assertThat(v.intact()).as(v.reason()).isTrue();
        assertThat(v.records()).isEqualTo(total);
        assertThat(tip(settings)).containsExactly(String.valueOf(total), v.lastHash());
    }

    @Test
    void aBarrierAnswersTheChainsLastNumberWhoeverWroteIt() throws Exception {
        LedgerSettings settings = LedgerSettings.embedded(tmp);
        try (AlertLedger one = AlertLedger.open(settings, new AlertFeed());
             AlertLedger other = AlertLedger.open(settings, new AlertFeed())) {
            assertThat(other.barrier().get(WAIT_SECONDS, TimeUnit.SECONDS)).isZero();
            AlertLedgerTest.story(one, AlertLedgerTest.firing("THR-0001-router", T0));
            assertThat(other.barrier().get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(2);
            long own = other.recordAudit("inventory_changed", "planner", T0, new JsonObject()).get(WAIT_SECONDS,
                    TimeUnit.SECONDS);
            assertThat(own).isEqualTo(3);
            assertThat(one.barrier().get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(3);
        }
    }

    // ── a ledger from before the chain tip's table ──────────────────────────────────────────

    @Test
    void anH2LedgerWrittenBeforeTheTipTableGoesOnFromItsLastRecord() throws Exception {
        aLedgerWrittenBeforeTheTipTableGoesOnFromItsLastRecord(LedgerSettings.embedded(tmp));
    }

    @Test
    void aPostgresqlLedgerWrittenBeforeTheTipTableGoesOnFromItsLastRecord() throws Exception {
        aLedgerWrittenBeforeTheTipTableGoesOnFromItsLastRecord(postgres("before_tip"));
    }

    private static void aLedgerWrittenBeforeTheTipTableGoesOnFromItsLastRecord(LedgerSettings settings) throws Exception {
        Flyway.configure()
                .dataSource(settings.jdbcUrl(), settings.user(), settings.password())
                .locations("classpath:db/ledger")
                .table("ledger_schema_history")
                .target("2")
                .load()
                .migrate();
        String lastHash = writeAsBeforeTheTipTable(settings, 5);
        LedgerVerifier.Verdict before = LedgerVerifier.verify(settings);
        assertThat(before.intact()).as(before.reason()).isTrue();

        try (AlertLedger ledger = AlertLedger.open(settings, new AlertFeed())) {
            assertThat(tip(settings)).containsExactly("5", lastHash);
            AlertChange next = ledger.append(new AlertChange(0, T0 + 9_000, AlertChange.Kind.EVALUATED,
                    firing("THR-0002-router", "THR-0002", "THR-01", T0), AlertState.INACTIVE, AlertState.FIRING,
                    AlertChange.ENGINE, "")).get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(next.seq()).isEqualTo(6);
        }
        LedgerVerifier.Verdict after = LedgerVerifier.verify(settings);
        assertThat(after.intact()).as(after.reason()).isTrue();
        assertThat(after.records()).isEqualTo(6);
        assertThat(tip(settings)).containsExactly("6", after.lastHash());
    }

    /** Records and their alert rows as the collector wrote them before V3; returns the last hash. */
    private static String writeAsBeforeTheTipTable(LedgerSettings settings, int records) throws Exception {
        String hash = ChainHash.GENESIS;
        try (Connection c = connect(settings)) {
            for (int seq = 1; seq <= records; seq++) {
                TrackedAlert a = firing("THR-0001-dev" + seq, "THR-0001", "THR-01", T0 + seq);
                String body = LedgerCodec.change(new AlertChange(seq, T0 + seq, AlertChange.Kind.EVALUATED, a,
                        AlertState.INACTIVE, AlertState.FIRING, AlertChange.ENGINE, "")).encode();
                String next = ChainHash.next(hash, body);
                try (PreparedStatement st = c.prepareStatement("INSERT INTO ledger (seq, at_ms, kind, alert_id,"
                        + " silence_id, actor, body, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?)")) {
                    st.setLong(1, seq);
                    st.setLong(2, T0 + seq);
                    st.setString(3, "evaluated");
                    st.setString(4, a.id());
                    st.setString(5, null);
                    st.setString(6, AlertChange.ENGINE);
                    st.setString(7, body);
                    st.setString(8, hash);
                    st.setString(9, next);
                    st.executeUpdate();
                }
                try (PreparedStatement st = c.prepareStatement("INSERT INTO alerts (id, dedup_key, rule_id, branch,"
                        + " county, province, severity, state, active, active_since, resolved_at, last_seq, body)"
                        + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                    st.setString(1, a.id());
                    st.setString(2, a.key().id());
                    st.setString(3, a.ruleId());
                    st.setString(4, a.branchCode());
                    st.setString(5, a.countyCode());
                    st.setString(6, a.provinceCode());
                    st.setString(7, a.alert().severity().wireName());
                    st.setString(8, a.state().wireName());
                    st.setBoolean(9, a.active());
                    st.setLong(10, a.alert().activeSince());
                    st.setLong(11, 0);
                    st.setLong(12, seq);
                    st.setString(13, LedgerCodec.alert(a).encode());
                    st.executeUpdate();
                }
                hash = next;
            }
        }
        return hash;
    }

    // ── taking up a dead collector's branches ───────────────────────────────────────────────

    @Test
    void anotherCollectorReadsTheActiveAlertsChangesAndSilencesOfTheCountiesItTakesUpOnH2() throws Exception {
        anotherCollectorReadsWhatItTakesUp(LedgerSettings.embedded(tmp));
    }

    @Test
    void anotherCollectorReadsTheActiveAlertsChangesAndSilencesOfTheCountiesItTakesUpOnPostgresql() throws Exception {
        anotherCollectorReadsWhatItTakesUp(postgres("take_over"));
    }

    private static void anotherCollectorReadsWhatItTakesUp(LedgerSettings settings) throws Exception {
        TrackedAlert rey = firing("THR-0001-router", "THR-0001", "THR-01", T0 - 50_000);
        TrackedAlert reyArea = area("THR-01", T0 - 40_000);
        TrackedAlert shemiranat = firing("THR-0201-router", "THR-0201", "THR-02", T0 - 60_000);
        TrackedAlert isfahan = firing("ISF-0001-router", "ISF-0001", "ISF-01", T0 - 70_000);
        TrackedAlert shemiranatResolved = firing("THR-0202-ups", "THR-0202", "THR-02", T0 - 30_000);
        Set<String> takenUp = Set.of("THR-01", "THR-02");
        Silence silence = new Silence("sil-1", "", "THR-01", "", "", T0, T0 + 3_600_000, "hq", T0, "works", "", 0);
        try (AlertLedger dead = AlertLedger.open(settings, new AlertFeed());
             AlertLedger heir = AlertLedger.open(settings, new AlertFeed())) {
            List<AlertChange> written = new ArrayList<>();
            written.add(fire(dead, shemiranatResolved, T0));                      // 1
            written.add(fire(dead, isfahan, T0 + 1_000));                         // 2
            written.add(fire(dead, rey, T0 + 2_000));                             // 3
            dead.recordSilence(silence, false, "hq").get(WAIT_SECONDS, TimeUnit.SECONDS); // 4
            written.add(fire(dead, reyArea, T0 + 3_000));                         // 5
            dead.recordAudit("inventory_changed", "planner", T0 + 3_500, new JsonObject()).get(WAIT_SECONDS,
                    TimeUnit.SECONDS);                                            // 6
            written.add(fire(dead, shemiranat, T0 + 4_000));                      // 7
            written.add(dead.append(new AlertChange(0, T0 + 5_000, AlertChange.Kind.RESOLVED_BY_HAND,
                    shemiranatResolved.resolvedByHand("hq", T0 + 5_000), AlertState.FIRING, AlertState.RESOLVED, "hq",
                    "fixed")).get(WAIT_SECONDS, TimeUnit.SECONDS));               // 8
            written.add(fire(dead, isfahan.withAlert(isfahan.alert().withState(AlertState.FIRING, T0 + 6_000, 3)),
                    T0 + 6_000));                                                 // 9
            assertThat(written).extracting(AlertChange::seq).containsExactly(1L, 2L, 3L, 5L, 7L, 8L, 9L);

            // active alerts: the area alert with the branches', oldest first; none of Isfahan, none resolved
            List<TrackedAlert> active = heir.activeAlertsOf(takenUp).get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(active).extracting(TrackedAlert::id).containsExactly(shemiranat.id(), rey.id(), reyArea.id());
            assertThat(active.get(2).branchCode()).isEmpty();
            assertThat(heir.activeAlertsOf(Set.of("ISF-01")).get(WAIT_SECONDS, TimeUnit.SECONDS))
                    .extracting(TrackedAlert::id).containsExactly(isfahan.id());
            assertThat(heir.activeAlertsOf(Set.of()).get(WAIT_SECONDS, TimeUnit.SECONDS)).isEmpty();

            // changes: at or after the time asked, of those counties only, in ledger order, as stored
            List<AlertChange> since = heir.changesSince(T0 + 2_000, takenUp, 10_000).get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(since).containsExactly(written.get(2), written.get(3), written.get(4), written.get(5));
            assertThat(heir.changesSince(0, takenUp, 10_000).get(WAIT_SECONDS, TimeUnit.SECONDS))
                    .extracting(AlertChange::seq).containsExactly(1L, 3L, 5L, 7L, 8L);
            // over the limit: the newest, the likeliest not yet delivered
            assertThat(heir.changesSince(0, takenUp, 2).get(WAIT_SECONDS, TimeUnit.SECONDS))
                    .extracting(AlertChange::seq).containsExactly(7L, 8L);
            assertThat(heir.changesSince(T0 + 6_001, takenUp, 10_000).get(WAIT_SECONDS, TimeUnit.SECONDS)).isEmpty();

            // more counties than one statement takes: read in parts, answered as one
            List<String> many = new ArrayList<>(takenUp);
            for (int i = 0; i < 2 * AlertLedger.CODES_PER_STATEMENT; i++) {
                many.add(String.format("THR-01-%04d", i)); // sorts between THR-01 and THR-02
            }
            assertThat(AlertLedger.chunks(many)).hasSizeGreaterThan(2);
            assertThat(AlertLedger.chunks(many).get(0)).contains("THR-01").doesNotContain("THR-02");
            assertThat(heir.activeAlertsOf(many).get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(active);
            assertThat(heir.changesSince(0, many, 10_000).get(WAIT_SECONDS, TimeUnit.SECONDS))
                    .extracting(AlertChange::seq).containsExactly(1L, 3L, 5L, 7L, 8L);
            assertThat(heir.changesSince(0, many, 2).get(WAIT_SECONDS, TimeUnit.SECONDS))
                    .extracting(AlertChange::seq).containsExactly(7L, 8L);

            // silences: another collector's, as soon as committed, and its end too
            assertThat(heir.silences(T0).get(WAIT_SECONDS, TimeUnit.SECONDS)).extracting(Silence::id)
                    .containsExactly("sil-1");
            dead.recordSilence(silence.ended("hq", T0 + 60_000), true, "hq").get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(heir.silences(T0).get(WAIT_SECONDS, TimeUnit.SECONDS)).isEmpty();
        }
        LedgerVerifier.Verdict v = LedgerVerifier.verify(settings);
        assertThat(v.intact()).as(v.reason()).isTrue();
    }

    // ── helpers ─────────────────────────────────────────────────────────────────────────────

    static TrackedAlert firing(String device, String branch, String county, long since) {
        Alert a = new Alert(new AlertKey("NET-01", device, Labels.of("if_index", "1")), branch, county,
                county.substring(0, 3), Severity.HIGH, AlertState.FIRING, "Uplink down", "قطع لینک ارتباطی شعبه", 2,
                since, since + 60_000, 0, "");
        return TrackedAlert.of(a, false);
    }

    /** An area alert: a county's, with no branch. */
    static TrackedAlert area(String county, long since) {
        Alert a = new Alert(new AlertKey("NET-08", "", Labels.of("county", county)), "", county,
                county.substring(0, 3), Severity.CRITICAL, AlertState.FIRING, "Area outage", "قطعی منطقه‌ای", 5,
                since, since + 60_000, 0, "");
        return TrackedAlert.of(a, false);
    }

    private static AlertChange fire(AlertLedger ledger, TrackedAlert a, long at) throws Exception {
        return ledger.append(new AlertChange(0, at, AlertChange.Kind.EVALUATED, a, AlertState.PENDING,
                AlertState.FIRING, AlertChange.ENGINE, "")).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** The tip row: its seq and hash. */
    private static List<String> tip(LedgerSettings settings) throws Exception {
        try (Connection c = connect(settings);
             PreparedStatement st = c.prepareStatement("SELECT seq, hash FROM ledger_tip");
             ResultSet rs = st.executeQuery()) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(String.valueOf(rs.getLong(1)));
                out.add(rs.getString(2));
            }
            return out;
        }
    }

    private static Connection connect(LedgerSettings s) throws Exception {
        return DriverManager.getConnection(s.jdbcUrl(), s.user(), s.password());
    }
}
