package org.didban.collector.enroll;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;
import org.didban.collector.inventory.Agent;
import org.didban.collector.inventory.AgentRegistry;

/**
 * Agent identity by certificate: the CA, the enrollment codes and the revocations kept in one
 * data folder, the collector's HTTPS server certificate, and the check of an agent's client
 * certificate on each request. Open it (blocking) and give it to
 * {@code CollectorConfig.Builder#agentTls}: the collector then serves HTTPS only, asks every
 * client for a certificate of this CA, and takes agents' batches and configuration requests only
 * with a valid, unrevoked one.
 */
public final class AgentTls {
    public static final Duration DEFAULT_AGENT_VALIDITY = Duration.ofDays(365);
    private static final long REFRESH_EVERY_MS = 2_000;

    private final Path dataDir;
    private final CertificateAuthority ca;
    private final EnrollmentCodes codes;
    private final Revocations revocations;
    private final CertificateAuthority.Issued server;
    private final Duration agentValidity;
    private final AtomicLong lastRefresh = new AtomicLong();

    private AgentTls(Path dataDir, CertificateAuthority ca, CertificateAuthority.Issued server, Duration agentValidity)
            throws IOException {
        this.dataDir = dataDir;
        this.ca = ca;
        this.codes = new EnrollmentCodes(dataDir);
        this.revocations = new Revocations(dataDir);
        this.server = server;
        this.agentValidity = agentValidity;
    }

    /**
     * Opens (on the first start: makes) the CA in {@code dataDir} and issues the collector a
     * server certificate for {@code serverNames} (host names and IP addresses agents use).
     * Blocking.
     */
    public static AgentTls open(Path dataDir, List<String> serverNames) throws IOException, GeneralSecurityException {
        return open(dataDir, serverNames, DEFAULT_AGENT_VALIDITY);
    }

    public static AgentTls open(Path dataDir, List<String> serverNames, Duration agentValidity)
            throws IOException, GeneralSecurityException {
        Files.createDirectories(dataDir);
        CertificateAuthority ca = CertificateAuthority.openOrCreate(dataDir);
        return new AgentTls(dataDir, ca, ca.issueServer(serverNames, Duration.ofDays(365)), agentValidity);
    }

    public Path dataDir() {
        return dataDir;
    }

    public CertificateAuthority ca() {
        return ca;
    }

    public EnrollmentCodes codes() {
        return codes;
    }

    public Revocations revocations() {
        return revocations;
    }

    public Duration agentValidity() {
        return agentValidity;
    }

    /** HTTPS with the server certificate; client certificates of this CA asked for (not required by TLS). */
    public HttpServerOptions secure(HttpServerOptions options) {
        try {
            char[] pw = "didban".toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("server", server.key(), pw, new Certificate[] {server.certificate(), ca.certificate()});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, pw);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("didban-ca", ca.certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            return options.setSsl(true).setKeyCertOptions(KeyCertOptions.wrap(kmf))
                    .setTrustOptions(TrustOptions.wrap(tmf)).setClientAuth(ClientAuth.REQUEST);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up the collector's TLS: " + e.getMessage(), e);
        }
    }

    /** An authenticated agent, or why not (status and message). */
    public record Verdict(Agent agent, int status, String message) {
        static Verdict refused(int status, String message) {
            return new Verdict(null, status, message);
        }
    }

    /**
     * The agent the request's client certificate names, if the certificate is this CA's, valid,
     * not revoked, and bound to the branch the registry has for the agent. Never blocks: a
     * changed revocation file is re-read on a worker thread, at most every 2 s.
     */
    public Verdict authenticate(RoutingContext ctx, AgentRegistry agents) {
        refreshSoon(ctx.vertx());
        if (!ctx.request().isSSL()) {
            return Verdict.refused(401, "this collector takes agents over HTTPS with a client certificate only");
        }
        SSLSession session = ctx.request().sslSession();
        Certificate[] peer;
        try {
            peer = session == null ? null : session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            peer = null;
        }
        if (peer == null || peer.length == 0 || !(peer[0] instanceof X509Certificate)) {
            return Verdict.refused(401, "no client certificate: enroll the agent first (didban-agent enroll)");
        }
        X509Certificate cert = (X509Certificate) peer[0];
        try {
            cert.verify(ca.publicKey());
            cert.checkValidity();
        } catch (GeneralSecurityException e) {
            return Verdict.refused(401, "the client certificate is not a valid one of this collector's CA");
        }
        if (!forClients(cert)) {
            // the collector's own server certificate is of this CA too: it must not open the agent API
            return Verdict.refused(401, "the certificate is not one for agents (no client-auth usage)");
        }
        if (revocations.isRevoked(cert.getSerialNumber())) {
            return Verdict.refused(401, "the client certificate " + CertificateAuthority.serialHex(cert.getSerialNumber())
                    + " is revoked; enroll the agent again");
        }
        String id = CertificateAuthority.agentOf(cert);
        String branch = CertificateAuthority.branchOf(cert);
        Agent agent = id == null ? null : agents.agent(id);
        if (agent == null || branch == null) {
            return Verdict.refused(401, "the client certificate names no agent this collector knows");
        }
        if (!agent.branchCode().equals(branch)) {
            return Verdict.refused(403, "the certificate binds agent '" + id + "' to branch '" + branch
                    + "' but the inventory has it at '" + agent.branchCode() + "'; enroll it again");
        }
        return new Verdict(agent, 200, null);
    }

    /** The TLS client-authentication purpose (RFC 5280, id-kp-clientAuth). */
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    static boolean forClients(X509Certificate cert) {
        try {
            java.util.List<String> usage = cert.getExtendedKeyUsage();
            return usage != null && usage.contains(CLIENT_AUTH);
        } catch (java.security.cert.CertificateParsingException e) {
            return false;
        }
    }

    private long watchTimer = -1;

    /**
     * Re-reads the revocation file every 2 s on a worker, whether or not agents call: a
     * certificate revoked by {@code didban agents revoke} in another process is refused at its
     * first request after that, not only at the request after one that noticed the change.
     */
    public synchronized void watchRevocations(Vertx vertx) {
        if (watchTimer < 0) {
            watchTimer = vertx.setPeriodic(REFRESH_EVERY_MS, id -> vertx.executeBlocking(() -> {
                revocations.refresh();
                lastRefresh.set(System.currentTimeMillis());
                return null;
            }, false).onFailure(e -> System.getLogger(AgentTls.class.getName()).log(System.Logger.Level.WARNING,
                    "the revocation list could not be re-read; the last one read stays in force: " + e)));
        }
    }

    public synchronized void stopWatching(Vertx vertx) {
        if (watchTimer >= 0) {
            vertx.cancelTimer(watchTimer);
            watchTimer = -1;
        }
    }

    private void refreshSoon(Vertx vertx) {
        long now = System.currentTimeMillis();
        long last = lastRefresh.get();
        if (now - last < REFRESH_EVERY_MS || !lastRefresh.compareAndSet(last, now)) {
            return;
        }
        vertx.executeBlocking(() -> {
            revocations.refresh();
            return null;
        }, false);
    }
}
