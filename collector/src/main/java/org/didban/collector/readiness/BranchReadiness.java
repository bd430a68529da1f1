package org.didban.collector.readiness;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.didban.model.Branch;
import org.didban.model.ElectionPhase;

/**
 * How ready one branch is at one moment: its four gates (pass, fail or unknown, each with the
 * reason), its component scores, the total out of 100 and its band. Immutable.
 *
 * @param assessedAt when (epoch ms)
 * @param ready      every gate passed
 * @param lastHeard  the latest report of any of its devices (epoch ms), 0 if none ever reported
 * @param gates      one per {@link Gate}, in that order
 * @param components one per {@link Component}, in that order
 */
public record BranchReadiness(Branch branch, long assessedAt, ElectionPhase phase, boolean ready, int score, Band band,
                              long lastHeard, List<GateResult> gates, List<ComponentScore> components) {

    public BranchReadiness {
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(band, "band");
        gates = List.copyOf(gates);
        components = List.copyOf(components);
        if (gates.size() != Gate.values().length || components.size() != Component.values().length) {
            throw new IllegalArgumentException("one result per gate and one score per component");
        }
    }

    /** A gate's outcome and why. */
    public record GateResult(Gate gate, GateStatus status, Finding finding, String reason) {
        public GateResult {
            Objects.requireNonNull(gate, "gate");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(finding, "finding");
            reason = reason == null ? "" : reason;
        }
    }

    /** A component's points and what cost it points (or why it has them all). */
    public record ComponentScore(Component component, int points, Finding finding, String note) {
        public ComponentScore {
            Objects.requireNonNull(component, "component");
            Objects.requireNonNull(finding, "finding");
            if (points < 0 || points > component.max()) {
                throw new IllegalArgumentException(component + " scores 0.." + component.max() + ", not " + points);
            }
            note = note == null ? "" : note;
        }

        public int max() {
            return component.max();
        }
    }

    public String code() {
        return branch.code();
    }

    /** The same as an area's list shows it. */
    public BranchSummary summary() {
        List<GateStatus> statuses = new ArrayList<>(gates.size());
        for (GateResult g : gates) {
            statuses.add(g.status());
        }
        return new BranchSummary(branch, score, band, ready, lastHeard, statuses);
    }

    public GateResult gate(Gate g) {
        return gates.get(g.ordinal());
    }

    public ComponentScore component(Component c) {
        return components.get(c.ordinal());
    }

    public int points(Component c) {
        return component(c).points();
    }

    /** The gates with this status, in gate order. */
    public List<Gate> gatesWith(GateStatus status) {
        List<Gate> out = new ArrayList<>(2);
        for (GateResult r : gates) {
            if (r.status() == status) {
                out.add(r.gate());
            }
        }
        return out;
    }

    /** Points of the components under one catalogue heading (e.g. {@code connectivity}: fiber + backup + coverage). */
    public int groupPoints(String group) {
        int sum = 0;
        for (ComponentScore c : components) {
            if (c.component().group().equals(group)) {
                sum += c.points();
            }
        }
        return sum;
    }
}
