package org.didban.collector.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.didban.collector.inventory.Agent;
import org.didban.collector.inventory.AgentRegistry;
import org.didban.collector.inventory.InventoryCsvWriter;
import org.didban.collector.inventory.InventoryFiles;
import org.didban.collector.people.PersonToken;
import org.didban.collector.people.Role;
import org.didban.model.Branch;
import org.didban.model.Inventory;

/**
 * {@code didban serve} as a child process of a test (to be killed with SIGKILL, or to run beside
 * others as a cluster), and the files it is started from.
 */
public final class ServeProcess {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+) ");

    private ServeProcess() {
    }

    /** What a served collector reads, and the HQ person's token. */
    public record ServedFiles(InventoryFiles inventory, Path people, Path rules, String hqToken) {
        /** The options of {@code serve} that name these files. */
        public List<String> options() {
            return List.of("--branches", inventory.branches().toString(), "--devices", inventory.devices().toString(),
                    "--agents", inventory.agents().toString(), "--rules", rules.toString(), "--people", people.toString());
        }
    }

    /**
     * The inventory's CSV files, with an agent {@code <branch>-a} of token {@code token-<branch>}
     * for every branch; one HQ person; and NET-01 alone (the router's uplink down, value 2) held
     * for {@code forTiming} before it fires.
     */
    public static ServedFiles write(Path dir, Inventory inventory, String forTiming) throws IOException {
        List<Agent> agents = new ArrayList<>();
        for (Branch b : inventory.branches()) {
            agents.add(Agent.withToken(b.code() + "-a", b.code(), "token-" + b.code()));
        }
        InventoryFiles files = new InventoryFiles(dir.resolve("branches.csv"), dir.resolve("devices.csv"),
                dir.resolve("agents.csv"));
        new InventoryCsvWriter().write(inventory, AgentRegistry.of(agents), files);
        String hq = PersonToken.mint().token();
        Path people = Files.writeString(dir.resolve("people.yaml"), "people:\n"
                + PersonToken.entry("hq", Role.HQ, "", PersonToken.sha256Hex(hq)), StandardCharsets.UTF_8);
        return new ServedFiles(files, people, uplinkRule(dir, forTiming), hq);
    }

    /** {@code rules.yaml} in {@code dir}: NET-01 alone (the router's uplink down, value 2), held for {@code forTiming}. */
    public static Path uplinkRule(Path dir, String forTiming) throws IOException {
        return Files.writeString(dir.resolve("rules.yaml"), """
                rules:
                  - id: NET-01
                    title: {en: Uplink down, fa: قطع لینک ارتباطی شعبه}
                    category: network
                    roles: [router]
                    metric: if_oper_status
                    condition: value == 2.0
                    for: %s
                    severity: high
                """.formatted(forTiming), StandardCharsets.UTF_8);
    }

    /** GET {@code path} with the person's bearer token; the answer must be 200 and a JSON object. */
    public static io.vertx.core.json.JsonObject getJson(java.net.http.HttpClient http, String base, String path,
                                                        String token) {
        try {
            java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(base + path)).header("Authorization", "Bearer " + token).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError(path + " answered " + r.statusCode() + ": " + r.body());
            }
            return new io.vertx.core.json.JsonObject(r.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Starts {@code didban serve} with {@code options} in a JVM of its own (the test's class path),
     * adds it to {@code children} (the test stops them), copies its output to {@code log}, and
     * answers its base URL once it listens.
     */
    public static String start(List<Process> children, Path log, Map<String, String> environment, List<String> options,
                               Duration deadline) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                "org.didban.collector.CollectorMain", "serve"));
        command.addAll(options);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(environment);
        pb.redirectErrorStream(true);
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process p = pb.start();
        children.add(p);
        CompletableFuture<String> base = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                 Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                for (String line; (line = r.readLine()) != null; ) {
                    w.write(line + "\n");
                    w.flush();
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        base.complete(m.group(1));
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            base.completeExceptionally(new AssertionError("the collector ended before listening; see " + log));
        }, "serve-process-output");
        reader.setDaemon(true);
        reader.start();
        return base.get(deadline.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * {@code n} different TCP ports of loopback that were free a moment ago (cluster ports a serve
     * process or a clustered Vert.x binds itself; they are held together while chosen, so they differ).
     */
    public static java.util.List<Integer> freeLoopbackPorts(int n) throws IOException {
        java.util.List<java.net.ServerSocket> held = new java.util.ArrayList<>();
        java.util.List<Integer> ports = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                held.add(s);
                ports.add(s.getLocalPort());
            }
        } finally {
            for (java.net.ServerSocket s : held) {
                s.close();
            }
        }
        return ports;
    }
}
