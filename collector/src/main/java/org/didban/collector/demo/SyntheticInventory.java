package org.didban.collector.demo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.didban.model.Branch;
import org.didban.model.County;
import org.didban.model.Device;
import org.didban.model.DeviceIdentity;
import org.didban.model.DeviceRole;
import org.didban.model.FiberStatus;
import org.didban.model.Inventory;
import org.didban.model.Province;

/**
 * A realistic, reproducible inventory generated from the province reference data: branches are
 * spread over provinces by the counts a recent election reported (by population where none was
 * reported), about 125 to a county, 26 % of them mobile, a few sensitive, and a fiber rollout
 * part way through. National size is about 58,640 branches in about 470 counties.
 *
 * <p>Each branch has a governor's representative and three to five members (Persian names), each
 * device a registered identity (serial, model, approved software build and configuration hash,
 * by role) and one allowed MAC on the branch LAN, named after the device. The same seed gives the
 * same inventory, byte for byte once written; serials and MACs are unique nationally.
 *
 * <p>A role listed more than once gives every branch that many devices of it (two voting devices,
 * three cameras): the first keeps the plain name ({@code THR-00001-camera}), the others are
 * numbered ({@code THR-00001-camera-2}).
 */
public final class SyntheticInventory {
    public static final int NATIONAL_BRANCHES = 58_640;
    static final int BRANCHES_PER_COUNTY = 125;
    static final double MOBILE_SHARE = 0.26;
    static final double SENSITIVE_SHARE = 0.05;
    /** Where each province's seat lies, to place its branches on a map. */
    private static final java.util.Map<String, ProvinceSeat> SEATS = ProvinceSeat.shipped();
    /** Inspectors' names to draw from; a few branches are left without one, as happens. */
    private static final String[] INSPECTORS = {
        "مریم رستمی", "علی کاظمی", "زهرا حسینی", "رضا محمدی", "فاطمه احمدی", "حسین رضایی", "نرگس موسوی", "مهدی کریمی"};
    static final double WITHOUT_INSPECTOR_SHARE = 0.02;
    private static final String[] SENSITIVE_REASONS = {
        "border district", "high-profile candidates' district", "incidents in a past election", "remote, single uplink"};

    private static final String[] FIRST_NAMES = {
        "محمد", "علی", "حسین", "رضا", "مهدی", "احمد", "حسن", "مصطفی", "امیر", "سعید", "جواد", "مجید",
        "فاطمه", "زهرا", "مریم", "معصومه", "سمیه", "نرگس", "لیلا", "الهام", "سارا", "مینا", "شیرین", "طاهره"};
    private static final String[] LAST_NAMES = {
        "محمدی", "حسینی", "احمدی", "رضایی", "موسوی", "کریمی", "جعفری", "رحیمی", "صادقی", "قاسمی", "هاشمی",
        "نوری", "یزدانی", "طاهری", "عباسی", "کاظمی", "مرادی", "رستمی", "نجفی", "سلیمانی", "اکبری", "زارعی"};
    static final int MIN_MEMBERS = 3;
    static final int MAX_MEMBERS = 5;

    /** What a device of each role is registered as: a plausible model, its serial prefix, its approved build. */
    private record Make(String model, String serialPrefix, String version, String oui) {
    }

    private static final Map<DeviceRole, Make> MAKES = new EnumMap<>(Map.of(
            DeviceRole.ROUTER, new Make("RB-4011 iGS", "RB4", "7.14.3", "00:1a:2b"),
            DeviceRole.SWITCH, new Make("GS-1920-24", "S24", "4.70.2", "00:1c:3d"),
            DeviceRole.MODEM, new Make("LTE-M300", "M3L", "2.1.8", "00:1e:4f"),
            DeviceRole.FIREWALL, new Make("FW-600E", "F6E", "7.2.8", "00:20:5a"),
            DeviceRole.AUTH_DEVICE, new Make("DBN-A2", "AUTH", "2.4.1", "00:22:6b"),
            DeviceRole.VOTING_DEVICE, new Make("DBN-V3", "VOTE", "3.1.0", "00:24:7c"),
            DeviceRole.UPS, new Make("UPS-1500VA", "U15", "1.2.0", "00:26:8d"),
            DeviceRole.CAMERA, new Make("IPC-4MP-D", "IPC", "5.7.3", "00:28:9e"),
            DeviceRole.NVR, new Make("NVR-8CH", "NVR", "4.0.12", "00:2a:af"),
            DeviceRole.SENSOR, new Make("ENV-T1", "ENV", "1.0.4", "00:2c:b0")));

    private final List<ProvinceFacts> provinces;
    private final List<DeviceRole> rolesPerBranch;
    private final long seed;

    public SyntheticInventory(List<ProvinceFacts> provinces, List<DeviceRole> rolesPerBranch, long seed) {
        this.provinces = List.copyOf(provinces);
        this.rolesPerBranch = List.copyOf(rolesPerBranch);
        this.seed = seed;
    }

    /**
     * {@code branches} branches over the {@code provinceCount} most populous provinces, in
     * proportion to each one's share of the national total.
     */
    public Inventory generate(int branches, int provinceCount) {
        if (branches < 1 || provinceCount < 1) {
            throw new IllegalArgumentException("need at least one branch and one province");
        }
        List<ProvinceFacts> chosen = provinces.stream()
                .sorted(Comparator.comparingLong(ProvinceFacts::population).reversed())
                .limit(provinceCount).toList();
        int[] shares = apportion(chosen, branches);
        Random random = new Random(seed);
        // People, identities and MACs draw from streams of their own, so that the branches are the
        // same as generators before them made for the same seed.
        Random people = new Random(seed * 0x9E3779B97F4A7C15L + 1);
        Identities identities = new Identities(seed);
        Inventory.Builder inventory = Inventory.builder();
        for (int p = 0; p < chosen.size(); p++) {
            ProvinceFacts facts = chosen.get(p);
            if (shares[p] == 0) {
                continue;
            }
            ProvinceSeat seat = SEATS.get(facts.code());
            inventory.province(new Province(facts.code(), facts.nameFa(), facts.nameEn()));
            int counties = Math.max(1, Math.round(shares[p] / (float) BRANCHES_PER_COUNTY));
            for (int c = 1; c <= counties; c++) {
                String countyCode = facts.code() + "-" + twoDigits(c);
                inventory.county(new County(countyCode, facts.code(),
                        "شهرستان " + PersianDigits.of(c) + " " + facts.nameFa(), facts.nameEn() + " County " + c));
            }
            for (int b = 1; b <= shares[p]; b++) {
                int county = 1 + (b - 1) % counties;
                String countyCode = facts.code() + "-" + twoDigits(county);
                String code = facts.code() + "-" + String.format("%05d", b);
                boolean sensitive = random.nextDouble() < SENSITIVE_SHARE;
                double f = random.nextDouble();
                FiberStatus fiber = f < 0.6 ? FiberStatus.CONNECTED : f < 0.85 ? FiberStatus.PLANNED : FiberStatus.NONE;
                LocalDate planned = fiber == FiberStatus.PLANNED ? LocalDate.of(2027, 1, 1).plusDays(random.nextInt(120)) : null;
                inventory.branch(new Branch(code, countyCode, facts.code(),
                        "شعبه " + PersianDigits.of(b) + " " + facts.nameFa(), facts.nameEn() + " branch " + b,
                        random.nextDouble() < MOBILE_SHARE, sensitive,
                        sensitive ? SENSITIVE_REASONS[random.nextInt(SENSITIVE_REASONS.length)] : "",
                        seat == null ? null : seat.near(code), fiber, planned, 2 + random.nextInt(3),
                        random.nextDouble() < WITHOUT_INSPECTOR_SHARE ? "" : INSPECTORS[random.nextInt(INSPECTORS.length)],
                        personName(people), members(people)));
                Map<DeviceRole, Integer> ofRole = new EnumMap<>(DeviceRole.class);
                for (DeviceRole role : rolesPerBranch) {
                    int n = ofRole.merge(role, 1, Integer::sum);
                    String id = n == 1 ? deviceId(code, role) : deviceId(code, role) + "-" + n;
                    inventory.device(new Device(id, code, role, "", "site", identities.next(role)));
                    inventory.allowedMac(code, identities.mac(role), id);
                }
            }
        }
        return inventory.build();
    }

    private static String personName(Random r) {
        return FIRST_NAMES[r.nextInt(FIRST_NAMES.length)] + " " + LAST_NAMES[r.nextInt(LAST_NAMES.length)];
    }

    private static List<String> members(Random r) {
        int n = MIN_MEMBERS + r.nextInt(MAX_MEMBERS - MIN_MEMBERS + 1);
        Set<String> names = new LinkedHashSet<>();
        while (names.size() < n) {
            names.add(personName(r));
        }
        return List.copyOf(names);
    }

    /**
     * Serials and MACs by role: the n-th device of a role gets a number scrambled by a bijection
     * (multiplying by a constant prime to the modulus, adding a seed-dependent offset), so that
     * they look spread out, differ by seed, and never repeat: a serial has 10^8 values and a MAC
     * 2^24 under its role's vendor prefix, far more than a national fleet has devices of one role.
     */
    private static final class Identities {
        private final long seed;
        private final Map<DeviceRole, Integer> serialCount = new EnumMap<>(DeviceRole.class);
        private final Map<DeviceRole, Integer> macCount = new EnumMap<>(DeviceRole.class);
        private final Map<DeviceRole, DeviceIdentity> approved = new EnumMap<>(DeviceRole.class);

        Identities(long seed) {
            this.seed = seed;
        }

        DeviceIdentity next(DeviceRole role) {
            Make make = MAKES.get(role);
            int n = serialCount.merge(role, 1, Integer::sum) - 1;
            long scrambled = Math.floorMod(n * 48_271L + offset(role, 100_000_000L), 100_000_000L);
            DeviceIdentity baseline = approved.computeIfAbsent(role, r -> new DeviceIdentity("", make.model(),
                    // election devices report their software image's hash (DEV-04 compares it); network gear its version
                    r == DeviceRole.AUTH_DEVICE || r == DeviceRole.VOTING_DEVICE
                            ? sha256Hex("software/" + make.model() + "/" + make.version()) : make.version(),
                    sha256Hex("approved-config/" + make.model() + "/" + seed)));
            return new DeviceIdentity(make.serialPrefix() + String.format("%08d", scrambled), baseline.model(),
                    baseline.firmware(), baseline.configHash());
        }

        String mac(DeviceRole role) {
            int n = macCount.merge(role, 1, Integer::sum) - 1;
            long low = Math.floorMod(n * 0x9E3779L + offset(role, 1L << 24), 1L << 24);
            return String.format("%s:%02x:%02x:%02x", MAKES.get(role).oui(), (low >> 16) & 0xff, (low >> 8) & 0xff, low & 0xff);
        }

        private long offset(DeviceRole role, long modulus) {
            return Math.floorMod(new Random(seed * 31 + role.ordinal()).nextLong(), modulus);
        }
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public static String deviceId(String branchCode, DeviceRole role) {
        return branchCode + "-" + role.wireName();
    }

    /**
     * Each province's share of the national total: its reported count where an election reported
     * one, and the rest of the nation's branches spread over the others by population. Scaled to
     * {@code total} by largest remainder, so the shares add up exactly; at national size over all
     * provinces, reported counts come out as reported.
     */
    int[] apportion(List<ProvinceFacts> chosen, int total) {
        long reportedSum = 0;
        long unreportedPopulation = 0;
        for (ProvinceFacts p : provinces) {
            if (p.branchesReported() > 0) {
                reportedSum += p.branchesReported();
            } else {
                unreportedPopulation += p.population();
            }
        }
        double perPerson = unreportedPopulation > 0
                ? Math.max(0, NATIONAL_BRANCHES - reportedSum) / (double) unreportedPopulation : 0;
        double[] weight = new double[chosen.size()];
        double sum = 0;
        for (int i = 0; i < weight.length; i++) {
            ProvinceFacts p = chosen.get(i);
            weight[i] = p.branchesReported() > 0 ? p.branchesReported() : p.population() * perPerson;
            sum += weight[i];
        }
        double weightSum = sum;
        int[] shares = new int[weight.length];
        List<Integer> order = new ArrayList<>();
        int given = 0;
        for (int i = 0; i < weight.length; i++) {
            shares[i] = (int) Math.floor(total * weight[i] / weightSum + 1e-9);
            given += shares[i];
            order.add(i);
        }
        order.sort(Comparator.comparingDouble((Integer i) -> -(total * weight[i] / weightSum - shares[i])));
        for (int k = 0; given < total; k = (k + 1) % order.size(), given++) {
            shares[order.get(k)]++;
        }
        return shares;
    }

    private static String twoDigits(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }
}
