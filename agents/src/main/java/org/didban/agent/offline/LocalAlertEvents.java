package org.didban.agent.offline;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.didban.agent.WireText;
import org.didban.model.Alert;
import org.didban.model.AlertTransition;
import org.didban.model.Event;
import org.didban.model.EventTypes;

/**
 * The event that tells the collector, once the link is back, what the branch's own rules saw while
 * it was cut off: one {@value #LOCAL_ALERT} event per alert transition, stamped with the time of
 * the transition.
 *
 * <p>The type is defined here until it is added to {@link org.didban.model.EventTypes} (the one
 * list of event names); then these constants should point there.
 */
public final class LocalAlertEvents {
    private LocalAlertEvents() {
    }

    /** An alert transition the agent's local rules made while the collector could not be reached. */
    public static final String LOCAL_ALERT = EventTypes.LOCAL_ALERT;

    /** The rule id, e.g. {@code NET-01}. */
    public static final String ATTR_RULE = "rule";
    /** The alert's id ({@code AlertKey.id()}: rule, device and labels), cut to the wire limit. */
    public static final String ATTR_ALERT = "alert";
    /** The state the alert moved to: pending, firing, resolved. */
    public static final String ATTR_STATE = "state";
    /** The state it left. */
    public static final String ATTR_FROM = "from";
    /** The severity the alert had at the transition. */
    public static final String ATTR_SEVERITY = "severity";
    /** When it happened at the branch, ISO-8601 UTC (also the event's timestamp). */
    public static final String ATTR_AT = "at";
    /** On the first event of a hand-over only: how many older transitions the bounded backlog dropped. */
    public static final String ATTR_DROPPED_BEFORE = "dropped_before";

    /** The event for one transition; its device is the alert's device. */
    public static Event of(AlertTransition t) {
        Alert a = t.alert();
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(ATTR_RULE, a.key().ruleId());
        attributes.put(ATTR_ALERT, WireText.bound(a.key().id()));
        attributes.put(ATTR_STATE, t.to().wireName());
        attributes.put(ATTR_FROM, t.from().wireName());
        attributes.put(ATTR_SEVERITY, a.severity().wireName());
        attributes.put(ATTR_AT, Instant.ofEpochMilli(t.at()).toString());
        return new Event(a.key().device(), LOCAL_ALERT, attributes, t.at());
    }

    static Event withDroppedBefore(Event e, long dropped) {
        Map<String, String> attributes = new LinkedHashMap<>(e.attributes());
        attributes.put(ATTR_DROPPED_BEFORE, Long.toString(dropped));
        return new Event(e.device(), e.type(), attributes, e.timestamp());
    }
}
