package org.didban.model;

import java.util.Objects;

/**
 * An immutable snapshot of one alert. Times are epoch milliseconds; {@code firedAt} and
 * {@code resolvedAt} are 0 until the alert reaches that state. {@code groupedUnder} is the id of
 * the area alert (NET-08) that explains this one, or empty: such an alert is not paged alone.
 */
public record Alert(
        AlertKey key,
        String branchCode,
        String countyCode,
        String provinceCode,
        Severity severity,
        AlertState state,
        String titleEn,
        String titleFa,
        double value,
        long activeSince,
        long firedAt,
        long resolvedAt,
        String groupedUnder) {

    public Alert {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(branchCode, "branchCode");
        Objects.requireNonNull(countyCode, "countyCode");
        Objects.requireNonNull(provinceCode, "provinceCode");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(state, "state");
        groupedUnder = groupedUnder == null ? "" : groupedUnder;
    }

    public Alert withState(AlertState next, long at, double lastValue) {
        long fired = next == AlertState.FIRING && firedAt == 0 ? at : firedAt;
        long resolved = next == AlertState.RESOLVED ? at : resolvedAt;
        return new Alert(key, branchCode, countyCode, provinceCode, severity, next, titleEn, titleFa,
                lastValue, activeSince, fired, resolved, groupedUnder);
    }

    public Alert withSeverity(Severity s) {
        return new Alert(key, branchCode, countyCode, provinceCode, s, state, titleEn, titleFa, value, activeSince,
                firedAt, resolvedAt, groupedUnder);
    }

    public Alert groupedUnder(String areaAlertId) {
        return new Alert(key, branchCode, countyCode, provinceCode, severity, state, titleEn, titleFa, value,
                activeSince, firedAt, resolvedAt, areaAlertId);
    }
}
