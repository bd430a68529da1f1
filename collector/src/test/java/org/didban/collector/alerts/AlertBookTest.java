package org.didban.collector.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.didban.model.Alert;
import org.didban.model.AlertKey;
import org.didban.model.AlertState;
import org.didban.model.AlertTransition;
import org.didban.model.Labels;
import org.didban.model.Severity;
import org.junit.jupiter.api.Test;

class AlertBookTest {
    private final AlertBook book = new AlertBook(2);

    @Test
    void keepsActiveAlertsByKeyAndABoundedRingOfResolvedOnes() {
        for (int i = 1; i <= 3; i++) {
            Alert a = alert("dev-" + i);
            book.record(move(a, AlertState.INACTIVE, AlertState.PENDING, i));
            book.record(move(a, AlertState.PENDING, AlertState.FIRING, i));
        }
        assertThat(book.active()).hasSize(3).allMatch(a -> a.state() == AlertState.FIRING);

        for (int i = 1; i <= 3; i++) {
            book.record(move(alert("dev-" + i), AlertState.FIRING, AlertState.RESOLVED, 10 + i));
        }
        assertThat(book.active()).isEmpty();
        assertThat(book.recentlyResolved()).extracting(a -> a.key().device()).containsExactly("dev-2", "dev-3");
    }

    @Test
    void aPendingAlertThatClearsLeavesNoTrace() {
        Alert a = alert("dev-1");
        book.record(move(a, AlertState.INACTIVE, AlertState.PENDING, 1));
        book.record(move(a, AlertState.PENDING, AlertState.INACTIVE, 2));
        assertThat(book.active()).isEmpty();
        assertThat(book.recentlyResolved()).isEmpty();
    }

    @Test
    void selectsByQuery() {
        Alert a = alert("dev-1");
        book.record(move(a, AlertState.INACTIVE, AlertState.FIRING, 1));
        assertThat(book.select(AlertQuery.all())).hasSize(1);
        assertThat(book.select(AlertQuery.parse(Map.of("state", List.of("resolved"))))).isEmpty();
        assertThat(book.select(AlertQuery.parse(Map.of("county", List.of("C1"), "severity", List.of("high"))))).hasSize(1);
    }

    private static Alert alertSince(String device, long since) {
        return new Alert(new AlertKey("NET-01", device, Labels.of("if_index", "1")), "B1", "C1", "P1", Severity.HIGH,
                AlertState.INACTIVE, "Uplink down", "قطع لینک", 2, since, 0, 0, "");
    }

    @Test
    void anAcknowledgementIsKeptWithWhoWhenAndNoteAndShowsAsAcknowledged() {
        Alert a = alert("dev-1");
        List<AlertChange> opened = book.record(move(a, AlertState.INACTIVE, AlertState.FIRING, 1));
        String id = opened.get(0).alert().id();
        AlertBook.Action ack = book.acknowledge(id, "tehran-it", "on my way", 5);
        assertThat(ack.ok()).isTrue();
        assertThat(ack.change().kind()).isEqualTo(AlertChange.Kind.ACKNOWLEDGED);
        assertThat(ack.change().from()).isEqualTo(AlertState.FIRING);
        assertThat(ack.change().to()).isEqualTo(AlertState.ACKNOWLEDGED);
        assertThat(book.find(id).acknowledgement()).isEqualTo(new Acknowledgement("tehran-it", 5, "on my way"));
        // the engine's later changes keep the acknowledgement
        book.record(new AlertTransition(a.withState(AlertState.FIRING, 1, 2).groupedUnder("NET-08/x"),
                AlertState.FIRING, AlertState.FIRING, 6));
        assertThat(book.find(id).state()).isEqualTo(AlertState.ACKNOWLEDGED);
        List<AlertChange> resolved = book.record(move(a, AlertState.FIRING, AlertState.RESOLVED, 9));
        assertThat(resolved).singleElement().satisfies(c -> {
            assertThat(c.to()).isEqualTo(AlertState.RESOLVED);
            assertThat(c.alert().acknowledgement().by()).isEqualTo("tehran-it");
        });
        assertThat(book.acknowledge(id, "x", "", 10).refusal()).isEqualTo(AlertBook.Refusal.NOT_ACTIVE);
        assertThat(book.acknowledge("NET-01-nope", "x", "", 10).refusal()).isEqualTo(AlertBook.Refusal.NOT_FOUND);
    }

    @Test
    void aHandResolutionClosesTheAlertAndSaysWho() {
        Alert a = alert("dev-1");
        String id = book.record(move(a, AlertState.INACTIVE, AlertState.FIRING, 1)).get(0).alert().id();
        AlertBook.Action r = book.resolveByHand(id, "hq", "fixed on site", 7);
        assertThat(r.change().kind()).isEqualTo(AlertChange.Kind.RESOLVED_BY_HAND);
        assertThat(r.change().alert().resolvedBy()).isEqualTo("hq");
        assertThat(r.change().alert().alert().resolvedAt()).isEqualTo(7);
        assertThat(book.active()).isEmpty();
        assertThat(book.recentlyResolved()).extracting(TrackedAlert::id).containsExactly(id);
    }

    @Test
    void silencesCoverMatchingAlertsOnlyWhileInForce() {
        Alert a = alert("dev-1");
        String id = book.record(move(a, AlertState.INACTIVE, AlertState.FIRING, 1)).get(0).alert().id();
        Silence window = new Silence("sil-1", "", "C1", "", "NET-01", 100, 200, "hq", 50, "planned work", "", 0);
        Silence elsewhere = new Silence("sil-2", "", "C2", "", "", 0, 1_000, "hq", 0, "other county", "", 0);
        assertThat(book.applySilences(List.of(window, elsewhere), 50)).isEmpty(); // not yet
        assertThat(book.applySilences(List.of(window, elsewhere), 100)).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(AlertChange.Kind.SILENCED);
            assertThat(c.to()).isEqualTo(AlertState.SILENCED);
        });
        assertThat(book.find(id).silencedBy()).isEqualTo("sil-1");
        assertThat(book.applySilences(List.of(window, elsewhere), 150)).isEmpty(); // no change, no record
        assertThat(book.applySilences(List.of(window, elsewhere), 200)).singleElement()
                .satisfies(c -> assertThat(c.kind()).isEqualTo(AlertChange.Kind.UNSILENCED));
        // a new alert opening under a silence starts silenced
        book.applySilences(List.of(new Silence("sil-3", "", "", "B1", "", 0, 10_000, "hq", 0, "x", "", 0)), 300);
        List<AlertChange> opened = book.record(move(alertSince("dev-2", 400), AlertState.INACTIVE, AlertState.FIRING, 400));
        assertThat(opened.get(0).to()).isEqualTo(AlertState.SILENCED);
    }

    @Test
    void anAlertThatKeepsComingBackIsMarkedFlappingOnceAndSteadyAfterAQuietWindow() {
        long minute = 60_000;
        List<AlertChange> all = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Alert a = alertSince("dev-1", i * 5 * minute + 1);
            all.addAll(book.record(move(a, AlertState.INACTIVE, AlertState.FIRING, i * 5 * minute + 1)));
            all.addAll(book.record(move(a, AlertState.FIRING, AlertState.RESOLVED, i * 5 * minute + 2)));
        }
        assertThat(all).filteredOn(c -> c.kind() == AlertChange.Kind.FLAPPING).hasSize(1);
        Alert fifth = alertSince("dev-1", 21 * minute);
        List<AlertChange> opened = book.record(move(fifth, AlertState.INACTIVE, AlertState.FIRING, 21 * minute));
        assertThat(opened.get(0).alert().flapping()).isTrue();
        assertThat(opened).noneMatch(c -> c.kind() == AlertChange.Kind.FLAPPING); // told once
        assertThat(book.settle(40 * minute)).isEmpty(); // still within the window of the later starts
        assertThat(book.settle(52 * minute)).singleElement()
                .satisfies(c -> assertThat(c.kind()).isEqualTo(AlertChange.Kind.STEADY));
    }

    @Test
    void blipsThatNeverFiredDoNotDampTheRealOutageThatFollows() {
        long minute = 60_000;
        List<AlertChange> all = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) { // four short blips, each cleared while pending
            Alert a = alertSince("dev-1", i * minute);
            all.addAll(book.record(move(a, AlertState.INACTIVE, AlertState.PENDING, i * minute)));
            all.addAll(book.record(move(a, AlertState.PENDING, AlertState.INACTIVE, i * minute + 10_000)));
        }
        Alert outage = alertSince("dev-1", 5 * minute);
        all.addAll(book.record(move(outage, AlertState.INACTIVE, AlertState.PENDING, 5 * minute)));
        List<AlertChange> fired = book.record(move(outage, AlertState.PENDING, AlertState.FIRING, 6 * minute));
        assertThat(fired).singleElement().satisfies(c -> {
            assertThat(c.to()).isEqualTo(AlertState.FIRING);
            assertThat(c.alert().flapping()).isFalse();
        });
        assertThat(all).noneMatch(c -> c.kind() == AlertChange.Kind.FLAPPING);
    }

    @Test
    void aRestoredFlappingAlertStaysFlappingUntilAQuietWindowPasses() {
        long minute = 60_000;
        Alert a = alertSince("dev-1", 100 * minute).withState(AlertState.FIRING, 101 * minute, 2);
        book.restore(TrackedAlert.of(a, false).flapping(true), 102 * minute);
        assertThat(book.settle(103 * minute)).isEmpty();
        assertThat(book.settle(132 * minute)).singleElement()
                .satisfies(c -> assertThat(c.kind()).isEqualTo(AlertChange.Kind.STEADY));
    }

    private static Alert alert(String device) {
        return new Alert(new AlertKey("NET-01", device, Labels.of("if_index", "1")), "B1", "C1", "P1", Severity.HIGH,
                AlertState.INACTIVE, "Uplink down", "قطع لینک", 2, 1, 0, 0, "");
    }

    private static AlertTransition move(Alert a, AlertState from, AlertState to, long at) {
        return new AlertTransition(a.withState(to, at, 2), from, to, at);
    }
}
