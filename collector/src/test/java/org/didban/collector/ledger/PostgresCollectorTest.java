package org.didban.collector.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.collector.RunningCollector.eventually;
import static org.didban.collector.RunningCollector.sample;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.didban.collector.RunningCollector;
import org.didban.collector.TestFleet;
import org.didban.collector.TestPeople;
import org.didban.collector.testing.PostgresServer;
import org.didban.collector.testing.ServeProcess;
import org.didban.model.Metrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The collector with its ledger in a real PostgreSQL: an acknowledged alert and a silence survive a restart. */
@ExtendWith(VertxExtension.class)
class PostgresCollectorTest {

    @Test
    void anAcknowledgementAndASilenceOutliveTheCollector(Vertx vertx) throws Exception {
        PostgresServer.requireInstalled();
        // not under @TempDir: the server runs as 'postgres', which must be able to reach its folder
        Path folder = Files.createTempDirectory("didban-collector-pg");
        Path rules = ServeProcess.uplinkRule(folder, "100ms");
        try (PostgresServer pg = PostgresServer.start(folder)) {
            LedgerSettings ledger = LedgerSettings.postgres(pg.jdbcUrl("didban"), pg.user(), pg.password());
            String b = TestFleet.REY_BRANCH;
            String id;
            try (RunningCollector first = RunningCollector.start(vertx,
                    RunningCollector.fleetConfig().ledger(ledger).rulesFile(rules).build())) {
                first.ingest(b, 1, List.of(sample(b + "-router", Metrics.IF_OPER_STATUS, 2, "if_index", "1")), List.of());
                id = eventually(() -> first.alerts("?state=firing"), a -> a.size() == 1, "fires").getJsonObject(0)
                        .getString("id");
                assertThat(first.postAs(TestPeople.REY_IT, "/api/v1/alerts/" + id + "/acknowledge",
                        new JsonObject().put("note", "کابل را عوض می‌کنیم")).statusCode()).isEqualTo(200);
                assertThat(first.postAs(TestPeople.HQ, "/api/v1/silences", new JsonObject().put("county", "THR-01")
                        .put("duration", "2h").put("comment", "planned works")).statusCode()).isEqualTo(201);
            }
            try (RunningCollector second = RunningCollector.start(vertx,
                    RunningCollector.fleetConfig().ledger(ledger).rulesFile(rules).build())) {
                JsonObject a = second.getObject("/api/v1/alerts/" + id);
                assertThat(a.getString("state")).isEqualTo("acknowledged");
                assertThat(a.getJsonObject("acknowledgement").getString("note")).isEqualTo("کابل را عوض می‌کنیم");
                assertThat(second.getObject("/api/v1/silences").getJsonArray("silences")).hasSize(1);
            }
            LedgerVerifier.Verdict v = LedgerVerifier.verify(ledger);
            assertThat(v.intact()).as(v.reason()).isTrue();
        } finally {
            try (Stream<Path> walk = Files.walk(folder)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
