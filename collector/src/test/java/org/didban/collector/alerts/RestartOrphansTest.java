package org.didban.collector.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.collector.RunningCollector.eventually;
import static org.didban.collector.RunningCollector.sample;
import static org.didban.collector.TestFleet.KASHAN_BRANCH;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import org.didban.collector.RunningCollector;
import org.didban.collector.TestFleet;
import org.didban.collector.inventory.Agent;
import org.didban.collector.inventory.AgentRegistry;
import org.didban.collector.ledger.LedgerSettings;
import org.didban.collector.ledger.LedgerVerifier;
import org.didban.model.Inventory;
import org.didban.model.Metrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A branch taken out of the inventory between two runs: its active alert is closed on the record, not left active forever. */
@ExtendWith(VertxExtension.class)
class RestartOrphansTest {
    @TempDir
    Path dir;

    @Test
    void anAlertOfABranchNoLongerInTheInventoryIsClosedAtStart(Vertx vertx) throws Exception {
        LedgerSettings ledger = LedgerSettings.embedded(dir.resolve("data"));
        Path rules = FastRules.write(dir, "100ms", false);
        String id;
        try (RunningCollector first = RunningCollector.start(vertx,
                RunningCollector.fleetConfig().ledger(ledger).rulesFile(rules).build())) {
            first.ingest(KASHAN_BRANCH, 1, List.of(sample(KASHAN_BRANCH + "-router", Metrics.IF_ADMIN_STATUS, 1, "if_index", "1"),
                    sample(KASHAN_BRANCH + "-router", Metrics.IF_OPER_STATUS, 2, "if_index", "1")), List.of());
            id = eventually(() -> first.alerts("?state=firing"), a -> a.size() == 1, "fires").getJsonObject(0).getString("id");
        }
        Inventory full = TestFleet.inventory();
        Inventory.Builder without = Inventory.builder();
        full.provinces().forEach(without::province);
        full.counties().forEach(without::county);
        full.branches().stream().filter(b -> !b.code().equals(KASHAN_BRANCH)).forEach(without::branch);
        full.devices().stream().filter(d -> !d.branchCode().equals(KASHAN_BRANCH)).forEach(without::device);
        List<Agent> agents = TestFleet.agents().agents().stream().filter(a -> !a.branchCode().equals(KASHAN_BRANCH)).toList();
        try (RunningCollector second = RunningCollector.start(vertx, RunningCollector.fleetConfig().ledger(ledger)
                .rulesFile(rules).inventory(without.build(), AgentRegistry.of(agents)).build())) {
            assertThat(second.alerts("")).isEmpty();
            JsonObject closed = second.getObject("/api/v1/alerts/" + id);
            assertThat(closed.getString("state")).isEqualTo("resolved");
            JsonArray timeline = closed.getJsonArray("timeline");
            assertThat(timeline.getJsonObject(timeline.size() - 1).getString("note"))
                    .isEqualTo("its branch is no longer in the inventory");
        }
        assertThat(LedgerVerifier.verify(ledger).intact()).isTrue();
    }
}
