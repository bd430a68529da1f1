package org.didban.rules.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.didban.model.Alert;
import org.didban.model.AlertState;
import org.didban.model.Severity;

/**
 * One alert a rule test expects. Only the fields written are compared (null: any); {@code labels}
 * need only be a subset of the alert's. An inventory alert has no device and carries
 * {@code {branch: X}}, an area alert {@code {county: C}}: write {@code branch:} or {@code county:}.
 */
public record ExpectedAlert(
        int line,
        String rule,
        String device,
        Map<String, String> labels,
        String branch,
        String county,
        AlertState state,
        Severity severity,
        String groupedUnder,
        Double value) {

    public ExpectedAlert {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public boolean matches(Alert alert) {
        return differences(alert).isEmpty();
    }

    /** What differs between this expectation and {@code alert}, one phrase a field; empty when it matches. */
    public List<String> differences(Alert alert) {
        List<String> d = new ArrayList<>();
        if (rule != null && !rule.equals(alert.key().ruleId())) {
            d.add("rule is " + alert.key().ruleId() + ", not " + rule);
        }
        if (device != null && !device.equals(alert.key().device())) {
            d.add("device is " + show(alert.key().device()) + ", not " + device);
        }
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(labels).entrySet()) {
            String got = alert.key().labels().get(e.getKey());
            if (!e.getValue().equals(got)) {
                d.add("label " + e.getKey() + " is " + (got == null ? "missing" : "\"" + got + "\"")
                        + ", not \"" + e.getValue() + "\"");
            }
        }
        if (branch != null && !branch.equals(alert.branchCode())) {
            d.add("branch is " + show(alert.branchCode()) + ", not " + branch);
        }
        if (county != null && !county.equals(alert.countyCode())) {
            d.add("county is " + show(alert.countyCode()) + ", not " + county);
        }
        if (state != null && state != alert.state()) {
            d.add("state is " + alert.state().wireName() + ", not " + state.wireName());
        }
        if (severity != null && severity != alert.severity()) {
            d.add("severity is " + alert.severity().wireName() + ", not " + severity.wireName());
        }
        if (groupedUnder != null && !groupedUnder.equals(alert.groupedUnder())) {
            d.add("grouped_under is " + show(alert.groupedUnder()) + ", not " + show(groupedUnder));
        }
        if (value != null && !sameValue(value, alert.value())) {
            d.add("value is " + number(alert.value()) + ", not " + number(value));
        }
        return d;
    }

    private static boolean sameValue(double expected, double got) {
        if (Double.isNaN(expected) || Double.isNaN(got)) {
            return Double.isNaN(expected) && Double.isNaN(got);
        }
        return Math.abs(expected - got) <= 1e-9 * Math.max(1.0, Math.abs(expected));
    }

    /** The expectation as written: {@code {rule: NET-01, device: B1-router, labels: {if_index: "1"}, severity: high}}. */
    public String describe() {
        List<String> f = new ArrayList<>();
        if (rule != null) {
            f.add("rule: " + rule);
        }
        if (device != null) {
            f.add("device: " + show(device));
        }
        if (!labels.isEmpty()) {
            List<String> l = new ArrayList<>();
            new java.util.TreeMap<>(labels).forEach((k, v) -> l.add(k + ": \"" + v + "\""));
            f.add("labels: {" + String.join(", ", l) + "}");
        }
        if (branch != null) {
            f.add("branch: " + branch);
        }
        if (county != null) {
            f.add("county: " + county);
        }
        if (state != null) {
            f.add("state: " + state.wireName());
        }
        if (severity != null) {
            f.add("severity: " + severity.wireName());
        }
        if (groupedUnder != null) {
            f.add("grouped_under: " + show(groupedUnder));
        }
        if (value != null) {
            f.add("value: " + number(value));
        }
        return "{" + String.join(", ", f) + "}";
    }

    /** An actual alert in the same words: rule, device, labels, state, severity, and what else is set. */
    public static String describe(Alert a) {
        StringBuilder sb = new StringBuilder(a.key().ruleId());
        if (!a.key().device().isEmpty()) {
            sb.append(' ').append(a.key().device());
        }
        if (!a.key().labels().isEmpty()) {
            sb.append(' ').append(a.key().labels());
        }
        sb.append(' ').append(a.state().wireName()).append(' ').append(a.severity().wireName());
        if (a.key().device().isEmpty() && a.key().labels().get("branch") == null && !a.branchCode().isEmpty()) {
            sb.append(" branch=").append(a.branchCode());
        }
        if (!Double.isNaN(a.value())) {
            sb.append(" value=").append(number(a.value()));
        }
        if (!a.groupedUnder().isEmpty()) {
            sb.append(" grouped_under=").append(a.groupedUnder());
        }
        return sb.toString();
    }

    static String number(double v) {
        return v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static String show(String s) {
        return s.isEmpty() ? "\"\"" : s;
    }
}
