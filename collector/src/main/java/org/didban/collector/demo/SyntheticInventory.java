package org.didban.collector.demo;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.didban.model.Branch;
import org.didban.model.County;
import org.didban.model.Device;
import org.didban.model.DeviceRole;
import org.didban.model.FiberStatus;
import org.didban.model.Inventory;
import org.didban.model.Province;

/**
 * A realistic, reproducible inventory generated from the province reference data: branches are
 * spread over provinces by the counts a recent election reported (by population where none was
 * reported), about 125 to a county, 26 % of them mobile, a few sensitive, and a fiber rollout
 * part way through. National size is about 58,640 branches in about 470 counties.
 */
public final class SyntheticInventory {
    public static final int NATIONAL_BRANCHES = 58_640;
    static final int BRANCHES_PER_COUNTY = 125;
    static final double MOBILE_SHARE = 0.26;
    static final double SENSITIVE_SHARE = 0.05;
    /** Inspectors' names to draw from; a few branches are left without one, as happens. */
    private static final String[] INSPECTORS = {
        "مریم رستمی", "علی کاظمی", "زهرا حسینی", "رضا محمدی", "فاطمه احمدی", "حسین رضایی", "نرگس موسوی", "مهدی کریمی"};
    static final double WITHOUT_INSPECTOR_SHARE = 0.02;
    private static final String[] SENSITIVE_REASONS = {
        "border district", "high-profile candidates' district", "incidents in a past election", "remote, single uplink"};

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
        Inventory.Builder inventory = Inventory.builder();
        for (int p = 0; p < chosen.size(); p++) {
            ProvinceFacts facts = chosen.get(p);
            if (shares[p] == 0) {
                continue;
            }
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
                        null, fiber, planned, 2 + random.nextInt(3),
                        random.nextDouble() < WITHOUT_INSPECTOR_SHARE ? "" : INSPECTORS[random.nextInt(INSPECTORS.length)]));
                for (DeviceRole role : rolesPerBranch) {
                    inventory.device(new Device(deviceId(code, role), code, role, "", "site"));
                }
            }
        }
        return inventory.build();
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
