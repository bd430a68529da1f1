package org.didban.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.didban.model.Sample;
import org.didban.wire.MalformedBatchException;
import org.didban.wire.SiteBatch;
import org.didban.wire.SiteBatchCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent is killed with SIGKILL while the collector is down and batches pile up in its spool;
 * restarted, it replays them in the same run before the new ones; every sample it generated reaches
 * the collector exactly once.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class SpoolKillTest {
    static final Duration DEADLINE = Duration.ofSeconds(120);

    static {
        // answer without waiting for Nagle + delayed ACK (40 ms a request), if no HttpServer was made before
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    static final Pattern STATUS = Pattern.compile(
            "status size=(\\d+) generated=(\\d+) done=(\\w+) replayed=(\\d+) dropped=(\\d+)");
    static final Pattern STARTED = Pattern.compile("started epoch=(\\d+) nextSeq=(\\d+) recovered=(\\d+)");

    @TempDir
    Path tmp;

    final List<Process> children = new ArrayList<>();
    StandInCollector collector;

    @AfterEach
    void cleanUp() throws InterruptedException {
        for (Process p : children) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        if (collector != null) {
            collector.stop();
        }
    }

    @Test
    void killedWhileSpoolingThenRestartedEverySampleIsAppliedExactlyOnce() throws Exception {
        collector = new StandInCollector();
        Path spoolDir = tmp.resolve("spool");
        Path log = tmp.resolve("generated.log");

        // Paced (4 ms a batch), so that on a busy machine the kill still comes while it generates,
        // with a few hundred batches spooled rather than thousands that run 2 must then replay.
        Child first = start(spoolDir, log, 1, 1_500, 4);
        await("the collector applied 30 batches of run 1", () -> collector.appliedBatches() >= 30, first);

        // the collector goes down: the next 3 batches are applied but the answer is lost, then 503s
        collector.loseAnswersThenGoDown(3);
        long downAt = first.status().generated;
        await("200 batches spooled while the collector is down",
                () -> first.status().size >= 200 && first.status().generated > downAt, first);
        assertThat(first.status().done).as("still generating when killed").isFalse();
        first.process.destroyForcibly();
        assertThat(first.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        long spooledAtKill = first.status().size;
        System.out.printf("kill test: run 1 generated %d samples, %d batches spooled at the kill%n",
                first.status().generated, spooledAtKill);

        Child second = start(spoolDir, log, 2, 300, 0);
        await("run 2 started", () -> second.started.get() != null, second);
        long[] started = second.started.get();
        assertThat(started[2]).as("batches recovered from the spool").isGreaterThanOrEqualTo(spooledAtKill - 1);
        await("run 2 spooled its first batches while the collector is still down",
                () -> second.status().generated >= 100, second);
        collector.comeBack();
        await("run 2 generated everything and its spool is empty",
                () -> second.status().done && second.status().size == 0, second);
        Status end = second.status();

        Map<Integer, Long> logged = readLog(log);
        assertThat(logged.get(1)).as("run 1 logged").isPositive();
        assertThat(logged.get(2)).isEqualTo(300L * SpoolChild.PER_BATCH);
        synchronized (collector) {
            assertThat(collector.epochs).as("one run across the kill: the same epoch").hasSize(1)
                    .containsExactly(started[0]);
            assertThat(collector.duplicates).as("the batches whose answer was lost came back as duplicates")
                    .isPositive();
            assertThat(collector.seqGaps).as("one increasing sequence, without gaps").isZero();
            for (Map.Entry<String, Integer> e : collector.applied.entrySet()) {
                assertThat(e.getValue()).as("sample %s applied once", e.getKey()).isEqualTo(1);
            }
            for (int run = 1; run <= 2; run++) {
                long count = countRun(run);
                long log_ = logged.get(run);
                // everything logged was on disk: all of it applied, once; a kill between the spool's
                // fsync and the log's may leave one more batch applied than logged
                for (long n = 0; n < count; n++) {
                    assertThat(collector.applied).as("run %d sample %d of %d (logged %d)", run, n, count, log_)
                            .containsKey(run + "/" + n);
                }
                assertThat(count).as("run %d samples applied vs logged", run)
                        .isBetween(log_, log_ + (run == 1 ? SpoolChild.PER_BATCH : 0));
            }
        }
        assertThat(end.replayed).as("the spooled batches of run 1 were replayed").isEqualTo(started[2]);
        assertThat(end.dropped).isZero();
    }

    long countRun(int run) {
        return collector.applied.keySet().stream().filter(k -> k.startsWith(run + "/")).count();
    }

    static Map<Integer, Long> readLog(Path log) throws IOException {
        Map<Integer, Long> last = new HashMap<>();
        for (String line : Files.readAllLines(log, StandardCharsets.US_ASCII)) {
            String[] parts = line.trim().split(" ");
            if (parts.length == 2) {
                last.merge(Integer.parseInt(parts[0]), Long.parseLong(parts[1]), Math::max);
            }
        }
        return last;
    }

    // ---------------------------------------------------------------- the child JVM

    record Status(long size, long generated, boolean done, long replayed, long dropped) {
    }

    static final class Child {
        final Process process;
        final Path stderr;
        final AtomicReference<Status> status = new AtomicReference<>(new Status(0, 0, false, 0, 0));
        final AtomicReference<long[]> started = new AtomicReference<>();

        Child(Process process, Path stderr) {
            this.process = process;
            this.stderr = stderr;
            Thread reader = new Thread(this::read, "child-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        Status status() {
            return status.get();
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    Matcher m = STATUS.matcher(line);
                    if (m.matches()) {
                        status.set(new Status(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                                Boolean.parseBoolean(m.group(3)), Long.parseLong(m.group(4)),
                                Long.parseLong(m.group(5))));
                    }
                    Matcher s = STARTED.matcher(line);
                    if (s.matches()) {
                        started.set(new long[] {Long.parseLong(s.group(1)), Long.parseLong(s.group(2)),
                                Long.parseLong(s.group(3))});
                    }
                }
            } catch (IOException e) {
                // the child is gone
            }
        }

        String diagnostics() {
            try {
                String err = Files.readString(stderr);
                return "child " + (process.isAlive() ? "alive" : "exited " + process.exitValue()) + ", last status "
                        + status() + ", stderr: " + err.substring(Math.max(0, err.length() - 2000));
            } catch (IOException e) {
                return "child stderr unreadable: " + e;
            }
        }
    }

    Child start(Path spoolDir, Path log, int run, int batches, long pauseMillis) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-Xmx64m", "-cp", classPath));
        String logging = System.getProperty("java.util.logging.config.file");
        if (logging != null) {
            command.add("-Djava.util.logging.config.file=" + logging);
        }
        command.addAll(List.of(SpoolChild.class.getName(), spoolDir.toString(), collector.ingest(), log.toString(),
                String.valueOf(run), String.valueOf(batches), String.valueOf(pauseMillis)));
        Path stderr = tmp.resolve("child-" + run + ".err");
        Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        children.add(p);
        return new Child(p, stderr);
    }

    static void await(String what, BooleanSupplier condition, Child child) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end || !child.process.isAlive()) {
                throw new AssertionError("not reached within " + DEADLINE + ": " + what + "; " + child.diagnostics());
            }
            Thread.sleep(10); // polling the child's state, not waiting for a guessed time
        }
    }

    // ---------------------------------------------------------------- the collector stand-in

    /**
     * Decodes with {@link SiteBatchCodec} and applies by the rules of the collector's
     * {@code Shard.apply}: an older epoch than the agent's latest is a duplicate; within one epoch a
     * seq not above the last applied is a duplicate; anything else is applied and recorded.
     */
    static final class StandInCollector {
        final HttpServer server;
        final SiteBatchCodec codec = new SiteBatchCodec();
        final Map<String, long[]> runs = new HashMap<>();
        final Map<String, Integer> applied = new HashMap<>();
        final Set<Long> epochs = new HashSet<>();
        long appliedBatches;
        long duplicates;
        long seqGaps;
        int answersToLose;
        boolean down;

        StandInCollector() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/api/v1/ingest", this::handle);
            server.start();
        }

        String ingest() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/ingest";
        }

        synchronized long appliedBatches() {
            return appliedBatches;
        }

        synchronized void loseAnswersThenGoDown(int n) {
            answersToLose = n;
        }

        synchronized void comeBack() {
            down = false;
            answersToLose = 0;
        }

        void stop() {
            server.stop(0);
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                    // The uplink gzips every batch, as the real collector expects.
                    body = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
                }
                int status;
                String answer;
                synchronized (this) {
                    if (down) {
                        status = 503;
                        answer = "{\"error\":\"down\"}";
                    } else {
                        SiteBatch batch;
                        try {
                            batch = codec.decode(body);
                        } catch (MalformedBatchException e) {
                            reply(exchange, 400, "{\"error\":\"malformed\"}");
                            return;
                        }
                        boolean duplicate = apply(batch);
                        if (answersToLose > 0) {
                            // applied, but the answer never reaches the agent
                            if (--answersToLose == 0) {
                                down = true;
                            }
                            status = 503;
                            answer = "{\"error\":\"lost\"}";
                        } else {
                            status = 200;
                            answer = duplicate ? "{\"duplicate\":true}" : "{\"accepted\":true}";
                        }
                    }
                }
                reply(exchange, status, answer);
            }
        }

        /** True for a duplicate (not applied). */
        private boolean apply(SiteBatch batch) {
            long[] run = runs.get(batch.agent());
            if (run != null && batch.epoch() < run[0]) {
                duplicates++;
                return true;
            }
            boolean sameRun = run != null && batch.epoch() == run[0];
            if (sameRun && batch.seq() <= run[1]) {
                duplicates++;
                return true;
            }
            if (sameRun && batch.seq() != run[1] + 1) {
                seqGaps++;
            }
            for (Sample s : batch.samples()) {
                applied.merge(s.labels().get("run") + "/" + s.labels().get("n"), 1, Integer::sum);
            }
            epochs.add(batch.epoch());
            appliedBatches++;
            runs.put(batch.agent(), new long[] {batch.epoch(), batch.seq()});
            return false;
        }

        private static void reply(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
