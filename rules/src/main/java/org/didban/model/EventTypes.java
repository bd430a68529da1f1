package org.didban.model;

/** The names of events agents report. One place, so that agents, rules and tests agree. */
public final class EventTypes {
    private EventTypes() {
    }

    public static final String LINK_DOWN = "link_down";
    public static final String LINK_UP = "link_up";
    public static final String COLD_START = "cold_start";
    public static final String WARM_START = "warm_start";
    public static final String AUTHENTICATION_FAILURE = "authentication_failure";
    public static final String UPS_ON_BATTERY = "ups_on_battery";
    public static final String POLL_FAILED = "poll_failed";
}
