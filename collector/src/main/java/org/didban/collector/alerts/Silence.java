package org.didban.collector.alerts;

import java.util.Objects;

/**
 * Quiets the alerts it matches from {@code startsAt} to {@code endsAt} (epoch ms): a silence when
 * it starts now, a maintenance window when it starts later. Each matcher is a code or empty for
 * any; at least one must be set, so that nobody silences the whole country by accident. Silenced
 * alerts are still evaluated and recorded; only their notifications stop.
 *
 * @param endedBy who ended it early (unsilenced), or empty
 */
public record Silence(String id, String province, String county, String branch, String rule,
                      long startsAt, long endsAt, String createdBy, long createdAt, String comment,
                      String endedBy, long endedAt) {

    public Silence {
        Objects.requireNonNull(id, "id");
        province = province == null ? "" : province;
        county = county == null ? "" : county;
        branch = branch == null ? "" : branch;
        rule = rule == null ? "" : rule;
        Objects.requireNonNull(createdBy, "createdBy");
        comment = comment == null ? "" : comment;
        endedBy = endedBy == null ? "" : endedBy;
        if (province.isEmpty() && county.isEmpty() && branch.isEmpty() && rule.isEmpty()) {
            throw new IllegalArgumentException("a silence needs at least one of province, county, branch or rule");
        }
        if (endsAt <= startsAt) {
            throw new IllegalArgumentException("a silence must end after it starts");
        }
    }

    /** In force at this instant (and not ended early). */
    public boolean inForceAt(long at) {
        return at >= startsAt && at < effectiveEnd();
    }

    public long effectiveEnd() {
        return endedAt > 0 ? Math.min(endsAt, endedAt) : endsAt;
    }

    public boolean matches(TrackedAlert a) {
        return (province.isEmpty() || province.equals(a.provinceCode()))
                && (county.isEmpty() || county.equals(a.countyCode()))
                && (branch.isEmpty() || branch.equals(a.branchCode()))
                && (rule.isEmpty() || rule.equals(a.ruleId()));
    }

    public Silence ended(String by, long at) {
        return new Silence(id, province, county, branch, rule, startsAt, endsAt, createdBy, createdAt, comment, by, at);
    }
}
