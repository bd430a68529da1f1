package org.didban.collector.agentconfig;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Optional;
import org.didban.collector.http.Replies;
import org.didban.collector.inventory.Agent;
import org.didban.collector.inventory.AgentRegistry;

/**
 * {@code GET /api/v1/agents/{agentId}/config}: the site config of one agent, as the YAML its
 * {@code SiteConfigReader} reads, from {@code <dir>/<agentId>.yaml} ({@code didban serve
 * --agent-configs DIR}). Only that agent's own bearer token gets it (401 without a known token,
 * 403 with another agent's): the file holds its token and SNMP passphrases. A strong ETag over
 * the bytes; {@code If-None-Match} with it answers 304 without a body. Files are read on a worker
 * thread and cached by modification time, so an unchanged config costs a {@code stat}.
 */
public final class AgentConfigEndpoint {
    public static final String PATH = "/api/v1/agents/:agentId/config";
    public static final String YAML = "application/yaml; charset=utf-8";
    private static final System.Logger LOG = System.getLogger(AgentConfigEndpoint.class.getName());

    private final Vertx vertx;
    private final AgentRegistry agents;
    private final AgentConfigFiles files;

    /** {@code dir} null: the collector has no agent configs, and the endpoint says so (404). */
    public AgentConfigEndpoint(Vertx vertx, AgentRegistry agents, Path dir) {
        this.vertx = vertx;
        this.agents = agents;
        this.files = dir == null ? null : new AgentConfigFiles(dir);
    }

    private org.didban.collector.enroll.AgentTls agentTls;

    /** Agents prove themselves with client certificates of {@code tls} instead of tokens (null: tokens). */
    public AgentConfigEndpoint identity(org.didban.collector.enroll.AgentTls tls) {
        this.agentTls = tls;
        return this;
    }

    public void mount(Router router) {
        router.get(PATH).handler(this::serve);
    }

    private void serve(RoutingContext ctx) {
        String wanted = ctx.pathParam("agentId");
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        Optional<Agent> agent;
        if (agentTls != null) {
            // certificate mode (docs/SECURITY.md "Agent identity")
            org.didban.collector.enroll.AgentTls.Verdict v = agentTls.authenticate(ctx, agents);
            if (v.agent() == null) {
                Replies.error(ctx, v.status(), v.message());
                return;
            }
            agent = Optional.of(v.agent());
        } else {
            agent = agents.authenticate(bearerToken(header));
        }
        if (agent.isEmpty()) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            Replies.error(ctx, 401, header == null ? "missing header 'Authorization: Bearer <token>'" : "unknown agent or bad token");
            return;
        }
        if (!agent.get().id().equals(wanted)) {
            Replies.error(ctx, 403, "the token is agent '" + agent.get().id() + "''s, not '" + wanted + "''s");
            return;
        }
        if (files == null) {
            Replies.error(ctx, 404, "this collector serves no agent configs (start it with --agent-configs DIR)");
            return;
        }
        String branch = agent.get().branchCode();
        vertx.executeBlocking(() -> files.load(wanted, branch), false).onComplete(done -> {
            if (done.failed()) {
                if (done.cause() instanceof AgentConfigFiles.Unavailable u) {
                    if (u.status() >= 500) {
                        LOG.log(Level.ERROR, u.getMessage());
                    }
                    Replies.error(ctx, u.status(), u.getMessage());
                } else {
                    LOG.log(Level.ERROR, "serving the config of agent " + wanted + " failed", done.cause());
                    Replies.error(ctx, 500, "internal error");
                }
                return;
            }
            AgentConfigFiles.Served served = done.result();
            if (ctx.response().ended()) {
                return;
            }
            ctx.response().putHeader(HttpHeaders.ETAG, served.etag())
                    // it holds secrets: no shared cache may keep it; the agent revalidates with the ETag
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            if (matches(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), served.etag())) {
                ctx.response().setStatusCode(304).end();
                return;
            }
            ctx.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, YAML).end(Buffer.buffer(served.yaml()));
        });
    }

    /** RFC 9110 If-None-Match: {@code *} or a list of tags, compared weakly (a W/ prefix is ignored). */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String t = candidate.trim();
            if (t.equals("*")) {
                return true;
            }
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static String bearerToken(String header) {
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }
}
