package org.didban.rules.testing;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.didban.model.Alert;
import org.didban.model.AlertState;
import org.didban.model.AlertTransition;
import org.didban.model.Device;
import org.didban.model.Event;
import org.didban.model.Sample;
import org.didban.rules.ManualScheduler;
import org.didban.rules.RuleEngine;
import org.didban.rules.RuleProblem;
import org.didban.rules.testing.RuleTestFile.EventInput;
import org.didban.rules.testing.RuleTestFile.Expectation;
import org.didban.rules.testing.RuleTestFile.Input;
import org.didban.rules.testing.RuleTestFile.RuleTest;
import org.didban.rules.testing.RuleTestFile.SampleInput;

/**
 * Runs rule tests ({@code didban rules test}), the equivalent of {@code promtool test rules}.
 *
 * <p>Each test gets a fresh {@link ManualScheduler} at the file's start and a fresh
 * {@link RuleEngine} on the file's rules, inventory and phases. At 0s every device of the
 * inventory is expected (its absence watches start; unless {@code expect_devices: false}) and the
 * inventory rules are evaluated for every branch. Then inputs and expectations are taken in time
 * order, inputs first at equal times; the clock is moved with {@link ManualScheduler#advanceTo},
 * so every timer fires at its own instant, and samples and events are stamped with the virtual time.
 */
public final class RuleTestRunner {
    /** Exit codes of {@link #runFiles}. */
    public static final int ALL_PASSED = 0;
    public static final int SOME_FAILED = 1;
    public static final int UNREADABLE = 2;

    private static final String INDENT = "     ";

    /** Runs every test of the file. */
    public List<TestOutcome> run(RuleTestFile file) {
        List<TestOutcome> out = new ArrayList<>();
        for (RuleTest test : file.tests()) {
            out.add(run(file, test));
        }
        return out;
    }

    public TestOutcome run(RuleTestFile file, RuleTest test) {
        ManualScheduler scheduler = new ManualScheduler(file.startMillis());
        List<AlertTransition> transitions = new ArrayList<>();
        List<String> diff = new ArrayList<>();
        RuleEngine engine = new RuleEngine(file.rules(), file.inventory(), scheduler, file.phases(), transitions::add);
        try {
            if (file.expectDevices()) {
                for (Device d : file.inventory().devices()) {
                    engine.expect(d);
                }
            }
            engine.evaluateInventory(file.inventory().branches());
            for (Step step : steps(test)) {
                scheduler.advanceTo(file.startMillis() + step.at());
                if (step.input() instanceof SampleInput s) {
                    engine.offer(new Sample(s.device(), s.metric(), s.labels(), s.value(), scheduler.now()));
                } else if (step.input() instanceof EventInput e) {
                    engine.offer(new Event(e.device(), e.type(), e.attributes(), scheduler.now()));
                } else {
                    check(file, step.expectation(), engine.active(), transitions, engine.phase().wireName(), diff);
                }
            }
            if (!diff.isEmpty() && engine.evaluationErrors() > 0) {
                diff.add(INDENT + "note: " + engine.evaluationErrors() + " condition evaluation"
                        + (engine.evaluationErrors() == 1 ? "" : "s") + " failed at run time (a missing key without has()?)");
            }
        } catch (RuntimeException e) {
            diff.add(INDENT + "the engine failed at " + Instant.ofEpochMilli(scheduler.now()) + ": " + e);
        } finally {
            engine.close();
        }
        return new TestOutcome(file.source(), test.name(), test.line(), diff);
    }

    /**
     * Reads and runs the files, printing one line per test, a diff under each failure, and a final
     * {@code N passed, M failed} line. A file that cannot be read is reported with file:line and
     * its tests are not run; the others still are.
     *
     * @return {@link #ALL_PASSED}, {@link #SOME_FAILED}, or {@link #UNREADABLE} when a file could not be read
     */
    public int runFiles(List<Path> files, PrintWriter out) {
        int passed = 0;
        int failed = 0;
        boolean unreadable = false;
        for (Path path : files) {
            RuleTestFile file;
            try {
                file = RuleTestFile.read(path);
            } catch (InvalidTestFileException e) {
                unreadable = true;
                for (RuleProblem p : e.problems()) {
                    out.println(p);
                }
                continue;
            }
            for (TestOutcome o : run(file)) {
                if (o.passed()) {
                    passed++;
                    out.println("ok   " + o.name());
                } else {
                    failed++;
                    out.println("FAIL " + o.name() + "  (" + o.source() + ":" + o.line() + ")");
                    o.diff().forEach(out::println);
                }
            }
        }
        out.println(passed + " passed, " + failed + " failed");
        out.flush();
        return unreadable ? UNREADABLE : failed > 0 ? SOME_FAILED : ALL_PASSED;
    }

    // ── steps ─────────────────────────────────────────────────────────────────────────────────

    /** An input or an expectation at a time; inputs come first at equal times, then file order. */
    private record Step(long at, int order, int seq, Input input, Expectation expectation) {
    }

    private static List<Step> steps(RuleTest test) {
        List<Step> steps = new ArrayList<>();
        int seq = 0;
        for (Input i : test.inputs()) {
            steps.add(new Step(i.at(), 0, seq++, i, null));
        }
        for (Expectation e : test.expectations()) {
            steps.add(new Step(e.at(), 1, seq++, null, e));
        }
        steps.sort(Comparator.comparingLong(Step::at).thenComparingInt(Step::order).thenComparingInt(Step::seq));
        return steps;
    }

    // ── checking ──────────────────────────────────────────────────────────────────────────────

    private static void check(RuleTestFile file, Expectation e, List<Alert> active, List<AlertTransition> transitions,
                              String phase, List<String> diff) {
        List<String> lines = new ArrayList<>();
        if (e.alerts() != null) {
            List<Alert> sorted = new ArrayList<>(active);
            sorted.sort(Comparator.comparing(a -> a.key().id()));
            int[] match = match(e.alerts(), sorted);
            boolean[] used = new boolean[sorted.size()];
            for (int m : match) {
                if (m >= 0) {
                    used[m] = true;
                }
            }
            for (int i = 0; i < match.length; i++) {
                if (match[i] < 0) {
                    ExpectedAlert x = e.alerts().get(i);
                    lines.add(INDENT + "  missing:    " + x.describe() + "  (line " + x.line() + ")");
                    closest(x, sorted, used).ifPresent(lines::add);
                }
            }
            for (int j = 0; j < sorted.size(); j++) {
                if (!used[j]) {
                    lines.add(INDENT + "  unexpected: " + ExpectedAlert.describe(sorted.get(j)));
                }
            }
            if (!lines.isEmpty()) {
                lines.add(0, INDENT + "at " + e.atText() + " (" + time(file, e) + ", phase " + phase + ", "
                        + file.source() + ":" + e.line() + "), alerts:");
                if (sorted.isEmpty()) {
                    lines.add(INDENT + "  (no alert was active)");
                }
            }
        }
        if (e.resolved() != null) {
            List<Alert> resolved = new ArrayList<>();
            for (AlertTransition t : transitions) {
                if (t.to() == AlertState.RESOLVED) {
                    resolved.add(t.alert());
                }
            }
            List<String> missing = new ArrayList<>();
            for (ExpectedAlert x : e.resolved()) {
                if (resolved.stream().noneMatch(x::matches)) {
                    missing.add(INDENT + "  not resolved: " + x.describe() + "  (line " + x.line() + ")");
                }
            }
            if (!missing.isEmpty()) {
                lines.add(INDENT + "at " + e.atText() + " (" + time(file, e) + ", phase " + phase + ", "
                        + file.source() + ":" + e.line() + "), resolved:");
                lines.addAll(missing);
                if (resolved.isEmpty()) {
                    lines.add(INDENT + "  (no alert had resolved)");
                } else {
                    resolved.forEach(a -> lines.add(INDENT + "  resolved at " + offset(file, a.resolvedAt()) + ": "
                            + ExpectedAlert.describe(a)));
                }
            }
        }
        diff.addAll(lines);
    }

    /** The unmatched active alert of the same rule that differs least, with how it differs. */
    private static java.util.Optional<String> closest(ExpectedAlert x, List<Alert> active, boolean[] used) {
        Alert best = null;
        List<String> bestDiff = null;
        for (int j = 0; j < active.size(); j++) {
            Alert a = active.get(j);
            if (used[j] || (x.rule() != null && !x.rule().equals(a.key().ruleId()))) {
                continue;
            }
            List<String> d = x.differences(a);
            if (bestDiff == null || d.size() < bestDiff.size()) {
                best = a;
                bestDiff = d;
            }
        }
        if (best == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(INDENT + "    closest:  " + ExpectedAlert.describe(best) + " — "
                + String.join("; ", bestDiff));
    }

    /**
     * A maximum matching of expected to active alerts (each expected alert by a distinct active
     * one), so that a loosely written expectation does not take the alert a precise one needs.
     * Returns for each expected alert the index of its active alert, or -1.
     */
    static int[] match(List<ExpectedAlert> expected, List<Alert> active) {
        boolean[][] fits = new boolean[expected.size()][active.size()];
        for (int i = 0; i < expected.size(); i++) {
            for (int j = 0; j < active.size(); j++) {
                fits[i][j] = expected.get(i).matches(active.get(j));
            }
        }
        int[] ofActive = new int[active.size()];
        Arrays.fill(ofActive, -1);
        for (int i = 0; i < expected.size(); i++) {
            augment(i, fits, ofActive, new boolean[active.size()]);
        }
        int[] ofExpected = new int[expected.size()];
        Arrays.fill(ofExpected, -1);
        for (int j = 0; j < ofActive.length; j++) {
            if (ofActive[j] >= 0) {
                ofExpected[ofActive[j]] = j;
            }
        }
        return ofExpected;
    }

    private static boolean augment(int i, boolean[][] fits, int[] ofActive, boolean[] seen) {
        for (int j = 0; j < ofActive.length; j++) {
            if (fits[i][j] && !seen[j]) {
                seen[j] = true;
                if (ofActive[j] < 0 || augment(ofActive[j], fits, ofActive, seen)) {
                    ofActive[j] = i;
                    return true;
                }
            }
        }
        return false;
    }

    private static String time(RuleTestFile file, Expectation e) {
        return Instant.ofEpochMilli(file.startMillis() + e.at()).toString();
    }

    private static String offset(RuleTestFile file, long epochMillis) {
        return format(epochMillis - file.startMillis());
    }

    /** Milliseconds as the shortest duration text: 90000 → 1m30s. */
    static String format(long millis) {
        if (millis == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        if (millis < 0) {
            sb.append('-');
            millis = -millis;
        }
        long[] units = {86_400_000, 3_600_000, 60_000, 1000, 1};
        String[] names = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < units.length; i++) {
            if (millis >= units[i]) {
                sb.append(millis / units[i]).append(names[i]);
                millis %= units[i];
            }
        }
        return sb.toString();
    }
}
