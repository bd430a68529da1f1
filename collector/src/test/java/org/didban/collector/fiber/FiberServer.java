package org.didban.collector.fiber;

import static org.didban.collector.RunningCollector.await;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.didban.collector.TestPeople;
import org.didban.collector.api.BranchEndpoint;
import org.didban.collector.api.SensitiveBranchesEndpoint;
import org.didban.collector.ledger.AlertLedger;
import org.didban.collector.ledger.LedgerSettings;
import org.didban.collector.people.BearerAuthentication;

/**
 * The fiber endpoints and the sensitive branches on a router of their own, behind the same
 * authentication and in the order the collector is to mount them (see docs/FIBER.md, wiring).
 */
public final class FiberServer implements AutoCloseable {
    public final FiberFleet fleet;
    public final FiberHistory history;
    private final AlertLedger ledger;
    private final HttpServer server;
    private final WebClient client;

    public FiberServer(FiberFleet fleet) throws Exception {
        this.fleet = fleet;
        LedgerSettings db = LedgerSettings.inMemory();
        this.ledger = AlertLedger.open(db, new org.didban.collector.alerts.AlertFeed());
        this.history = new FiberHistory(db);
        Router router = Router.router(fleet.vertx);
        new BearerAuthentication(TestPeople.all()).protect(router, FiberEndpoint.PROTECTED)
                .protect(router, "/api/v1/branches/*");
        // before the branch endpoint, or "sensitive" would be taken for a branch code
        new SensitiveBranchesEndpoint(fleet.shards, fleet.rollout).mount(router);
        new BranchEndpoint(fleet.inventory, fleet.shards).mount(router);
        new FiberEndpoint(fleet.rollout, history).mount(router);
        this.server = await(fleet.vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
        this.client = WebClient.create(fleet.vertx);
    }

    public HttpResponse<Buffer> get(String token, String path) {
        return get(token, path, null);
    }

    public HttpResponse<Buffer> get(String token, String path, String accept) {
        HttpRequest<Buffer> r = client.get(server.actualPort(), "127.0.0.1", path);
        if (token != null) {
            r.putHeader("Authorization", "Bearer " + token);
        }
        if (accept != null) {
            r.putHeader("Accept", accept);
        }
        return await(r.send());
    }

    @Override
    public void close() {
        client.close();
        await(server.close());
        history.close();
        ledger.close();
    }
}
