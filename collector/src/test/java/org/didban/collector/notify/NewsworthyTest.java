package org.didban.collector.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.didban.collector.alerts.AlertChange;
import org.didban.collector.alerts.AlertChange.Kind;
import org.didban.collector.alerts.TrackedAlert;
import org.didban.model.AlertState;
import org.didban.model.Severity;
import org.junit.jupiter.api.Test;

class NewsworthyTest {
    private final TrackedAlert pending = Changes.pending("THR", "THR-01", "THR-0001", Severity.HIGH);
    private final TrackedAlert firing = Changes.fire(pending);

    private static AlertChange change(Kind kind, TrackedAlert after, AlertState from) {
        return new AlertChange(1, Changes.T0, kind, after, from, after.state(), "someone", "");
    }

    @Test
    void pendingAlertsAreToldOnlyToThoseWhoAskedForThem() {
        AlertChange becamePending = change(Kind.EVALUATED, pending, AlertState.INACTIVE);
        AlertChange cleared = change(Kind.EVALUATED, pending.withAlert(pending.alert().withState(AlertState.INACTIVE, Changes.T0 + 1, 0)),
                AlertState.PENDING);
        AlertChange annotatedWhilePending = change(Kind.ANNOTATED, pending, AlertState.PENDING);

        assertThat(Newsworthy.forWebhook(becamePending, false)).isFalse();
        assertThat(Newsworthy.forWebhook(cleared, false)).isFalse();
        assertThat(Newsworthy.forWebhook(annotatedWhilePending, false)).isFalse();
        assertThat(Newsworthy.forWebhook(becamePending, true)).isTrue();
        assertThat(Newsworthy.forWebhook(cleared, true)).isTrue();
        assertThat(Newsworthy.forWebhook(change(Kind.EVALUATED, firing, AlertState.PENDING), false)).isTrue();
    }

    @Test
    void aSilencedAlertIsToldOfOnlyWhenSilencedUnsilencedAndWhenItEnds() {
        TrackedAlert silenced = firing.silencedBy("sil-1");
        assertThat(Newsworthy.forWebhook(change(Kind.SILENCED, silenced, AlertState.FIRING), false)).isTrue();
        assertThat(Newsworthy.forWebhook(change(Kind.ACKNOWLEDGED,
                silenced.acknowledged(new org.didban.collector.alerts.Acknowledgement("ali", 1, "")), AlertState.SILENCED), false)).isFalse();
        assertThat(Newsworthy.forWebhook(change(Kind.ANNOTATED, silenced, AlertState.SILENCED), false)).isFalse();
        assertThat(Newsworthy.forWebhook(change(Kind.FLAPPING, silenced.flapping(true), AlertState.SILENCED), false)).isFalse();
        assertThat(Newsworthy.forWebhook(change(Kind.EVALUATED, Changes.resolve(silenced), AlertState.SILENCED), false)).isTrue();
        assertThat(Newsworthy.forWebhook(change(Kind.UNSILENCED, firing, AlertState.SILENCED), false)).isTrue();
    }

    @Test
    void aFlappingAlertIsToldOfOnceUntilItIsSteady() {
        TrackedAlert flapping = firing.flapping(true);
        assertThat(Newsworthy.forWebhook(change(Kind.FLAPPING, flapping, AlertState.FIRING), false)).isTrue();
        assertThat(Newsworthy.forWebhook(change(Kind.EVALUATED, flapping, AlertState.FIRING), false)).isFalse();
        assertThat(Newsworthy.forWebhook(change(Kind.ANNOTATED, flapping, AlertState.FIRING), false)).isFalse();
        assertThat(Newsworthy.forWebhook(change(Kind.STEADY, firing, AlertState.FIRING), false)).isTrue();
        assertThat(Newsworthy.forWebhook(change(Kind.EVALUATED, Changes.resolve(flapping), AlertState.FIRING), false)).isTrue();
    }

    @Test
    void aResolutionByHandOfAFiredAlertIsTold() {
        TrackedAlert closed = firing.resolvedByHand("reza", Changes.T0 + 5_000);
        assertThat(Newsworthy.forWebhook(change(Kind.RESOLVED_BY_HAND, closed, AlertState.FIRING), false)).isTrue();
    }
}
