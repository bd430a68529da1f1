package org.didban.agent.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import org.didban.agent.WireText;
import org.didban.model.DeviceRole;
import org.didban.model.EventTypes;
import org.didban.model.Metrics;
import org.junit.jupiter.api.Test;

class PollProfileTest {
    @Test
    void everyNameTheAgentEmitsIsAValidName() {
        for (DeviceRole role : DeviceRole.values()) {
            for (PollProfile.Scalar s : PollProfile.forRole(role).scalars()) {
                if (s.metric() != null) {
                    assertThat(WireText.isValidName(s.metric())).as(s.metric()).isTrue();
                }
            }
        }
        for (PollProfile.Column c : PollProfile.Column.values()) {
            if (c.metric() != null) {
                assertThat(WireText.isValidName(c.metric())).as(c.metric()).isTrue();
            }
        }
        for (String name : new String[] {Metrics.DEVICE_UP, Metrics.LABEL_IF_INDEX, Metrics.LABEL_IF_NAME,
                EventTypes.POLL_FAILED, DevicePoll.REASON}) {
            assertThat(WireText.isValidName(name)).as(name).isTrue();
        }
    }

    @Test
    void adminStatusIsReadAndEmittedBeforeOperStatus() {
        // DevicePoll emits an interface's samples in column order; NET-01 reads admin when oper arrives
        assertThat(PollProfile.Column.ADMIN_STATUS.ordinal()).isLessThan(PollProfile.Column.OPER_STATUS.ordinal());
    }
}
