package org.didban.agent.snmp;

import java.util.OptionalDouble;
import org.snmp4j.smi.Counter64;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.UnsignedInteger32;
import org.snmp4j.smi.Variable;

/** Reads a number out of an SNMP value; anything else (text, OIDs, exceptions) is not a number. */
final class Numeric {
    private Numeric() {
    }

    static OptionalDouble of(Variable v) {
        if (v == null || v.isException()) {
            return OptionalDouble.empty();
        }
        if (v instanceof Integer32 i) {
            return OptionalDouble.of(i.getValue());
        }
        if (v instanceof UnsignedInteger32 u) {
            // Counter32, Gauge32, TimeTicks
            return OptionalDouble.of(u.getValue());
        }
        if (v instanceof Counter64 c) {
            // unsigned 64-bit: a double loses the low bits past 2^53, which no rate notices
            long raw = c.getValue();
            return OptionalDouble.of(raw >= 0 ? raw : (double) (raw >>> 1) * 2.0 + (raw & 1));
        }
        return OptionalDouble.empty();
    }
}
