package org.didban.collector.people;

import java.util.Locale;

/** What a person may do, and over which part of the country (DESIGN.md, security model). */
public enum Role {
    /** National election security HQ: sees everything, acts on everything. */
    HQ,
    /** A province officer: sees and acts on the alerts of one province. */
    PROVINCE,
    /** County IT: sees and acts on the alerts of one county. */
    COUNTY,
    /** Tracks readiness and the fiber rollout: reads everything, acts on no alert. */
    PLANNER,
    /** Runs Didban: everything, including rules and silences anywhere. */
    ADMIN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown role '" + text + "'; known: hq, province, county, planner, admin");
        }
    }
}
