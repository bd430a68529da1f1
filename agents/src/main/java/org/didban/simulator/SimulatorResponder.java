package org.didban.simulator;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.didban.agent.config.SnmpCredentials;
import org.snmp4j.CommandResponder;
import org.snmp4j.CommandResponderEvent;
import org.snmp4j.MessageException;
import org.snmp4j.PDU;
import org.snmp4j.TransportMapping;
import org.snmp4j.mp.MessageProcessingModel;
import org.snmp4j.mp.StatusInformation;
import org.snmp4j.security.SecurityLevel;
import org.snmp4j.smi.Null;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;

/**
 * Answers GET, GETNEXT and GETBULK for every simulated device from that device's MIB; the transport
 * a request came in on says which device it was for. Requests with the wrong community or user are
 * dropped unanswered, as real agents do.
 */
final class SimulatorResponder implements CommandResponder {
    private static final System.Logger LOG = System.getLogger(SimulatorResponder.class.getName());
    /** Room left in a response for the message and security headers. */
    private static final int HEADER_ROOM = 200;
    private static final int MAX_BULK_BINDINGS = 120;

    private final Map<TransportMapping<?>, SimulatedDevice> devices = new ConcurrentHashMap<>();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    void add(TransportMapping<?> transport, SimulatedDevice device) {
        devices.put(transport, device);
    }

    void remove(TransportMapping<?> transport) {
        devices.remove(transport);
    }

    long answered() {
        return answered.get();
    }

    long refused() {
        return refused.get();
    }

    @Override
    public <A extends org.snmp4j.smi.Address> void processPdu(CommandResponderEvent<A> event) {
        SimulatedDevice device = devices.get(event.getTransportMapping());
        PDU request = event.getPDU();
        if (device == null || request == null) {
            return;
        }
        event.setProcessed(true);
        if (!device.answersNext()) {
            return;
        }
        if (!authorised(device, event)) {
            refused.incrementAndGet();
            countRefusal(device, event);
            return;
        }
        PDU response = answer(device, request, event.getMaxSizeResponsePDU());
        try {
            event.getMessageDispatcher().returnResponsePdu(event.getMessageProcessingModel(),
                    event.getSecurityModel(), event.getSecurityName(), event.getSecurityLevel(), response,
                    event.getMaxSizeResponsePDU(), event.getStateReference(), new StatusInformation());
            answered.incrementAndGet();
        } catch (MessageException e) {
            LOG.log(System.Logger.Level.DEBUG, "answer from " + device.id() + " not sent", e);
        }
    }

    private static boolean authorised(SimulatedDevice device, CommandResponderEvent<?> event) {
        byte[] name = event.getSecurityName();
        if (device.credentials() instanceof SnmpCredentials.Community c) {
            return event.getMessageProcessingModel() == MessageProcessingModel.MPv2c
                    && Arrays.equals(name, c.community().reveal().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        SnmpCredentials.Usm user = (SnmpCredentials.Usm) device.credentials();
        // the USM has already checked digest and decryption; here: the right user, at authPriv
        return event.getMessageProcessingModel() == MessageProcessingModel.MPv3
                && event.getSecurityLevel() == SecurityLevel.AUTH_PRIV
                && Arrays.equals(name, user.user().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A real agent counts what it refuses: snmpInBadCommunityNames, usmStatsUnknownUserNames. */
    private static void countRefusal(SimulatedDevice device, CommandResponderEvent<?> event) {
        if (event.getMessageProcessingModel() != MessageProcessingModel.MPv3) {
            device.refusedRequest(true);
        } else if (device.credentials() instanceof SnmpCredentials.Usm user && !Arrays.equals(event.getSecurityName(),
                user.user().getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            device.refusedRequest(false);
        }
    }

    static PDU answer(SimulatedDevice device, PDU request, int maxSize) {
        PDU response = (PDU) request.clone();
        response.clear();
        // clear() also resets the request id; without it the manager cannot match the answer
        response.setRequestID(request.getRequestID());
        response.setType(PDU.RESPONSE);
        response.setErrorStatus(PDU.noError);
        response.setErrorIndex(0);
        List<? extends VariableBinding> asked = request.getVariableBindings();
        switch (request.getType()) {
            case PDU.GET -> {
                for (VariableBinding vb : asked) {
                    response.add(new VariableBinding(vb.getOid(), get(device, vb.getOid())));
                }
            }
            case PDU.GETNEXT -> {
                for (VariableBinding vb : asked) {
                    response.add(next(device, vb.getOid()));
                }
            }
            case PDU.GETBULK -> bulk(device, request, response, maxSize);
            default -> {
                // read-only devices
                response.setErrorStatus(PDU.notWritable);
                response.setErrorIndex(1);
                for (VariableBinding vb : asked) {
                    response.add(vb);
                }
            }
        }
        return response;
    }

    private static void bulk(SimulatedDevice device, PDU request, PDU response, int maxSize) {
        List<? extends VariableBinding> asked = request.getVariableBindings();
        int nonRepeaters = Math.min(Math.max(0, request.getNonRepeaters()), asked.size());
        int repetitions = Math.max(0, request.getMaxRepetitions());
        int limit = maxSize - HEADER_ROOM;
        for (int i = 0; i < nonRepeaters; i++) {
            if (!fits(response, next(device, asked.get(i).getOid()), limit)) {
                return;
            }
        }
        OID[] cursors = new OID[asked.size() - nonRepeaters];
        for (int j = 0; j < cursors.length; j++) {
            cursors[j] = asked.get(nonRepeaters + j).getOid();
        }
        for (int r = 0; r < repetitions && cursors.length > 0; r++) {
            boolean allEnded = true;
            for (int j = 0; j < cursors.length; j++) {
                VariableBinding vb = next(device, cursors[j]);
                if (!fits(response, vb, limit)) {
                    return;
                }
                cursors[j] = vb.getOid();
                allEnded &= vb.getVariable().getSyntax() == Null.endOfMibView.getSyntax();
            }
            if (allEnded) {
                return;
            }
        }
    }

    /** Adds the binding if the response stays within size; repetitions stop at the first that does not. */
    private static boolean fits(PDU response, VariableBinding vb, int limit) {
        if (response.size() >= MAX_BULK_BINDINGS) {
            return false;
        }
        response.add(vb);
        if (response.getBERLength() > limit && response.size() > 1) {
            response.trim();
            return false;
        }
        return true;
    }

    private static Variable get(SimulatedDevice device, OID oid) {
        Variable v = device.get(oid);
        if (v != null) {
            return v;
        }
        OID parent = oid.size() > 1 ? new OID(oid).trim() : oid; // trim() changes the OID in place
        return device.hasObjectUnder(parent) ? Null.noSuchInstance : Null.noSuchObject;
    }

    private static VariableBinding next(SimulatedDevice device, OID oid) {
        Map.Entry<OID, Variable> e = device.next(oid);
        return e == null ? new VariableBinding(oid, Null.endOfMibView) : new VariableBinding(e.getKey(), e.getValue());
    }
}
