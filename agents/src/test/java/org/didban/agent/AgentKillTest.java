package org.didban.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.zip.GZIPInputStream;
import org.assertj.core.api.SoftAssertions;
import org.didban.agent.config.SnmpCredentials;
import org.didban.agent.offline.LocalAlertEvents;
import org.didban.model.DeviceRole;
import org.didban.model.Event;
import org.didban.model.Labels;
import org.didban.model.Sample;
import org.didban.simulator.SimulatedBranch;
import org.didban.simulator.SimulatedDevice;
import org.didban.simulator.SimulatedFleet;
import org.didban.wire.MalformedBatchException;
import org.didban.wire.SiteBatch;
import org.didban.wire.SiteBatchCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance scenario for the whole agent process ({@link AgentMain} with
 * {@code --state-dir}, so its {@code DiskSpool}), not just an uplink ({@code SpoolKillTest} does
 * that): the agent polls simulated devices every second; the collector goes down; the agent is
 * {@code kill -9}ed while its rounds pile up in the spool; a new agent process is started on the
 * same state folder and the collector comes back. The collector then holds one run (one epoch)
 * numbered 1..n without a gap, no batch twice, no sample or event twice, and every round polled
 * while it was down, including the last one the killed agent showed on its status page.
 *
 * <p>The same for the local alerts of the outage: the UPS goes on battery while the collector is
 * down, so the killed agent's local rules put PWR-01 in pending, and hand the transition to the
 * uplink, so the spool, at once (before that, such transitions waited in memory for the link to
 * return and died with the process). The collector receives that {@code local_alert} exactly once,
 * stamped with the time the killed agent recorded, not only the restarted agent's own later one.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class AgentKillTest {
    static final Duration DEADLINE = Duration.ofSeconds(60);
    static final Duration POLL = Duration.ofSeconds(1);
    /** Rounds polled, and so spooled, by the first agent after the collector went down, before the kill. */
    static final int ROUNDS_WHILE_DOWN = 4;
    static final String AGENT = "THR-0001-a";
    static final String TOKEN = "token-THR-0001-kill";
    static final SnmpCredentials.Usm V3 = SnmpCredentials.Usm.of("didban", "auth-pass-123", "priv-pass-456");
    /** The line the agent logs (INFO, SiteAgent) when its status page listens: the only way to learn port 0. */
    static final Pattern STATUS_PAGE = Pattern.compile("branch status page on http://127\\.0\\.0\\.1:(\\d+)/");
    static final ObjectMapper JSON = new ObjectMapper();
    /** Mains lost, UPS on battery (upsOutputSource 5): pending at the first such poll, firing after 30 s. */
    static final String ON_BATTERY_RULE = "PWR-01";

    static {
        // answer without waiting for Nagle + delayed ACK, if no HttpServer was made before in this JVM
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    @TempDir
    Path tmp;

    final List<Child> children = new ArrayList<>();
    SimulatedFleet fleet;
    StandInCollector collector;

    @AfterEach
    void cleanUp() throws InterruptedException {
        for (Child c : children) {
            c.process.destroyForcibly();
            c.process.waitFor(10, TimeUnit.SECONDS);
        }
        if (collector != null) {
            collector.stop();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void agentKilledWhileSpoolingLosesAndDuplicatesNothingAcrossTheRestart() throws Exception {
        fleet = SimulatedFleet.start();
        SimulatedBranch branch = fleet.addBranch("THR-0001", V3);
        Set<String> devices = branch.devices().stream().map(SimulatedDevice::id).collect(Collectors.toSet());
        SimulatedDevice ups = branch.devices().stream().filter(d -> d.role() == DeviceRole.UPS).findFirst()
                .orElseThrow(() -> new AssertionError("the simulated branch has no UPS"));
        collector = new StandInCollector();
        Path site = writeSite(branch);
        Path state = tmp.resolve("state");

        // ---- phase 1: the collector is up; the agent delivers rounds of every device
        Child first = start("first", site, state);
        await("3 batches with every device delivered", first,
                () -> collector.batchesCovering(devices) >= 3);

        // ---- phase 2: the collector goes down; rounds pile up in the spool; kill -9 mid-spooling
        long downAt = collector.goDown();
        // The first agent's local rules learn of the outage from the uplink's first failed send; the
        // mains go only then, so that the transition takes the outage's path (to the uplink at once).
        await("the first agent's status page: collector unreachable", first,
                () -> "unreachable".equals(first.status().path("collector").path("state").asText()));
        ups.onBattery();
        // Observable proof that rounds were spooled, not a guessed sleep: SiteAgent queues a round's
        // batch (Uplink.submit → DiskSpool.add, which returns once it is committed and fsynced)
        // before it hands the round to its local rules, which feed the status page. A device whose
        // last_sample_at is ROUNDS_WHILE_DOWN intervals after the collector went down was polled in
        // at least that many rounds since, each of which is in the spool now (the collector took
        // none: it answers 503). The kill follows within milliseconds of the condition turning true,
        // so the newest round shown has only just reached the disk.
        // LocalRules publishes the status page after it handed a transition of the outage to the
        // uplink (DiskSpool.add, committed and fsynced), so PWR-01 shown there is in the spool too.
        AtomicReference<JsonNode> shown = new AtomicReference<>();
        await(ROUNDS_WHILE_DOWN + " rounds spooled while the collector answers 503, and " + ON_BATTERY_RULE
                + " raised locally", first, () -> {
            shown.set(first.status());
            return polledSince(lastSampleAt(shown.get()), devices, downAt + ROUNDS_WHILE_DOWN * POLL.toMillis())
                    && localAlert(shown.get(), ON_BATTERY_RULE, ups.id()) != null
                    && collector.refused() > 0;
        });
        Map<String, Long> shownBeforeKill = lastSampleAt(shown.get());
        JsonNode alertBeforeKill = localAlert(shown.get(), ON_BATTERY_RULE, ups.id());
        int acceptedBeforeKill = collector.accepted().size();
        first.process.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no spool close
        assertThat(first.process.waitFor(10, TimeUnit.SECONDS)).as("first agent gone").isTrue();
        assertThat(first.process.exitValue()).as("killed by SIGKILL (128 + 9)").isEqualTo(137);
        long killedAt = System.currentTimeMillis();
        // what the killed agent recorded: its local alert log (one line per transition, forced to disk)
        List<JsonNode> loggedPending = loggedTransitions(state, ON_BATTERY_RULE, ups.id(), "pending");
        assertThat(loggedPending).as("%s pending in the killed agent's local alert log", ON_BATTERY_RULE).hasSize(1);
        String pendingAt = loggedPending.get(0).path("at").asText();
        assertThat(alertBeforeKill.path("active_since").asText()).as("pending since, on the killed agent's status page")
                .isEqualTo(pendingAt);
        assertThat(Instant.parse(pendingAt).toEpochMilli()).as("pending after the collector went down")
                .isBetween(downAt, killedAt);

        // ---- phase 3: a new agent on the same state folder, while the collector is still down ...
        Child second = start("second", site, state);
        await("the second agent polled a round of its own", second,
                () -> polledSince(second.lastSampleAt(), devices, killedAt));
        // ... then the collector comes back
        long upAt = collector.comeBack();
        await("every device's rounds after the collector came back delivered", second,
                () -> collector.latestSampleAt(devices) > upAt + POLL.toMillis());

        // ---- what the collector holds (soft: a broken spool shows every property it breaks)
        List<Accepted> accepted = collector.accepted();
        List<Long> seqs = accepted.stream().map(a -> a.batch().seq()).toList();
        // the rounds the first agent polled (so spooled) while the collector was down
        List<Accepted> spooled = accepted.stream().filter(a -> a.batch().samples().stream()
                .anyMatch(s -> s.timestamp() >= downAt && s.timestamp() <= killedAt)).toList();
        System.out.printf("agent kill test: %d batches accepted, %d before the kill, %d spooled by the killed agent"
                        + " while the collector was down; %d answered 503, %d duplicates%n", accepted.size(),
                acceptedBeforeKill, spooled.size(), collector.refused(), collector.duplicates());
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(collector.unauthorized()).as("requests without the agent's bearer token").isZero();
        soft.assertThat(accepted.stream().map(a -> a.batch().epoch()).distinct().toList())
                .as("epochs: one run across the kill (DiskSpool keeps the epoch; a memory queue starts a new one)")
                .hasSize(1);
        // a gap in seq is a lost batch
        soft.assertThat(seqs).as("seqs accepted, in arrival order: 1..n, no gap, nothing twice")
                .isEqualTo(LongStream.rangeClosed(1, seqs.size()).boxed().toList());
        // Nothing was acknowledged within seconds of the kill, so nothing delivered was still in the
        // spool: a batch sent again here would be a spool replaying what it had removed, or a new
        // agent numbering from 1 again (which the collector would drop as a duplicate: lost data).
        soft.assertThat(collector.duplicates()).as("batches sent again under an (epoch, seq) already accepted")
                .isZero();
        soft.assertThat(spooled.stream().map(a -> a.batch().seq()).toList())
                .as("seqs of the rounds the killed agent polled while the collector was down")
                .hasSizeGreaterThanOrEqualTo(ROUNDS_WHILE_DOWN);
        soft.assertThat(spooled.stream().filter(a -> a.acceptedAt() < upAt).map(a -> a.batch().seq()).toList())
                .as("seqs of those accepted before the collector came back").isEmpty();
        // the last round the killed agent showed on its status page (so had on disk) was delivered
        for (String device : devices) {
            Set<Long> times = accepted.stream().flatMap(a -> a.batch().samples().stream())
                    .filter(s -> s.device().equals(device)).map(Sample::timestamp).collect(Collectors.toSet());
            soft.assertThat(new TreeSet<>(times)).as("%s polled at %s, shown before the kill, delivered", device,
                    Instant.ofEpochMilli(shownBeforeKill.get(device))).contains(shownBeforeKill.get(device));
        }
        // (the second agent's own rounds were delivered, or the last await would have failed; the seq
        // check above puts them after the replay, in the same run)

        // zero duplicates of what was measured or happened
        Map<SampleKey, Integer> samples = new HashMap<>();
        Map<EventKey, Integer> events = new HashMap<>();
        for (Accepted a : accepted) {
            for (Sample s : a.batch().samples()) {
                samples.merge(new SampleKey(s.device(), s.metric(), s.labels(), s.timestamp()), 1, Integer::sum);
            }
            for (Event e : a.batch().events()) {
                events.merge(new EventKey(e.device(), e.type(), e.attributes(), e.timestamp()), 1, Integer::sum);
            }
        }
        soft.assertThat(samples.entrySet().stream().filter(e -> e.getValue() > 1).limit(20).toList())
                .as("samples (device, metric, labels, timestamp) accepted more than once").isEmpty();
        soft.assertThat(events.entrySet().stream().filter(e -> e.getValue() > 1).limit(20).toList())
                .as("events (device, type, attributes, timestamp) accepted more than once").isEmpty();

        // the local alert the killed agent raised during the outage, with its time, exactly once (the
        // second agent, which finds the UPS on battery too, raises one of its own, later)
        List<Event> pending = accepted.stream().flatMap(a -> a.batch().events().stream())
                .filter(e -> e.type().equals(LocalAlertEvents.LOCAL_ALERT) && e.device().equals(ups.id())
                        && ON_BATTERY_RULE.equals(e.attributes().get(LocalAlertEvents.ATTR_RULE))
                        && "pending".equals(e.attributes().get(LocalAlertEvents.ATTR_STATE)))
                .toList();
        System.out.printf("agent kill test: %s pending at %s in the killed agent; local_alert pending events received"
                + " at %s%n", ON_BATTERY_RULE, pendingAt, pending.stream()
                .map(e -> e.attributes().get(LocalAlertEvents.ATTR_AT)).toList());
        soft.assertThat(pending.stream().filter(e -> pendingAt.equals(e.attributes().get(LocalAlertEvents.ATTR_AT)))
                        .map(Event::timestamp).toList())
                .as("timestamps of the local_alert events %s pending at %s (the killed agent's time) received:"
                        + " exactly one, at that time", ON_BATTERY_RULE, pendingAt)
                .containsExactly(Instant.parse(pendingAt).toEpochMilli());
        soft.assertThat(pending.stream().map(e -> e.attributes().get(LocalAlertEvents.ATTR_AT))
                        .filter(at -> !pendingAt.equals(at)).map(at -> Instant.parse(at).toEpochMilli()).toList())
                .as("any other %s pending: the second agent's own, after the kill", ON_BATTERY_RULE)
                .allMatch(at -> at >= killedAt);
        soft.assertAll();
    }

    record SampleKey(String device, String metric, Labels labels, long timestamp) {
    }

    record EventKey(String device, String type, Map<String, String> attributes, long timestamp) {
    }

    /** Each device's last_sample_at from a status page; empty for a missing page. */
    static Map<String, Long> lastSampleAt(JsonNode status) {
        Map<String, Long> out = new HashMap<>();
        for (JsonNode d : status.path("devices")) {
            if (d.path("last_sample_at").isTextual()) {
                out.put(d.path("id").asText(), Instant.parse(d.path("last_sample_at").asText()).toEpochMilli());
            }
        }
        return out;
    }

    /** The active local alert of {@code rule} on {@code device} on a status page, or null. */
    static JsonNode localAlert(JsonNode status, String rule, String device) {
        for (JsonNode a : status.path("alerts")) {
            if (rule.equals(a.path("rule").asText()) && device.equals(a.path("device").asText())) {
                return a;
            }
        }
        return null;
    }

    /** The lines of the agent's local alert log (state/local-alerts) for one rule, device and new state. */
    static List<JsonNode> loggedTransitions(Path state, String rule, String device, String to) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(state.resolve("local-alerts").resolve("local-alerts.jsonl"))) {
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (IOException torn) {
                continue; // a line torn by the kill (none is expected: each is forced before it is shown)
            }
            if (n != null && rule.equals(n.path("rule").asText()) && device.equals(n.path("device").asText())
                    && to.equals(n.path("to").asText())) {
                out.add(n);
            }
        }
        return out;
    }

    /** True when every device has a sample at or after {@code since}. */
    static boolean polledSince(Map<String, Long> lastSampleAt, Set<String> devices, long since) {
        return devices.stream().allMatch(d -> lastSampleAt.getOrDefault(d, 0L) >= since);
    }

    /**
     * Every device polled every round (a device's own interval would otherwise be its profile's
     * 10 s), and report-refresh one round, so every value travels every round (ReportFilter counts
     * a refresh due within half a poll interval as due, so a round that ends a few ms early is no
     * exception).
     */
    Path writeSite(SimulatedBranch branch) throws IOException {
        StringBuilder yaml = new StringBuilder()
                .append("agent-id: ").append(AGENT).append('\n')
                .append("branch: ").append(branch.code()).append('\n')
                .append("collector: ").append(collector.base()).append('\n')
                .append("token: ").append(TOKEN).append('\n')
                .append("poll-interval: 1s\n")
                .append("report-refresh: 1s\n")
                .append("devices:\n");
        for (SimulatedDevice d : branch.devices()) {
            yaml.append("  - id: ").append(d.id()).append('\n')
                    .append("    role: ").append(d.role().wireName()).append('\n')
                    .append("    address: ").append(d.address().getAddress().getHostAddress()).append(':')
                    .append(d.address().getPort()).append('\n')
                    .append("    poll-interval: 1s\n")
                    .append("    snmp: {version: v3, user: ").append(V3.user())
                    .append(", auth-passphrase: auth-pass-123, priv-passphrase: priv-pass-456}\n");
        }
        Path file = tmp.resolve("site.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    // ---------------------------------------------------------------- the agent process

    final class Child {
        final String name;
        final Process process;
        final Path log;
        int statusPort = -1;

        Child(String name, Process process, Path log) {
            this.name = name;
            this.process = process;
            this.log = log;
        }

        /** Each device's last_sample_at from the agent's status page; empty until it listens. */
        Map<String, Long> lastSampleAt() {
            return AgentKillTest.lastSampleAt(status());
        }

        /** The agent's status page (/status.json); a missing node until it listens, or once it is gone. */
        JsonNode status() {
            try {
                if (statusPort < 0) {
                    Matcher m = STATUS_PAGE.matcher(Files.readString(log));
                    if (!m.find()) {
                        return MissingNode.getInstance();
                    }
                    statusPort = Integer.parseInt(m.group(1));
                }
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + statusPort + "/status.json")
                        .toURL().openConnection();
                c.setConnectTimeout(2_000);
                c.setReadTimeout(2_000);
                try (InputStream in = c.getInputStream()) {
                    JsonNode page = JSON.readTree(in);
                    return page == null ? MissingNode.getInstance() : page;
                } finally {
                    c.disconnect();
                }
            } catch (IOException e) {
                // not up yet, or gone: the caller's deadline decides
                return MissingNode.getInstance();
            }
        }

        String diagnostics() {
            String text;
            try {
                text = Files.readString(log);
            } catch (IOException e) {
                text = "(log unreadable: " + e + ")";
            }
            JsonNode page = process.isAlive() ? status() : MissingNode.getInstance();
            return name + " agent " + (process.isAlive() ? "alive" : "exited " + process.exitValue())
                    + "; collector: " + collector.summary() + "; status page: link "
                    + page.path("collector").path("state").asText("?") + ", alerts " + page.path("alerts")
                    + "; agent log tail:\n"
                    + text.substring(Math.max(0, text.length() - 3000));
        }
    }

    Child start(String name, Path site, Path state) throws IOException {
        Path logging = tmp.resolve("agent-logging.properties");
        if (!Files.exists(logging)) {
            // INFO from SiteAgent for the status page's port; warnings and errors from the rest
            Files.writeString(logging, String.join("\n",
                    "handlers=java.util.logging.ConsoleHandler",
                    ".level=WARNING",
                    "org.didban.agent.SiteAgent.level=INFO",
                    "java.util.logging.ConsoleHandler.level=INFO",
                    "java.util.logging.SimpleFormatter.format=%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n", ""));
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = List.of(java, "-Xmx96m", "-Djava.util.logging.config.file=" + logging, "-cp", classPath,
                AgentMain.class.getName(), "--config", site.toString(), "--state-dir", state.toString(),
                "--status-port", "0");
        Path log = tmp.resolve(name + "-agent.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Child child = new Child(name, p, log);
        children.add(child);
        return child;
    }

    void await(String what, Child child, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end || !child.process.isAlive()) {
                throw new AssertionError("not reached within " + DEADLINE + ": " + what + "; " + child.diagnostics());
            }
            // polling observable state against a deadline, not waiting a guessed time; often, so that
            // the kill falls within milliseconds of a round reaching the spool, not a second later
            Thread.sleep(10);
        }
    }

    // ---------------------------------------------------------------- the collector stand-in

    record Accepted(SiteBatch batch, long acceptedAt) {
    }

    /**
     * One HttpServer on a loopback port picked once, that answers 503 while "down" rather than
     * being stopped: the agent's site file names the port, and binding a new server to the same
     * port later could race with any other process on the machine. A 503 from a collector behind
     * a proxy is also the usual face of an outage, and the agent retries it exactly like a refused
     * connection. Up, it decodes with {@link SiteBatchCodec} and applies like the collector: an
     * (agent, epoch, seq) already accepted is answered 200 "duplicate" and counted, not recorded.
     */
    static final class StandInCollector {
        final HttpServer server;
        final SiteBatchCodec codec = new SiteBatchCodec();
        final List<Accepted> accepted = new ArrayList<>();
        final Set<String> seen = new HashSet<>();
        boolean down;
        long refused;
        long duplicates;
        long unauthorized;
        long malformed;

        StandInCollector() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/api/v1/ingest", this::handle);
            server.start();
        }

        String base() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        synchronized long goDown() {
            down = true;
            return System.currentTimeMillis();
        }

        synchronized long comeBack() {
            down = false;
            return System.currentTimeMillis();
        }

        synchronized List<Accepted> accepted() {
            return List.copyOf(accepted);
        }

        synchronized long refused() {
            return refused;
        }

        synchronized long duplicates() {
            return duplicates;
        }

        synchronized long unauthorized() {
            return unauthorized;
        }

        /** Accepted batches that hold a sample of every one of {@code devices}. */
        synchronized long batchesCovering(Set<String> devices) {
            return accepted.stream().filter(a -> a.batch().samples().stream().map(Sample::device)
                    .collect(Collectors.toSet()).containsAll(devices)).count();
        }

        /** The latest sample time accepted for the device that has the oldest one (0 if one has none). */
        synchronized long latestSampleAt(Set<String> devices) {
            Map<String, Long> latest = new HashMap<>();
            for (Accepted a : accepted) {
                for (Sample s : a.batch().samples()) {
                    latest.merge(s.device(), s.timestamp(), Math::max);
                }
            }
            return devices.stream().mapToLong(d -> latest.getOrDefault(d, 0L)).min().orElse(0);
        }

        synchronized String summary() {
            return accepted.size() + " accepted (seqs " + accepted.stream().map(a -> a.batch().seq())
                    .collect(Collectors.toCollection(TreeSet::new)) + "), " + refused + " refused, " + duplicates
                    + " duplicates, " + unauthorized + " unauthorized, " + malformed + " malformed, down=" + down;
        }

        void stop() {
            server.stop(0);
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                int status;
                String answer;
                synchronized (this) {
                    if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                        unauthorized++;
                        status = 401;
                        answer = "{\"error\":\"unknown agent or bad token\"}";
                    } else if (down) {
                        refused++;
                        status = 503;
                        answer = "{\"error\":\"unavailable\"}";
                    } else {
                        SiteBatch batch = decode(exchange, body);
                        if (batch == null) {
                            malformed++;
                            status = 400;
                            answer = "{\"error\":\"malformed\"}";
                        } else if (!seen.add(batch.agent() + "/" + batch.epoch() + "/" + batch.seq())) {
                            duplicates++;
                            status = 200;
                            answer = "{\"duplicate\":true}";
                        } else {
                            accepted.add(new Accepted(batch, System.currentTimeMillis()));
                            status = 200;
                            answer = "{\"accepted\":true}";
                        }
                    }
                }
                byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }

        private SiteBatch decode(HttpExchange exchange, byte[] body) {
            try {
                if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                    // the agent gzips every batch, as the real collector expects
                    body = new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes();
                }
                return codec.decode(body);
            } catch (IOException | MalformedBatchException e) {
                return null;
            }
        }
    }
}
