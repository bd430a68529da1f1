package org.didban.collector.ingest;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.Optional;
import org.didban.collector.http.Replies;
import org.didban.collector.inventory.Agent;
import org.didban.collector.inventory.AgentRegistry;
import org.didban.collector.history.History;
import org.didban.collector.shard.BatchOutcome;
import org.didban.collector.shard.Shards;
import org.didban.model.Device;
import org.didban.model.Event;
import org.didban.model.Inventory;
import org.didban.model.Sample;
import org.didban.wire.MalformedBatchException;
import org.didban.wire.SiteBatch;
import org.didban.wire.SiteBatchCodec;

/**
 * {@code POST /api/v1/ingest}: a site agent's batch. Checks, in order, the bearer token (401),
 * the body size (413), the JSON (400), that the batch speaks for the token's agent and branch
 * (403) and names only devices of that branch (422); then hands it to the branch's shard, which
 * applies it unless its sequence number was seen (200, accepted or duplicate). Every refusal is
 * counted by reason. Decoding and checks are CPU-only work on the HTTP event loop; nothing here
 * blocks.
 */
public final class IngestEndpoint {
    public static final String PATH = "/api/v1/ingest";
    private static final System.Logger LOG = System.getLogger(IngestEndpoint.class.getName());
    private static final String AGENT = "didban.agent";

    private final AgentRegistry agents;
    private final Inventory inventory;
    private final Shards shards;
    private final IngestMetrics metrics;
    private final SiteBatchCodec codec = new SiteBatchCodec();
    private final long bodyLimit;
    private final History history;

    public IngestEndpoint(AgentRegistry agents, Inventory inventory, Shards shards, IngestMetrics metrics, long bodyLimit) {
        this(agents, inventory, shards, metrics, bodyLimit, History.NONE);
    }

    /** @param history told of every applied batch's samples (not of duplicates) */
    public IngestEndpoint(AgentRegistry agents, Inventory inventory, Shards shards, IngestMetrics metrics, long bodyLimit,
                          History history) {
        this.history = history;
        this.agents = agents;
        this.inventory = inventory;
        this.shards = shards;
        this.metrics = metrics;
        this.bodyLimit = bodyLimit;
    }

    public void mount(Router router) {
        // Authentication looks at the header only and comes first, so a stranger cannot make
        // the collector buffer megabytes. It is a route of its own because a route may not put
        // a body handler after a user handler.
        router.post(PATH).handler(this::authenticate);
        router.post(PATH)
                .handler(BodyHandler.create(false).setBodyLimit(bodyLimit))
                .handler(this::accept)
                .failureHandler(this::failed);
    }

    private void authenticate(RoutingContext ctx) {
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        Optional<Agent> agent = agents.authenticate(bearerToken(header));
        if (agent.isEmpty()) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            refuse(ctx, RejectReason.UNAUTHORIZED, header == null
                    ? "missing header 'Authorization: Bearer <token>'" : "unknown agent or bad token");
            return;
        }
        ctx.put(AGENT, agent.get());
        ctx.next();
    }

    private void accept(RoutingContext ctx) {
        Agent agent = ctx.get(AGENT);
        Buffer body = ctx.body().buffer();
        SiteBatch batch;
        try {
            batch = codec.decode(body == null ? new byte[0] : body.getBytes());
        } catch (MalformedBatchException e) {
            refuse(ctx, RejectReason.MALFORMED, e.getMessage());
            return;
        }
        if (!batch.agent().equals(agent.id())) {
            refuse(ctx, RejectReason.WRONG_BRANCH, "the batch names agent '" + batch.agent()
                    + "' but the token is agent '" + agent.id() + "''s");
            return;
        }
        if (!batch.branch().equals(agent.branchCode())) {
            refuse(ctx, RejectReason.WRONG_BRANCH, "agent '" + agent.id() + "' speaks for branch '"
                    + agent.branchCode() + "', not '" + batch.branch() + "'");
            return;
        }
        String stranger = firstStranger(batch);
        if (stranger != null) {
            refuse(ctx, RejectReason.UNKNOWN_DEVICE, "device '" + stranger + "' is not in the inventory of branch '"
                    + batch.branch() + "'; nothing of this batch was applied");
            return;
        }
        shards.of(batch.branch()).apply(agent.id(), batch).onComplete(done -> {
            if (done.failed()) {
                LOG.log(Level.ERROR, "applying batch " + batch.seq() + " of " + agent.id() + " failed", done.cause());
                Replies.error(ctx, 500, "the collector could not apply the batch; retry it");
                return;
            }
            BatchOutcome outcome = done.result();
            metrics.applied(outcome);
            JsonObject reply = new JsonObject()
                    .put("status", outcome.duplicate() ? "duplicate" : "accepted")
                    .put("seq", outcome.seq());
            if (!outcome.duplicate()) {
                reply.put("samples", outcome.samples()).put("events", outcome.events());
                history.samples(inventory.branch(batch.branch()), batch.samples());
            }
            Replies.json(ctx, 200, reply);
        });
    }

    private void failed(RoutingContext ctx) {
        if (ctx.statusCode() == 413) {
            refuse(ctx, RejectReason.TOO_LARGE, "body larger than " + bodyLimit + " bytes; send smaller batches");
        } else {
            ctx.next();
        }
    }

    /** The first device of the batch that is not in the inventory of the batch's branch, or null. */
    private String firstStranger(SiteBatch batch) {
        for (Sample s : batch.samples()) {
            if (!belongs(s.device(), batch.branch())) {
                return s.device();
            }
        }
        for (Event e : batch.events()) {
            if (!belongs(e.device(), batch.branch())) {
                return e.device();
            }
        }
        return null;
    }

    private boolean belongs(String deviceId, String branchCode) {
        Device d = inventory.device(deviceId);
        return d != null && d.branchCode().equals(branchCode);
    }

    private void refuse(RoutingContext ctx, RejectReason reason, String message) {
        metrics.rejected(reason);
        Replies.error(ctx, reason.status(), message);
    }

    private static String bearerToken(String header) {
        if (header == null) {
            return null;
        }
        String h = header.trim();
        return h.length() > 7 && h.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ") ? h.substring(7).trim() : null;
    }
}
