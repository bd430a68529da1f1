package org.didban.rules;

import java.util.Locale;
import org.didban.model.ElectionPhase;
import org.didban.model.Severity;

/**
 * How a rule's severity rises with circumstances (RULES-CATALOGUE.md): one level at a sensitive
 * branch, one level in voting hours — for integrity rules the opening and closing ceremonies count
 * as voting hours too — capped at critical. {@code NONE} keeps the written severity; a rule
 * written {@code critical} is always critical.
 */
public enum Escalation {
    STANDARD, INTEGRITY, NONE;

    public Severity apply(Severity base, boolean sensitive, ElectionPhase phase) {
        if (this == NONE) {
            return base;
        }
        Severity s = base;
        if (sensitive) {
            s = s.raised();
        }
        if (inVotingHours(phase)) {
            s = s.raised();
        }
        return s;
    }

    public boolean inVotingHours(ElectionPhase phase) {
        return phase == ElectionPhase.VOTING || (this == INTEGRITY && phase.isCeremony());
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
