package org.didban.agent.configpull;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.didban.agent.configpull.ConfigPull.Outcome;
import org.didban.agent.http.UrlConnectionHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A site whose {@code collector:} lists two nodes: the config is pulled from whichever can serve it. */
class ConfigPullFailoverTest {
    private static final String AGENT = "THR-0001-a";

    /** One collector node's config endpoint: serves {@code served} with its ETag, or answers {@code status}. */
    static final class Node implements AutoCloseable {
        final HttpServer server;
        final ExecutorService executor = Executors.newSingleThreadExecutor();
        final AtomicInteger requests = new AtomicInteger();
        volatile String served;
        volatile int status = 200;

        Node() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", this::handle);
            server.setExecutor(executor);
            server.start();
        }

        String base() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private void handle(HttpExchange ex) throws IOException {
            requests.incrementAndGet();
            byte[] body = status == 200 ? served.getBytes(StandardCharsets.UTF_8)
                    : "{\"error\":\"scripted\"}".getBytes(StandardCharsets.UTF_8);
            if (status == 200) {
                String tag = ConfigPull.etagOf(body);
                ex.getResponseHeaders().set("ETag", tag);
                if (tag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                    ex.sendResponseHeaders(304, -1);
                    ex.close();
                    return;
                }
            }
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    @TempDir
    Path dir;
    private final UrlConnectionHttp http = UrlConnectionHttp.forAgent("test", Duration.ofSeconds(2));
    private Node first;
    private Node second;
    private String collectors;
    private Path site;
    private Path lastGood;

    @BeforeEach
    void start() throws IOException {
        first = new Node();
        second = new Node();
        collectors = "[" + first.base() + ", " + second.base() + "]";
        first.served = ConfigPullTest.site(collectors, "30s", AGENT);
        second.served = first.served;
        site = dir.resolve("site.yaml");
        lastGood = dir.resolve("state").resolve("site.yaml");
        Files.writeString(site, ConfigPullTest.site(collectors, "10s", AGENT));
    }

    @AfterEach
    void stop() {
        first.close();
        second.close();
        http.close();
    }

    @Test
    void aStoppedFirstNodeIsPassedOverAndTheNextServesTheConfig() throws Exception {
        first.close(); // its port refuses connections
        try (ConfigPull pull = ConfigPull.pulled(site, lastGood, http, Duration.ofSeconds(2))) {
            assertThat(pull.pullOnce()).isEqualTo(Outcome.CHANGED);
            assertThat(pull.current().pollInterval()).isEqualTo(Duration.ofSeconds(30));
            assertThat(pull.stats().failovers()).isEqualTo(1);
            assertThat(pull.stats().unreachable()).as("the pull as a whole reached a node").isZero();

            // the next pull asks the node that answered, first
            assertThat(pull.pullOnce()).isEqualTo(Outcome.UNCHANGED);
            assertThat(second.requests.get()).isEqualTo(2);
            assertThat(pull.stats().failovers()).isEqualTo(1);
        }
    }

    @Test
    void a503MovesToTheNextNode() throws Exception {
        first.status = 503;
        try (ConfigPull pull = ConfigPull.pulled(site, lastGood, http, Duration.ofSeconds(2))) {
            assertThat(pull.pullOnce()).isEqualTo(Outcome.CHANGED);
            assertThat(first.requests.get()).isEqualTo(1);
            assertThat(second.requests.get()).isEqualTo(1);
            assertThat(pull.stats().failovers()).isEqualTo(1);
        }
    }

    @Test
    void aRefusalIsTheAnswerAndNoOtherNodeIsAsked() throws Exception {
        first.status = 401;
        try (ConfigPull pull = ConfigPull.pulled(site, lastGood, http, Duration.ofSeconds(2))) {
            assertThat(pull.pullOnce()).isEqualTo(Outcome.REFUSED);
            first.status = 404;
            assertThat(pull.pullOnce()).isEqualTo(Outcome.REFUSED);
            assertThat(first.requests.get()).isEqualTo(2);
            assertThat(second.requests.get()).isZero();
            assertThat(pull.stats().failovers()).isZero();
            assertThat(pull.current().pollInterval()).isEqualTo(Duration.ofSeconds(10));
        }
    }

    @Test
    void everyNodeFailingAsksEachOnceAndKeepsTheConfigInForce() throws Exception {
        first.status = 503;
        second.status = 500;
        try (ConfigPull pull = ConfigPull.pulled(site, lastGood, http, Duration.ofSeconds(2))) {
            assertThat(pull.pullOnce()).isEqualTo(Outcome.REFUSED);
            assertThat(first.requests.get()).isEqualTo(1);
            assertThat(second.requests.get()).isEqualTo(1);

            first.close();
            second.close();
            assertThat(pull.pullOnce()).isEqualTo(Outcome.UNREACHABLE);
            assertThat(pull.stats().unreachable()).isEqualTo(1);
            assertThat(pull.stats().failovers()).isEqualTo(4);
            assertThat(pull.current().pollInterval()).isEqualTo(Duration.ofSeconds(10));
            assertThat(lastGood).doesNotExist();
        }
    }
}
