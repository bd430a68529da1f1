package org.didban.collector.enroll;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;

/**
 * The collector's own certificate authority for agent identities: an EC P-256 key and a
 * self-signed certificate valid ten years. It signs agents' certificates (the agent id as CN, the
 * branch as the SAN URI {@code didban:branch:<code>}, client authentication only) and the
 * collector's server certificate. BouncyCastle builds the certificates; keys and signatures are
 * the JDK's own providers (no provider is registered).
 */
public final class CertificateAuthority {
    public static final String BRANCH_URI_PREFIX = "didban:branch:";
    public static final String KEY_FILE = "ca-key.pem";
    public static final String CERT_FILE = "ca-cert.pem";
    static final Duration CA_VALIDITY = Duration.ofDays(3653);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Duration BACKDATE = Duration.ofMinutes(5);

    private final PrivateKey key;
    private final X509Certificate cert;
    private final SecureRandom random = new SecureRandom();

    private CertificateAuthority(PrivateKey key, X509Certificate cert) {
        this.key = key;
        this.cert = cert;
    }

    /** An issued certificate and its private key (for the collector's server certificate). */
    public record Issued(PrivateKey key, X509Certificate certificate) {
    }

    /**
     * The CA in {@code dir}: {@value #KEY_FILE} (0600) and {@value #CERT_FILE}; made there on the
     * first start. Blocking.
     */
    public static CertificateAuthority openOrCreate(Path dir) throws IOException, GeneralSecurityException {
        Path keyFile = dir.resolve(KEY_FILE);
        Path certFile = dir.resolve(CERT_FILE);
        if (Files.exists(keyFile) || Files.exists(certFile)) {
            CertificateAuthority ca = load(keyFile, certFile);
            if (org.didban.collector.cluster.ClusterTls.CA_NAME.equals(
                    org.didban.agent.identity.AgentIdentity.commonName(ca.certificate()))) {
                // its certificates open the collectors' event bus: no agent may hold one
                throw new GeneralSecurityException(dir + " holds the cluster's CA, not an agents' CA");
            }
            return ca;
        }
        return create(dir, "Didban agent CA");
    }

    /**
     * A new CA named {@code commonName} in {@code dir}, as {@link #openOrCreate} makes one; refused
     * when the directory holds a CA already. Blocking.
     */
    public static CertificateAuthority create(Path dir, String commonName) throws IOException, GeneralSecurityException {
        Path keyFile = dir.resolve(KEY_FILE);
        Path certFile = dir.resolve(CERT_FILE);
        if (Files.exists(keyFile) || Files.exists(certFile)) {
            throw new java.nio.file.FileAlreadyExistsException(dir + " holds a CA already");
        }
        KeyPair pair = newKeyPair();
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Didban")
                .addRDN(BCStyle.CN, commonName).build();
        long now = System.currentTimeMillis();
        BigInteger serial = new BigInteger(127, new SecureRandom()).setBit(126);
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial,
                new Date(now - BACKDATE.toMillis()), new Date(now + CA_VALIDITY.toMillis()), name, pair.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        X509Certificate cert = sign(b, pair.getPrivate());
        Pem.writeOwnerOnly(keyFile, Pem.privateKey(pair.getPrivate()));
        Pem.writePublic(certFile, Pem.certificate(cert));
        return new CertificateAuthority(pair.getPrivate(), cert);
    }

    /** A CA given as files (an operator's own, or one made earlier). Blocking. */
    public static CertificateAuthority load(Path keyFile, Path certFile) throws IOException, GeneralSecurityException {
        PrivateKey key = Pem.ecPrivateKey(Files.readString(keyFile, StandardCharsets.US_ASCII));
        List<X509Certificate> certs = Pem.certificates(Files.readString(certFile, StandardCharsets.US_ASCII));
        if (certs.isEmpty()) {
            throw new GeneralSecurityException("no certificate in " + certFile);
        }
        return new CertificateAuthority(key, certs.get(0));
    }

    public X509Certificate certificate() {
        return cert;
    }

    public PublicKey publicKey() {
        return cert.getPublicKey();
    }

    /**
     * Signs an agent's request: the CSR's signature must hold and its key be EC P-256; the subject
     * is set here (the CSR's own subject is not trusted).
     */
    public X509Certificate issueAgent(String agentId, String branchCode, PKCS10CertificationRequest csr, Duration validity)
            throws GeneralSecurityException {
        checkId("agent id", agentId);
        checkId("branch code", branchCode);
        PublicKey agentKey;
        try {
            agentKey = KeyFactory.getInstance("EC").generatePublic(
                    new X509EncodedKeySpec(csr.getSubjectPublicKeyInfo().getEncoded()));
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(agentKey))) {
                throw new GeneralSecurityException("the request's signature does not hold");
            }
        } catch (IOException | OperatorCreationException | PKCSException e) {
            throw new GeneralSecurityException("the request cannot be read: " + e.getMessage(), e);
        }
        checkP256(agentKey);
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Didban")
                .addRDN(BCStyle.OU, "branch " + branchCode).addRDN(BCStyle.CN, agentId).build();
        JcaX509v3CertificateBuilder b = builder(subject, agentKey, validity);
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                    new GeneralName(GeneralName.uniformResourceIdentifier, BRANCH_URI_PREFIX + branchCode)));
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        return sign(b, key);
    }

    /** The collector's server certificate for these host names and IP addresses, with a new key. */
    public Issued issueServer(Collection<String> names, Duration validity) throws GeneralSecurityException {
        return issueHost(names, List.of(), validity, KeyPurposeId.id_kp_serverAuth);
    }

    /**
     * A certificate for one member of a group of peers that both connect and accept (collectors of
     * a cluster): server and client use, for these host names and IP addresses, and naming the
     * group by a URI, with a new key.
     */
    public Issued issuePeer(Collection<String> names, String groupUri, Duration validity) throws GeneralSecurityException {
        return issueHost(names, List.of(groupUri), validity, KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);
    }

    private Issued issueHost(Collection<String> names, List<String> uris, Duration validity, KeyPurposeId... purposes)
            throws GeneralSecurityException {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a server certificate needs at least one host name or address");
        }
        KeyPair pair = newKeyPair();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Didban")
                .addRDN(BCStyle.CN, names.iterator().next()).build();
        JcaX509v3CertificateBuilder b = builder(subject, pair.getPublic(), validity);
        List<GeneralName> san = new ArrayList<>();
        for (String n : names) {
            san.add(isAddress(n) ? new GeneralName(GeneralName.iPAddress, n) : new GeneralName(GeneralName.dNSName, n));
        }
        for (String uri : uris) {
            san.add(new GeneralName(GeneralName.uniformResourceIdentifier, uri));
        }
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san.toArray(new GeneralName[0])));
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        return new Issued(pair.getPrivate(), sign(b, key));
    }

    /** The branch a certificate of this CA is bound to, or null. */
    public static String branchOf(X509Certificate cert) {
        try {
            Collection<List<?>> names = cert.getSubjectAlternativeNames();
            if (names == null) {
                return null;
            }
            for (List<?> n : names) {
                if (((Integer) n.get(0)) == GeneralName.uniformResourceIdentifier) {
                    String uri = String.valueOf(n.get(1));
                    if (uri.startsWith(BRANCH_URI_PREFIX)) {
                        return uri.substring(BRANCH_URI_PREFIX.length());
                    }
                }
            }
            return null;
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    /** The agent id (the subject's CN), or null: read as the agent reads its own. */
    public static String agentOf(X509Certificate cert) {
        return org.didban.agent.identity.AgentIdentity.commonName(cert);
    }

    public static String serialHex(BigInteger serial) {
        return serial.toString(16).toLowerCase(Locale.ROOT);
    }

    /** The fingerprint the operator hands the agent: the very function the agent checks it with. */
    public static String sha256(X509Certificate cert) {
        return org.didban.agent.identity.AgentIdentity.sha256(cert);
    }

    static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private JcaX509v3CertificateBuilder builder(X500Name subject, PublicKey subjectKey, Duration validity)
            throws GeneralSecurityException {
        long now = System.currentTimeMillis();
        long notAfter = Math.min(now + validity.toMillis(), cert.getNotAfter().getTime());
        BigInteger serial = new BigInteger(127, random).setBit(126);
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(cert, serial,
                new Date(now - BACKDATE.toMillis()), new Date(notAfter), subject, subjectKey);
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(cert));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey));
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        return b;
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) throws GeneralSecurityException {
        try {
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key);
            return new JcaX509CertificateConverter().getCertificate(b.build(signer));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static void checkP256(PublicKey k) throws GeneralSecurityException {
        if (!(k instanceof ECPublicKey) || ((ECPublicKey) k).getParams().getCurve().getField().getFieldSize() != 256) {
            throw new GeneralSecurityException("the agent's key must be EC P-256");
        }
    }

    static void checkId(String what, String id) {
        Objects.requireNonNull(id, what);
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException(what + " '" + id + "' is not 1-64 letters, digits, '.', '_' or '-'");
        }
    }

    private static boolean isAddress(String n) {
        if (n.matches("[0-9.]+") || n.contains(":")) {
            try {
                InetAddress.getByName(n);
                return true;
            } catch (java.net.UnknownHostException e) {
                return false;
            }
        }
        return false;
    }
}
