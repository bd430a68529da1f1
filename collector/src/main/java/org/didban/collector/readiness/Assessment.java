package org.didban.collector.readiness;

import java.util.ArrayList;
import java.util.List;
import org.didban.model.Branch;
import org.didban.model.ElectionPhase;

/**
 * The assessor's scratch pad for one branch, reused branch after branch on a shard so that a
 * national sweep allocates next to nothing: findings stay codes and numbers until
 * {@link #toReadiness()} writes out the few branches that are shown. Not thread-safe.
 */
final class Assessment {
    private static final Gate[] ALL_GATES = Gate.values();
    private static final Component[] ALL_COMPONENTS = Component.values();
    private static final int GATES = ALL_GATES.length;
    private static final int COMPONENTS = ALL_COMPONENTS.length;

    Branch branch;
    long assessedAt;
    ElectionPhase phase = ElectionPhase.NONE;
    long lastHeard;
    int score;
    Band band = Band.RED;
    boolean anyFailed;
    boolean allPassed;

    final GateStatus[] status = new GateStatus[GATES];
    final Finding[] gateFinding = new Finding[GATES];
    /** A device id, a path kind, a date…: written out with {@code String.valueOf} only when shown. */
    final Object[] gateSubject = new Object[GATES];
    final double[] gateN = new double[GATES];
    final double[] gateM = new double[GATES];

    final int[] points = new int[COMPONENTS];
    final Finding[] note = new Finding[COMPONENTS];
    final Object[] noteSubject = new Object[COMPONENTS];
    final double[] noteN = new double[COMPONENTS];
    final double[] noteM = new double[COMPONENTS];

    final ReadinessAssessor.Uplinks uplinks = new ReadinessAssessor.Uplinks();

    /** Per device of the branch (inventory order), its {@code ReadinessAssessor} state; grown as needed. */
    int[] deviceState = new int[16];
    /** How many entries of {@link #deviceState} belong to the branch on the pad. */
    int branchDevices;

    void reset(Branch b, Moment m, int devices) {
        branch = b;
        assessedAt = m.now();
        phase = m.phase();
        lastHeard = 0;
        score = 0;
        band = Band.RED;
        anyFailed = false;
        allPassed = false;
        branchDevices = devices;
        if (deviceState.length < devices) {
            deviceState = new int[Math.max(devices, deviceState.length * 2)];
        }
    }

    void gate(Gate g, GateStatus s, Finding f, Object subject, double n, double m) {
        int i = g.ordinal();
        status[i] = s;
        gateFinding[i] = f;
        gateSubject[i] = subject;
        gateN[i] = n;
        gateM[i] = m;
    }

    void component(Component c, int pts, Finding f, Object subject, double n, double m) {
        int i = c.ordinal();
        points[i] = Math.max(0, Math.min(c.max(), pts));
        note[i] = f;
        noteSubject[i] = subject;
        noteN[i] = n;
        noteM[i] = m;
    }

    /** Adds up the score and finds the band, once every gate and component is set. */
    void conclude() {
        int sum = 0;
        for (int p : points) {
            sum += p;
        }
        score = sum;
        boolean failed = false;
        boolean passed = true;
        for (GateStatus s : status) {
            failed |= s == GateStatus.FAIL;
            passed &= s == GateStatus.PASS;
        }
        anyFailed = failed;
        allPassed = passed;
        band = Band.of(score, branch.sensitive(), failed, passed);
    }

    GateStatus status(Gate g) {
        return status[g.ordinal()];
    }

    BranchReadiness toReadiness() {
        List<BranchReadiness.GateResult> gates = new ArrayList<>(GATES);
        for (Gate g : ALL_GATES) {
            int i = g.ordinal();
            gates.add(new BranchReadiness.GateResult(g, status[i], gateFinding[i],
                    gateFinding[i].text(gateSubject[i], gateN[i], gateM[i])));
        }
        List<BranchReadiness.ComponentScore> components = new ArrayList<>(COMPONENTS);
        for (Component c : ALL_COMPONENTS) {
            int i = c.ordinal();
            components.add(new BranchReadiness.ComponentScore(c, points[i], note[i],
                    note[i].text(noteSubject[i], noteN[i], noteM[i])));
        }
        return new BranchReadiness(branch, assessedAt, phase, allPassed, score, band, lastHeard, gates, components);
    }

    /** The branch on the pad in numbers only, for dashboards of every branch. */
    BranchMark toMark(int activeAlerts) {
        int devices = branchDevices;
        int down = 0;
        int never = 0;
        for (int i = 0; i < devices; i++) {
            int state = deviceState[i];
            down += state == ReadinessAssessor.DOWN || state == ReadinessAssessor.STALE ? 1 : 0;
            never += state == ReadinessAssessor.NEVER ? 1 : 0;
        }
        return new BranchMark(branch, score, band, allPassed, lastHeard, devices, down, never, activeAlerts);
    }

    /** The branch on the pad as a list shows it. */
    BranchSummary toSummary() {
        return new BranchSummary(branch, score, band, allPassed, lastHeard, List.of(status));
    }
}
