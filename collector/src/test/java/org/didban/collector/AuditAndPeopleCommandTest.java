package org.didban.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.concurrent.TimeUnit;
import org.didban.collector.alerts.AlertChange;
import org.didban.collector.alerts.AlertFeed;
import org.didban.collector.alerts.TrackedAlert;
import org.didban.collector.ledger.AlertLedger;
import org.didban.collector.ledger.LedgerSettings;
import org.didban.collector.people.PeopleFileReader;
import org.didban.collector.people.People;
import org.didban.model.Alert;
import org.didban.model.AlertKey;
import org.didban.model.AlertState;
import org.didban.model.Labels;
import org.didban.model.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code didban audit verify|export} and {@code didban people token} as an operator runs them. */
class AuditAndPeopleCommandTest {
    @TempDir
    Path dir;

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    @Test
    void verifySaysIntactThenNamesTheTamperedRecordAndExportWritesBothFiles() throws Exception {
        Path data = dir.resolve("data");
        LedgerSettings settings = LedgerSettings.embedded(data);
        try (AlertLedger ledger = AlertLedger.open(settings, new AlertFeed())) {
            for (int i = 0; i < 3; i++) {
                Alert a = new Alert(new AlertKey("NET-01", "THR-0001-router", Labels.of("if_index", "" + i)), "THR-0001",
                        "THR-01", "THR", Severity.HIGH, AlertState.FIRING, "Uplink down", "قطع لینک", 2,
                        1_780_000_000_000L + i, 1_780_000_060_000L + i, 0, "");
                ledger.append(new AlertChange(0, 1_780_000_060_000L + i, AlertChange.Kind.EVALUATED,
                        TrackedAlert.of(a, false), AlertState.PENDING, AlertState.FIRING, AlertChange.ENGINE, ""))
                        .get(10, TimeUnit.SECONDS);
            }
        }
        CommandRun ok = run("audit", "verify", "--data-dir", data.toString());
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).startsWith("intact: 3 records; last hash ");

        Path out = dir.resolve("evidence");
        CommandRun export = run("audit", "export", "--data-dir", data.toString(), "--from", "2026-05-28T00:00:00Z",
                "--out", out.toString());
        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(Files.readAllLines(out.resolve("ledger.jsonl"))).hasSize(3);
        assertThat(Files.readString(out.resolve("ledger.csv"), StandardCharsets.UTF_8)).contains("قطع لینک");

        try (Connection c = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password())) {
            c.createStatement().executeUpdate("UPDATE ledger SET at_ms = at_ms + 1 WHERE seq = 2");
        }
        CommandRun broken = run("audit", "verify", "--data-dir", data.toString());
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(broken.out()).contains("BROKEN at record 2");

        assertThat(run("audit", "verify", "--data-dir", dir.resolve("nothing").toString()).exit()).isEqualTo(2);
        assertThat(run("audit", "export", "--data-dir", data.toString(), "--from", "yesterday", "--out", out.toString())
                .exit()).isEqualTo(2);
    }

    @Test
    void peopleTokenPrintsAnEntryThePeopleFileAcceptsAndTheTokenApart() throws Exception {
        CommandRun r = run("people", "token", "--name", "tehran-it", "--role", "county", "--county", "THR-01");
        assertThat(r.exit()).as(r.err()).isZero();
        String token = r.err().lines().reduce((a, b) -> b).orElseThrow().trim();
        assertThat(r.out()).doesNotContain(token).contains("token-sha256");
        People people = new PeopleFileReader().read("people:\n" + r.out(), "people.yaml");
        assertThat(people.authenticate(token)).hasValueSatisfying(p -> {
            assertThat(p.name()).isEqualTo("tehran-it");
            assertThat(p.area()).isEqualTo("THR-01");
        });
        assertThat(run("people", "token", "--name", "x", "--role", "county").exit()).isEqualTo(2);
        assertThat(run("people", "token", "--name", "x", "--role", "mayor").exit()).isEqualTo(2);
    }
}
