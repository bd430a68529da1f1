package org.didban.agent.snmp;

/** A device did not answer usefully: timeout, transport error or an SNMP report (bad credentials). */
final class PollFailure extends Exception {
    PollFailure(String reason) {
        super(reason, null, false, false);
    }

    String reason() {
        return getMessage();
    }
}
