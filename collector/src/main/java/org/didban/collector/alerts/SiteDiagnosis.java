package org.didban.collector.alerts;

import java.util.Locale;
import java.util.Objects;

/**
 * Why a branch went quiet, as far as its last words tell: the power failed (its UPS went on
 * battery), its WAN failed (the uplink went down, or it fell back to a weak cellular link), or
 * the site was healthy to the last batch and then stopped — the agent or its host died.
 *
 * @param evidence what the verdict rests on, in English, for the person on call
 */
public record SiteDiagnosis(Cause cause, String evidence) {
    public enum Cause {
        POWER_LOSS, WAN_LOSS, AGENT_DOWN, UNKNOWN;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Cause parse(String text) {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        }
    }

    public SiteDiagnosis {
        Objects.requireNonNull(cause, "cause");
        evidence = evidence == null ? "" : evidence;
    }
}
