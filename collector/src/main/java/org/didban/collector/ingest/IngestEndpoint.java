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
import org.didban.collector.shard.BatchDestination;
import org.didban.collector.shard.BranchMovingException;
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
 * counted by reason. Nothing here blocks. The HTTP server runs on one event loop, which every
 * agent's connection shares: the body is decoded and its devices checked where {@link #decodeOn}
 * says (the event loop of the branch's shard), so that loop only parses HTTP and the decoding of
 * the nation's batches spreads over the shards' loops.
 */
public final class IngestEndpoint {
    public static final String PATH = "/api/v1/ingest";
    private static final System.Logger LOG = System.getLogger(IngestEndpoint.class.getName());
    private static final String AGENT = "didban.agent";

    private final AgentRegistry agents;
    private final Inventory inventory;
    private BatchDestination shards;
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

    /**
     * Where a branch's batches are decoded and checked: an executor that runs on another event
     * loop (null, or no function: here, on the HTTP event loop). The answer always comes from the
     * HTTP event loop. Call before {@link #mount}.
     */
    public IngestEndpoint decodeOn(java.util.function.Function<String, java.util.concurrent.Executor> place) {
        this.decodingPlace = place;
        return this;
    }

    private java.util.function.Function<String, java.util.concurrent.Executor> decodingPlace;

    /** What decoding made of a body: a batch and its first device not of its branch, or why not. */
    private record Decoded(SiteBatch batch, String stranger, MalformedBatchException malformed, Throwable failure) {
    }

    private Decoded decode(byte[] body) {
        try {
            SiteBatch batch = codec.decode(body);
            return new Decoded(batch, firstStranger(batch), null, null);
        } catch (MalformedBatchException e) {
            return new Decoded(null, null, e, null);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // answered 500 on the HTTP loop rather than lost on the shard's
            return new Decoded(null, null, null, e);
        }
    }

    /** Where accepted batches are applied (in a cluster, the owner of their county). Call before {@link #mount}. */
    public IngestEndpoint destination(BatchDestination destination) {
        this.shards = java.util.Objects.requireNonNull(destination, "destination");
        return this;
    }

    public void mount(Router router) {
        // Authentication looks at the header only and comes first, so a stranger cannot make
        // the collector buffer megabytes. It is a route of its own because a route may not put
        // a body handler after a user handler.
        // Rate limits (docs/SECURITY.md "Replay, time and input limits"): the source address
        // before anything else, the agent as soon as it is known and before its body is read.
        router.post(PATH).handler(this::limitAddress);
        router.post(PATH).handler(this::authenticate);
        router.post(PATH).handler(this::limitAgent);
        router.post(PATH)
                .handler(BodyHandler.create(false).setBodyLimit(bodyLimit))
                .handler(this::accept)
                .failureHandler(this::failed);
    }

    private void authenticate(RoutingContext ctx) {
        if (agentTls != null) {
            // certificate mode (docs/SECURITY.md "Agent identity"): the client certificate is the credential
            org.didban.collector.enroll.AgentTls.Verdict v = agentTls.authenticate(ctx, agents);
            if (v.agent() == null) {
                refuse(ctx, v.status() == 403 ? RejectReason.WRONG_BRANCH : RejectReason.UNAUTHORIZED, v.message());
                return;
            }
            ctx.put(AGENT, v.agent());
            ctx.put(CREDENTIAL, "certificate");
            ctx.next();
            return;
        }
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        Optional<Agent> agent = agents.authenticate(bearerToken(header));
        if (agent.isEmpty()) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            refuse(ctx, RejectReason.UNAUTHORIZED, header == null
                    ? "missing header 'Authorization: Bearer <token>'" : "unknown agent or bad token");
            return;
        }
        ctx.put(AGENT, agent.get());
        ctx.put(CREDENTIAL, "token");
        ctx.next();
    }

    // ---- agent identity (docs/SECURITY.md "Agent identity"): certificate mode and the spoofing alarm

    private static final String CREDENTIAL = "didban.credential";
    private org.didban.collector.enroll.AgentTls agentTls;
    private org.didban.collector.enroll.SpoofingAlarm spoofing;

    /**
     * Agents prove themselves with client certificates of {@code tls} instead of tokens (null:
     * tokens), and a batch for another branch than its credential's raises {@code spoofing}
     * (null: only refused). Call before {@link #mount}.
     */
    public IngestEndpoint identity(org.didban.collector.enroll.AgentTls tls,
                                   org.didban.collector.enroll.SpoofingAlarm spoofing) {
        this.agentTls = tls;
        this.spoofing = spoofing;
        return this;
    }

    private void spoofed(RoutingContext ctx, Agent agent, SiteBatch batch) {
        if (spoofing != null) {
            String source = ctx.request().remoteAddress() == null ? "" : ctx.request().remoteAddress().hostAddress();
            String credential = ctx.get(CREDENTIAL);
            spoofing.raise(agent.id(), agent.branchCode(), batch.branch(), credential == null ? "token" : credential, source);
        }
    }

    private void accept(RoutingContext ctx) {
        Agent agent = ctx.get(AGENT);
        Buffer body = ctx.body().buffer();
        byte[] bytes = body == null ? new byte[0] : body.getBytes();
        io.vertx.core.Context here = io.vertx.core.Vertx.currentContext();
        java.util.concurrent.Executor there = decodingPlace == null || here == null ? null
                : decodingPlace.apply(agent.branchCode());
        if (there == null) {
            decoded(ctx, agent, decode(bytes));
            return;
        }
        there.execute(() -> {
            Decoded d = decode(bytes);
            here.runOnContext(v -> decoded(ctx, agent, d));
        });
    }

    /**
     * On the HTTP event loop again, with the body decoded. Outside the router's call now, so
     * whatever throws here is answered 500 here: an agent must never wait for an answer that
     * will not come.
     */
    private void decoded(RoutingContext ctx, Agent agent, Decoded decoded) {
        try {
            judge(ctx, agent, decoded);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "a batch of " + agent.id() + " could not be taken", e);
            if (!ctx.response().ended() && !ctx.response().headWritten()) {
                Replies.error(ctx, 500, "the collector could not take the batch; retry it");
            }
        }
    }

    private void judge(RoutingContext ctx, Agent agent, Decoded decoded) {
        if (decoded.failure() != null) {
            LOG.log(Level.ERROR, "decoding a batch of " + agent.id() + " failed", decoded.failure());
            Replies.error(ctx, 500, "the collector could not read the batch; retry it");
            return;
        }
        if (decoded.malformed() != null) {
            refuse(ctx, RejectReason.MALFORMED, decoded.malformed().getMessage());
            return;
        }
        SiteBatch batch = decoded.batch();
        if (!batch.agent().equals(agent.id())) {
            refuse(ctx, RejectReason.WRONG_BRANCH, "the batch names agent '" + batch.agent()
                    + "' but the token is agent '" + agent.id() + "''s");
            return;
        }
        if (!batch.branch().equals(agent.branchCode())) {
            spoofed(ctx, agent, batch);
            refuse(ctx, RejectReason.WRONG_BRANCH, "agent '" + agent.id() + "' speaks for branch '"
                    + agent.branchCode() + "', not '" + batch.branch() + "'");
            return;
        }
        String stranger = decoded.stranger();
        if (stranger != null) {
            refuse(ctx, RejectReason.UNKNOWN_DEVICE, "device '" + stranger + "' is not in the inventory of branch '"
                    + batch.branch() + "'; nothing of this batch was applied");
            return;
        }
        SiteBatch timedBatch = timed(agent, batch, sendClock(ctx));
        shards.apply(agent.id(), timedBatch).onComplete(done -> {
            if (done.failed() && done.cause() instanceof BranchMovingException) {
                // nothing applied: the agent sends it again, here or to another collector
                metrics.rejected(RejectReason.MOVING);
                ctx.response().putHeader("Retry-After", "1");
                Replies.error(ctx, 503, done.cause().getMessage());
                return;
            }
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
                history.samples(inventory.branch(batch.branch()), timedBatch.samples());
            }
            Replies.json(ctx, 200, reply);
        });
    }

    // ---- replay, time and input limits (docs/SECURITY.md "Replay, time and input limits")

    private IngestLimits limits = IngestLimits.DEFAULT;
    private java.util.function.LongSupplier wallMillis = System::currentTimeMillis;
    private java.util.function.LongSupplier monoNanos = System::nanoTime;
    private TokenBuckets addressBuckets;
    private AgentBuckets agentBuckets;
    private ClockSkew clockSkew;

    /** Other rate limits and skew bound than {@link IngestLimits#DEFAULT}. Call before {@link #mount}. */
    public IngestEndpoint limits(IngestLimits limits) {
        this.limits = java.util.Objects.requireNonNull(limits, "limits");
        this.addressBuckets = null;
        this.agentBuckets = null;
        this.clockSkew = null;
        return this;
    }

    /** For tests: the wall clock (receive time) and the monotonic clock (token buckets). Call before {@link #mount}. */
    public IngestEndpoint clocks(java.util.function.LongSupplier wallMillis, java.util.function.LongSupplier monoNanos) {
        this.wallMillis = wallMillis;
        this.monoNanos = monoNanos;
        return limits(limits);
    }

    private TokenBuckets addressBuckets() {
        if (addressBuckets == null) {
            addressBuckets = new TokenBuckets(limits.addressSlots(), limits.addressBurst(), limits.addressPerSecond(), monoNanos);
        }
        return addressBuckets;
    }

    private AgentBuckets agentBuckets() {
        if (agentBuckets == null) {
            agentBuckets = new AgentBuckets(limits.agentBurst(), limits.agentPerSecond(), monoNanos);
        }
        return agentBuckets;
    }

    private ClockSkew clockSkew() {
        if (clockSkew == null) {
            clockSkew = new ClockSkew(limits.clockSkewMillis(), limits.skewWindowMillis());
        }
        return clockSkew;
    }

    private void limitAddress(RoutingContext ctx) {
        io.vertx.core.net.SocketAddress from = ctx.request().remoteAddress();
        String address = from == null || from.hostAddress() == null ? "" : from.hostAddress();
        long wait = addressBuckets().take(address);
        if (wait > 0) {
            tooMany(ctx, RejectReason.RATE_LIMITED_ADDRESS, wait, "too many requests from " + address);
            return;
        }
        ctx.next();
    }

    private void limitAgent(RoutingContext ctx) {
        Agent agent = ctx.get(AGENT);
        long wait = agentBuckets().take(agent.id());
        if (wait > 0) {
            tooMany(ctx, RejectReason.RATE_LIMITED_AGENT, wait, "agent '" + agent.id() + "' sends too fast");
            return;
        }
        ctx.next();
    }

    private void tooMany(RoutingContext ctx, RejectReason reason, long waitNanos, String message) {
        long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
        ctx.response().putHeader("Retry-After", Long.toString(seconds));
        // the body may still be coming: close after the reply rather than read it
        ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        refuse(ctx, reason, message + "; retry after " + seconds + " s");
    }

    /**
     * The agent's clock against ours: skew beyond the bound is counted and, at most once per
     * agent and window, raised as an {@code agent_clock_skew} event in the batch itself (so a
     * replayed batch raises nothing twice); samples and events stamped beyond the bound in the
     * future are stamped with the receive time so they cannot poison rates or history.
     */
    /** The agent's clock when it sent the request ({@link ClockSkew#SEND_CLOCK_HEADER}); 0 when absent or not a number. */
    private static long sendClock(RoutingContext ctx) {
        String h = ctx.request().getHeader(ClockSkew.SEND_CLOCK_HEADER);
        if (h == null || h.isEmpty() || h.length() > 19) {
            return 0;
        }
        try {
            return Long.parseLong(h.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private SiteBatch timed(Agent agent, SiteBatch batch, long sendClock) {
        long receivedAt = wallMillis.getAsLong();
        ClockSkew.Verdict v = clockSkew().observe(agent.id(), batch.sentAt(), sendClock, receivedAt);
        long latest = receivedAt + limits.clockSkewMillis();
        int clamped = 0;
        java.util.List<Sample> samples = batch.samples();
        java.util.List<Event> events = batch.events();
        for (Sample s : samples) {
            clamped += s.timestamp() > latest ? 1 : 0;
        }
        for (Event e : events) {
            clamped += e.timestamp() > latest ? 1 : 0;
        }
        if (clamped > 0) {
            samples = samples.stream().map(s -> s.timestamp() > latest
                    ? new Sample(s.device(), s.metric(), s.labels(), s.value(), receivedAt) : s).toList();
            events = events.stream().map(e -> e.timestamp() > latest
                    ? new Event(e.device(), e.type(), e.attributes(), receivedAt) : e).toList();
            metrics.clamped(clamped);
        }
        if (v.skewed()) {
            metrics.skewed(v);
        }
        Device at = v.report() ? skewDevice(batch.branch()) : null;
        if (at != null) {
            java.util.List<Event> withSkew = new java.util.ArrayList<>(events);
            withSkew.add(new Event(at.id(), org.didban.model.EventTypes.AGENT_CLOCK_SKEW, java.util.Map.of(
                    org.didban.model.EventTypes.ATTR_AGENT, agent.id(),
                    org.didban.model.EventTypes.ATTR_SKEW_SECONDS, Long.toString(v.skewMillis() / 1000),
                    org.didban.model.EventTypes.ATTR_DIRECTION, v.direction()), receivedAt));
            events = withSkew;
        }
        if (clamped == 0 && at == null) {
            return batch;
        }
        return new SiteBatch(batch.agent(), batch.branch(), batch.epoch(), batch.seq(), batch.sentAt(), samples, events);
    }

    /** The branch's router, else its first device: where collector-raised events of a branch go. */
    private Device skewDevice(String branchCode) {
        Device first = null;
        for (Device d : inventory.devicesOf(branchCode)) {
            if (d.role() == org.didban.model.DeviceRole.ROUTER) {
                return d;
            }
            if (first == null) {
                first = d;
            }
        }
        return first;
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
