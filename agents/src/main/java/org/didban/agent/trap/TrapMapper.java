package org.didban.agent.trap;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.didban.agent.WireText;
import org.didban.model.Event;
import org.didban.model.EventTypes;
import org.snmp4j.PDU;
import org.snmp4j.PDUv1;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.IpAddress;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UnsignedInteger32;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;

/**
 * Turns an authenticated notification into a Didban {@link Event}. Pure: no I/O, no state. v1 traps
 * are first translated to their SNMPv2 notification OID (RFC 3584 section 3.1).
 */
final class TrapMapper {
    private TrapMapper() {
    }

    /** What became of one notification. */
    sealed interface Result {
    }

    /** A Didban event. */
    record Mapped(Event event) implements Result {
    }

    /** A notification Didban has no event type for (a vendor trap, say); counted, not forwarded. */
    record Unmapped(OID trapOid) implements Result {
    }

    /** A known notification that needs no event (a tamper input back to normal). */
    record Ignored(OID trapOid) implements Result {
    }

    /** No snmpTrapOID.0 (or not an OID): not a valid SNMPv2 notification. */
    record Invalid(String why) implements Result {
    }

    static Result map(String device, PDU pdu, long timestamp) {
        OID trapOid;
        if (pdu instanceof PDUv1 v1 && pdu.getType() == PDU.V1TRAP) {
            trapOid = v2TrapOid(v1);
        } else {
            trapOid = null;
            for (VariableBinding vb : pdu.getVariableBindings()) {
                if (vb.getOid().equals(TrapOids.SNMP_TRAP_OID_0)) {
                    if (!(vb.getVariable() instanceof OID o)) {
                        return new Invalid("snmpTrapOID.0 is not an OID");
                    }
                    trapOid = o;
                    break;
                }
            }
            if (trapOid == null) {
                return new Invalid("no snmpTrapOID.0");
            }
        }
        List<? extends VariableBinding> vbs = pdu.getVariableBindings();
        Map<String, String> a = new LinkedHashMap<>();
        String type;
        if (trapOid.equals(TrapOids.LINK_DOWN) || trapOid.equals(TrapOids.LINK_UP)) {
            type = trapOid.equals(TrapOids.LINK_DOWN) ? EventTypes.LINK_DOWN : EventTypes.LINK_UP;
            String ifIndex = ifIndex(vbs);
            if (ifIndex != null) {
                a.put(EventTypes.ATTR_IF_INDEX, ifIndex);
            }
            String name = text(first(vbs, TrapOids.IF_NAME));
            if (name == null || name.isEmpty()) {
                name = text(first(vbs, TrapOids.IF_DESCR));
            }
            if (name != null && !name.isEmpty()) {
                a.put(EventTypes.ATTR_IF_NAME, name);
            }
        } else if (trapOid.equals(TrapOids.COLD_START)) {
            type = EventTypes.COLD_START;
        } else if (trapOid.equals(TrapOids.WARM_START)) {
            type = EventTypes.WARM_START;
        } else if (trapOid.equals(TrapOids.AUTHENTICATION_FAILURE)) {
            type = EventTypes.AUTHENTICATION_FAILURE;
            // some agents name the offending manager (an IpAddress varbind, e.g. Cisco authAddr)
            for (VariableBinding vb : vbs) {
                if (vb.getVariable() instanceof IpAddress ip) {
                    a.put(EventTypes.ATTR_SOURCE, ip.getInetAddress().getHostAddress());
                    break;
                }
            }
        } else if (trapOid.equals(TrapOids.UPS_TRAP_ON_BATTERY) || trapOid.equals(TrapOids.UPS_TRAP_ON_BATTERY_V2)) {
            type = EventTypes.UPS_ON_BATTERY;
        } else if (trapOid.equals(TrapOids.ENT_CONFIG_CHANGE)) {
            type = EventTypes.ENTITY_CONFIG_CHANGE;
        } else if (trapOid.equals(TrapOids.DIDBAN_TAMPER_NOTIFICATION)) {
            Variable state = first(vbs, TrapOids.DIDBAN_TAMPER_STATE);
            if (state instanceof Integer32 s && s.getValue() != TrapOids.TAMPER_TRIGGERED) {
                return new Ignored(trapOid); // back to normal: the event means "triggered"
            }
            type = EventTypes.TAMPER;
            putIfPresent(a, EventTypes.ATTR_INPUT, text(first(vbs, TrapOids.DIDBAN_TAMPER_NAME)));
            if (state != null) {
                a.put(EventTypes.ATTR_STATE, "triggered");
            }
        } else if (trapOid.equals(TrapOids.DIDBAN_LOG_CHAIN_BROKEN_NOTIFICATION)) {
            type = EventTypes.LOG_CHAIN_BROKEN;
            a.put(EventTypes.ATTR_REASON, "chain_broken");
            String brokenAt = text(first(vbs, TrapOids.DIDBAN_LOG_BROKEN_AT));
            String sequence = brokenAt != null && !brokenAt.equals("0") ? brokenAt
                    : text(first(vbs, TrapOids.DIDBAN_LOG_SEQUENCE));
            putIfPresent(a, EventTypes.ATTR_SEQUENCE, sequence);
        } else if (trapOid.equals(TrapOids.DIDBAN_ADMIN_LOGIN_NOTIFICATION)) {
            type = EventTypes.ADMIN_LOGIN;
            putIfPresent(a, EventTypes.ATTR_USER, text(first(vbs, TrapOids.DIDBAN_LAST_LOGIN_USER)));
            // an empty ticket stays in: SEC-06 fires on a login without one
            putIfPresent(a, EventTypes.ATTR_TICKET, text(first(vbs, TrapOids.DIDBAN_LAST_LOGIN_TICKET)));
        } else if (trapOid.equals(TrapOids.DIDBAN_FLOW_DENIED_NOTIFICATION)) {
            type = EventTypes.FLOW_DENIED;
            putIfPresent(a, EventTypes.ATTR_DESTINATION, inetAddress(first(vbs, TrapOids.DIDBAN_LAST_DENIED_ADDRESS)));
            putIfPresent(a, EventTypes.ATTR_PORT, text(first(vbs, TrapOids.DIDBAN_LAST_DENIED_PORT)));
        } else {
            return new Unmapped(trapOid);
        }
        return new Mapped(new Event(device, type, a, timestamp));
    }

    /** RFC 3584 3.1: generic 0-5 → snmpTraps.(generic+1); enterpriseSpecific → enterprise.0.specific. */
    static OID v2TrapOid(PDUv1 pdu) {
        int generic = pdu.getGenericTrap();
        if (generic >= PDUv1.COLDSTART && generic < PDUv1.ENTERPRISE_SPECIFIC) {
            OID oid = new OID(TrapOids.SNMP_TRAPS);
            oid.append(generic + 1);
            return oid;
        }
        OID oid = new OID(pdu.getEnterprise() == null ? new OID() : pdu.getEnterprise());
        oid.append(0);
        oid.append(pdu.getSpecificTrap());
        return oid;
    }

    private static String ifIndex(List<? extends VariableBinding> vbs) {
        Variable v = first(vbs, TrapOids.IF_INDEX);
        if (v instanceof Integer32 || v instanceof UnsignedInteger32) {
            return String.valueOf(v.toLong());
        }
        // no ifIndex varbind: take the index of another ifEntry column (ifAdminStatus.N, ifOperStatus.N)
        for (VariableBinding vb : vbs) {
            OID oid = vb.getOid();
            if (oid.size() == TrapOids.IF_ENTRY.size() + 2 && oid.startsWith(TrapOids.IF_ENTRY)) {
                return String.valueOf(oid.last() & 0xFFFFFFFFL);
            }
        }
        return null;
    }

    /** The value of the first varbind under {@code prefix} (a column or a scalar without its .0). */
    private static Variable first(List<? extends VariableBinding> vbs, OID prefix) {
        for (VariableBinding vb : vbs) {
            OID oid = vb.getOid();
            if (oid.size() > prefix.size() && oid.startsWith(prefix)) {
                return vb.getVariable();
            }
        }
        return null;
    }

    private static void putIfPresent(Map<String, String> a, String name, String value) {
        if (value != null) {
            a.put(name, value);
        }
    }

    /** A varbind's value as bounded, printable text; null when absent or an exception value. */
    static String text(Variable v) {
        if (v == null || v.isException()) {
            return null;
        }
        String s;
        if (v instanceof OctetString os) {
            s = utf8(os.getValue());
            if (s == null) {
                s = os.toHexString(); // binary (a MAC, an address): hex, as net-snmp prints it
            }
        } else if (v instanceof IpAddress ip) {
            s = ip.getInetAddress().getHostAddress();
        } else {
            s = v.toString();
        }
        return clean(s);
    }

    /** The bytes as text when they are valid UTF-8 (ASCII, Persian interface aliases), else null. */
    private static String utf8(byte[] bytes) {
        try {
            return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }

    private static String inetAddress(Variable v) {
        if (v instanceof OctetString os && (os.length() == 4 || os.length() == 16)) {
            try {
                return InetAddress.getByAddress(os.getValue()).getHostAddress();
            } catch (UnknownHostException e) {
                return text(v);
            }
        }
        return text(v);
    }

    /** Bounded to what the collector accepts, control characters replaced. */
    static String clean(String s) {
        String bounded = WireText.bound(s);
        StringBuilder b = null;
        for (int i = 0; i < bounded.length(); i++) {
            char c = bounded.charAt(i);
            if (Character.isISOControl(c)) {
                if (b == null) {
                    b = new StringBuilder(bounded);
                }
                b.setCharAt(i, '?');
            }
        }
        return b == null ? bounded : b.toString();
    }
}
