package org.didban.collector.history;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.didban.collector.alerts.AlertChange;
import org.didban.collector.alerts.TrackedAlert;
import org.didban.collector.fiber.FiberCounts;
import org.didban.collector.fiber.FiberPicture;
import org.didban.collector.readiness.Band;
import org.didban.collector.readiness.ReadinessRollup;
import org.didban.collector.readiness.ReadinessSnapshot;
import org.didban.model.Alert;
import org.didban.model.Branch;
import org.didban.model.Sample;
import org.influxdb.dto.Point;

/**
 * Turns what the collector knows into InfluxDB points (docs/HISTORY.md has the schema), on the
 * writer's thread. Text that line protocol cannot carry in a tag makes its point invalid rather
 * than corrupting the lines around it. Not thread-safe: one writer uses it.
 */
final class HistoryPoints {
    static final String SAMPLE = "sample";
    static final String ALERT_TRANSITION = "alert_transition";
    static final String READINESS_DAILY = "readiness_daily";
    static final String FIBER_DAILY = "fiber_daily";

    /**
     * InfluxDB refuses a series key (measurement and tags) over 64 KiB; stay below with room to spare,
     * so that a huge label makes one point invalid instead of getting its whole batch refused.
     */
    static final int MAX_SERIES_KEY_BYTES = 60_000;
    /** InfluxDB 1.x keeps string fields up to 64 KiB; a longer note is cut, not refused (3 bytes a char at most). */
    static final int MAX_TEXT_CHARS = 16_000;

    /** Tag keys of a sample that its own labels must not take over; a label so named gets the prefix {@code label_}. */
    private static final Set<String> SAMPLE_RESERVED = Set.of("time", "province", "county", "branch", "device", "metric",
            "value");
    private static final String LABEL_PREFIX = "label_";
    private static final FiberCounts.Tally[] TALLIES = FiberCounts.Tally.values();
    private static final long NANOS_PER_MILLI = 1_000_000L;

    /** Receives what a conversion made. */
    interface Sink {
        void point(Point point);

        /** One point that could not be written (a value that is not a number, text a tag cannot hold). */
        void invalid();
    }

    private final ZoneId dayZone;
    /** Spreads alert transitions without a ledger sequence number over the nanoseconds of their millisecond. */
    private long transitionCounter;

    HistoryPoints(ZoneId dayZone) {
        this.dayZone = dayZone;
    }

    /** How many points {@link #readiness} makes of a snapshot: every county, every province and the nation. */
    static int readinessPoints(ReadinessSnapshot snapshot) {
        return snapshot.counties().size() + snapshot.provinces().size() + 1;
    }

    /** How many points {@link #fiber} makes of a picture: one a county. */
    static int fiberPoints(FiberPicture picture) {
        return picture.counties().size();
    }

    void samples(Branch branch, List<Sample> samples, Sink sink) {
        for (Sample s : samples) {
            if (s == null || !Double.isFinite(s.value()) || !inRange(s.timestamp())) {
                sink.invalid();
                continue;
            }
            Point.Builder p = Point.measurement(SAMPLE);
            boolean ok = tag(p, "province", branch.provinceCode())
                    && tag(p, "county", branch.countyCode())
                    && tag(p, "branch", branch.code())
                    && tag(p, "device", s.device())
                    && tag(p, "metric", s.metric());
            int keyBytes = utf8Length(SAMPLE) + utf8Length(branch.provinceCode()) + utf8Length(branch.countyCode())
                    + utf8Length(branch.code()) + utf8Length(s.device()) + utf8Length(s.metric()) + 40;
            for (Map.Entry<String, String> label : s.labels().asMap().entrySet()) {
                if (!ok) {
                    break;
                }
                String name = label.getKey();
                if (name.isEmpty() || label.getValue().isEmpty()) {
                    continue;
                }
                String key = SAMPLE_RESERVED.contains(name) ? LABEL_PREFIX + name : name;
                ok = tag(p, key, label.getValue());
                keyBytes += utf8Length(key) + utf8Length(label.getValue()) + 2;
            }
            if (!ok || keyBytes > MAX_SERIES_KEY_BYTES) {
                sink.invalid();
                continue;
            }
            sink.point(p.addField("value", s.value()).time(s.timestamp(), TimeUnit.MILLISECONDS).build());
        }
    }

    void transition(AlertChange change, Sink sink) {
        TrackedAlert tracked = change.alert();
        Alert alert = tracked.alert();
        Point.Builder p = Point.measurement(ALERT_TRANSITION);
        boolean ok = tag(p, "province", alert.provinceCode())
                && tag(p, "county", alert.countyCode())
                && tag(p, "branch", alert.branchCode())
                && tag(p, "rule", tracked.ruleId())
                && tag(p, "severity", alert.severity().wireName())
                && tag(p, "to", change.to().wireName())
                && tag(p, "kind", change.kind().wireName())
                // the engine's own state: an alert started firing when the engine moved it there
                // (kind evaluated), whatever people see (a silence hides it as "silenced")
                && tag(p, "engine", alert.state().wireName())
                && tag(p, "sensitive", Boolean.toString(tracked.sensitive()));
        int keyBytes = utf8Length(alert.provinceCode()) + utf8Length(alert.countyCode()) + utf8Length(alert.branchCode())
                + utf8Length(tracked.ruleId()) + 120;
        if (!ok || keyBytes > MAX_SERIES_KEY_BYTES) {
            sink.invalid();
            return;
        }
        p.addField("from", change.from().wireName());
        p.addField("id", text(tracked.id()));
        p.addField("device", text(alert.key().device()));
        addText(p, "summary", alert.titleEn());
        addText(p, "summary_fa", alert.titleFa());
        addText(p, "actor", change.actor());
        addText(p, "note", change.note());
        if (Double.isFinite(alert.value())) {
            p.addField("value", alert.value());
        }
        // Grafana sums this to count transitions.
        p.addField("count", 1L);
        // Two alerts of one rule and branch can change in the same millisecond (two interfaces of a
        // router); the same series and time would make InfluxDB keep only one. The nanoseconds keep them
        // apart: the ledger's sequence number where there is one, so that writing a change again
        // replaces it rather than counting it twice.
        long offset = change.seq() > 0 ? change.seq() % NANOS_PER_MILLI : transitionCounter++ % NANOS_PER_MILLI;
        sink.point(p.time(Math.multiplyExact(change.at(), NANOS_PER_MILLI) + offset, TimeUnit.NANOSECONDS).build());
    }

    /**
     * One point for each county ({@code level=county}), province ({@code level=province}) and the
     * nation ({@code level=nation}), at the start of the snapshot's day.
     */
    void readiness(ReadinessSnapshot snapshot, Sink sink) {
        long day = startOfDay(snapshot.computedAt());
        Map<String, String> provinceOfCounty = new HashMap<>();
        for (ReadinessRollup province : snapshot.provinces().values()) {
            for (ReadinessRollup county : province.parts()) {
                provinceOfCounty.put(county.code(), province.code());
            }
        }
        for (Map.Entry<String, ReadinessRollup> county : snapshot.counties().entrySet()) {
            Point.Builder p = Point.measurement(READINESS_DAILY).tag("level", "county");
            String province = provinceOfCounty.get(county.getKey());
            boolean ok = (province == null || tag(p, "province", province)) && tag(p, "county", county.getKey());
            emitReadiness(p, ok, county.getValue(), day, sink);
        }
        for (Map.Entry<String, ReadinessRollup> province : snapshot.provinces().entrySet()) {
            Point.Builder p = Point.measurement(READINESS_DAILY).tag("level", "province");
            emitReadiness(p, tag(p, "province", province.getKey()), province.getValue(), day, sink);
        }
        emitReadiness(Point.measurement(READINESS_DAILY).tag("level", "nation"), true, snapshot.nation(), day, sink);
    }

    private static void emitReadiness(Point.Builder p, boolean tagsOk, ReadinessRollup r, long day, Sink sink) {
        if (!tagsOk) {
            sink.invalid();
            return;
        }
        p.addField("branches", (long) r.branches())
                .addField("green", (long) r.count(Band.GREEN))
                .addField("amber", (long) r.count(Band.AMBER))
                .addField("red", (long) r.count(Band.RED))
                .addField("ready", (long) r.ready())
                .addField("never_heard", (long) r.neverHeard());
        if (Double.isFinite(r.scoreAverage())) {
            p.addField("score_avg", r.scoreAverage());
        }
        sink.point(p.time(day, TimeUnit.MILLISECONDS).build());
    }

    /**
     * One point per county, at the start of the picture's day; no province or nation points: the
     * counts add up, and dashboards sum the counties.
     */
    void fiber(FiberPicture picture, Sink sink) {
        long day = startOfDay(picture.computedAt());
        for (Map.Entry<String, FiberCounts> county : picture.counties().entrySet()) {
            Point.Builder p = Point.measurement(FIBER_DAILY);
            String province = picture.provinceOf(county.getKey());
            boolean ok = (province == null || tag(p, "province", province)) && tag(p, "county", county.getKey());
            if (!ok) {
                sink.invalid();
                continue;
            }
            FiberCounts counts = county.getValue();
            for (FiberCounts.Tally t : TALLIES) {
                p.addField(t.column(), (long) counts.get(t));
            }
            sink.point(p.time(day, TimeUnit.MILLISECONDS).build());
        }
    }

    /** Whether InfluxDB can hold this time (epoch ms): it keeps nanoseconds in a signed 64-bit number. */
    static boolean inRange(long epochMillis) {
        return Math.abs(epochMillis) < Long.MAX_VALUE / NANOS_PER_MILLI;
    }

    /**
     * The first millisecond of the day of {@code epochMillis} in the day zone: every write of one day
     * lands on the same time, so InfluxDB keeps the last one of the day.
     */
    long startOfDay(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).atZone(dayZone).toLocalDate().atStartOfDay(dayZone)
                .toInstant().toEpochMilli();
    }

    /**
     * Adds a tag unless its value is empty (InfluxDB has no empty tags; the tag is left out); false
     * when line protocol cannot carry the text.
     */
    private static boolean tag(Point.Builder p, String key, String value) {
        if (value == null || value.isEmpty()) {
            return true;
        }
        if (!tagSafe(key) || !tagSafe(value)) {
            return false;
        }
        p.tag(key, value);
        return true;
    }

    /**
     * Whether text survives as a tag key or value. Line protocol escapes spaces, commas and equals
     * signs with a backslash but has no escape for a line break, so a line break would end the line
     * (and start a forged one); a trailing backslash would escape the separator after it. Other
     * control characters are refused too: they are never meant.
     */
    static boolean tagSafe(String text) {
        if (text.isEmpty() || text.charAt(text.length() - 1) == '\\') {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static void addText(Point.Builder p, String field, String value) {
        if (value != null && !value.isEmpty()) {
            p.addField(field, text(value));
        }
    }

    private static String text(String value) {
        if (value.length() <= MAX_TEXT_CHARS) {
            return value;
        }
        int end = MAX_TEXT_CHARS;
        // Do not cut a surrogate pair in two.
        if (Character.isHighSurrogate(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(0, end) + "…";
    }

    private static int utf8Length(String s) {
        if (s == null) {
            return 0;
        }
        int n = s.length();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return s.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return n;
    }
}
