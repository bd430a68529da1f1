package org.didban.collector;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.didban.collector.inventory.Agent;
import org.didban.collector.inventory.AgentRegistry;
import org.didban.model.Branch;
import org.didban.model.County;
import org.didban.model.Device;
import org.didban.model.DeviceRole;
import org.didban.model.FiberStatus;
import org.didban.model.GeoPoint;
import org.didban.model.Inventory;
import org.didban.model.Province;

/**
 * A small inventory for tests: three branches in two provinces and three counties, Persian
 * names throughout, one sensitive branch (its alerts are raised one severity level).
 *
 * <pre>
 *   THR  Tehran   ─ THR-01 Tehran ─ THR-0001 (sensitive)
 *                 └ THR-02 Rey    ─ THR-0101
 *   ISF  Isfahan  ─ ISF-05 Kashan ─ ISF-0501
 * </pre>
 * Each branch has a router, an auth device, a voting device and a UPS named {@code CODE-router} …;
 * its agent is {@code CODE-a} with token {@code token-CODE}.
 */
public final class TestFleet {
    public static final String TEHRAN_BRANCH = "THR-0001";
    public static final String REY_BRANCH = "THR-0101";
    public static final String KASHAN_BRANCH = "ISF-0501";
    public static final List<String> BRANCHES = List.of(TEHRAN_BRANCH, REY_BRANCH, KASHAN_BRANCH);

    private TestFleet() {
    }

    public static Inventory inventory() {
        Province tehran = new Province("THR", "تهران", "Tehran");
        Province isfahan = new Province("ISF", "اصفهان", "Isfahan");
        County tehranCounty = new County("THR-01", "THR", "تهران", "Tehran");
        County rey = new County("THR-02", "THR", "ری", "Rey");
        County kashan = new County("ISF-05", "ISF", "کاشان", "Kashan");
        Inventory.Builder b = Inventory.builder()
                .province(tehran).province(isfahan)
                .county(tehranCounty).county(rey).county(kashan)
                .branch(new Branch(TEHRAN_BRANCH, "THR-01", "THR", "دبستان شهید بهشتی، ساختمان «الف»", "Shahid Beheshti School, \"A\" building",
                        false, true, "مرکز استان؛ رسانه‌ها", new GeoPoint(35.6892, 51.389), FiberStatus.CONNECTED, null, 4, "مریم رضایی"))
                .branch(new Branch(REY_BRANCH, "THR-02", "THR", "مسجد جامع ری", "Rey Grand Mosque",
                        true, false, "", new GeoPoint(35.5950, 51.4350), FiberStatus.PLANNED, LocalDate.of(2025, 3, 20), 2, ""))
                .branch(new Branch(KASHAN_BRANCH, "ISF-05", "ISF", "کتابخانهٔ عمومی کاشان", "Kashan Public Library",
                        false, false, "", null, FiberStatus.NONE, null, 0, "Ali, Karimi"));
        for (String branch : BRANCHES) {
            b.device(new Device(branch + "-router", branch, DeviceRole.ROUTER, "10.0.0.1", "snmp-v3-router"))
                    .device(new Device(branch + "-auth", branch, DeviceRole.AUTH_DEVICE, "10.0.0.2", ""))
                    .device(new Device(branch + "-vote", branch, DeviceRole.VOTING_DEVICE, "10.0.0.3", ""))
                    .device(new Device(branch + "-ups", branch, DeviceRole.UPS, "10.0.0.4:1161", "snmp-v3-ups"));
        }
        return b.build();
    }

    public static AgentRegistry agents() {
        List<Agent> agents = new ArrayList<>();
        for (String branch : BRANCHES) {
            agents.add(Agent.withToken(agentOf(branch), branch, tokenOf(branch)));
        }
        return AgentRegistry.of(agents);
    }

    public static String agentOf(String branch) {
        return branch + "-a";
    }

    public static String tokenOf(String branch) {
        return "token-" + branch;
    }
}
