package org.didban.collector.people;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.didban.collector.people.BearerAuthentication.Failure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The handler in front of a real router, over HTTP on loopback. */
@ExtendWith(VertxExtension.class)
class BearerAuthenticationTest {
    private static final String COUNTY_TOKEN = PersonToken.mint().token();
    private static final String HQ_TOKEN = "hq-token-0123456789";
    private static final String DISABLED_TOKEN = "disabled-token-0123456789";

    private final AtomicReference<People> people = new AtomicReference<>(People.of(
            new Account(new Person("Tehran IT", Role.COUNTY, "2301"), PersonToken.sha256Hex(COUNTY_TOKEN), false),
            new Account(new Person("HQ", Role.HQ, ""), PersonToken.sha256Hex(HQ_TOKEN), false),
            new Account(new Person("Gone", Role.HQ, ""), PersonToken.sha256Hex(DISABLED_TOKEN), true)));
    private final BearerAuthentication auth = new BearerAuthentication(people::get);
    private HttpServer server;
    private WebClient client;

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        Router router = Router.router(vertx);
        auth.protect(router, "/api/*");
        router.get("/api/who").handler(ctx -> {
            Person p = Person.of(ctx);
            ctx.json(new JsonObject().put("name", p.name()).put("role", p.role().wireName()).put("area", p.area()));
        });
        router.get("/health").handler(ctx -> ctx.end("up"));
        server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
        client = WebClient.create(vertx);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        await(server.close());
    }

    private HttpResponse<Buffer> get(String path, String authorization) throws Exception {
        HttpRequest<Buffer> r = client.get(server.actualPort(), "127.0.0.1", path);
        if (authorization != null) {
            r.putHeader("Authorization", authorization);
        }
        return await(r.send());
    }

    @Test
    void aKnownTokenPutsThePersonOnTheRequest() throws Exception {
        HttpResponse<Buffer> r = get("/api/who", "Bearer " + COUNTY_TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.bodyAsJsonObject()).isEqualTo(new JsonObject().put("name", "Tehran IT").put("role", "county").put("area", "2301"));
        // the scheme name is case-insensitive (RFC 7235)
        assertThat(get("/api/who", "bearer " + HQ_TOKEN).bodyAsJsonObject().getString("name")).isEqualTo("HQ");
        assertThat(auth.failures()).isZero();
        assertThat(get("/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void noTokenIs401WithAChallenge() throws Exception {
        HttpResponse<Buffer> r = get("/api/who", null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"didban\"");
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(r.bodyAsJsonObject().getString("error")).contains("Authorization: Bearer");
        assertThat(get("/api/who", "Basic " + java.util.Base64.getEncoder().encodeToString("a:b".getBytes())).statusCode())
                .isEqualTo(401);
        assertThat(auth.failures(Failure.MISSING)).isEqualTo(2);
    }

    @Test
    void aWrongTokenIs401AndIsNeverEchoed() throws Exception {
        String wrong = COUNTY_TOKEN.substring(1) + "x";
        HttpResponse<Buffer> r = get("/api/who", "Bearer " + wrong);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"didban\", error=\"invalid_token\"");
        assertThat(r.bodyAsString()).doesNotContain(wrong).contains("not accepted");
        // the hash is not the token
        assertThat(get("/api/who", "Bearer " + PersonToken.sha256Hex(COUNTY_TOKEN)).statusCode()).isEqualTo(401);
        assertThat(auth.failures(Failure.UNKNOWN)).isEqualTo(2);
    }

    @Test
    void malformedTokensAreRefusedBeforeAnyLookup() throws Exception {
        assertThat(get("/api/who", "Bearer").statusCode()).isEqualTo(401);
        assertThat(get("/api/who", "Bearer    ").statusCode()).isEqualTo(401);
        assertThat(get("/api/who", "Bearer a b").statusCode()).isEqualTo(401);
        assertThat(get("/api/who", "Bearer " + "a".repeat(People.MAX_TOKEN_CHARS + 1)).statusCode()).isEqualTo(401);
        assertThat(get("/api/who", "BearerX" + HQ_TOKEN).statusCode()).isEqualTo(401);
        assertThat(auth.failures(Failure.MALFORMED)).isEqualTo(4);
        assertThat(auth.failures(Failure.MISSING)).isEqualTo(1);
        assertThat(auth.failures()).isEqualTo(5);
    }

    @Test
    void aDisabledPersonIsRefusedLikeAStranger() throws Exception {
        HttpResponse<Buffer> disabled = get("/api/who", "Bearer " + DISABLED_TOKEN);
        HttpResponse<Buffer> unknown = get("/api/who", "Bearer not-a-token-of-anyone");
        assertThat(disabled.statusCode()).isEqualTo(401);
        assertThat(disabled.bodyAsString()).isEqualTo(unknown.bodyAsString());
        assertThat(auth.failures(Failure.DISABLED)).isEqualTo(1);
    }

    @Test
    void aNewDirectoryTakesEffectAtOnce() throws Exception {
        assertThat(get("/api/who", "Bearer " + HQ_TOKEN).statusCode()).isEqualTo(200);
        people.set(People.empty());
        assertThat(get("/api/who", "Bearer " + HQ_TOKEN).statusCode()).isEqualTo(401);
    }

    @Test
    void parsesTheHeader() {
        assertThat(BearerAuthentication.bearerToken(null)).isNull();
        assertThat(BearerAuthentication.bearerToken("Basic abc")).isNull();
        assertThat(BearerAuthentication.bearerToken("Bearer")).isEmpty();
        assertThat(BearerAuthentication.bearerToken("BEARER  abc ")).isEqualTo("abc");
        assertThat(BearerAuthentication.wellFormed("abc-._~+/==")).isTrue();
        assertThat(BearerAuthentication.wellFormed("==")).isFalse();
        assertThat(BearerAuthentication.wellFormed("a=b")).isFalse();
        assertThat(BearerAuthentication.wellFormed("تو")).isFalse();
    }
}
