package org.didban.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.didban.agent.config.ConfigException;
import org.didban.agent.config.SiteConfig;
import org.didban.agent.config.SiteConfigReader;

/** Runs one site agent: {@code java -cp … org.didban.agent.AgentMain --config site.yaml}. */
public final class AgentMain {
    private AgentMain() {
    }

    public static void main(String[] args) throws Exception {
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config", "-c" -> {
                    if (i + 1 == args.length) {
                        usage("--config needs a file");
                    }
                    file = Path.of(args[++i]);
                }
                case "--help", "-h" -> {
                    usage(null);
                }
                default -> usage("unknown argument '" + args[i] + "'");
            }
        }
        if (file == null) {
            usage("--config is required");
        }
        if (!Files.isRegularFile(file)) {
            usage("no such file: " + file);
        }
        SiteConfig config;
        try {
            config = SiteConfigReader.read(file);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        SiteAgent agent = SiteAgent.builder(config).build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.stop();
            stopped.countDown();
        }, "didban-agent-shutdown"));
        agent.start();
        stopped.await();
    }

    private static void usage(String problem) {
        if (problem != null) {
            System.err.println(problem);
        }
        System.err.println("usage: AgentMain --config FILE   (see agents/config/site-example.yaml)");
        System.exit(problem == null ? 0 : 2);
    }
}
