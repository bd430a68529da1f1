package org.didban.agent.snmp;

import java.io.IOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import org.didban.agent.config.DeviceConfig;
import org.didban.agent.config.SnmpCredentials;
import org.snmp4j.CommunityTarget;
import org.snmp4j.MessageDispatcherImpl;
import org.snmp4j.PDU;
import org.snmp4j.ScopedPDU;
import org.snmp4j.Snmp;
import org.snmp4j.Target;
import org.snmp4j.UserTarget;
import org.snmp4j.event.ResponseListener;
import org.snmp4j.mp.CounterSupport;
import org.snmp4j.mp.MPv2c;
import org.snmp4j.mp.MPv3;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.security.SecurityLevel;
import org.snmp4j.security.SecurityModel;
import org.snmp4j.security.SecurityModels;
import org.snmp4j.security.SecurityProtocols;
import org.snmp4j.security.USM;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.transport.DefaultUdpTransportMapping;

/**
 * One SNMP manager stack: a single UDP socket, its own USM and message dispatcher (so that it does
 * not share SNMP4J's global ones with a simulator in the same JVM), and the v3 users it knows. Every
 * request is asynchronous; answers arrive on the socket's one listener thread and timeouts on the
 * session's one timer thread, however many devices are polled.
 *
 * <p>A session may be shared by many agents (the demo runs hundreds in one JVM). v3 users are then
 * shared too: one user name must have the same protocols and passphrases everywhere in the session.
 */
public final class SnmpSession implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SnmpSession.class.getName());

    private static final int RECEIVE_BUFFER_BYTES = 4 << 20;

    private final Snmp snmp;
    private final USM usm;
    private final SecurityProtocols protocols;
    private final Map<String, SnmpCredentials.Usm> users = new HashMap<>();

    private SnmpSession(Snmp snmp, USM usm, SecurityProtocols protocols) {
        this.snmp = snmp;
        this.usm = usm;
        this.protocols = protocols;
    }

    /** Opens a session on an ephemeral UDP port of all local addresses. */
    public static SnmpSession open() throws IOException {
        return open(new UdpAddress("0.0.0.0/0"));
    }

    public static SnmpSession open(UdpAddress bindAddress) throws IOException {
        SecurityProtocols protocols = UsmSecurity.strongProtocols();
        USM usm = new USM(protocols, new OctetString(MPv3.createLocalEngineID()), 0);
        MessageDispatcherImpl dispatcher = new MessageDispatcherImpl();
        dispatcher.addMessageProcessingModel(new MPv2c());
        dispatcher.addMessageProcessingModel(new MPv3(usm.getLocalEngineID().getValue(), null, protocols,
                SecurityModels.getCollection(new SecurityModel[] {usm}), CounterSupport.getInstance()));
        DefaultUdpTransportMapping transport = new DefaultUdpTransportMapping(bindAddress);
        transport.setThreadName("didban-snmp-" + transport.getListenAddress().getPort());
        // answers from many devices arrive in bursts on this one socket; the OS caps it at rmem_max
        transport.setReceiveBufferSize(RECEIVE_BUFFER_BYTES);
        Snmp snmp = new Snmp(dispatcher, transport);
        snmp.listen();
        return new SnmpSession(snmp, usm, protocols);
    }

    /**
     * Registers a device's v3 user with this session, without touching the network. Throws
     * {@link IllegalArgumentException} if the user clashes with one already in this session: a
     * configuration error, reported when the agent starts.
     */
    public void prepare(DeviceConfig device) {
        if (device.credentials() instanceof SnmpCredentials.Usm user) {
            register(device.id(), user);
        }
    }

    /**
     * The target for a device at an address already resolved (see {@link #prepare}); cheap, so a
     * poller builds one per poll and a device whose name moves to another address follows it.
     */
    public Target<UdpAddress> target(DeviceConfig device, InetAddress address) {
        return target(device, address, device.timeout(), device.retries());
    }

    /** As {@link #target(DeviceConfig, InetAddress)} with the timeout and retries in effect (device or profile). */
    public Target<UdpAddress> target(DeviceConfig device, InetAddress address, java.time.Duration timeout, int retries) {
        Target<UdpAddress> target;
        if (device.credentials() instanceof SnmpCredentials.Usm user) {
            register(device.id(), user);
            UserTarget<UdpAddress> t = new UserTarget<>();
            t.setSecurityName(new OctetString(user.user()));
            t.setSecurityLevel(SecurityLevel.AUTH_PRIV);
            t.setSecurityModel(SecurityModel.SECURITY_MODEL_USM);
            t.setVersion(SnmpConstants.version3);
            target = t;
        } else {
            SnmpCredentials.Community community = (SnmpCredentials.Community) device.credentials();
            CommunityTarget<UdpAddress> t = new CommunityTarget<>();
            t.setCommunity(new OctetString(community.community().reveal()));
            t.setVersion(SnmpConstants.version2c);
            target = t;
        }
        target.setAddress(new UdpAddress(address, device.port()));
        target.setTimeout(timeout.toMillis());
        target.setRetries(retries);
        return target;
    }

    /** An empty request of the right kind for the target (v3 needs a scoped PDU). */
    public PDU newPdu(Target<?> target, int type) {
        PDU pdu = target.getVersion() == SnmpConstants.version3 ? new ScopedPDU() : new PDU();
        pdu.setType(type);
        return pdu;
    }

    public void send(PDU pdu, Target<UdpAddress> target, Object handle, ResponseListener listener) throws IOException {
        snmp.send(pdu, target, handle, listener);
    }

    /** Stops a request's retransmissions once its answer (or timeout) was handled. */
    public void cancel(PDU request, ResponseListener listener) {
        snmp.cancel(request, listener);
    }

    public int localPort() {
        return ((UdpAddress) snmp.getMessageDispatcher().getTransportMappings().iterator().next()
                .getListenAddress()).getPort();
    }

    private synchronized void register(String deviceId, SnmpCredentials.Usm user) {
        SnmpCredentials.Usm known = users.get(user.user());
        if (known != null) {
            if (!known.equals(user)) {
                throw new IllegalArgumentException("device " + deviceId + ": SNMPv3 user '" + user.user()
                        + "' is already used in this SNMP session with other protocols or passphrases;"
                        + " give this agent its own session");
            }
            return;
        }
        if (user.weak()) {
            LOG.log(System.Logger.Level.WARNING, "device {0}: weak SNMPv3 protocols enabled ({1})",
                    deviceId, user.describe());
        }
        UsmSecurity.enable(protocols, user);
        // no engine id: SNMP4J discovers each device's engine and localises the keys for it
        usm.addUser(UsmSecurity.user(user));
        users.put(user.user(), user);
    }

    @Override
    public void close() {
        try {
            snmp.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing SNMP session", e);
        }
    }
}
