package org.didban.collector.readiness;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The readiness of an area — a county, a province or the nation: how many branches in each band,
 * how many ready (every gate passed) and never heard from, the average score, how many failed or
 * could not tell each gate, the worst branches, and the same for each of its parts (a nation's
 * provinces, a province's counties; parts carry no worst list and no parts of their own).
 * Immutable.
 */
public record ReadinessRollup(Level level, String code, String nameFa, String nameEn, int branches, int ready,
                              int neverHeard, Map<Band, Integer> bands, int sensitive, Map<Band, Integer> sensitiveBands,
                              double scoreAverage, Map<Gate, Integer> gateFailures, Map<Gate, Integer> gateUnknown,
                              List<BranchSummary> worst, List<ReadinessRollup> parts) {

    /** Which kind of area. */
    public enum Level {
        NATION, PROVINCE, COUNTY;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ReadinessRollup {
        Objects.requireNonNull(level, "level");
        code = code == null ? "" : code;
        nameFa = nameFa == null ? "" : nameFa;
        nameEn = nameEn == null ? "" : nameEn;
        bands = Collections.unmodifiableMap(new EnumMap<>(bands));
        sensitiveBands = Collections.unmodifiableMap(new EnumMap<>(sensitiveBands));
        gateFailures = Collections.unmodifiableMap(new EnumMap<>(gateFailures));
        gateUnknown = Collections.unmodifiableMap(new EnumMap<>(gateUnknown));
        worst = List.copyOf(worst);
        parts = List.copyOf(parts);
    }

    public int count(Band b) {
        return bands.getOrDefault(b, 0);
    }

    public int failed(Gate g) {
        return gateFailures.getOrDefault(g, 0);
    }

    public int unknown(Gate g) {
        return gateUnknown.getOrDefault(g, 0);
    }

    /** The same without its worst list and parts: as a part of a larger area. */
    public ReadinessRollup shallow() {
        return worst.isEmpty() && parts.isEmpty() ? this : new ReadinessRollup(level, code, nameFa, nameEn, branches, ready,
                neverHeard, bands, sensitive, sensitiveBands, scoreAverage, gateFailures, gateUnknown, List.of(), List.of());
    }

    /** The same with these parts. */
    ReadinessRollup withParts(List<ReadinessRollup> p) {
        return new ReadinessRollup(level, code, nameFa, nameEn, branches, ready, neverHeard, bands, sensitive,
                sensitiveBands, scoreAverage, gateFailures, gateUnknown, worst, p);
    }

    static ReadinessRollup of(Level level, String code, String nameFa, String nameEn, AreaTally t) {
        Map<Band, Integer> bands = new EnumMap<>(Band.class);
        Map<Band, Integer> sensitiveBands = new EnumMap<>(Band.class);
        for (Band b : Band.values()) {
            bands.put(b, t.bands[b.ordinal()]);
            sensitiveBands.put(b, t.sensitiveBands[b.ordinal()]);
        }
        Map<Gate, Integer> failed = new EnumMap<>(Gate.class);
        Map<Gate, Integer> unknown = new EnumMap<>(Gate.class);
        for (Gate g : Gate.values()) {
            failed.put(g, t.gateFailed[g.ordinal()]);
            unknown.put(g, t.gateUnknown[g.ordinal()]);
        }
        double average = t.branches == 0 ? Double.NaN : (double) t.scoreSum / t.branches;
        return new ReadinessRollup(level, code, nameFa, nameEn, t.branches, t.ready, t.neverHeard, bands, t.sensitive,
                sensitiveBands, average, failed, unknown, t.worst, List.of());
    }
}
