package org.didban.collector.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.didban.collector.demo.ProvinceFacts;
import org.didban.collector.demo.SyntheticInventory;
import org.didban.collector.ledger.LedgerSettings;
import org.didban.collector.ledger.LedgerVerifier;
import org.didban.collector.testing.AlertmanagerServer;
import org.didban.collector.testing.PostgresServer;
import org.didban.collector.testing.ServeProcess;
import org.didban.model.Branch;
import org.didban.model.DeviceRole;
import org.didban.model.Inventory;
import org.didban.model.Labels;
import org.didban.model.Metrics;
import org.didban.model.Sample;
import org.didban.wire.SiteBatch;
import org.didban.wire.SiteBatchCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code didban serve} processes form a cluster on loopback over one PostgreSQL ledger,
 * with agents sending to any of them and moving to the next when one fails. Under load one
 * collector is killed with SIGKILL: every alert active before is still active after (taken up by
 * the survivors), the faults that start after the kill — in the dead collector's counties too —
 * fire, the webhook receiver hears each alert fire under one delivery id only (a repeat after the
 * takeover carries the same id), Alertmanager holds each once, and the ledger's chain is intact.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ClusterFailoverTest {
    static final Duration DEADLINE = Duration.ofSeconds(90);
    static final int BRANCHES = 180;
    static final Path LOGS = Path.of("target", "cluster-test");

    @TempDir
    Path dir;
    final List<Process> children = new CopyOnWriteArrayList<>();
    final List<AutoCloseable> servers = new ArrayList<>();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    final SiteBatchCodec codec = new SiteBatchCodec();
    String hq;
    /** Every webhook delivery received: its delivery id and its body. */
    final List<Map.Entry<String, JsonObject>> deliveries = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        children.forEach(Process::destroyForcibly);
        for (Process p : children) {
            p.waitFor(20, TimeUnit.SECONDS);
        }
        for (AutoCloseable s : servers) {
            s.close();
        }
    }

    @Test
    void aCollectorKilledUnderLoadLosesNoAlertAndNoNotificationIsSentTwice() throws Exception {
        PostgresServer.requireInstalled();
        AlertmanagerServer.requireInstalled();
        // not under @TempDir: the server runs as 'postgres', which must be able to reach its folder
        PostgresServer pg = PostgresServer.start(Files.createTempDirectory("didban-cluster-pg"));
        servers.add(pg);
        AlertmanagerServer am = AlertmanagerServer.start(dir.resolve("am"));
        servers.add(am);
        HttpServer hook = webhookReceiver();
        servers.add(() -> hook.stop(0));

        Inventory inventory = new SyntheticInventory(ProvinceFacts.shipped(), List.of(DeviceRole.ROUTER), 11)
                .generate(BRANCHES, 20);
        assertThat(inventory.counties().size()).as("counties to share out").isGreaterThanOrEqualTo(9);
        ServeProcess.ServedFiles files = ServeProcess.write(dir, inventory, "2s");
        hq = files.hqToken();
        Files.writeString(dir.resolve("notify.yaml"), "webhooks:\n"
                + "  - name: noc\n"
                + "    url: http://127.0.0.1:" + hook.getAddress().getPort() + "/hook\n"
                + "    secret: 4a1f0c9e2b7d4e86a3c5f1b0d9e8c7a6\n"
                + "alertmanager:\n"
                + "  url: " + am.baseUri() + "\n"
                + "  resend-interval: 5s\n", StandardCharsets.UTF_8);
        String ledgerUrl = pg.jdbcUrl("didban");

        // as deployed: the event bus between them is mutual TLS from one cluster CA copied to each
        ClusterTls.createCa(dir.resolve("cluster-ca"));
        List<Integer> ports = org.didban.collector.testing.ServeProcess.freeLoopbackPorts(3);
        List<String> members = new ArrayList<>();
        ports.forEach(p -> members.add("127.0.0.1:" + p));
        List<String> bases = new CopyOnWriteArrayList<>();
        for (int port : ports) {
            bases.add(startCollector(files, ledgerUrl, pg, port, String.join(",", members)));
        }
        int counties = inventory.counties().size();
        waitFor("the three collectors share all " + counties + " counties", () ->
                bases.stream().allMatch(b -> metric(b, "didban_cluster_members") == 3)
                        && bases.stream().mapToDouble(b -> metric(b, "didban_cluster_counties_held")).sum() == counties);

        // Load: every branch reports its uplink each round; an agent that cannot deliver to one
        // collector sends the same batch (same sequence number) to the next, as the real agent does.
        List<Branch> branches = new ArrayList<>(inventory.branches());
        Set<String> dead = ConcurrentHashMap.newKeySet();
        AtomicBoolean secondWave = new AtomicBoolean();
        AtomicBoolean recovered = new AtomicBoolean();
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicLong delivered = new AtomicLong();
        AtomicLong movedOn = new AtomicLong();
        Thread load = new Thread(() -> {
            Map<String, Long> seqs = new HashMap<>();
            Map<String, Integer> preferred = new HashMap<>();
            long end = System.nanoTime() + Duration.ofMinutes(4).toNanos();
            while (loading.get() && System.nanoTime() < end) {
                for (int i = 0; i < branches.size() && loading.get(); i++) {
                    Branch b = branches.get(i);
                    boolean down = (i % 3 == 0 && !recovered.get()) || (i % 3 == 1 && secondWave.get());
                    long seq = seqs.getOrDefault(b.code(), 1L);
                    int at = preferred.getOrDefault(b.code(), i % bases.size());
                    for (int attempt = 0; attempt < bases.size(); attempt++) {
                        String base = bases.get((at + attempt) % bases.size());
                        if (dead.contains(base)) {
                            continue;
                        }
                        if (post(base, b, seq, down ? 2 : 1)) {
                            seqs.put(b.code(), seq + 1);
                            preferred.put(b.code(), (at + attempt) % bases.size());
                            delivered.incrementAndGet();
                            break;
                        }
                        movedOn.incrementAndGet();
                    }
                }
            }
        }, "cluster-test-load");
        load.setDaemon(true);
        load.start();

        int firstWave = (BRANCHES + 2) / 3;
        waitFor("the first wave fires, as every collector lists it", () -> active(bases, dead, "firing").size() == firstWave);
        waitFor("each first-wave alert is told to the webhook and to Alertmanager", () ->
                firedIds().size() == firstWave && activeInAlertmanager(am) == firstWave);

        // A silence set through one collector for a county another holds is in force there, and a
        // person watching the live stream of the first hears of the change the other recorded.
        CountyRing ring = CountyRing.of(nodeIds(bases, dead).values());
        String self0 = nodeIds(bases, dead).get(bases.get(0));
        String quietCounty = null;
        String quietAlert = null;
        for (Object o : list(bases.get(0), "?state=firing&limit=1000")) {
            JsonObject a = (JsonObject) o;
            if (!ring.ownerOf(a.getString("county")).equals(self0)) {
                quietCounty = a.getString("county");
                quietAlert = a.getString("id");
                break;
            }
        }
        assertThat(quietCounty).as("a firing alert held by another collector than the first").isNotNull();
        List<String> streamed = new CopyOnWriteArrayList<>();
        http.sendAsync(HttpRequest.newBuilder(URI.create(bases.get(0) + "/api/v1/alerts/stream"))
                .header("Authorization", "Bearer " + hq).build(), HttpResponse.BodyHandlers.ofLines())
                .thenAccept(r -> r.body().forEach(streamed::add));
        waitFor("the live stream is open", () -> !streamed.isEmpty());
        HttpResponse<String> silenced = http.send(HttpRequest.newBuilder(URI.create(bases.get(0) + "/api/v1/silences"))
                .header("Authorization", "Bearer " + hq).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("county", quietCounty)
                        .put("duration", "1h").put("comment", "fiber splicing").encode())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(silenced.statusCode()).as(silenced.body()).isEqualTo(201);
        String quiet = quietAlert;
        String quietIn = quietCounty;
        waitFor("the other collector silences the county's alert", () -> active(bases, dead, "silenced").contains(quiet));
        waitFor("the first collector's stream tells of it", () -> streamed.stream()
                .anyMatch(line -> line.contains(quiet) && line.contains("silenced")));
        // The branch's own page, read through the first collector, comes from the one holding it.
        String quietBranch = null;
        for (Object o : list(bases.get(0), "?state=silenced&limit=1000")) {
            if (((JsonObject) o).getString("id").equals(quiet)) {
                quietBranch = ((JsonObject) o).getString("branch");
            }
        }
        JsonObject page = get(bases.get(0), "/api/v1/branches/" + quietBranch);
        assertThat(page.getJsonArray("alerts").stream().map(o -> ((JsonObject) o).getString("id"))).contains(quiet);
        assertThat(page.getJsonArray("devices").getJsonObject(0).getJsonArray("readings")).as("live readings").isNotEmpty();

        // Readiness: each collector assesses its own counties, yet every one shows people the whole
        // nation, and a county's page through the first comes from the collector holding it.
        int allBranches = inventory.branches().size();
        waitFor("every collector's readiness covers the nation", () -> bases.stream()
                .allMatch(b -> get(b, "/api/v1/readiness").getInteger("branches") == allBranches));
        JsonObject countyPage = get(bases.get(0), "/api/v1/readiness/counties/" + quietIn);
        assertThat(countyPage.getJsonArray("branchList")).as("every branch of a county held elsewhere")
                .hasSize(inventory.branchesOf(quietIn).size());
        assertThat(countyPage.getJsonArray("branchList").stream().map(o -> ((JsonObject) o).getValue("lastHeard")))
                .as("assessed where its branches report, so heard from").doesNotContainNull();
        String trendOf = quietBranch;
        assertThat(ring.ownerOf(inventory.branch(trendOf).countyCode())).isNotEqualTo(self0);
        waitFor("a branch's trend through the first collector, kept by the one evaluating it", () -> {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(bases.get(0) + "/api/v1/branches/"
                        + trendOf + "/trend")).header("Authorization", "Bearer " + hq).build(),
                        HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200 && !new JsonObject(r.body()).getJsonArray("times").isEmpty();
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        waitFor("the collectors' metrics count each branch once, on the collector holding it", () -> bases.stream()
                .mapToDouble(b -> metricSum(b, "didban_readiness_branches")).sum() == allBranches);
        // The fiber rollout likewise: the nation for planners on each, each branch once in the metrics.
        waitFor("every collector's fiber rollout covers the nation", () -> bases.stream().allMatch(b ->
                get(b, "/api/v1/fiber/summary").getJsonObject("total").getInteger("branches") == allBranches));
        waitFor("the fiber metrics count each branch once", () -> bases.stream()
                .mapToDouble(b -> metricSum(b, "didban_fiber_branches")).sum() == allBranches);
        // HQ's list of sensitive branches, read live: every one of them through any collector.
        long sensitive = inventory.branches().stream().filter(Branch::sensitive).count();
        assertThat(sensitive).isPositive();
        for (String b : bases) {
            JsonObject list = get(b, "/api/v1/branches/sensitive?limit=5000");
            assertThat(list.getInteger("total")).as("sensitive branches through " + b).isEqualTo((int) sensitive);
            assertThat(list.getJsonArray("branches").stream().map(o -> ((JsonObject) o).getString("code")).distinct()
                    .count()).isEqualTo(sensitive);
        }

        // People act through whichever collector they reach, wherever the alert is held.
        Set<String> acknowledged = new HashSet<>();
        int k = 0;
        for (Object o : list(bases.get(0), "?state=firing&limit=1000")) {
            JsonObject a = (JsonObject) o;
            if (acknowledged.size() == 9 || a.getString("county").equals(quietIn)) {
                continue;
            }
            assertThat(ack(bases.get(k++ % bases.size()), a.getString("id"))).as("acknowledge " + a.getString("id")).isTrue();
            acknowledged.add(a.getString("id"));
        }
        waitFor("every collector lists the acknowledgements", () -> active(bases, dead, "acknowledged").equals(acknowledged));

        // Kill the collector holding the most counties, under load.
        int victim = 0;
        double most = -1;
        for (int i = 0; i < bases.size(); i++) {
            double n = metric(bases.get(i), "didban_cluster_counties_held");
            if (n > most) {
                most = n;
                victim = i;
            }
        }
        assertThat(most).as("counties of the collector to kill").isPositive();
        Set<String> activeBefore = active(bases, dead, "");
        assertThat(activeBefore).hasSize(firstWave);
        long deliveredAtKill = delivered.get();
        Process killed = children.get(victim);
        killed.destroyForcibly(); // SIGKILL
        assertThat(killed.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(killed.exitValue()).isEqualTo(137);
        dead.add(bases.get(victim));
        secondWave.set(true);

        waitFor("the two survivors take over all counties", () -> live(bases, dead).stream()
                .allMatch(b -> metric(b, "didban_cluster_members") == 2)
                && live(bases, dead).stream().mapToDouble(b -> metric(b, "didban_cluster_counties_held")).sum() == counties);
        int secondWaveSize = (BRANCHES + 1) / 3;
        waitFor("every alert active before the kill is still active, and the second wave fires", () -> {
            Set<String> now = active(bases, dead, "");
            return now.containsAll(activeBefore)
                    && active(bases, dead, "firing,acknowledged,silenced").size() == firstWave + secondWaveSize;
        });
        assertThat(active(bases, dead, "acknowledged")).as("acknowledgements after the takeover").isEqualTo(acknowledged);
        assertThat(active(bases, dead, "silenced")).as("silenced after the takeover").contains(quiet);
        // The second wave's alerts in the silenced county go straight into the silence: nobody is told.
        Set<String> silencedUntold = new HashSet<>(active(bases, dead, "silenced"));
        silencedUntold.removeAll(activeBefore);
        int told = firstWave + secondWaveSize - silencedUntold.size();
        waitFor("each alert is told to the webhook and held by Alertmanager", () ->
                firedIds().size() == told
                        && activeInAlertmanager(am) == firstWave + secondWaveSize - silencedCount(bases, dead),
                () -> "webhook heard " + firedIds().size() + " fire, Alertmanager holds " + activeInAlertmanager(am)
                        + ", silenced " + silencedCount(bases, dead));
        assertThat(delivered.get()).as("batches delivered after the kill").isGreaterThan(deliveredAtKill + BRANCHES);

        // A collector comes back (a new node on the dead one's cluster port): the live ones hand it
        // its share; then the first wave's uplinks come back and those alerts resolve, wherever
        // they are held now — in Alertmanager too, which no collector that let go tells otherwise.
        String back = startCollector(files, ledgerUrl, pg, ports.get(victim), String.join(",", members));
        bases.set(victim, back);
        waitFor("three collectors share all counties again", () -> live(bases, dead).stream()
                .allMatch(b -> metric(b, "didban_cluster_members") == 3)
                && live(bases, dead).stream().mapToDouble(b -> metric(b, "didban_cluster_counties_held")).sum() == counties
                && metric(back, "didban_cluster_counties_held") > 0);
        recovered.set(true);
        waitFor("only the second wave is active, as every collector and Alertmanager see it", () ->
                active(bases, dead, "").size() == secondWaveSize
                        && activeInAlertmanager(am) == active(bases, dead, "firing,acknowledged").size());
        loading.set(false);
        load.join(20_000);
        assertThat(movedOn.get()).as("batches an agent had to send to another collector").isPositive();

        // No notification sent twice: each alert fired under one change, each fault under one alert.
        Map<String, Set<Long>> firingSeqs = new HashMap<>();
        Map<String, Set<String>> alertsOfKey = new HashMap<>();
        for (Map.Entry<String, JsonObject> d : deliveries) {
            JsonObject body = d.getValue();
            assertThat(d.getKey()).isEqualTo(body.getLong("seq") + "-noc");
            JsonObject alert = body.getJsonObject("alert");
            if ("firing".equals(body.getString("to"))) {
                firingSeqs.computeIfAbsent(alert.getString("id"), x -> new HashSet<>()).add(body.getLong("seq"));
            }
            if (fired(body)) {
                alertsOfKey.computeIfAbsent(alert.getString("key"), x -> new HashSet<>()).add(alert.getString("id"));
            }
        }
        firingSeqs.forEach((id, seqs) -> assertThat(seqs).as("changes that fired alert " + id).hasSize(1));
        alertsOfKey.forEach((key, ids) -> assertThat(ids).as("alerts fired for " + key).hasSize(1));
        assertThat(alertsOfKey).hasSize(told);
        long repeats = deliveries.size() - deliveries.stream().map(Map.Entry::getKey).distinct().count();
        System.out.printf("cluster test: %d batches, %d moved to another collector; %d alerts active before the kill,"
                        + " %d after (%d acknowledged through other collectors); %d webhook deliveries, %d of them"
                        + " repeats under the same id%n",
                delivered.get(), movedOn.get(), activeBefore.size(), firstWave + secondWaveSize, acknowledged.size(),
                deliveries.size(), repeats);

        // Stopped in order, each hands its counties to the ones left.
        for (Process p : children) {
            if (p.isAlive()) {
                p.destroy();
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
        }
        LedgerVerifier.Verdict v = LedgerVerifier.verify(LedgerSettings.postgres(ledgerUrl, pg.user(), pg.password()));
        assertThat(v.intact()).as(v.reason()).isTrue();
    }

    private HttpServer webhookReceiver() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("X-Didban-Delivery");
            deliveries.add(Map.entry(id == null ? "" : id, new JsonObject(new String(body, StandardCharsets.UTF_8))));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    /** A change that made an alert fire: firing, or straight into a silence that covers it. */
    private static boolean fired(JsonObject body) {
        return "firing".equals(body.getString("to"))
                || ("silenced".equals(body.getString("to")) && "pending".equals(body.getString("from")));
    }

    /** Alert ids the webhook heard fire. */
    private Set<String> firedIds() {
        Set<String> out = new HashSet<>();
        for (Map.Entry<String, JsonObject> d : deliveries) {
            if (fired(d.getValue())) {
                out.add(d.getValue().getJsonObject("alert").getString("id"));
            }
        }
        return out;
    }

    private static int activeInAlertmanager(AlertmanagerServer am) {
        int n = 0;
        for (Object o : new JsonArray(am.alerts("alertname=\"NET-01\""))) {
            if ("active".equals(((JsonObject) o).getJsonObject("status").getString("state"))) {
                n++;
            }
        }
        return n;
    }

    /**
     * The active alerts as each live collector lists them (each answers for the whole cluster);
     * empty unless they all give the same answer.
     */
    private Set<String> active(List<String> bases, Set<String> dead, String state) {
        Set<String> agreed = null;
        for (String b : bases) {
            if (dead.contains(b)) {
                continue;
            }
            Set<String> ids = new HashSet<>();
            for (Object o : list(b, state.isEmpty() ? "?limit=1000" : "?state=" + state + "&limit=1000")) {
                ids.add(((JsonObject) o).getString("id"));
            }
            if (agreed != null && !agreed.equals(ids)) {
                return Set.of();
            }
            agreed = ids;
        }
        return agreed == null ? Set.of() : agreed;
    }

    private static List<String> live(List<String> bases, Set<String> dead) {
        return bases.stream().filter(b -> !dead.contains(b)).toList();
    }

    /** Each live collector's node id in the cluster, from its /health. */
    private Map<String, String> nodeIds(List<String> bases, Set<String> dead) {
        Map<String, String> out = new HashMap<>();
        for (String b : live(bases, dead)) {
            out.put(b, get(b, "/health").getJsonObject("cluster").getString("node"));
        }
        return out;
    }

    private int silencedCount(List<String> bases, Set<String> dead) {
        return active(bases, dead, "silenced").size();
    }

    /** True when the collector recorded the acknowledgement (200). */
    private boolean ack(String base, String id) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/alerts/" + id + "/acknowledge"))
                .header("Authorization", "Bearer " + hq).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"note\":\"on it\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200;
    }

    private String startCollector(ServeProcess.ServedFiles files, String ledgerUrl, PostgresServer pg, int clusterPort,
                                  String members) throws Exception {
        List<String> options = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0", "--shards", "2",
                "--notify", dir.resolve("notify.yaml").toString(), "--ledger-url", ledgerUrl, "--ledger-user", pg.user(),
                "--cluster-members", members, "--cluster-host", "127.0.0.1", "--cluster-port", Integer.toString(clusterPort),
                "--cluster-failure-timeout", "3s", "--cluster-ca", dir.resolve("cluster-ca").toString(),
                "--readiness-interval", "2s", "--fiber-refresh", "2s"));
        options.addAll(files.options());
        // kept after the test (target/cluster-test), for whoever has to read why it failed
        return ServeProcess.start(children, LOGS.resolve("collector-" + children.size() + ".log"),
                Map.of("DIDBAN_LEDGER_PASSWORD", pg.password()), options, DEADLINE);
    }

    /** True when the collector took the batch (200); false when it could not (gone, or 503 while moving). */
    private boolean post(String base, Branch b, long seq, double oper) {
        List<Sample> samples = List.of(new Sample(b.code() + "-router", Metrics.IF_OPER_STATUS,
                Labels.of(Metrics.LABEL_IF_INDEX, "1"), oper, System.currentTimeMillis()));
        SiteBatch batch = new SiteBatch(b.code() + "-a", b.code(), 1_700_000_000_000L, seq, System.currentTimeMillis(),
                samples, List.of());
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/ingest"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer token-" + b.code())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(codec.encode(batch))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return true;
            }
            if (r.statusCode() != 503) {
                throw new AssertionError("ingest refused: " + r.statusCode() + " " + r.body());
            }
            return false;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private JsonArray list(String base, String query) {
        return get(base, "/api/v1/alerts" + query).getJsonArray("alerts");
    }

    private JsonObject get(String base, String path) {
        return ServeProcess.getJson(http, base, path, hq);
    }

    /** The sum of all series of a metric with labels on the collector's /metrics. */
    private double metricSum(String base, String name) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            double sum = 0;
            for (String line : r.body().split("\n")) {
                if (line.startsWith(name + "{")) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
                }
            }
            return sum;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A value of the collector's /metrics (a metric without labels); NaN when it is not there. */
    private double metric(String base, String name) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (String line : r.body().split("\n")) {
                if (line.startsWith(name + " ")) {
                    return Double.parseDouble(line.substring(name.length() + 1).trim());
                }
            }
            return Double.NaN;
        } catch (IOException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    private static void waitFor(String what, BooleanSupplier done) throws InterruptedException {
        waitFor(what, done, () -> "");
    }

    private static void waitFor(String what, BooleanSupplier done, java.util.function.Supplier<String> detail)
            throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + DEADLINE + ": " + what + " " + detail.get());
            }
            Thread.sleep(100);
        }
    }
}
