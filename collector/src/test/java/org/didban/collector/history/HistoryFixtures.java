package org.didban.collector.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.didban.collector.alerts.AlertChange;
import org.didban.collector.alerts.TrackedAlert;
import org.didban.collector.fiber.BranchFiber;
import org.didban.collector.fiber.Detected;
import org.didban.collector.fiber.Detection;
import org.didban.collector.fiber.FiberPicture;
import org.didban.collector.readiness.Band;
import org.didban.collector.readiness.Gate;
import org.didban.collector.readiness.ReadinessRollup;
import org.didban.collector.readiness.ReadinessSnapshot;
import org.didban.model.Alert;
import org.didban.model.AlertKey;
import org.didban.model.AlertState;
import org.didban.model.Branch;
import org.didban.model.ElectionPhase;
import org.didban.model.FiberStatus;
import org.didban.model.Labels;
import org.didban.model.Sample;
import org.didban.model.Severity;

/** Branches, samples, alert changes, readiness snapshots and fiber pictures for the history tests. */
final class HistoryFixtures {
    static final ZoneId TEHRAN = ZoneId.of("Asia/Tehran");
    /** 28 June 2024, 10:00 in Tehran: a morning of a voting day. */
    static final long MORNING = ZonedDateTime.of(2024, 6, 28, 10, 0, 0, 0, TEHRAN).toInstant().toEpochMilli();
    /** The same day, 18:00 in Tehran. */
    static final long EVENING = MORNING + Duration.ofHours(8).toMillis();
    /** The next day, 01:00 in Tehran (still the 28th in UTC). */
    static final long NEXT_NIGHT = MORNING + Duration.ofHours(15).toMillis();
    static final long MORNING_DAY_START = ZonedDateTime.of(2024, 6, 28, 0, 0, 0, 0, TEHRAN).toInstant().toEpochMilli();
    static final long NEXT_DAY_START = ZonedDateTime.of(2024, 6, 29, 0, 0, 0, 0, TEHRAN).toInstant().toEpochMilli();

    private HistoryFixtures() {
    }

    static Branch branch(String code, String county, String province) {
        return branch(code, county, province, false);
    }

    static Branch branch(String code, String county, String province, boolean sensitive) {
        return new Branch(code, county, province, "شعبه " + code, "Branch " + code, false, sensitive,
                sensitive ? "مرکز استان" : "", null, FiberStatus.CONNECTED, null, 2, "");
    }

    static Sample sample(String device, String metric, double value, long at, String... labels) {
        return new Sample(device, metric, Labels.of(labels), value, at);
    }

    static Alert alert(Branch branch, String rule, String device, Severity severity, AlertState state, double value,
                       long since, String... labels) {
        return new Alert(new AlertKey(rule, device, Labels.of(labels)), branch.code(), branch.countyCode(),
                branch.provinceCode(), severity, state, "Uplink down", "قطع لینک", value, since,
                state == AlertState.FIRING ? since : 0, 0, "");
    }

    static AlertChange fired(long seq, Alert alert, boolean sensitive) {
        return new AlertChange(seq, alert.firedAt() == 0 ? alert.activeSince() : alert.firedAt(),
                AlertChange.Kind.EVALUATED, TrackedAlert.of(alert, sensitive), AlertState.PENDING, AlertState.FIRING,
                AlertChange.ENGINE, "");
    }

    /** A county's (or province's, or the nation's) readiness with these counts. */
    static ReadinessRollup rollup(ReadinessRollup.Level level, String code, int green, int amber, int red, int ready,
                                  int neverHeard, double scoreAverage, List<ReadinessRollup> parts) {
        Map<Band, Integer> bands = new EnumMap<>(Band.class);
        bands.put(Band.GREEN, green);
        bands.put(Band.AMBER, amber);
        bands.put(Band.RED, red);
        // Every band and gate present, as the board makes them (a rollup copies its maps as EnumMaps).
        Map<Band, Integer> sensitive = new EnumMap<>(Band.class);
        for (Band b : Band.values()) {
            sensitive.put(b, 0);
        }
        Map<Gate, Integer> gates = new EnumMap<>(Gate.class);
        for (Gate g : Gate.values()) {
            gates.put(g, 0);
        }
        return new ReadinessRollup(level, code, "ناحیه " + code, "Area " + code, green + amber + red, ready, neverHeard,
                bands, 0, sensitive, scoreAverage, gates, gates, List.of(), parts);
    }

    /**
     * A snapshot of these counties, grouped by province (province code → county rollups); provinces and
     * nation add their counties up.
     */
    static ReadinessSnapshot readiness(long computedAt, Map<String, List<ReadinessRollup>> countiesByProvince) {
        Map<String, ReadinessRollup> provinces = new LinkedHashMap<>();
        Map<String, ReadinessRollup> counties = new LinkedHashMap<>();
        List<ReadinessRollup> provinceParts = new ArrayList<>();
        int[] all = new int[5];
        for (Map.Entry<String, List<ReadinessRollup>> p : countiesByProvince.entrySet()) {
            int[] sum = new int[5];
            for (ReadinessRollup c : p.getValue()) {
                counties.put(c.code(), c);
                sum[0] += c.count(Band.GREEN);
                sum[1] += c.count(Band.AMBER);
                sum[2] += c.count(Band.RED);
                sum[3] += c.ready();
                sum[4] += c.neverHeard();
            }
            ReadinessRollup province = rollup(ReadinessRollup.Level.PROVINCE, p.getKey(), sum[0], sum[1], sum[2], sum[3],
                    sum[4], 80, p.getValue());
            provinces.put(p.getKey(), province);
            provinceParts.add(province.shallow());
            for (int i = 0; i < all.length; i++) {
                all[i] += sum[i];
            }
        }
        ReadinessRollup nation = rollup(ReadinessRollup.Level.NATION, "", all[0], all[1], all[2], all[3], all[4], 80,
                provinceParts);
        return new ReadinessSnapshot(computedAt, ElectionPhase.VOTING, 12.5, 3.0, 1.0, nation, provinces, counties,
                List.of(), Map.of());
    }

    /** The rollout of these branches, each running on {@code detected}, as read at {@code computedAt}. */
    static FiberPicture fiber(long computedAt, Detected detected, List<Branch> branches) {
        LocalDate today = Instant.ofEpochMilli(computedAt).atZone(TEHRAN).toLocalDate();
        List<BranchFiber> judged = new ArrayList<>();
        for (Branch b : branches) {
            judged.add(new BranchFiber(b, new Detection(detected, List.of(detected), computedAt), null, List.of(), today));
        }
        return FiberPicture.of(judged, today, computedAt, 5);
    }

    /** A port of loopback nobody listens on (a moment ago). */
    static int closedPort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the condition holds; fails with the description's text when the deadline passes first. */
    static void await(Duration deadline, Supplier<String> description, BooleanSupplier condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("not within " + deadline + ": " + description.get());
            }
            // A short pause between two looks at the condition; the deadline bounds the wait.
            LockSupport.parkNanos(Duration.ofMillis(25).toNanos());
        }
    }
}
