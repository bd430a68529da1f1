package org.didban.collector.enroll;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.didban.collector.http.Replies;
import org.didban.collector.inventory.Agent;
import org.didban.collector.inventory.AgentRegistry;
import org.didban.collector.ledger.AlertLedger;

/**
 * {@code POST /api/v1/enroll}: an agent trades a one-time code and a PKCS#10 request (its own
 * EC P-256 key, which never leaves it) for a certificate of the collector's CA bound to its
 * branch. Body: {@code {"agent": ID, "code": CODE, "csr": PEM}}; reply: {@code certificate},
 * {@code chain} (certificate then CA), {@code ca}, {@code serial}, {@code not_after}. Only over
 * HTTPS. The code is burned by any attempt that names it; every refusal is counted by reason
 * ({@code didban_enroll_refused_total}) and audited ({@code agent_enroll_refused}), every
 * enrollment audited ({@code agent_enrolled}).
 */
public final class EnrollEndpoint {
    public static final String PATH = "/api/v1/enroll";
    private static final System.Logger LOG = System.getLogger(EnrollEndpoint.class.getName());

    private final AgentTls tls;
    private final AgentRegistry agents;
    private final AlertLedger ledger;
    private final Counter enrolled;
    private final Counter refused;

    public EnrollEndpoint(AgentTls tls, AgentRegistry agents, AlertLedger ledger, PrometheusRegistry registry) {
        this.tls = tls;
        this.agents = agents;
        this.ledger = ledger;
        this.enrolled = Counter.builder().name("didban_enroll_issued_total")
                .help("Agent certificates issued by enrollment.").register(registry);
        this.refused = Counter.builder().name("didban_enroll_refused_total")
                .help("Enrollment attempts refused, by reason.").labelNames("reason").register(registry);
    }

    public void mount(Router router) {
        router.post(PATH).handler(BodyHandler.create(false).setBodyLimit(64 * 1024)).handler(this::enroll);
    }

    /**
     * Enrollment is open to the WAN (an agent has nothing else yet): per source address, 10
     * attempts at once and then one every 6 s, so that nobody can flood the ledger's audit chain
     * or the codes file with refusals. Refused without an audit record, counted.
     */
    private final org.didban.collector.ingest.TokenBuckets attempts =
            new org.didban.collector.ingest.TokenBuckets(4_096, 10, 1.0 / 6, System::nanoTime);

    private void enroll(RoutingContext ctx) {
        String source = ctx.request().remoteAddress() == null ? "" : ctx.request().remoteAddress().hostAddress();
        long wait = attempts.take(source);
        if (wait > 0) {
            refused.labelValues("rate_limited").inc();
            ctx.response().putHeader("Retry-After", Long.toString(Math.max(1, (wait + 999_999_999L) / 1_000_000_000L)));
            Replies.error(ctx, 429, "too many enrollment attempts from this address; try again later");
            return;
        }
        if (!ctx.request().isSSL()) {
            refuse(ctx, 403, "not_tls", null, source, "enrollment only over HTTPS");
            return;
        }
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            body = null;
        }
        if (body == null || !(body.getValue("agent") instanceof String) || !(body.getValue("code") instanceof String)
                || !(body.getValue("csr") instanceof String)) {
            refuse(ctx, 400, "malformed", null, source, "the body must be JSON with string fields agent, code and csr");
            return;
        }
        String agentId = body.getString("agent");
        String code = body.getString("code");
        PKCS10CertificationRequest csr;
        try {
            csr = new PKCS10CertificationRequest(Pem.der(body.getString("csr"), "CERTIFICATE REQUEST"));
        } catch (RuntimeException | java.io.IOException e) {
            refuse(ctx, 400, "malformed", agentId, source, "csr is not a PEM PKCS#10 certificate request");
            return;
        }
        ctx.vertx().executeBlocking(() -> {
            long now = System.currentTimeMillis();
            EnrollmentCodes.Redeemed r = tls.codes().redeem(code, now);
            if (r.grant() == null) {
                return Outcome.refused(r.refusal().name().toLowerCase(java.util.Locale.ROOT),
                        "the enrollment code is " + (r.refusal() == EnrollmentCodes.Refusal.UNKNOWN ? "not known"
                                : r.refusal() == EnrollmentCodes.Refusal.USED ? "already used" : "expired")
                                + "; ask the operator for a new one (didban agents enroll-code)");
            }
            if (!r.grant().agentId().equals(agentId)) {
                return Outcome.refused("agent_mismatch", "the enrollment code is not for agent '" + agentId
                        + "'; it is burned now, ask for a new one");
            }
            Agent agent = agents.agent(agentId);
            if (agent == null || !agent.branchCode().equals(r.grant().branchCode())) {
                return Outcome.refused("not_in_inventory", "agent '" + agentId + "' is not in the inventory at branch '"
                        + r.grant().branchCode() + "'");
            }
            X509Certificate cert;
            try {
                cert = tls.ca().issueAgent(agentId, agent.branchCode(), csr, tls.agentValidity());
            } catch (GeneralSecurityException e) {
                return Outcome.refused("bad_csr", "the certificate request is refused: " + e.getMessage());
            }
            // enrolling again is what one does when a key may be lost: the agent's earlier
            // certificates end with the new one
            List<String> superseded = tls.revocations().revokeAgent(agentId, now);
            tls.revocations().recordIssued(cert, agentId, agent.branchCode(), now);
            return new Outcome(cert, null, agent.branchCode(), superseded);
        }, false).onComplete(done -> {
            if (done.failed()) {
                LOG.log(System.Logger.Level.ERROR, "enrollment of " + agentId + " failed", done.cause());
                Replies.error(ctx, 500, "the collector could not enroll the agent; retry later");
                return;
            }
            Outcome o = done.result();
            if (o.cert() == null) {
                refuse(ctx, 403, o.reason(), agentId, source, o.message());
                return;
            }
            X509Certificate cert = o.cert();
            String serial = CertificateAuthority.serialHex(cert.getSerialNumber());
            enrolled.inc();
            audit("agent_enrolled", agentId, new JsonObject().put("branch", o.message()).put("serial", serial)
                    .put("revoked", new io.vertx.core.json.JsonArray(o.superseded()))
                    .put("not_after", Instant.ofEpochMilli(cert.getNotAfter().getTime()).toString()).put("source", source));
            String leaf = Pem.certificate(cert);
            String caPem = Pem.certificate(tls.ca().certificate());
            Replies.json(ctx, 200, new JsonObject().put("agent", agentId).put("branch", o.message())
                    .put("serial", serial).put("not_after", Instant.ofEpochMilli(cert.getNotAfter().getTime()).toString())
                    .put("certificate", leaf).put("chain", leaf + caPem).put("ca", caPem));
        });
    }

    private record Outcome(X509Certificate cert, String reason, String message, List<String> superseded) {
        static Outcome refused(String reason, String message) {
            return new Outcome(null, reason, message, List.of());
        }
    }

    private void refuse(RoutingContext ctx, int status, String reason, String agentId, String source, String message) {
        refused.labelValues(reason).inc();
        audit("agent_enroll_refused", agentId == null ? "unknown" : agentId,
                new JsonObject().put("reason", reason).put("source", source));
        Replies.error(ctx, status, message);
    }

    private void audit(String kind, String actor, JsonObject detail) {
        try {
            ledger.recordAudit(kind, actor, System.currentTimeMillis(), detail).whenComplete((seq, e) -> {
                if (e != null) {
                    LOG.log(System.Logger.Level.ERROR, "audit record " + kind + " of " + actor + " failed: " + e.getMessage());
                }
            });
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "audit record " + kind + " of " + actor + " failed: " + e.getMessage());
        }
    }
}
