package org.didban.rules.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.didban.model.ElectionPhase;
import org.junit.jupiter.api.Test;

class PhaseTimelineTest {
    private final PhaseTimeline timeline = new PhaseTimeline(List.of(
            new PhaseTimeline.Interval(ElectionPhase.VOTING, 100, 200),
            new PhaseTimeline.Interval(ElectionPhase.OPENING_CEREMONY, 50, 100),
            new PhaseTimeline.Interval(ElectionPhase.COUNT, 300, Long.MAX_VALUE)));

    @Test
    void intervalsAreHalfOpenAndGapsAreNone() {
        assertThat(timeline.phaseAt(49)).isEqualTo(ElectionPhase.NONE);
        assertThat(timeline.phaseAt(50)).isEqualTo(ElectionPhase.OPENING_CEREMONY);
        assertThat(timeline.phaseAt(99)).isEqualTo(ElectionPhase.OPENING_CEREMONY);
        assertThat(timeline.phaseAt(100)).isEqualTo(ElectionPhase.VOTING);
        assertThat(timeline.phaseAt(200)).isEqualTo(ElectionPhase.NONE);
        assertThat(timeline.phaseAt(1_000_000)).isEqualTo(ElectionPhase.COUNT);
    }

    @Test
    void nextChange() {
        assertThat(timeline.nextChangeAfter(0)).isEqualTo(50);
        assertThat(timeline.nextChangeAfter(50)).isEqualTo(100);
        assertThat(timeline.nextChangeAfter(150)).isEqualTo(200);
        assertThat(timeline.nextChangeAfter(250)).isEqualTo(300);
        assertThat(timeline.nextChangeAfter(300)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void refusesOverlaps() {
        assertThatThrownBy(() -> new PhaseTimeline(List.of(
                new PhaseTimeline.Interval(ElectionPhase.VOTING, 100, 200),
                new PhaseTimeline.Interval(ElectionPhase.COUNT, 150, 300))))
                .hasMessageContaining("overlap");
    }
}
