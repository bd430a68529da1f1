package org.didban.collector.cluster;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.didban.collector.enroll.CertificateAuthority;
import org.didban.collector.enroll.Pem;

/**
 * The event bus between a cluster's collectors over mutual TLS. The bus carries agents' batches
 * (already authenticated by the collector that took them) and people's acknowledgements, so a
 * stranger on the cluster network must neither read it nor speak on it. Every collector is given
 * the same cluster CA, its own and no other (not the agents' CA: an agent's certificate must not
 * open the bus); at start it issues itself a certificate for its cluster host that names the
 * cluster ({@code didban:cluster:<name>}, for whoever reads it; the bus checks the chain, not
 * names), and it takes a connection, either way, only from a certificate of that CA. So one CA
 * per cluster, never shared with another cluster, and never the agents' CA (refused here, as the
 * agents' side refuses this one).
 */
public final class ClusterTls {
    public static final String CA_NAME = "Didban cluster CA";
    static final String CLUSTER_URI_PREFIX = "didban:cluster:";
    static final Duration MEMBER_VALIDITY = Duration.ofDays(365);

    private final CertificateAuthority ca;
    private final CertificateAuthority.Issued member;
    private ClusterTls(CertificateAuthority ca, CertificateAuthority.Issued member) {
        this.ca = ca;
        this.member = member;
    }

    /** Makes a new cluster CA in {@code dir} (refused if one is there). Blocking. */
    public static CertificateAuthority createCa(Path dir) throws IOException, GeneralSecurityException {
        Files.createDirectories(dir);
        return CertificateAuthority.create(dir, CA_NAME);
    }

    /**
     * This collector's side of the cluster's TLS: the cluster CA in {@code dir} and a certificate
     * for {@code host} issued now. Blocking.
     */
    public static ClusterTls open(Path dir, String clusterName, String host) throws IOException, GeneralSecurityException {
        Path key = dir.resolve(CertificateAuthority.KEY_FILE);
        Path cert = dir.resolve(CertificateAuthority.CERT_FILE);
        if (!Files.isRegularFile(key) || !Files.isRegularFile(cert)) {
            throw new NoSuchFileException(dir + " holds no cluster CA (" + CertificateAuthority.KEY_FILE + ", "
                    + CertificateAuthority.CERT_FILE + "): make one with 'didban cluster-ca --dir " + dir
                    + "' and copy that directory to every collector");
        }
        CertificateAuthority ca = CertificateAuthority.load(key, cert);
        String cn = org.didban.agent.identity.AgentIdentity.commonName(ca.certificate());
        if (!CA_NAME.equals(cn)) {
            // The agents' CA above all: every enrolled agent holds a certificate of it.
            throw new GeneralSecurityException(dir + " holds '" + cn + "', not a cluster CA: make one with"
                    + " 'didban cluster-ca --dir DIR'");
        }
        String uri = CLUSTER_URI_PREFIX + clusterName;
        return new ClusterTls(ca, ca.issuePeer(List.of(host), uri, MEMBER_VALIDITY));
    }

    /** The certificate this collector shows the others. */
    public X509Certificate certificate() {
        return member.certificate();
    }

    /** The event bus's options with mutual TLS on: this collector's certificate, the cluster's trust. */
    public EventBusOptions secure(EventBusOptions options) {
        // PEM values, not wrapped key managers: the event bus copies its options through JSON.
        return options.setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setKeyValue(Buffer.buffer(Pem.privateKey(member.key())))
                        .setCertValue(Buffer.buffer(Pem.certificate(member.certificate()) + Pem.certificate(ca.certificate()))))
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(Pem.certificate(ca.certificate()))))
                .setClientAuth(ClientAuth.REQUIRED);
    }
}
