package org.didban.collector.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.collector.RunningCollector.eventually;
import static org.didban.collector.RunningCollector.sample;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.didban.collector.RunningCollector;
import org.didban.collector.TestFleet;
import org.didban.collector.ledger.LedgerSettings;
import org.didban.model.Metrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An alert that was pending when the collector stopped, and whose `for` ran out while it was
 * down, fires as the restarted collector takes it up — and the webhook hears of it.
 */
@ExtendWith(VertxExtension.class)
class RestartNotificationTest {
    @TempDir
    Path dir;

    @Test
    void aPendingAlertThatFiresAtTheRestartIsTold(Vertx vertx) throws Exception {
        Path rules = Files.writeString(dir.resolve("rules.yaml"), """
                rules:
                  - id: NET-01
                    title: {en: Uplink down, fa: قطع لینک}
                    category: network
                    roles: [router, modem, firewall]
                    metric: if_oper_status
                    condition: value == 2.0 && has(now.if_admin_status) && now.if_admin_status == 1.0
                    for: 1s
                    severity: high
                """, StandardCharsets.UTF_8);
        LedgerSettings ledger = LedgerSettings.embedded(dir.resolve("data"));
        String b = TestFleet.TEHRAN_BRANCH;
        String id;
        long pendingSince;
        try (RunningCollector first = RunningCollector.start(vertx,
                RunningCollector.fleetConfig().ledger(ledger).rulesFile(rules).build())) {
            first.ingest(b, 1, List.of(sample(b + "-router", Metrics.IF_ADMIN_STATUS, 1, "if_index", "1"),
                    sample(b + "-router", Metrics.IF_OPER_STATUS, 2, "if_index", "1")), List.of());
            JsonObject pending = eventually(() -> first.alerts("?state=pending"), a -> a.size() == 1, "pending")
                    .getJsonObject(0);
            id = pending.getString("id");
            pendingSince = Instant.parse(pending.getString("activeSince")).toEpochMilli();
        }
        // down for longer than what was left of its `for`
        eventually(System::currentTimeMillis, now -> now > pendingSince + 1_500, "the `for` runs out while down");

        try (Receiver receiver = Receiver.answering(vertx, 200)) {
            NotifySettings notify = new NotifySettings(List.of(new WebhookTarget("noc", receiver.url("/hook"),
                    "0123456789abcdef0123456789abcdef")), null);
            try (RunningCollector second = RunningCollector.start(vertx, RunningCollector.fleetConfig().ledger(ledger)
                    .rulesFile(rules).notifications(notify).build())) {
                JsonObject firing = eventually(() -> second.alerts("?state=firing"), a -> a.size() == 1, "fires at restart")
                        .getJsonObject(0);
                assertThat(firing.getString("id")).isEqualTo(id);
                eventually(() -> receiver.received().stream()
                                .map(r -> new JsonObject(new String(r.body(), StandardCharsets.UTF_8)))
                                .anyMatch(j -> "firing".equals(j.getString("to"))),
                        told -> told, "the webhook hears that it fired");
            }
        }
    }
}
