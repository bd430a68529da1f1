package org.didban.collector.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.didban.collector.demo.ProvinceFacts;
import org.didban.collector.demo.SyntheticInventory;
import org.didban.model.Branch;
import org.didban.model.DeviceRole;
import org.didban.model.Inventory;
import org.didban.model.Labels;
import org.didban.model.Metrics;
import org.didban.model.Sample;
import org.didban.collector.testing.ServeProcess;
import org.didban.wire.SiteBatch;
import org.didban.wire.SiteBatchCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code didban serve} is killed with SIGKILL while agents keep sending and people keep
 * acknowledging; started again on the same data folder it has lost no alert that was active and
 * no acknowledgement that was answered, its pending alerts fire when their `for` runs out with no
 * new data, and the ledger's chain is intact.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class CollectorKillTest {
    static final Duration DEADLINE = Duration.ofSeconds(60);
    static final int BRANCHES = 120;

    @TempDir
    Path dir;
    final List<Process> children = new ArrayList<>();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    final SiteBatchCodec codec = new SiteBatchCodec();
    String hq;

    @AfterEach
    void stop() {
        children.forEach(Process::destroyForcibly);
    }

    @Test
    void noAlertNorAcknowledgementIsLostAndPendingTimersResume() throws Exception {
        Inventory inventory = new SyntheticInventory(ProvinceFacts.shipped(),
                List.of(DeviceRole.ROUTER, DeviceRole.UPS), 7).generate(BRANCHES, 3);
        // NET-01 waits 3 s: long enough that some alerts are pending when the collector dies
        ServeProcess.ServedFiles files = ServeProcess.write(dir, inventory, "3s");
        hq = files.hqToken();
        Path data = dir.resolve("data");
        List<Branch> branches = new ArrayList<>(inventory.branches());

        String base = startCollector(files, data);
        // Load: every branch reports every 100 ms; a third of them have their uplink down.
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicLong sent = new AtomicLong();
        Map<String, Long> seqs = new HashMap<>();
        Thread load = new Thread(() -> {
            long round = 0;
            long end = System.nanoTime() + DEADLINE.toNanos();
            while (loading.get() && System.nanoTime() < end) {
                round++;
                for (int i = 0; i < branches.size() && loading.get(); i++) {
                    Branch b = branches.get(i);
                    boolean down = i % 3 == 0 || (i % 3 == 1 && round > 15); // a second wave starts later
                    long seq = seqs.merge(b.code(), 1L, Long::sum);
                    try {
                        post(currentBase, b, seq, down ? 2 : 1);
                        sent.incrementAndGet();
                    } catch (IOException e) {
                        return; // the collector is gone
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, "kill-test-load");
        currentBase = base;
        load.start();

        // People acknowledge firing alerts as they appear, while the load goes on.
        Set<String> acknowledged = new HashSet<>();
        waitFor("first wave fires", () -> list(currentBase, "?state=firing&limit=1000").size() >= BRANCHES / 3 - 2);
        for (Object o : list(currentBase, "?state=firing&limit=1000")) {
            String id = ((JsonObject) o).getString("id");
            if (acknowledged.size() < 25 && ack(currentBase, id)) {
                acknowledged.add(id);
            }
        }
        // The second wave's alerts go pending; kill while they are, and while the load is running.
        waitFor("second wave pending", () -> list(currentBase, "?state=pending&limit=1000").size() >= BRANCHES / 3 - 2);
        JsonArray before = list(currentBase, "?limit=1000");
        Set<String> activeBefore = new HashSet<>();
        Set<String> pendingBefore = new HashSet<>();
        for (Object o : before) {
            JsonObject a = (JsonObject) o;
            activeBefore.add(a.getString("id"));
            if ("pending".equals(a.getString("state"))) {
                pendingBefore.add(a.getString("id"));
            }
        }
        long sentAtKill = sent.get();
        Process first = children.get(0);
        first.destroyForcibly(); // SIGKILL
        assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).isEqualTo(137);
        loading.set(false);
        load.join(10_000);
        assertThat(sentAtKill).as("batches sent under load before the kill").isGreaterThan(BRANCHES * 5L);

        String again = startCollector(files, data);
        currentBase = again;
        // Nothing new arrives: the restored pending alerts fire when what was left of their `for` runs out.
        JsonArray after = list(again, "?limit=1000");
        Set<String> activeAfter = new HashSet<>();
        for (Object o : after) {
            activeAfter.add(((JsonObject) o).getString("id"));
        }
        assertThat(activeAfter).as("active alerts after the restart").containsAll(activeBefore);
        for (String id : acknowledged) {
            JsonObject a = get(again, "/api/v1/alerts/" + id);
            assertThat(a.getString("state")).as(id).isEqualTo("acknowledged");
            assertThat(a.getJsonObject("acknowledgement").getString("by")).isEqualTo("hq");
        }
        waitFor("the pending ones fire without new data", () -> {
            Set<String> firing = new HashSet<>();
            for (Object o : list(again, "?state=firing,acknowledged&limit=1000")) {
                firing.add(((JsonObject) o).getString("id"));
            }
            return firing.containsAll(pendingBefore);
        });
        assertThat(pendingBefore).as("alerts pending at the kill").isNotEmpty();
        System.out.printf("kill test: %d batches before the kill, %d active alerts (%d pending, %d acknowledged)"
                + " all back after the restart%n", sentAtKill, activeBefore.size(), pendingBefore.size(), acknowledged.size());

        children.get(1).destroy();
        assertThat(children.get(1).waitFor(20, TimeUnit.SECONDS)).isTrue();
        LedgerVerifier.Verdict v = LedgerVerifier.verify(LedgerSettings.embedded(data));
        assertThat(v.intact()).as(v.reason()).isTrue();
    }

    private volatile String currentBase;

    private String startCollector(ServeProcess.ServedFiles files, Path data) throws Exception {
        List<String> options = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0", "--shards", "2",
                "--data-dir", data.toString()));
        options.addAll(files.options());
        return ServeProcess.start(children, dir.resolve("collector-" + children.size() + ".log"), Map.of(), options,
                DEADLINE);
    }

    private void post(String base, Branch b, long seq, double oper) throws IOException, InterruptedException {
        List<Sample> samples = List.of(
                new Sample(b.code() + "-router", Metrics.IF_OPER_STATUS, Labels.of(Metrics.LABEL_IF_INDEX, "1"), oper,
                        System.currentTimeMillis()));
        SiteBatch batch = new SiteBatch(b.code() + "-a", b.code(), 1_700_000_000_000L, seq, System.currentTimeMillis(),
                samples, List.of());
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/ingest"))
                .header("Authorization", "Bearer token-" + b.code())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(codec.encode(batch))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("ingest refused: " + r.statusCode() + " " + r.body());
        }
    }

    private JsonArray list(String base, String query) {
        return get(base, "/api/v1/alerts" + query).getJsonArray("alerts");
    }

    private JsonObject get(String base, String path) {
        return ServeProcess.getJson(http, base, path, hq);
    }

    /** True when the collector answered 200: the acknowledgement is then recorded. */
    private boolean ack(String base, String id) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/alerts/" + id + "/acknowledge"))
                .header("Authorization", "Bearer " + hq).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"note\":\"on it\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200;
    }

    private static void waitFor(String what, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + DEADLINE + ": " + what);
            }
            Thread.sleep(50);
        }
    }
}
