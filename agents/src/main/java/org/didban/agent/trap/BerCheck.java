package org.didban.agent.trap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A strict structural check of a datagram before SNMP4J decodes it: one SEQUENCE filling the
 * datagram exactly, every length definite and inside its parent, at most a few levels deep and at
 * most a bounded number of elements (so a datagram packed with thousands of varbinds is refused
 * without building them). Then the version and, for SNMPv3, the USM header in clear text: user
 * name, authoritative engine id and security flags, which the receiver needs to tell the reasons
 * of a refusal apart. O(length), no allocation proportional to what the lengths claim.
 */
final class BerCheck {
    static final int MAX_DEPTH = 8;

    private BerCheck() {
    }

    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    /** What the clear-text part of a valid-looking message says. */
    record Header(int version, byte[] engineId, byte[] user, int flags) {
        static final int FLAG_AUTH = 1;
        static final int FLAG_PRIV = 2;
        static final int FLAG_REPORTABLE = 4;

        boolean authPriv() {
            return (flags & (FLAG_AUTH | FLAG_PRIV)) == (FLAG_AUTH | FLAG_PRIV);
        }

        /** RFC 3414 4: an unauthenticated message with no user, sent to learn the engine id. */
        boolean discovery() {
            return version == 3 && user.length == 0 && (flags & FLAG_AUTH) == 0;
        }

        boolean engineIs(byte[] id) {
            return id != null && Arrays.equals(engineId, id);
        }
    }

    /** A TLV: tag, and where its value lies. */
    private record Tlv(int tag, int start, int end) {
        int length() {
            return end - start;
        }
    }

    static Header check(byte[] b, int maxElements) throws Malformed {
        int[] count = {0};
        List<Tlv> top = walk(b, 0, b.length, 0, count, maxElements, true);
        if (top.size() != 1 || top.get(0).tag() != 0x30) {
            throw new Malformed("not one SEQUENCE filling the datagram");
        }
        List<Tlv> msg = children(b, top.get(0));
        if (msg.isEmpty() || msg.get(0).tag() != 0x02) {
            throw new Malformed("no version");
        }
        long version = integer(b, msg.get(0));
        if (version == 0 || version == 1) {
            if (msg.size() != 3 || msg.get(1).tag() != 0x04 || (msg.get(2).tag() & 0xE0) != 0xA0) {
                throw new Malformed("v1/v2c message is not version, community, PDU");
            }
            return new Header((int) version, null, null, 0);
        }
        if (version != 3) {
            throw new Malformed("unknown version " + version);
        }
        // SEQUENCE { version, msgGlobalData SEQUENCE, msgSecurityParameters OCTET STRING, msgData }
        if (msg.size() != 4 || msg.get(1).tag() != 0x30 || msg.get(2).tag() != 0x04) {
            throw new Malformed("v3 message is not version, header, security parameters, data");
        }
        List<Tlv> global = children(b, msg.get(1));
        if (global.size() != 4 || global.get(2).tag() != 0x04 || global.get(2).length() != 1) {
            throw new Malformed("v3 header is not msgID, maxSize, flags, securityModel");
        }
        int flags = b[global.get(2).start()] & 0xFF;
        Tlv sp = msg.get(2);
        List<Tlv> spTop = walk(b, sp.start(), sp.end(), 1, count, maxElements, true);
        if (spTop.size() != 1 || spTop.get(0).tag() != 0x30) {
            throw new Malformed("v3 security parameters are not a SEQUENCE");
        }
        List<Tlv> usm = children(b, spTop.get(0));
        if (usm.size() != 6 || usm.get(0).tag() != 0x04 || usm.get(3).tag() != 0x04) {
            throw new Malformed("v3 USM parameters are not engine id, boots, time, user, auth, priv");
        }
        return new Header(3, Arrays.copyOfRange(b, usm.get(0).start(), usm.get(0).end()),
                Arrays.copyOfRange(b, usm.get(3).start(), usm.get(3).end()), flags);
    }

    private static List<Tlv> children(byte[] b, Tlv parent) throws Malformed {
        return walk(b, parent.start(), parent.end(), 0, new int[1], Integer.MAX_VALUE, false);
    }

    /**
     * The TLVs that exactly fill {@code [pos, end)}; with {@code deep}, constructed ones are checked
     * recursively too (callers re-reading an already checked tree pass false).
     */
    private static List<Tlv> walk(byte[] b, int pos, int end, int depth, int[] count, int maxElements,
                                  boolean deep) throws Malformed {
        List<Tlv> out = new ArrayList<>();
        while (pos < end) {
            int tag = b[pos++] & 0xFF;
            if ((tag & 0x1F) == 0x1F) {
                throw new Malformed("multi-byte tag");
            }
            if (pos >= end) {
                throw new Malformed("truncated before a length");
            }
            int first = b[pos++] & 0xFF;
            int length;
            if (first < 0x80) {
                length = first;
            } else {
                int n = first & 0x7F;
                if (n == 0 || n > 4) {
                    throw new Malformed(n == 0 ? "indefinite length" : "length of " + n + " octets");
                }
                if (n > end - pos) {
                    throw new Malformed("truncated length");
                }
                long l = 0;
                for (int i = 0; i < n; i++) {
                    l = (l << 8) | (b[pos++] & 0xFF);
                }
                if (l > Integer.MAX_VALUE) {
                    throw new Malformed("length too large");
                }
                length = (int) l;
            }
            if (length > end - pos) {
                throw new Malformed("length " + length + " beyond its container (" + (end - pos) + " left)");
            }
            if (++count[0] > maxElements) {
                throw new Malformed("more than " + maxElements + " elements");
            }
            if (deep && (tag & 0x20) != 0) {
                if (depth >= MAX_DEPTH) {
                    throw new Malformed("nested deeper than " + MAX_DEPTH);
                }
                walk(b, pos, pos + length, depth + 1, count, maxElements, true);
            }
            out.add(new Tlv(tag, pos, pos + length));
            pos += length;
        }
        return out;
    }

    private static long integer(byte[] b, Tlv t) throws Malformed {
        if (t.length() < 1 || t.length() > 4) {
            throw new Malformed("bad INTEGER length");
        }
        long v = b[t.start()]; // sign-extended
        for (int i = t.start() + 1; i < t.end(); i++) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        return v;
    }
}
