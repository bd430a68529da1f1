package org.didban.agent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UrlConnectionHttpTest {
    HttpServer server;
    UrlConnectionHttp http;
    final List<String> seen = new CopyOnWriteArrayList<>();
    final List<InetSocketAddress> peers = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/echo", x -> {
            byte[] body = x.getRequestBody().readAllBytes();
            seen.add(x.getRequestMethod() + " " + x.getRequestHeaders().getFirst("Authorization") + " "
                    + x.getRequestHeaders().getFirst("Content-Encoding") + " " + new String(body, StandardCharsets.UTF_8));
            peers.add(x.getRemoteAddress());
            x.getResponseHeaders().add("ETag", "\"v1\"");
            reply(x, 200, "ok");
        });
        server.createContext("/refuse", x -> reply(x, 422, "no such branch"));
        server.createContext("/huge", x -> reply(x, 200, "x".repeat(UrlConnectionHttp.MAX_REPLY_BYTES + 10)));
        server.start();
        http = UrlConnectionHttp.forAgent("THR-0001-a", Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        http.close();
        server.stop(0);
    }

    static void reply(com.sun.net.httpserver.HttpExchange x, int status, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(status, b.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(b);
        }
    }

    URI at(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    CollectorHttp.Reply send(CollectorHttp.Request r) throws Exception {
        return http.send(r).get(10, TimeUnit.SECONDS);
    }

    @Test
    void postsTheBodyAndHeadersAndReusesTheConnection() throws Exception {
        for (int i = 0; i < 3; i++) {
            CollectorHttp.Reply r = send(CollectorHttp.Request.post(at("/echo"),
                    Map.of("Authorization", "Bearer t", "Content-Encoding", "gzip"), ("b" + i).getBytes(), Duration.ofSeconds(5)));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.bodyText()).isEqualTo("ok");
            assertThat(r.header("etag")).contains("\"v1\"");
        }
        assertThat(seen).containsExactly("POST Bearer t gzip b0", "POST Bearer t gzip b1", "POST Bearer t gzip b2");
        // one TCP connection for all three: a branch on 4G does not pay a handshake per batch
        assertThat(peers).extracting(InetSocketAddress::getPort).containsOnly(peers.get(0).getPort());
    }

    @Test
    void anErrorStatusIsAReplyWithItsBody() throws Exception {
        CollectorHttp.Reply r = send(CollectorHttp.Request.get(at("/refuse"), Map.of(), Duration.ofSeconds(5)));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.bodyText()).isEqualTo("no such branch");
    }

    @Test
    void anOversizedReplyIsCutOneByteOverTheLimit() throws Exception {
        CollectorHttp.Reply r = send(CollectorHttp.Request.get(at("/huge"), Map.of(), Duration.ofSeconds(5)));
        assertThat(r.body()).hasSize(UrlConnectionHttp.MAX_REPLY_BYTES + 1);
    }

    @Test
    void aCollectorThatIsNotThereIsAnIoFailure() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closed + "/echo");
        assertThatThrownBy(() -> send(CollectorHttp.Request.post(nowhere, Map.of(), new byte[1], Duration.ofSeconds(2))))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IOException.class);
    }

    @Test
    void aHeaderWithALineBreakIsRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> send(CollectorHttp.Request.post(at("/echo"),
                Map.of("Authorization", "Bearer s\r\nX-Injected: 1"), new byte[1], Duration.ofSeconds(2))))
                .isInstanceOf(ExecutionException.class).cause().isNotInstanceOf(IOException.class);
        assertThat(seen).isEmpty();
    }

    @Test
    void afterCloseSendsFailInsteadOfHanging() {
        http.close();
        assertThat(http.send(CollectorHttp.Request.get(at("/echo"), Map.of(), Duration.ofSeconds(1))))
                .isCompletedExceptionally();
    }
}
