package org.didban.simulator;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.didban.agent.config.SnmpCredentials;
import org.didban.agent.snmp.UsmSecurity;
import org.didban.model.DeviceRole;
import org.snmp4j.MessageDispatcherImpl;
import org.snmp4j.mp.CounterSupport;
import org.snmp4j.mp.MPv2c;
import org.snmp4j.mp.MPv3;
import org.snmp4j.security.SecurityModel;
import org.snmp4j.security.SecurityModels;
import org.snmp4j.security.SecurityProtocols;
import org.snmp4j.security.USM;
import org.snmp4j.smi.OctetString;

/**
 * Many simulated devices answering real SNMP (v2c and v3 authPriv) on loopback UDP, each on its own
 * port, all served by one selector thread and one SNMP engine (its own USM and message dispatcher,
 * apart from any manager in the same JVM). {@link #close()} stops every socket and the thread.
 *
 * <pre>
 * try (SimulatedFleet fleet = SimulatedFleet.start()) {
 *     SimulatedBranch branch = fleet.addBranch("THR-0001", SnmpCredentials.Usm.of("didban", "auth-pass", "priv-pass"));
 *     SiteConfig config = branch.siteConfig("THR-0001-a", collector, token, Duration.ofSeconds(10));
 *     branch.ups().onBattery();
 * }
 * </pre>
 */
public final class SimulatedFleet implements AutoCloseable {
    private final SelectorLoop loop;
    private final MessageDispatcherImpl dispatcher;
    private final SecurityProtocols protocols;
    private final USM usm;
    private final SimulatorResponder responder = new SimulatorResponder();
    private final Clock clock;
    private final Map<String, SimulatedDevice> devices = new HashMap<>();
    private final List<LoopbackUdpTransport> transports = new ArrayList<>();
    private final Map<String, SnmpCredentials.Usm> users = new HashMap<>();
    private boolean closed;

    private SimulatedFleet(Clock clock) throws IOException {
        this.clock = clock;
        this.protocols = UsmSecurity.strongProtocols();
        // an engine id of its own, so that it never equals the manager's in the same JVM
        this.usm = new USM(protocols, new OctetString(MPv3.createLocalEngineID(
                new OctetString("didban-sim-" + Long.toHexString(System.nanoTime())))), 0);
        this.dispatcher = new MessageDispatcherImpl();
        dispatcher.addMessageProcessingModel(new MPv2c());
        dispatcher.addMessageProcessingModel(new MPv3(usm.getLocalEngineID().getValue(), null, protocols,
                SecurityModels.getCollection(new SecurityModel[] {usm}), CounterSupport.getInstance()));
        dispatcher.addCommandResponder(responder);
        this.loop = new SelectorLoop("didban-simulator");
    }

    public static SimulatedFleet start() throws IOException {
        return new SimulatedFleet(Clock.systemUTC());
    }

    public static SimulatedFleet start(Clock clock) throws IOException {
        return new SimulatedFleet(clock);
    }

    /** A device on 127.0.0.1 and a free port. */
    public SimulatedDevice addDevice(String id, DeviceRole role, SnmpCredentials credentials) throws IOException {
        return addDevice(id, role, credentials, InetAddress.getLoopbackAddress(), 0);
    }

    /**
     * A device on a given loopback address (any 127.x.y.z on Linux) and port (0: a free one). Refuses
     * non-loopback addresses: simulated gear must never be reachable from the network.
     */
    public synchronized SimulatedDevice addDevice(String id, DeviceRole role, SnmpCredentials credentials,
                                                  InetAddress address, int port) throws IOException {
        Objects.requireNonNull(credentials, "credentials");
        if (closed) {
            throw new IllegalStateException("fleet is closed");
        }
        if (devices.containsKey(id)) {
            throw new IllegalArgumentException("device id '" + id + "' is already simulated");
        }
        if (credentials instanceof SnmpCredentials.Usm user) {
            register(user);
        }
        LoopbackUdpTransport transport = new LoopbackUdpTransport(address, port, loop);
        SimulatedDevice device = new SimulatedDevice(id, role, credentials, transport.socketAddress(), clock);
        responder.add(transport, device);
        transport.addTransportListener(dispatcher);
        transport.listen();
        transports.add(transport);
        devices.put(id, device);
        return device;
    }

    /**
     * The usual gear of one branch: {@code CODE-router}, {@code CODE-switch}, {@code CODE-ups},
     * {@code CODE-auth} and {@code CODE-voting}, all with the same credentials; the switch's
     * forwarding database holds the others' MACs ({@link SimulatedDevice#mac()}: the branch's
     * allowlist) and its LLDP neighbour is the router; the router's ARP cache holds those of the
     * devices behind the switch, on its lan0 (ups 10.0.0.3, auth 10.0.0.4, voting 10.0.0.5).
     */
    public SimulatedBranch addBranch(String branchCode, SnmpCredentials credentials) throws IOException {
        List<SimulatedDevice> list = new ArrayList<>();
        list.add(addDevice(branchCode + "-router", DeviceRole.ROUTER, credentials));
        list.add(addDevice(branchCode + "-switch", DeviceRole.SWITCH, credentials));
        list.add(addDevice(branchCode + "-ups", DeviceRole.UPS, credentials));
        list.add(addDevice(branchCode + "-auth", DeviceRole.AUTH_DEVICE, credentials));
        list.add(addDevice(branchCode + "-voting", DeviceRole.VOTING_DEVICE, credentials));
        // the switch has learned every device's MAC (router ge1, ups ge3, auth ge4, voting ge5) and
        // sees the router over LLDP on ge1
        SimulatedDevice sw = list.get(1);
        sw.fdbEntry(list.get(0).mac(), 1);
        sw.fdbEntry(list.get(2).mac(), 3);
        sw.fdbEntry(list.get(3).mac(), 4);
        sw.fdbEntry(list.get(4).mac(), 5);
        sw.neighbor(list.get(0).mac());
        // the router's ARP cache agrees: the same MACs, on its LAN port (its own is not in it)
        SimulatedDevice router = list.get(0);
        router.arpEntry(list.get(2).mac(), "10.0.0.3");
        router.arpEntry(list.get(3).mac(), "10.0.0.4");
        router.arpEntry(list.get(4).mac(), "10.0.0.5");
        return new SimulatedBranch(branchCode, list);
    }

    public synchronized SimulatedDevice device(String id) {
        SimulatedDevice d = devices.get(id);
        if (d == null) {
            throw new IllegalArgumentException("no simulated device '" + id + "'");
        }
        return d;
    }

    public synchronized List<SimulatedDevice> devices() {
        return List.copyOf(devices.values());
    }

    /** Requests answered so far, over all devices. */
    public long answered() {
        return responder.answered();
    }

    /** Requests dropped for a wrong community or user. */
    public long refused() {
        return responder.refused();
    }

    private void register(SnmpCredentials.Usm user) {
        SnmpCredentials.Usm known = users.get(user.user());
        if (known != null && !known.equals(user)) {
            throw new IllegalArgumentException("SNMPv3 user '" + user.user()
                    + "' is already simulated with other protocols or passphrases");
        }
        if (known == null) {
            UsmSecurity.enable(protocols, user);
            // localised to this engine once, here: not again for every request
            usm.addUser(new OctetString(user.user()), usm.getLocalEngineID(), UsmSecurity.user(user));
            users.put(user.user(), user);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (LoopbackUdpTransport t : transports) {
            try {
                t.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        loop.close();
    }
}
