package org.didban.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.didban.collector.inventory.InvalidInventoryException;
import org.didban.collector.inventory.InventoryCsvWriter;
import org.didban.collector.inventory.InventoryFiles;
import org.didban.rules.InvalidRulesException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@ExtendWith(VertxExtension.class)
class CollectorStartTest {
    @TempDir
    Path dir;

    @Test
    void startsFromCsvFilesAndServesThem(Vertx vertx) throws Exception {
        InventoryFiles files = InventoryFiles.in(dir);
        new InventoryCsvWriter().write(TestFleet.inventory(), TestFleet.agents(), files);
        try (RunningCollector c = RunningCollector.start(vertx,
                CollectorConfig.builder().port(0).shards(1).inventoryFiles(files).people(TestPeople.all()).build())) {
            assertThat(c.getObject("/health").getInteger("branches")).isEqualTo(3);
            assertThat(c.collector().baseUrl()).isEqualTo("http://127.0.0.1:" + c.collector().port());
            assertThat(c.getObject("/api/v1/branches/ISF-0501").getJsonObject("name").getString("fa"))
                    .isEqualTo("کتابخانهٔ عمومی کاشان");
            assertThat(c.ingest(TestFleet.KASHAN_BRANCH, 1, java.util.List.of(), java.util.List.of()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aBadInventoryFileFailsTheStartNamingFileAndLine(Vertx vertx) throws Exception {
        InventoryFiles files = InventoryFiles.in(dir);
        new InventoryCsvWriter().write(TestFleet.inventory(), TestFleet.agents(), files);
        Files.writeString(files.devices(), "\nTHR-0001-fax,THR-0001,fax,,\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        Future<Collector> start = Collector.start(vertx, CollectorConfig.builder().port(0).inventoryFiles(files).build());
        Throwable cause = failureOf(start);
        assertThat(cause).isInstanceOf(InvalidInventoryException.class)
                .hasMessageContaining(files.devices() + ":15: unknown device role 'fax'");
    }

    @Test
    void aBadRuleFileFailsTheStart(Vertx vertx) throws Exception {
        Path rules = Files.writeString(dir.resolve("rules.yaml"), "rules:\n  - id: nope\n", StandardCharsets.UTF_8);
        Future<Collector> start = Collector.start(vertx, RunningCollector.fleetConfig().rulesFile(rules).build());
        assertThat(failureOf(start)).isInstanceOf(InvalidRulesException.class).hasMessageContaining("rules.yaml:2");
    }

    @Test
    void theCommandLineHasAServeSubcommand() {
        StringWriter out = new StringWriter();
        CommandLine cli = CollectorMain.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(out));
        assertThat(cli.execute("serve", "--help")).isZero();
        assertThat(out.toString()).contains("--branches", "--devices", "--agents", "--rules", "--host", "--port");
        assertThat(cli.execute("serve")).as("required files missing").isEqualTo(2);
        assertThat(cli.execute()).isEqualTo(2);
    }

    @Test
    void serveRefusesABadElectionCalendarWithItsLineAndNoStackTrace() throws Exception {
        InventoryFiles files = InventoryFiles.in(dir);
        new InventoryCsvWriter().write(TestFleet.inventory(), TestFleet.agents(), files);
        Path calendar = Files.writeString(dir.resolve("calendar.yaml"), String.join("\n",
                "elections:",
                "  - id: 1405-presidential",
                "    title: {en: Presidential, fa: ریاست جمهوری}",
                "    phases:",
                "      - {phase: voting, from: 1405-13-08 08:00, to: 1405-04-08 18:00}",
                ""), StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.err;
        int exit;
        try {
            System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
            exit = CollectorMain.commandLine().execute("serve", "--port", "0", "--branches", files.branches().toString(),
                    "--devices", files.devices().toString(), "--agents", files.agents().toString(),
                    "--calendar", calendar.toString());
        } finally {
            System.setErr(saved);
        }
        String message = err.toString(StandardCharsets.UTF_8);
        assertThat(exit).isEqualTo(1);
        assertThat(message).contains("election calendar is refused", "calendar.yaml:5").doesNotContain("\tat org.");
    }

    @Test
    void theDemoRunsOnVotingDay() {
        long now = 1_780_000_000_000L;
        org.didban.rules.PhaseSchedule day = org.didban.collector.demo.DemoCommand.votingDay(now);
        assertThat(day.phaseAt(now - 1)).isEqualTo(org.didban.model.ElectionPhase.PREPARATION);
        assertThat(day.phaseAt(now)).isEqualTo(org.didban.model.ElectionPhase.VOTING);
        assertThat(day.nextChangeAfter(now)).isEqualTo(now + 12 * 3_600_000L);
    }

    private static Throwable failureOf(Future<?> future) {
        try {
            future.toCompletionStage().toCompletableFuture().get(RunningCollector.DEADLINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("start did not finish: " + e, e);
        }
        throw new AssertionError("start succeeded but should have failed");
    }
}
