package org.didban.agent.report;

import java.util.List;
import org.didban.agent.snmp.DeviceReading;
import org.didban.agent.snmp.PollRound;

/**
 * A step between the poller and the uplink: takes one device's reading, returns it with samples or
 * events added or left out. Stages keep state across polls; implementations are thread-safe.
 */
public interface ReadingStage {
    DeviceReading apply(DeviceReading reading);

    /** Every reading of a round, in order, through this stage. */
    default PollRound apply(PollRound round) {
        List<DeviceReading> out = round.readings().stream().map(this::apply).toList();
        return new PollRound(round.startedAt(), out, round.skipped());
    }
}
