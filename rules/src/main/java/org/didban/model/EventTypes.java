package org.didban.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The names of events agents report, and their attributes. One place, so that agents, rules and
 * tests agree. {@link #ALL} describes every type; {@code docs/METRICS.md} is the long version.
 */
public final class EventTypes {
    private EventTypes() {
    }

    // ---- attribute names

    public static final String ATTR_IF_INDEX = "if_index";
    public static final String ATTR_IF_NAME = "if_name";
    public static final String ATTR_REASON = "reason";
    public static final String ATTR_SOURCE = "source";
    public static final String ATTR_STORAGE = "storage";
    public static final String ATTR_ACTION = "action";
    public static final String ATTR_SEQUENCE = "sequence";
    public static final String ATTR_CHECKPOINT = "checkpoint";
    public static final String ATTR_VOTES = "votes";
    public static final String ATTR_AUTHENTICATED = "authenticated";
    public static final String ATTR_MAC = "mac";
    public static final String ATTR_PORT = "port";
    public static final String ATTR_VLAN = "vlan";
    public static final String ATTR_FROM_PORT = "from_port";
    public static final String ATTR_FROM_BRANCH = "from_branch";
    public static final String ATTR_USER = "user";
    public static final String ATTR_TICKET = "ticket";
    public static final String ATTR_DESTINATION = "destination";
    public static final String ATTR_INPUT = "input";
    public static final String ATTR_STATE = "state";
    public static final String ATTR_AGENT = "agent";
    public static final String ATTR_CREDENTIAL = "credential";
    public static final String ATTR_AGENT_BRANCH = "agent_branch";
    public static final String ATTR_CLAIMED_BRANCH = "claimed_branch";
    public static final String ATTR_SKEW_SECONDS = "skew_seconds";
    public static final String ATTR_DIRECTION = "direction";

    // ---- traps

    public static final String LINK_DOWN = "link_down";
    public static final String LINK_UP = "link_up";
    public static final String COLD_START = "cold_start";
    public static final String WARM_START = "warm_start";
    public static final String AUTHENTICATION_FAILURE = "authentication_failure";
    public static final String UPS_ON_BATTERY = "ups_on_battery";
    public static final String ENTITY_CONFIG_CHANGE = "entity_config_change";

    // ---- seen by the agent

    public static final String POLL_FAILED = "poll_failed";
    public static final String REBOOT = "reboot";
    public static final String REMOVABLE_MEDIA = "removable_media";
    public static final String LOG_CHAIN_BROKEN = "log_chain_broken";
    public static final String COUNT_CHECKPOINT = "count_checkpoint";
    public static final String MAC_UNKNOWN = "mac_unknown";
    public static final String MAC_MOVED = "mac_moved";
    public static final String ADMIN_LOGIN = "admin_login";
    public static final String FLOW_DENIED = "flow_denied";
    public static final String TAMPER = "tamper";
    /** An alert transition the site agent's own rules saw while the collector was unreachable. */
    public static final String LOCAL_ALERT = "local_alert";

    // ---- seen by the collector

    /**
     * An agent's batch claimed a branch other than the one its credential (client certificate or
     * token) is bound to; the batch was refused. Raised on both branches.
     */
    public static final String AGENT_SPOOFING = "agent_spoofing";

    /**
     * An agent's clock ({@code sent_at} of its batches) is further from the collector's than the
     * skew bound (docs/SECURITY.md "Replay, time and input limits"); the batch was accepted.
     * Raised at most once per agent and 10 minutes, at the branch router (or first device).
     */
    public static final String AGENT_CLOCK_SKEW = "agent_clock_skew";

    /** Every event type, in the order of docs/METRICS.md. */
    public static final List<EventDefinition> ALL;
    private static final Map<String, EventDefinition> BY_TYPE;

    static {
        List<EventDefinition> l = new ArrayList<>();
        String traps = "SNMPv2-MIB trap ";
        l.add(event(LINK_DOWN, List.of(ATTR_IF_INDEX, ATTR_IF_NAME), "an interface went down",
                traps + "linkDown 1.3.6.1.6.3.1.1.5.3"));
        l.add(event(LINK_UP, List.of(ATTR_IF_INDEX, ATTR_IF_NAME), "an interface came up",
                traps + "linkUp 1.3.6.1.6.3.1.1.5.4"));
        l.add(event(COLD_START, List.of(), "the device started", traps + "coldStart 1.3.6.1.6.3.1.1.5.1"));
        l.add(event(WARM_START, List.of(), "the device's SNMP agent restarted", traps + "warmStart 1.3.6.1.6.3.1.1.5.2"));
        l.add(event(AUTHENTICATION_FAILURE, List.of(ATTR_SOURCE), "a request with bad SNMP credentials reached the device",
                traps + "authenticationFailure 1.3.6.1.6.3.1.1.5.5; the agent also raises it for traps it cannot authenticate"));
        l.add(event(UPS_ON_BATTERY, List.of(), "the UPS switched to battery",
                "UPS-MIB trap upsTrapOnBattery 1.3.6.1.2.1.33.2.1 (or 1.3.6.1.2.1.33.2.0.1)"));
        l.add(event(ENTITY_CONFIG_CHANGE, List.of(), "the device's physical entities changed (module or transceiver swapped)",
                "ENTITY-MIB trap entConfigChange 1.3.6.1.2.1.47.2.0.1"));
        l.add(event(POLL_FAILED, List.of(ATTR_REASON), "a poll of the device failed (timeout, SNMP report, unknown host)",
                "agent: poll result"));
        l.add(event(REBOOT, List.of(ATTR_REASON), "the device restarted without a trap: reason engine_boots or uptime_backwards",
                "agent: snmpEngineBoots rose or sysUpTime went backwards between polls"));
        l.add(event(REMOVABLE_MEDIA, List.of(ATTR_STORAGE, ATTR_ACTION), "removable media inserted (action inserted) or removed",
                "agent: a new or vanished HOST-RESOURCES-MIB hrStorageEntry of type hrStorageRemovableDisk"
                        + " 1.3.6.1.2.1.25.2.1.7 (or hrDeviceEntry), or the agent's USB watch"));
        l.add(event(LOG_CHAIN_BROKEN, List.of(ATTR_SEQUENCE, ATTR_REASON),
                "the audit log lost records or its hash chain broke: reason chain_broken, sequence_gap or sequence_backwards",
                "agent: DIDBAN-DEVICE-MIB didbanLogChainStatus becomes broken(2), or didbanLogSequence goes backwards;"
                        + " notification didbanLogChainBrokenNotification"));
        l.add(event(COUNT_CHECKPOINT, List.of(ATTR_CHECKPOINT, ATTR_VOTES, ATTR_AUTHENTICATED),
                "the counts of a branch at a checkpoint (opening, hourly, closing)",
                "agent: DIDBAN-DEVICE-MIB didbanVotes of the voting device and didbanAuthentications of the auth device"));
        l.add(event(MAC_UNKNOWN, List.of(ATTR_MAC, ATTR_PORT, ATTR_IF_NAME, ATTR_VLAN),
                "a MAC not on the branch allowlist, seen in two consecutive polls",
                "agent: Q-BRIDGE-MIB dot1qTpFdbPort 1.3.6.1.2.1.17.7.1.2.2.1.2 / BRIDGE-MIB dot1dTpFdbPort 1.3.6.1.2.1.17.4.3.1.2"
                        + " with dot1dBasePortIfIndex 1.3.6.1.2.1.17.1.4.1.2; IP-MIB ipNetToPhysicalPhysAddress on routers"));
        l.add(event(MAC_MOVED, List.of(ATTR_MAC, ATTR_PORT, ATTR_FROM_PORT, ATTR_FROM_BRANCH),
                "a registered MAC seen on another port or at another branch",
                "agent (port) and collector (branch): the same FDB tables"));
        l.add(event(ADMIN_LOGIN, List.of(ATTR_USER, ATTR_TICKET), "an administrator logged in to the device",
                "agent: DIDBAN-DEVICE-MIB didbanAdminLogins rises (user and ticket from didbanLastLoginUser/Ticket),"
                        + " notification didbanAdminLoginNotification, or the agent's own login log"));
        l.add(event(FLOW_DENIED, List.of(ATTR_DESTINATION, ATTR_PORT),
                "a voting or authentication device tried to reach a destination outside its allowlist",
                "agent: DIDBAN-DEVICE-MIB didbanDeniedFlows rises (didbanLastDeniedAddress/Port), notification"
                        + " didbanFlowDeniedNotification, or a flow/IDS feed"));
        l.add(event(TAMPER, List.of(ATTR_INPUT, ATTR_STATE), "a tamper input triggered (enclosure or door opened, camera covered)",
                "agent: DIDBAN-DEVICE-MIB didbanTamperState becomes triggered(2) or didbanTamperCount rises;"
                        + " notification didbanTamperNotification; camera scene-change events"));
        l.add(event(LOCAL_ALERT, List.of("rule", "alert", "state", "from", "severity", "at", "dropped_before"),
                "an alert transition the agent's local rules saw during an outage, sent when the link returns",
                "agent: local rule evaluation (agent offline rules)"));
        l.add(event(AGENT_SPOOFING, List.of(ATTR_AGENT, ATTR_CREDENTIAL, ATTR_AGENT_BRANCH, ATTR_CLAIMED_BRANCH, ATTR_SOURCE),
                "a batch claimed a branch other than the one its agent's credential is bound to (refused)",
                "collector: ingest, when a batch's branch differs from its client certificate's or token's branch"));
        l.add(event(AGENT_CLOCK_SKEW, List.of(ATTR_AGENT, ATTR_SKEW_SECONDS, ATTR_DIRECTION),
                "an agent's clock is further than the bound (2 minutes) from the collector's: direction ahead or behind,"
                        + " skew_seconds signed (positive: ahead); its batches were accepted",
                "collector: ingest, sent_at of the agent's batches against the receive time"));
        ALL = List.copyOf(l);
        Map<String, EventDefinition> byType = new LinkedHashMap<>();
        for (EventDefinition d : ALL) {
            if (byType.put(d.type(), d) != null) {
                throw new IllegalStateException("event " + d.type() + " is defined twice");
            }
        }
        BY_TYPE = Map.copyOf(byType);
    }

    /** The definition of an event type, or empty for a type Didban does not define. */
    public static Optional<EventDefinition> definition(String type) {
        return Optional.ofNullable(type == null ? null : BY_TYPE.get(type));
    }

    private static EventDefinition event(String type, List<String> attributes, String help, String source) {
        return new EventDefinition(type, attributes, help, source);
    }
}
