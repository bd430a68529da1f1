package org.didban.collector.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.collector.RunningCollector.eventually;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.didban.agent.SiteAgent;
import org.didban.agent.config.ConfigException;
import org.didban.agent.config.SiteConfig;
import org.didban.agent.config.SiteConfigReader;
import org.didban.agent.config.SnmpCredentials;
import org.didban.agent.configpull.ConfigPull;
import org.didban.agent.http.UrlConnectionHttp;
import org.didban.collector.CollectorConfig;
import org.didban.collector.RunningCollector;
import org.didban.collector.TestPeople;
import org.didban.collector.inventory.Agent;
import org.didban.collector.inventory.AgentRegistry;
import org.didban.model.Branch;
import org.didban.model.County;
import org.didban.model.Device;
import org.didban.model.DeviceRole;
import org.didban.model.FiberStatus;
import org.didban.model.Inventory;
import org.didban.model.Province;
import org.didban.simulator.SimulatedDevice;
import org.didban.simulator.SimulatedFleet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Black box: simulated SNMPv3 and v2c devices, a real collector with an agent token and the
 * agent's config to serve, and real agents (one pulling its config, one with wrong credentials
 * for a device, one with a wrong token, one whose collector is unreachable), then a malformed
 * config locally and from the collector. Every log record (a JUL handler on the root logger at
 * ALL), System.err and System.out, every API body the test reads (alerts, branches, readiness,
 * fiber, silences, health, metrics, agent-config errors) and the agent's status page must be
 * free of every secret.
 */
class SecretsNeverLeakTest {
    private static final String BRANCH = "KRN-0007";
    private static final String AGENT = BRANCH + "-a";
    private static final String TOKEN = "agent-Tk-Qw84nZr1";
    private static final String BAD_TOKEN = "agent-Bad-Lp27xVc5";
    private static final String AUTH = "auth-Pp-Ks61dMw0";
    private static final String PRIV = "priv-Pp-Hj93eTq4";
    private static final String WRONG_AUTH = "auth-Wrong-Zt48bYn2";
    private static final String COMMUNITY = "comm-Cy-Gf15uXa7";
    private static final List<String> SECRETS = List.of(TOKEN, BAD_TOKEN, AUTH, PRIV, WRONG_AUTH, COMMUNITY, TestPeople.HQ);

    @TempDir
    Path dir;
    private Vertx vertx;
    private SimulatedFleet fleet;
    private RunningCollector collector;
    private final List<SiteAgent> agents = new ArrayList<>();
    private final List<String> logged = new ArrayList<>();
    private final List<String> bodies = new ArrayList<>();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private Handler handler;
    private Level rootLevel;
    private PrintStream err;
    private PrintStream out;

    @BeforeEach
    void capture() {
        Logger root = Logger.getLogger("");
        rootLevel = root.getLevel();
        handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                StringBuilder text = new StringBuilder(r.getLevel() + " " + r.getLoggerName() + " " + r.getMessage());
                if (r.getParameters() != null) {
                    for (Object p : r.getParameters()) {
                        text.append(" | ").append(p);
                    }
                    try {
                        text.append(" | ").append(java.text.MessageFormat.format(r.getMessage(), r.getParameters()));
                    } catch (IllegalArgumentException ignored) {
                        // not a MessageFormat pattern: the parameters are in already
                    }
                }
                for (Throwable t = r.getThrown(); t != null; t = t.getCause()) {
                    text.append(" | ").append(t);
                }
                synchronized (logged) {
                    logged.add(text.toString());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        handler.setLevel(Level.ALL);
        root.setLevel(Level.parse(System.getProperty("leak.level", "FINEST")));
        root.addHandler(handler);
        err = System.err;
        out = System.out;
        System.setErr(new PrintStream(tee(err), true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(tee(out), true, StandardCharsets.UTF_8));
    }

    private OutputStream tee(PrintStream original) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (console) {
                    console.write(b);
                }
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (console) {
                    console.write(b, off, len);
                }
                original.write(b, off, len);
            }
        };
    }

    @AfterEach
    void release() {
        for (SiteAgent a : agents) {
            a.stop();
        }
        if (collector != null) {
            collector.close();
        }
        if (fleet != null) {
            fleet.close();
        }
        if (vertx != null) {
            RunningCollector.await(vertx.close());
        }
        System.setErr(err);
        System.setOut(out);
        Logger root = Logger.getLogger("");
        root.removeHandler(handler);
        root.setLevel(rootLevel);
    }

    private static String device(SimulatedDevice d, String role, String snmp) {
        return """
                  - id: %s
                    role: %s
                    address: 127.0.0.1:%d
                    timeout: 300ms
                    retries: 0
                    snmp:
                %s
                """.formatted(d.id(), role, d.address().getPort(), snmp);
    }

    private static String v3(String auth, String priv) {
        return v3("didban", auth, priv);
    }

    private static String v3(String user, String auth, String priv) {
        return "      version: v3\n      user: " + user + "\n      auth-passphrase: \"" + auth + "\"\n      priv-passphrase: \""
                + priv + "\"";
    }

    private String site(String collectorUrl, String token, String devices) {
        return "agent-id: " + AGENT + "\nbranch: " + BRANCH + "\ncollector: " + collectorUrl + "\ntoken: \"" + token
                + "\"\npoll-interval: 1s\ndevices:\n" + devices;
    }

    private HttpResponse<Buffer> read(String token, String path) {
        HttpResponse<Buffer> r = collector.getAs(token, path);
        bodies.add(path + " -> " + r.statusCode() + " " + r.bodyAsString());
        return r;
    }

    @Test
    void noSecretInLogsConsoleApiOrStatusPage() throws Exception {
        vertx = Vertx.vertx();
        fleet = SimulatedFleet.start();
        SimulatedDevice router = fleet.addDevice(BRANCH + "-router", DeviceRole.ROUTER,
                SnmpCredentials.Usm.of("didban", AUTH, PRIV));
        SimulatedDevice ups = fleet.addDevice(BRANCH + "-ups", DeviceRole.UPS,
                SnmpCredentials.Usm.of("didban-ups", AUTH, PRIV));
        SimulatedDevice sw = fleet.addDevice(BRANCH + "-switch", DeviceRole.SWITCH, SnmpCredentials.Community.of(COMMUNITY));
        Inventory.Builder inventory = Inventory.builder()
                .province(new Province("KRN", "کرمان", "Kerman"))
                .county(new County("KRN-03", "KRN", "بم", "Bam"))
                .branch(new Branch(BRANCH, "KRN-03", "KRN", "شعبه ۷ بم", "Bam branch 7", false, false, "", null,
                        FiberStatus.CONNECTED, null, 2, "Maryam Rostami"));
        for (SimulatedDevice d : List.of(router, ups, sw)) {
            inventory.device(new Device(d.id(), BRANCH, d.role(), "127.0.0.1:" + d.address().getPort(), "test"));
        }
        // the collector serves the agent its config: the UPS with a wrong auth passphrase
        String devices = device(router, "router", v3(AUTH, PRIV)) + device(ups, "ups", v3("didban-ups", WRONG_AUTH, PRIV))
                + device(sw, "switch", "      version: v2c\n      community: \"" + COMMUNITY + "\"");
        Path configs = Files.createDirectory(dir.resolve("agent-configs"));
        collector = RunningCollector.start(vertx, CollectorConfig.builder().port(0).shards(2).people(TestPeople.all())
                .inventory(inventory.build(), AgentRegistry.of(List.of(Agent.withToken(AGENT, BRANCH, TOKEN))))
                .agentConfigs(configs).build());
        String base = collector.collector().baseUrl();
        Path served = configs.resolve(AGENT + ".yaml");
        Files.writeString(served, site(base, TOKEN, devices));
        Files.setPosixFilePermissions(served, PosixFilePermissions.fromString("rw-r--r--")); // warned about

        // the agent's own site file takes its token from a file
        Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, TOKEN + "\n");
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
        Path siteFile = dir.resolve("site.yaml");
        Files.writeString(siteFile, site(base, "${file:" + tokenFile + "}", device(router, "router", v3(AUTH, PRIV))));
        Path state = dir.resolve("state");
        ConfigPull pull = ConfigPull.pulled(siteFile, state.resolve("site.yaml"),
                UrlConnectionHttp.forAgent(AGENT, Duration.ofSeconds(2)), Duration.ofSeconds(3));
        assertThat(pull.pullOnce()).isEqualTo(ConfigPull.Outcome.CHANGED);
        SiteConfig config = pull.current();
        assertThat(config.devices()).hasSize(3);

        SiteAgent agent = SiteAgent.builder(config).stateDir(state).localRules(true).statusPort(0)
                .firstPollDelay(Duration.ZERO).build();
        agents.add(agent);
        agent.start();
        eventually(() -> collector.getObject("/api/v1/branches/" + BRANCH).getJsonArray("devices"),
                ds -> ds.stream().map(JsonObject.class::cast)
                        .filter(d -> d.getString("lastSeen") != null).count() >= 2,
                "router and switch polled and reported");

        // a wrong token: the config pull is refused, and so are the agent's batches
        SiteConfig impostor = SiteConfigReader.parse(site(base, BAD_TOKEN, device(router, "router", v3(AUTH, PRIV))), "bad");
        ConfigPull refused = ConfigPull.pulled(writeSite("bad-site.yaml", site(base, BAD_TOKEN,
                device(router, "router", v3(AUTH, PRIV)))), dir.resolve("bad-state/site.yaml"),
                UrlConnectionHttp.forAgent(AGENT, Duration.ofSeconds(2)), Duration.ofSeconds(3));
        assertThat(refused.pullOnce()).isEqualTo(ConfigPull.Outcome.REFUSED);
        SiteAgent badAgent = SiteAgent.builder(impostor).firstPollDelay(Duration.ZERO).build();
        agents.add(badAgent);
        badAgent.start();

        // an unreachable collector
        String nowhere = "http://127.0.0.1:" + freePort();
        SiteConfig lonely = SiteConfigReader.parse(site(nowhere, TOKEN, device(router, "router", v3(AUTH, PRIV))), "lonely");
        SiteAgent lonelyAgent = SiteAgent.builder(lonely).firstPollDelay(Duration.ZERO).build();
        agents.add(lonelyAgent);
        lonelyAgent.start();
        ConfigPull unreachable = ConfigPull.pulled(writeSite("lonely.yaml", site(nowhere, TOKEN,
                device(router, "router", v3(AUTH, PRIV)))), dir.resolve("lonely-state/site.yaml"),
                UrlConnectionHttp.forAgent(AGENT, Duration.ofSeconds(1)), Duration.ofSeconds(2));
        assertThat(unreachable.pullOnce()).isEqualTo(ConfigPull.Outcome.UNREACHABLE);

        // a malformed config: locally (what AgentMain prints), and served by the collector
        String broken = site(base, TOKEN, devices).replace("auth-passphrase: \"" + AUTH + "\"",
                "auth-passphrase: \"" + AUTH + "\" : [" + PRIV);
        try {
            SiteConfigReader.parse(broken, "broken.yaml");
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
        }
        Files.writeString(served, broken);
        assertThat(pull.pullOnce()).isIn(ConfigPull.Outcome.REFUSED, ConfigPull.Outcome.INVALID);
        HttpResponse<Buffer> invalid = read(TOKEN, "/api/v1/agents/" + AGENT + "/config");
        assertThat(invalid.statusCode()).isEqualTo(500);
        Files.writeString(served, site(base, TOKEN, devices).replace("poll-interval: 1s", "poll-interval: 1s\nextra: "
                + COMMUNITY));
        assertThat(read(TOKEN, "/api/v1/agents/" + AGENT + "/config").statusCode()).isEqualTo(500);
        assertThat(read(BAD_TOKEN, "/api/v1/agents/" + AGENT + "/config").statusCode()).isEqualTo(401);
        assertThat(read(null, "/api/v1/agents/" + AGENT + "/config").statusCode()).isEqualTo(401);
        assertThat(read(TOKEN, "/api/v1/agents/other-agent/config").statusCode()).isEqualTo(403);

        // the failures have happened: the UPS did not answer the wrong passphrase, the others kept trying
        Thread.sleep(2_500);
        eventually(() -> collector.alerts("?branch=" + BRANCH), a -> true, "alerts readable");

        for (String path : List.of("/api/v1/alerts", "/api/v1/alerts?state=firing", "/api/v1/alerts?branch=" + BRANCH,
                "/api/v1/branches/" + BRANCH, "/api/v1/branches/sensitive", "/api/v1/readiness", "/api/v1/fiber",
                "/api/v1/silences", "/api/v2/alerts", "/health", "/metrics", "/metrics/branches")) {
            read(TestPeople.HQ, path);
        }
        read(null, "/health");
        read(BAD_TOKEN, "/api/v1/alerts");
        HttpClient client = HttpClient.newHttpClient();
        for (String path : List.of("/", "/status.json", "/api/status")) {
            String page = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.statusPort() + path))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            bodies.add("status page " + path + " -> " + page);
        }
        for (SiteAgent a : agents) {
            bodies.add(a.stats().toString());
        }
        bodies.add(pull.stats().toString());
        for (SiteAgent a : List.copyOf(agents)) {
            a.stop();
        }
        agents.clear();

        String consoleText;
        synchronized (console) {
            consoleText = console.toString(StandardCharsets.UTF_8);
        }
        List<String> everything = new ArrayList<>();
        synchronized (logged) {
            everything.addAll(logged);
        }
        everything.add(consoleText);
        everything.addAll(bodies);
        // the test saw what it meant to: the flow really ran and was logged
        assertThat(logged).as("the collector's warning about a config others can read")
                .anyMatch(l -> l.contains(served.toString()) && l.contains("accessible"));
        assertThat(logged).as("the refused pull").anyMatch(l -> l.contains("HTTP") && l.contains("401"));
        assertThat(logged).as("the unreachable collector").anyMatch(l -> l.contains("cannot fetch its config"));
        assertThat(consoleText).contains("broken.yaml");
        assertThat(bodies).anyMatch(b -> b.startsWith("/metrics ->") && b.contains("200"));
        for (String text : everything) {
            for (String secret : SECRETS) {
                assertThat(text).as("secret %s leaked in: %s", secret, text).doesNotContain(secret);
            }
        }
    }

    private Path writeSite(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
