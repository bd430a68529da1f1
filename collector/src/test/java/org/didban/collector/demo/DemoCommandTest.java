package org.didban.collector.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.collector.RunningCollector.eventually;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.didban.model.Branch;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The demo as a user starts it, made small: every simulated site must reach the collector. */
class DemoCommandTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private String token = "";

    private String get(String url) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() + " " + r.body();
        } catch (IOException e) {
            return "unreachable: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void everySimulatedSiteReportsAndFaultsAreInjected() throws Exception {
        DemoCommand command = new DemoCommand();
        new CommandLine(command).parseArgs("--branches", "12", "--provinces", "3", "--port", "0",
                "--interval", "1s", "--fault-every", "200ms", "--fault-lasts", "1s");
        Set<String> threadsBefore = Thread.getAllStackTraces().keySet().stream().map(Thread::getName).collect(Collectors.toSet());
        try (DemoCommand.Demo demo = command.start()) {
            String base = demo.collector().baseUrl();
            token = demo.hqToken();
            assertThat(demo.banner()).contains(token);
            assertThat(demo.inventory().branches()).hasSize(12);
            assertThat(demo.inventory().provinces()).hasSize(3);
            assertThat(demo.inventory().devices()).hasSize(48).allSatisfy(d -> assertThat(d.address()).startsWith("127.0.0.1:"));
            assertThat(demo.banner()).contains(base + "/api/v1/alerts", base + "/metrics");
            assertThat(demo.banner()).contains(base + "/console/", demo.people().password("hq-demo"));
            // the console is served, and its sign-in takes the password the banner prints
            assertThat(get(base + "/console/")).startsWith("200 ").contains("<html");
            HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(URI.create(base + "/console/api/login"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(new io.vertx.core.json.JsonObject().put("name", "hq-demo")
                            .put("password", demo.people().password("hq-demo")).encode())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(200);
            assertThat(signIn.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).contains("didban_session="));
            for (Branch b : demo.inventory().branches()) {
                eventually(() -> get(base + "/api/v1/branches/" + b.code()),
                        body -> body.startsWith("200 ") && body.contains("\"metric\":\"device_up\""),
                        "readings from branch " + b.code());
            }
            eventually(() -> demo.fleet().devices().stream().filter(d -> !d.isReachable()).count()
                            + demo.agents().stream().mapToLong(a -> a.stats().pollFailures()).sum(),
                    n -> n > 0, "a fault injected and seen by an agent");
            assertThat(get(base + "/health")).startsWith("200 ").contains("\"branches\":12");
        }
        eventually(() -> Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.isAlive() && !threadsBefore.contains(t.getName()) && t.getName().startsWith("didban"))
                        .map(Thread::getName).toList(),
                java.util.List::isEmpty, "the demo's own threads ended");
    }

    @Test
    void refusesImpossibleSizes() {
        int exit = new CommandLine(new DemoCommand()).execute("--branches", "0");
        assertThat(exit).isNotZero();
        assertThat(new CommandLine(new DemoCommand()).execute("--interval", "soon")).isNotZero();
    }

    @Test
    void aFleetLargerThanTheOpenFileLimitIsRefusedUpFrontWithAdvice() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DemoCommand.requireFileDescriptors(100_000_000L))
                .hasMessageContaining("ulimit -n 100001000").hasMessageContaining("fewer --branches");
        DemoCommand.requireFileDescriptors(10); // a small fleet fits anywhere
    }
}
