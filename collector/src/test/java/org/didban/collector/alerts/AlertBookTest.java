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

    private static Alert alert(String device) {
        return new Alert(new AlertKey("NET-01", device, Labels.of("if_index", "1")), "B1", "C1", "P1", Severity.HIGH,
                AlertState.INACTIVE, "Uplink down", "قطع لینک", 2, 1, 0, 0, "");
    }

    private static AlertTransition move(Alert a, AlertState from, AlertState to, long at) {
        return new AlertTransition(a.withState(to, at, 2), from, to, at);
    }
}
