package org.didban.collector.notify;

import java.util.Objects;
import java.util.Set;
import org.didban.collector.alerts.TrackedAlert;
import org.didban.model.Severity;

/**
 * Which alerts one receiver is responsible for: those of its provinces and counties (empty means
 * all) at or above a severity. A receiver that asks for pending alerts also hears of alerts that
 * are not firing yet, and of those that cleared before they fired.
 */
public record WebhookScope(Set<String> provinces, Set<String> counties, Severity minimumSeverity,
                           boolean includePending) {
    /** Every alert that fires, of any severity, anywhere. */
    public static final WebhookScope EVERYTHING = new WebhookScope(Set.of(), Set.of(), Severity.INFO, false);

    public WebhookScope {
        provinces = Set.copyOf(provinces == null ? Set.of() : provinces);
        counties = Set.copyOf(counties == null ? Set.of() : counties);
        Objects.requireNonNull(minimumSeverity, "minimumSeverity");
    }

    public boolean covers(TrackedAlert alert) {
        return (provinces.isEmpty() || provinces.contains(alert.provinceCode()))
                && (counties.isEmpty() || counties.contains(alert.countyCode()))
                && alert.alert().severity().compareTo(minimumSeverity) >= 0;
    }
}
