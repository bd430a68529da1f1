package org.didban.rules.calendar;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.didban.model.ElectionPhase;
import org.didban.rules.PhaseSchedule;

/**
 * The election calendar: which phase is in force at any instant. Immutable; built by
 * {@link ElectionCalendarReader} from {@code election-calendar.yaml} (docs/CALENDAR.md), or by
 * {@link #of}. Everything is held as UTC epoch milliseconds; {@link #zone()} is only the zone the
 * file's local times were written in, kept for showing them again.
 *
 * <p>{@link #phaseAt} is the phase whose half-open period {@code [from, to)} contains the instant,
 * {@link ElectionPhase#NONE} in a gap or outside every election. Both lookups are binary searches.
 */
public final class ElectionCalendar implements PhaseSchedule {
    /** The zone the calendar's local times are in unless a file says otherwise. */
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Tehran");

    private final ZoneId zone;
    private final List<Election> elections;
    private final long[] starts;
    private final long[] ends;
    private final ElectionPhase[] phases;
    private final int[] electionOf;
    /** Instants at which the phase differs from the one just before, ascending. */
    private final long[] changes;

    private ElectionCalendar(ZoneId zone, List<Election> sortedElections) {
        this.zone = zone;
        this.elections = List.copyOf(sortedElections);
        List<PhasePeriod> all = new ArrayList<>();
        List<Integer> owner = new ArrayList<>();
        for (int e = 0; e < elections.size(); e++) {
            for (PhasePeriod p : elections.get(e).phases()) {
                all.add(p);
                owner.add(e);
            }
        }
        int n = all.size();
        starts = new long[n];
        ends = new long[n];
        phases = new ElectionPhase[n];
        electionOf = new int[n];
        TreeSet<Long> boundaries = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            starts[i] = all.get(i).fromMillis();
            ends[i] = all.get(i).toMillis();
            phases[i] = all.get(i).phase();
            electionOf[i] = owner.get(i);
            boundaries.add(starts[i]);
            boundaries.add(ends[i]);
        }
        // Where one election's last phase meets the next one's first phase and they are the same
        // phase, nothing changes: such a boundary is not a change.
        changes = boundaries.stream().filter(b -> phaseAt(b) != phaseAt(b - 1)).mapToLong(Long::longValue).toArray();
    }

    /** A calendar with no elections: {@link ElectionPhase#NONE} at every time. */
    public static ElectionCalendar empty() {
        return new ElectionCalendar(DEFAULT_ZONE, List.of());
    }

    /**
     * A calendar of these elections, in any order.
     *
     * @throws IllegalArgumentException if two elections overlap
     */
    public static ElectionCalendar of(ZoneId zone, List<Election> elections) {
        Objects.requireNonNull(zone, "zone");
        List<Election> sorted = new ArrayList<>(elections);
        sorted.sort(Comparator.comparingLong(Election::fromMillis));
        for (int i = 1; i < sorted.size(); i++) {
            Election before = sorted.get(i - 1);
            Election e = sorted.get(i);
            if (e.fromMillis() < before.toMillis()) {
                throw new IllegalArgumentException("elections " + before.id() + " and " + e.id() + " overlap");
            }
        }
        if (sorted.stream().map(Election::id).distinct().count() != sorted.size()) {
            throw new IllegalArgumentException("election ids must be distinct");
        }
        return new ElectionCalendar(zone, sorted);
    }

    /** The zone the calendar's local times were written in. */
    public ZoneId zone() {
        return zone;
    }

    /** The elections, earliest first. */
    public List<Election> elections() {
        return elections;
    }

    @Override
    public ElectionPhase phaseAt(long epochMillis) {
        int i = periodIndex(epochMillis);
        return i < 0 ? ElectionPhase.NONE : phases[i];
    }

    /** The period in force at {@code epochMillis}, if any. */
    public Optional<PhasePeriod> periodAt(long epochMillis) {
        int i = periodIndex(epochMillis);
        return i < 0 ? Optional.empty() : Optional.of(new PhasePeriod(phases[i], starts[i], ends[i]));
    }

    /** The election one of whose phases is in force at {@code epochMillis}; empty in a gap or outside every election. */
    public Optional<Election> electionAt(long epochMillis) {
        int i = periodIndex(epochMillis);
        return i < 0 ? Optional.empty() : Optional.of(elections.get(electionOf[i]));
    }

    /** The first instant strictly after {@code epochMillis} at which the phase changes; {@code Long.MAX_VALUE} if none. */
    @Override
    public long nextChangeAfter(long epochMillis) {
        int i = Arrays.binarySearch(changes, epochMillis);
        int next = i >= 0 ? i + 1 : -i - 1;
        return next < changes.length ? changes[next] : Long.MAX_VALUE;
    }

    /** Index of the period containing the instant, or -1. */
    private int periodIndex(long epochMillis) {
        int i = Arrays.binarySearch(starts, epochMillis);
        int last = i >= 0 ? i : -i - 2; // the last period starting at or before the instant
        return last >= 0 && epochMillis < ends[last] ? last : -1;
    }

    @Override
    public String toString() {
        return "ElectionCalendar" + elections.stream().map(Election::id).toList() + " in " + zone;
    }
}
