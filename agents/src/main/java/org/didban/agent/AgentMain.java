package org.didban.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.didban.agent.config.ConfigException;
import org.didban.agent.config.SiteConfig;
import org.didban.agent.configpull.ConfigPull;
import org.didban.agent.http.UrlConnectionHttp;
import org.didban.rules.Durations;

/**
 * Runs one site agent:
 * <pre>
 * java -jar didban-agent.jar --config site.yaml [--state-dir DIR] [--status-port 8161]
 *                            [--pull-config] [--pull-every 60s] [--traps [ADDRESS:]PORT]
 * java -jar didban-agent.jar enroll --collector https://HOST:PORT [--collector https://HOST2:PORT …]
 *                            --code CODE --agent ID --state-dir DIR --ca-sha256 HEX [--force]
 * </pre>
 * The collector's addresses (one, or each node of a cluster) come from the site file; {@code enroll}
 * takes {@code --collector} once per node and asks the next only when one cannot be reached.
 * After {@code enroll}, an agent started with that {@code --state-dir} sends with its certificate
 * (mutual TLS) instead of its bearer token.
 * With a state folder the agent keeps a disk spool (nothing is lost while the collector is
 * unreachable, even across restarts), evaluates the site's rules locally with a local alert log,
 * and serves the branch status page; with {@code --pull-config} it also takes its configuration
 * from the collector and keeps the last good copy there.
 */
public final class AgentMain {
    private AgentMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && "enroll".equals(args[0])) {
            System.exit(enroll(java.util.Arrays.copyOfRange(args, 1, args.length)));
            return;
        }
        Path file = null;
        Path stateDir = null;
        int statusPort = 8161;
        boolean pull = false;
        Duration pullEvery = Duration.ofSeconds(60);
        String trapListen = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config", "-c" -> file = Path.of(value(args, ++i, "--config needs a file"));
                case "--state-dir" -> stateDir = Path.of(value(args, ++i, "--state-dir needs a folder"));
                case "--status-port" -> statusPort = port(value(args, ++i, "--status-port needs a port"));
                case "--pull-config" -> pull = true;
                case "--traps" -> trapListen = value(args, ++i, "--traps needs [ADDRESS:]PORT, e.g. 162");
                case "--pull-every" -> pullEvery = Duration.ofMillis(duration(value(args, ++i, "--pull-every needs a duration")));
                case "--help", "-h" -> usage(null);
                default -> usage("unknown argument '" + args[i] + "'");
            }
        }
        if (file == null) {
            usage("--config is required");
        }
        if (pull && stateDir == null) {
            usage("--pull-config keeps the last good configuration in --state-dir; give one");
        }
        if (!pull && !Files.isRegularFile(file)) {
            usage("no such file: " + file);
        }
        ConfigPull configs;
        try {
            // an enrolled agent asks for its configuration with its certificate too
            UrlConnectionHttp pullHttp = pull && org.didban.agent.identity.AgentIdentity.present(stateDir)
                    ? UrlConnectionHttp.forAgent("config-pull", Duration.ofSeconds(5),
                            org.didban.agent.identity.AgentIdentity.load(stateDir).socketFactory())
                    : pull ? UrlConnectionHttp.forAgent("config-pull", Duration.ofSeconds(5)) : null;
            configs = pull ? ConfigPull.pulled(file, stateDir.resolve("site.yaml"), pullHttp)
                    : ConfigPull.local(file);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path state = stateDir;
        int page = statusPort;
        java.net.InetSocketAddress traps = trapListen == null ? null : listenAddress(trapListen);
        AtomicReference<SiteAgent> running = new AtomicReference<>(start(configs.current(), state, page, traps));
        if (pull) {
            configs.pullOnce();
            // A new configuration replaces the running agent; the spool carries the run over.
            configs.start(pullEvery, changed -> {
                synchronized (running) {
                    // A configuration whose profiles do not load is refused before anything stops.
                    try {
                        changed.devices().forEach(org.didban.agent.snmp.SitePoller.Settings::of);
                    } catch (RuntimeException e) {
                        System.err.println("didban-agent: new configuration refused, keeping the running one: " + e.getMessage());
                        return;
                    }
                    SiteConfig before = running.get().config();
                    running.get().stop();
                    try {
                        running.set(start(changed, state, page, traps));
                    } catch (Exception e) {
                        System.err.println("didban-agent: cannot start with the new configuration (" + e.getMessage()
                                + "); going back to the previous one");
                        try {
                            running.set(start(before, state, page, traps));
                        } catch (Exception again) {
                            System.err.println("didban-agent: cannot restart the previous configuration either: " + again.getMessage());
                        }
                    }
                }
            });
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            configs.close();
            synchronized (running) {
                running.get().stop();
            }
            stopped.countDown();
        }, "didban-agent-shutdown"));
        stopped.await();
    }

    /**
     * {@code didban-agent enroll --collector https://HOST:PORT [--collector …] --code CODE --agent ID
     * --state-dir DIR --ca-sha256 HEX [--force] [--timeout 30s]}: 0 enrolled, 1 refused or failed, 2 bad
     * arguments. {@code --collector} once per collector node; the next is asked only when one cannot
     * be reached.
     */
    public static int enroll(String[] args) {
        java.util.List<String> collectors = new java.util.ArrayList<>();
        String code = null;
        String agent = null;
        String stateDir = null;
        String pin = null;
        boolean force = false;
        Duration timeout = Duration.ofSeconds(30);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--collector" -> collectors.add(value(args, ++i, "--collector needs https://HOST:PORT"));
                case "--code" -> code = value(args, ++i, "--code needs the one-time code");
                case "--agent" -> agent = value(args, ++i, "--agent needs the agent id");
                case "--state-dir" -> stateDir = value(args, ++i, "--state-dir needs a folder");
                case "--ca-sha256" -> pin = value(args, ++i, "--ca-sha256 needs the CA fingerprint");
                case "--timeout" -> timeout = Duration.ofMillis(duration(value(args, ++i, "--timeout needs a duration")));
                case "--force" -> force = true;
                case "--help", "-h" -> {
                    System.err.println(ENROLL_USAGE);
                    return 0;
                }
                default -> {
                    // never echo the argument: it may be the code pasted in the wrong place
                    System.err.println("didban-agent enroll: unknown argument #" + (i + 1) + "\n" + ENROLL_USAGE);
                    return 2;
                }
            }
        }
        if (collectors.isEmpty() || code == null || agent == null || stateDir == null || pin == null) {
            System.err.println("didban-agent enroll: --collector, --code, --agent, --state-dir and --ca-sha256 are required\n"
                    + ENROLL_USAGE);
            return 2;
        }
        java.util.List<java.net.URI> uris = new java.util.ArrayList<>();
        for (int i = 0; i < collectors.size(); i++) {
            try {
                uris.add(java.net.URI.create(collectors.get(i)));
            } catch (IllegalArgumentException e) {
                // not echoed: it may hold a password
                System.err.println("didban-agent enroll: --collector #" + (i + 1) + " is not an address (https://HOST:PORT)");
                return 2;
            }
        }
        try {
            org.didban.agent.identity.AgentIdentity id = org.didban.agent.identity.Enrollment.enroll(uris, code, agent,
                    Path.of(stateDir), pin, timeout, force);
            System.out.println("enrolled: agent " + id.agentId() + ", certificate serial " + id.serial()
                    + ", valid until " + id.notAfter());
            System.out.println("identity: " + Path.of(stateDir).resolve(org.didban.agent.identity.AgentIdentity.KEY_FILE)
                    + " (private), " + org.didban.agent.identity.AgentIdentity.CERT_FILE + ", "
                    + org.didban.agent.identity.AgentIdentity.CA_FILE);
            System.out.println("run: didban-agent --config SITE.yaml --state-dir " + stateDir
                    + "   (the site file's collector must be " + (uris.size() == 1 ? site(uris.get(0))
                    : uris.stream().map(AgentMain::site).collect(java.util.stream.Collectors.joining(", ", "[", "]")))
                    + ")");
            id.warnIfExpiring(java.time.Clock.systemUTC());
            return 0;
        } catch (org.didban.agent.identity.Enrollment.EnrollmentException e) {
            System.err.println("didban-agent enroll: " + e.getMessage());
            return 1;
        }
    }

    private static final String ENROLL_USAGE = "usage: didban-agent enroll --collector https://HOST:PORT [--collector …]"
            + " --code CODE --agent ID --state-dir DIR --ca-sha256 HEX [--force] [--timeout 30s]\n"
            + "  (the code and the fingerprint come from `didban agents enroll-code` on the collector;"
            + " --collector once per node of a collector cluster)";

    /** The address as the site file's {@code collector:} takes it. */
    private static String site(java.net.URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    private static SiteAgent start(SiteConfig config, Path stateDir, int statusPort, java.net.InetSocketAddress traps)
            throws java.io.IOException {
        SiteAgent.Builder builder = SiteAgent.builder(config);
        if (traps != null) {
            builder.traps(org.didban.agent.trap.SiteTraps.forSite(config, traps));
        }
        if (stateDir != null) {
            builder.stateDir(stateDir).localRules(true).statusPort(statusPort);
        }
        SiteAgent agent = builder.build();
        agent.start();
        return agent;
    }

    private static java.net.InetSocketAddress listenAddress(String text) {
        int colon = text.lastIndexOf(':');
        String host = colon < 0 ? "0.0.0.0" : text.substring(0, colon);
        int port = port(colon < 0 ? text : text.substring(colon + 1));
        return new java.net.InetSocketAddress(host, port);
    }

    private static String value(String[] args, int i, String missing) {
        if (i >= args.length) {
            usage(missing);
        }
        return args[i];
    }

    private static int port(String text) {
        try {
            int p = Integer.parseInt(text);
            if (p < 0 || p > 65535) {
                usage("a port must be 0 to 65535");
            }
            return p;
        } catch (NumberFormatException e) {
            usage("a port must be a number");
            return -1;
        }
    }

    private static long duration(String text) {
        try {
            return Durations.parseMillis(text);
        } catch (IllegalArgumentException e) {
            usage(e.getMessage());
            return 0;
        }
    }

    private static void usage(String problem) {
        if (problem != null) {
            System.err.println(problem);
        }
        System.err.println("usage: didban-agent --config FILE [--state-dir DIR] [--status-port PORT] "
                + "[--pull-config] [--pull-every 60s] [--traps [ADDRESS:]PORT]   (see agents/config/site-example.yaml)");
        System.err.println(ENROLL_USAGE);
        System.exit(problem == null ? 0 : 2);
    }
}
