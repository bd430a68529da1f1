package org.didban.collector.fiber;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

/**
 * The governors' deadlines for the fiber rollout: a national default and overrides per province
 * and per county; a county's deadline wins over its province's, which wins over the national one.
 * {@code zone} decides which day "today" is. Immutable; read from {@code fiber-deadlines.yaml} by
 * {@link FiberDeadlinesReader}.
 */
public final class FiberDeadlines {
    /** Where the rollout is judged when the file names no zone. */
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Tehran");
    private static final FiberDeadlines NONE = new FiberDeadlines(DEFAULT_ZONE, null, Map.of(), Map.of());

    private final ZoneId zone;
    private final LocalDate national;
    private final Map<String, LocalDate> provinces;
    private final Map<String, LocalDate> counties;

    /**
     * @param national  the default for every branch; null for none (then only overrides apply)
     * @param provinces by province code
     * @param counties  by county code
     */
    public FiberDeadlines(ZoneId zone, LocalDate national, Map<String, LocalDate> provinces,
                          Map<String, LocalDate> counties) {
        this.zone = Objects.requireNonNull(zone, "zone");
        this.national = national;
        this.provinces = Map.copyOf(provinces);
        this.counties = Map.copyOf(counties);
    }

    /** No deadlines at all: no branch is ever past one. */
    public static FiberDeadlines none() {
        return NONE;
    }

    /** The deadline for a branch in this county of this province, or null when none applies. */
    public Deadline forArea(String provinceCode, String countyCode) {
        LocalDate d = counties.get(countyCode);
        if (d != null) {
            return new Deadline(d, Deadline.Level.COUNTY);
        }
        d = provinces.get(provinceCode);
        if (d != null) {
            return new Deadline(d, Deadline.Level.PROVINCE);
        }
        return national == null ? null : new Deadline(national, Deadline.Level.NATIONAL);
    }

    public ZoneId zone() {
        return zone;
    }

    /** The national default, or null. */
    public LocalDate national() {
        return national;
    }

    public Map<String, LocalDate> provinces() {
        return provinces;
    }

    public Map<String, LocalDate> counties() {
        return counties;
    }

    @Override
    public String toString() {
        return "FiberDeadlines[national=" + national + ", " + provinces.size() + " provinces, " + counties.size()
                + " counties, " + zone + "]";
    }
}
