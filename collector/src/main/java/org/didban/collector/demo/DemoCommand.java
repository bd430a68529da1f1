package org.didban.collector.demo;

import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.didban.agent.SiteAgent;
import org.didban.agent.config.DeviceConfig;
import org.didban.agent.config.Secret;
import org.didban.agent.config.SiteConfig;
import org.didban.agent.config.SnmpCredentials;
import org.didban.agent.http.UrlConnectionHttp;
import org.didban.collector.people.DemoPeople;
import org.didban.agent.snmp.SnmpSession;
import org.didban.collector.Collector;
import org.didban.collector.CollectorConfig;
import org.didban.collector.HistoryOptions;
import org.didban.collector.fiber.FiberDeadlines;
import org.didban.collector.history.InfluxSettings;
import org.didban.collector.inventory.Agent;
import org.didban.collector.inventory.AgentRegistry;
import org.didban.model.Branch;
import org.didban.model.Device;
import org.didban.model.ElectionPhase;
import org.didban.model.DeviceRole;
import org.didban.model.Inventory;
import org.didban.rules.calendar.Election;
import org.didban.rules.calendar.ElectionCalendar;
import org.didban.rules.calendar.PhasePeriod;
import org.didban.simulator.SimulatedDevice;
import org.didban.simulator.SimulatedFleet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code didban demo}: a collector with its embedded defaults and a simulated fleet of polling
 * sites on loopback. Every site is a real agent polling simulated devices over real SNMP (v3,
 * SHA-256 + AES-128) and pushing to the collector over HTTP; faults are injected over time.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a collector and a simulated fleet of polling branches on loopback.")
public final class DemoCommand implements Callable<Integer> {
    static final List<DeviceRole> ROLES = List.of(
            DeviceRole.ROUTER, DeviceRole.UPS, DeviceRole.AUTH_DEVICE, DeviceRole.VOTING_DEVICE);

    @Option(names = "--branches", description = "Simulated branches (default ${DEFAULT-VALUE}; national size is 58640).")
    int branches = 300;

    @Option(names = "--provinces", description = "Spread over the N most populous provinces (default ${DEFAULT-VALUE}, at most 31).")
    int provinces = 8;

    @Option(names = "--interval", description = "Agent poll interval (default ${DEFAULT-VALUE}).", converter = DurationConverter.class)
    Duration interval = Duration.ofSeconds(10);

    @Option(names = "--fault-every", description = "Inject a fault this often (default ${DEFAULT-VALUE}).", converter = DurationConverter.class)
    Duration faultEvery = Duration.ofSeconds(15);

    @Option(names = "--fault-lasts", description = "How long a fault lasts at least (default ${DEFAULT-VALUE}).", converter = DurationConverter.class)
    Duration faultLasts = Duration.ofSeconds(120);

    @Option(names = "--host", description = "Address the collector listens on (loopback by default).")
    String host = CollectorConfig.DEFAULT_HOST;

    @Option(names = "--port", description = "Collector HTTP port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port = CollectorConfig.DEFAULT_PORT;

    @Option(names = "--seed", description = "Seed of the generated inventory and faults (default ${DEFAULT-VALUE}).")
    long seed = 1403;

    @Option(names = "--readiness-every", converter = DurationConverter.class,
            description = "How often readiness and the dashboards' per-branch series are computed (default ${DEFAULT-VALUE}).")
    Duration readinessEvery = Duration.ofSeconds(30);

    @Mixin
    HistoryOptions history = new HistoryOptions();

    @Option(names = "--run-for", description = "Stop by itself after this long (default: until Ctrl-C).", converter = DurationConverter.class)
    Duration runFor;

    private final PrintStream out = System.out;
    /** Held so that the level sticks: hundreds of agents announcing themselves would bury the banner. */
    private static final java.util.logging.Logger AGENT_LOG = java.util.logging.Logger.getLogger("org.didban.agent");

    @Override
    public Integer call() throws Exception {
        if (branches < 1 || provinces < 1 || provinces > 31) {
            throw new IllegalArgumentException("--branches must be at least 1 and --provinces between 1 and 31");
        }
        requireFileDescriptors((long) branches * ROLES.size());
        AGENT_LOG.setLevel(java.util.logging.Level.WARNING);
        Demo demo = start();
        out.println(demo.banner());
        CountDownLatch stopped = new CountDownLatch(1);
        // Ctrl-C: the JVM exits when the hooks return, so the hook itself closes the demo.
        Thread hook = new Thread(() -> {
            out.println("demo: stopping");
            demo.close();
            stopped.countDown();
        }, "didban-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        if (runFor != null && !stopped.await(runFor.toMillis(), TimeUnit.MILLISECONDS)) {
            Runtime.getRuntime().removeShutdownHook(hook);
            out.println("demo: ran for " + runFor.toSeconds() + " s; stopping");
            demo.close();
        } else {
            stopped.await();
        }
        return 0;
    }

    Demo start() throws Exception {
        Demo demo = new Demo();
        try {
            demo.begin();
            return demo;
        } catch (Exception | Error e) {
            demo.close();
            throw e;
        }
    }

    /**
     * Deadlines that give the planners' views something to show whenever the demo runs: a national
     * one 100 days ahead, and one that passed a week ago for the first province.
     */
    static FiberDeadlines fiberDeadlines(Inventory inventory, java.time.LocalDate today) {
        String first = inventory.provinces().iterator().next().code();
        return new FiberDeadlines(FiberDeadlines.DEFAULT_ZONE, today.plusDays(100), java.util.Map.of(first, today.minusDays(7)),
                java.util.Map.of());
    }

    /** Everything the demo started, closed in reverse order. */
    final class Demo implements AutoCloseable {
        private final Random random = new Random(seed);
        private SimulatedFleet fleet;
        private Vertx vertx;
        private Collector collector;
        private SnmpSession snmp;
        private UrlConnectionHttp http;
        private ScheduledExecutorService scheduler;
        private final List<SiteAgent> agents = new ArrayList<>();
        private FaultInjector faults;
        private Inventory inventory;
        private boolean closed;
        /** The demo's people, one of each role, with fresh tokens each run, printed in the banner. */
        private DemoPeople people;

        void begin() throws Exception {
            long t0 = System.nanoTime();
            Inventory planned = new SyntheticInventory(ProvinceFacts.shipped(), ROLES, seed).generate(branches, provinces);
            SnmpCredentials credentials = SnmpCredentials.Usm.of("didban", "demo-auth-" + seed, "demo-priv-" + seed);
            fleet = SimulatedFleet.start();
            Inventory.Builder located = Inventory.builder();
            planned.provinces().forEach(located::province);
            planned.counties().forEach(located::county);
            planned.branches().forEach(located::branch);
            for (Device d : planned.devices()) {
                SimulatedDevice sim = fleet.addDevice(d.id(), d.role(), credentials);
                located.device(new Device(d.id(), d.branchCode(), d.role(),
                        sim.address().getHostString() + ":" + sim.address().getPort(), "demo"));
            }
            inventory = located.build();

            List<Agent> registered = new ArrayList<>();
            List<String> tokens = new ArrayList<>();
            SecureRandom tokenSource = new SecureRandom();
            for (Branch b : inventory.branches()) {
                byte[] raw = new byte[24];
                tokenSource.nextBytes(raw);
                String token = HexFormat.of().formatHex(raw);
                tokens.add(token);
                registered.add(Agent.withToken(agentId(b), b.code(), token));
            }
            people = DemoPeople.of(inventory);
            vertx = Vertx.vertx();
            CollectorConfig.Builder config = CollectorConfig.builder()
                    .host(host).port(port)
                    .inventory(inventory, AgentRegistry.of(registered))
                    .phases(votingDay(System.currentTimeMillis()))
                    .people(people.people())
                    .fiberDeadlines(fiberDeadlines(inventory, java.time.LocalDate.now(FiberDeadlines.DEFAULT_ZONE)))
                    .readinessInterval(readinessEvery);
            InfluxSettings influx = history.settings();
            if (influx != null) {
                config.history(influx);
            }
            collector = Collector.start(vertx, config.build()).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);

            snmp = SnmpSession.open();
            // a few sending threads for all the agents: each sends one batch at a time
            http = UrlConnectionHttp.shared(4, Duration.ofSeconds(5));
            scheduler = Executors.newScheduledThreadPool(2, r -> {
                Thread t = new Thread(r, "didban-demo-agents");
                t.setDaemon(true);
                return t;
            });
            URI collectorUri = URI.create(collector.baseUrl());
            int i = 0;
            for (Branch b : inventory.branches()) {
                List<DeviceConfig> devices = new ArrayList<>();
                for (Device d : inventory.devicesOf(b.code())) {
                    devices.add(fleet.device(d.id()).deviceConfig());
                }
                SiteConfig site = new SiteConfig(agentId(b), b.code(), collectorUri, Secret.of(tokens.get(i)), interval, devices);
                // Spread the sites over the interval, as real ones are: no thundering herd.
                Duration first = Duration.ofMillis(interval.toMillis() * i / inventory.branches().size());
                SiteAgent agent = SiteAgent.builder(site).http(http).scheduler(scheduler).snmpSession(snmp)
                        .firstPollDelay(first).build();
                agent.start();
                agents.add(agent);
                i++;
            }
            faults = new FaultInjector(fleet, inventory, scheduler, random, out, faultEvery, faultLasts, 6);
            faults.start(interval.multipliedBy(2));
            out.printf("demo: %d branches, %d devices, %d agents ready in %.1f s%n", inventory.branches().size(),
                    inventory.devices().size(), agents.size(), (System.nanoTime() - t0) / 1e9);
        }

        String banner() {
            String base = collector.baseUrl();
            Branch first = inventory.branches().iterator().next();
            return String.join(System.lineSeparator(),
                    "",
                    "Didban demo is running. The console and the API want a person; these are the demo's"
                            + " (role, area, name, token, console password):",
                    String.join(System.lineSeparator(), people.describe().stream().map(l -> "  " + l).toList()),
                    "Open the console in a browser and sign in with a name and password from above:",
                    "  console       " + base + "/console/",
                    "For example, as HQ:",
                    "  export DIDBAN_TOKEN=" + hqToken(),
                    "  curl -H \"Authorization: Bearer $DIDBAN_TOKEN\" " + base + "/api/v1/alerts",
                    "  curl -N -H \"Authorization: Bearer $DIDBAN_TOKEN\" " + base + "/api/v1/alerts/stream",
                    "Look at:",
                    "  alerts        " + base + "/api/v1/alerts",
                    "  firing only   " + base + "/api/v1/alerts?state=firing",
                    "  by province   " + base + "/api/v1/alerts?province=" + first.provinceCode(),
                    "  a branch      " + base + "/api/v1/branches/" + first.code(),
                    "  metrics       " + base + "/metrics",
                    "  per branch    " + base + "/metrics/branches   (Grafana dashboards: docs/GRAFANA.md)",
                    "  health        " + base + "/health",
                    "It is voting day: faults are injected every " + faultEvery.toSeconds() + " s and alerts fire after "
                            + "the rules' voting-hours `for` (NET-01 60 s, PWR-01 30 s, DEV-01 60 s; halved at sensitive "
                            + "branches). Ctrl-C stops everything.",
                    "");
        }

        Collector collector() {
            return collector;
        }

        /** The demo's people, with their tokens and console passwords. */
        DemoPeople people() {
            return people;
        }

        String hqToken() {
            return people.token("hq-demo");
        }

        Inventory inventory() {
            return inventory;
        }

        SimulatedFleet fleet() {
            return fleet;
        }

        List<SiteAgent> agents() {
            return agents;
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (faults != null) {
                faults.close();
            }
            agents.forEach(SiteAgent::stop);
            if (scheduler != null) {
                scheduler.shutdownNow();
            }
            if (snmp != null) {
                snmp.close();
            }
            if (http != null) {
                http.close();
            }
            if (collector != null) {
                try {
                    collector.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    out.println("demo: collector did not close cleanly: " + e);
                }
            }
            if (vertx != null) {
                try {
                    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    out.println("demo: Vert.x did not close cleanly: " + e);
                }
            }
            if (fleet != null) {
                fleet.close();
            }
        }
    }

    /**
     * Every simulated device has a socket of its own, as a real device has an address of its
     * own; a large fleet needs that many file descriptors. Say so before starting, not half way.
     */
    static void requireFileDescriptors(long devices) {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long needed = devices + 1_000;
            long allowed = unix.getMaxFileDescriptorCount();
            if (needed > allowed) {
                throw new IllegalArgumentException(String.format(
                        "%d simulated devices need about %d open files, but this process may open %d; "
                                + "raise the limit (ulimit -n %d, or the hard limit in /etc/security/limits.conf) "
                                + "or ask for fewer --branches", devices, needed, allowed, needed));
            }
        }
    }

    /**
     * The demo's election: a day of preparation before now, voting hours from now for twelve
     * hours, then the count — so the demo shows election-day timing and severity.
     */
    public static ElectionCalendar votingDay(long now) {
        long hour = 3_600_000L;
        return ElectionCalendar.of(ElectionCalendar.DEFAULT_ZONE, List.of(new Election("demo", "Demo election",
                "انتخابات نمایشی", List.of(
                        new PhasePeriod(ElectionPhase.PREPARATION, now - 24 * hour, now),
                        new PhasePeriod(ElectionPhase.VOTING, now, now + 12 * hour),
                        new PhasePeriod(ElectionPhase.COUNT, now + 12 * hour, now + 24 * hour)))));
    }

    static String agentId(Branch b) {
        return b.code() + "-agent";
    }
}
