package org.didban.collector.readiness;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.didban.model.Branch;

/**
 * A branch as an area's list shows it: score, band, whether it is ready, when it was last heard
 * from and how each gate stands, without reasons or component scores (ask for the branch itself
 * for those). Cheap to keep, so that a national sweep can keep each area's worst without writing
 * out every branch that passes through the list. Immutable.
 *
 * @param gates one status per {@link Gate}, in that order
 */
public record BranchSummary(Branch branch, int score, Band band, boolean ready, long lastHeard, List<GateStatus> gates) {
    public BranchSummary {
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(band, "band");
        gates = List.copyOf(gates);
        if (gates.size() != Gate.values().length) {
            throw new IllegalArgumentException("one status per gate");
        }
    }

    public String code() {
        return branch.code();
    }

    public GateStatus gate(Gate g) {
        return gates.get(g.ordinal());
    }

    /** The gates with this status, in gate order. */
    public List<Gate> gatesWith(GateStatus status) {
        List<Gate> out = new ArrayList<>(2);
        for (Gate g : Gate.values()) {
            if (gates.get(g.ordinal()) == status) {
                out.add(g);
            }
        }
        return out;
    }
}
