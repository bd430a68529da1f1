package org.didban.collector.readiness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.didban.model.Branch;
import org.didban.model.Device;
import org.didban.model.DeviceIdentity;
import org.didban.model.DeviceRole;
import org.didban.model.ElectionPhase;
import org.didban.model.FiberStatus;
import org.didban.model.Metrics;
import org.didban.model.Severity;
import org.junit.jupiter.api.Test;

/** Gates, score and bands of hand-made branches: healthy, sensitive, silent, stale, failing in one way each. */
class ReadinessAssessorTest {
    static final long NOW = Instant.parse("2026-05-20T06:00:00Z").toEpochMilli();
    static final String APPROVED = "5f1c0ffee5f1c0ffee5f1c0ffee5f1c0ffee5f1c0ffee5f1c0ffee5f1c0ffee0";
    private static final Moment PREPARATION = new Moment(NOW, ElectionPhase.PREPARATION, 0);
    private final ReadinessAssessor assessor = new ReadinessAssessor();

    // ---- fixtures

    static Branch branch(String code, boolean sensitive, boolean mobile, FiberStatus fiber, LocalDate planned, int cameras,
                         String inspector) {
        return new Branch(code, "THR-01", "THR", "شعبه " + code, "Branch " + code, mobile, sensitive,
                sensitive ? "border district" : "", null, fiber, planned, cameras, inspector);
    }

    static Branch ordinary() {
        return branch("B-1", false, false, FiberStatus.CONNECTED, null, 3, "مریم رستمی");
    }

    /** router, auth device, voting device, UPS (plus extra roles), auth and voting with the approved configuration registered. */
    static List<Device> devices(Branch b, DeviceRole... extra) {
        List<Device> d = new ArrayList<>();
        d.add(new Device(b.code() + "-router", b.code(), DeviceRole.ROUTER, "10.0.0.1", "v3"));
        d.add(new Device(b.code() + "-auth", b.code(), DeviceRole.AUTH_DEVICE, "10.0.0.2", "v3",
                new DeviceIdentity("SN-A", "AUTH-1", "", APPROVED)));
        d.add(new Device(b.code() + "-vote", b.code(), DeviceRole.VOTING_DEVICE, "10.0.0.3", "v3",
                new DeviceIdentity("SN-V", "VOTE-1", "", APPROVED)));
        d.add(new Device(b.code() + "-ups", b.code(), DeviceRole.UPS, "10.0.0.4", "v3"));
        int i = 0;
        for (DeviceRole r : extra) {
            d.add(new Device(b.code() + "-" + r.wireName() + (++i), b.code(), r, "10.0.1." + i, "v3"));
        }
        return d;
    }

    /** Everything reports now and says all is well; the uplink runs over {@code active}, with cellular as the other path. */
    static FakeLive healthy(Branch b, List<Device> devices, String active) {
        FakeLive live = new FakeLive();
        long at = NOW - 10_000;
        for (Device d : devices) {
            live.heard(d.id(), at);
            switch (d.role()) {
                case ROUTER:
                    for (String kind : List.of(Metrics.KIND_FIBER, Metrics.KIND_COPPER, Metrics.KIND_CELLULAR)) {
                        if (kind.equals(active) || kind.equals(Metrics.KIND_CELLULAR)) {
                            live.set(d.id(), Metrics.UPLINK_ACTIVE, kind.equals(active) ? 1 : 0, Metrics.LABEL_KIND, kind);
                        }
                    }
                    break;
                case AUTH_DEVICE:
                case VOTING_DEVICE:
                    live.set(d.id(), Metrics.DEVICE_CONFIG_INFO, 1, Metrics.LABEL_HASH, APPROVED)
                            .set(d.id(), Metrics.ELECTION_DEVICE_STATE, 2)
                            .set(d.id(), Metrics.TAMPER_INPUT_ACTIVE, 0, Metrics.LABEL_INPUT, "enclosure")
                            .set(d.id(), Metrics.TAMPER_INPUT_ACTIVE, 0, Metrics.LABEL_INPUT, "door");
                    break;
                case UPS:
                    live.set(d.id(), Metrics.UPS_OUTPUT_SOURCE, 3).set(d.id(), Metrics.UPS_BATTERY_STATUS, 2)
                            .set(d.id(), Metrics.UPS_MINUTES_REMAINING, 90);
                    break;
                default:
                    break;
            }
        }
        return live;
    }

    private BranchReadiness assess(Branch b, List<Device> devices, LiveState live) {
        return assessor.assess(b, devices, live, PREPARATION);
    }

    // ---- a branch where all that can be seen is well

    @Test
    void aFlawlessBranchIsGreenAtTodaysCeilingOf90() {
        Branch b = ordinary();
        List<Device> d = devices(b);
        BranchReadiness r = assess(b, d, healthy(b, d, Metrics.KIND_FIBER));
        assertThat(r.gates()).allSatisfy(g -> assertThat(g.status()).as(g.reason()).isEqualTo(GateStatus.PASS));
        assertThat(r.ready()).isTrue();
        assertThat(r.points(Component.FIBER)).isEqualTo(15);
        // no failover drill reported: a second path exists but is not proven
        assertThat(r.points(Component.BACKUP)).isEqualTo(5);
        assertThat(r.component(Component.BACKUP).finding()).isEqualTo(Finding.BACKUP_UNPROVEN);
        assertThat(r.points(Component.COVERAGE)).isEqualTo(5);
        assertThat(r.points(Component.DEVICES)).isEqualTo(30);
        assertThat(r.points(Component.POWER)).isEqualTo(10);
        // cameras counted from the inventory, not monitored: 5 of 8; no tamper: 7
        assertThat(r.points(Component.PHYSICAL)).isEqualTo(12);
        // representative and inspection board are not collected: 2 of 4
        assertThat(r.points(Component.PEOPLE)).isEqualTo(13);
        assertThat(r.score()).isEqualTo(90);
        assertThat(r.band()).isEqualTo(Band.GREEN);
        assertThat(r.groupPoints("connectivity")).isEqualTo(25);
        assertThat(r.gate(Gate.UPLINK).reason()).contains("fiber path carried the branch's reports");
    }

    @Test
    void provenBackupAndLiveCamerasEarnWhatTheInventoryAloneCannot() {
        Branch b = ordinary();
        List<Device> d = devices(b, DeviceRole.CAMERA, DeviceRole.CAMERA);
        FakeLive live = healthy(b, d, Metrics.KIND_FIBER)
                .set(b.code() + "-router", Metrics.BACKUP_PATH_LAST_DRILL_TIMESTAMP_SECONDS, (NOW - Duration.ofDays(2).toMillis()) / 1000.0)
                .set(b.code() + "-router", Metrics.UPLINK_LAST_VERIFIED_TIMESTAMP_SECONDS, (NOW - Duration.ofHours(5).toMillis()) / 1000.0);
        BranchReadiness r = assess(b, d, live);
        assertThat(r.points(Component.BACKUP)).isEqualTo(10);
        assertThat(r.component(Component.BACKUP).note()).isEqualTo("failover drill 2 days ago");
        assertThat(r.points(Component.PHYSICAL)).isEqualTo(15);
        assertThat(r.gate(Gate.UPLINK).finding()).isEqualTo(Finding.UPLINK_VERIFIED);
        assertThat(r.gate(Gate.UPLINK).reason()).isEqualTo("primary uplink verified 5 h ago");
        assertThat(r.score()).isEqualTo(98);
    }

    // ---- sensitive branches need 10 more for each band

    @Test
    void aSensitiveBranchNeedsTenMoreForEachBand() {
        Branch plain = ordinary();
        Branch sensitive = branch("B-2", true, false, FiberStatus.CONNECTED, null, 3, "مریم رستمی");
        // two live cameras, so the camera gate passes and only the score differs
        List<Device> pd = devices(plain, DeviceRole.CAMERA, DeviceRole.CAMERA);
        List<Device> sd = devices(sensitive, DeviceRole.CAMERA, DeviceRole.CAMERA);
        BranchReadiness p = assess(plain, pd, healthy(plain, pd, Metrics.KIND_FIBER));
        BranchReadiness s = assess(sensitive, sd, healthy(sensitive, sd, Metrics.KIND_FIBER));
        assertThat(s.gate(Gate.CAMERAS).status()).isEqualTo(GateStatus.PASS);
        assertThat(s.gate(Gate.CAMERAS).reason()).isEqualTo("2 live cameras");
        assertThat(p.score()).isEqualTo(93).isEqualTo(s.score());
        assertThat(p.band()).isEqualTo(Band.GREEN);
        assertThat(s.band()).isEqualTo(Band.AMBER); // green needs 100
        assertThat(s.ready()).isTrue();

        // 80 points: amber for a plain branch (75..89), red for a sensitive one (below 85)
        Branch plainNoInspector = branch("B-3", false, false, FiberStatus.CONNECTED, null, 3, "");
        Branch sensitiveNoInspector = branch("B-4", true, false, FiberStatus.CONNECTED, null, 3, "");
        List<Device> pn = devices(plainNoInspector, DeviceRole.CAMERA);
        List<Device> sn = devices(sensitiveNoInspector, DeviceRole.CAMERA, DeviceRole.CAMERA, DeviceRole.CAMERA);
        FakeLive pl = healthy(plainNoInspector, pn, Metrics.KIND_FIBER);
        FakeLive sl = healthy(sensitiveNoInspector, sn, Metrics.KIND_FIBER);
        BranchReadiness p81 = assess(plainNoInspector, pn, pl);
        BranchReadiness s85 = assess(sensitiveNoInspector, sn, sl);
        assertThat(p81.score()).isEqualTo(81); // 93 − 8 (no inspector) − 4 (one live camera)
        assertThat(p81.band()).isEqualTo(Band.AMBER);
        assertThat(s85.score()).isEqualTo(85);
        assertThat(s85.band()).isEqualTo(Band.AMBER); // 85 is the sensitive amber line
        // two of its three cameras go quiet: one live camera, 81 points, and the camera gate unknown
        sl.heard(sn.get(5).id(), NOW - Duration.ofHours(1).toMillis());
        sl.heard(sn.get(6).id(), NOW - Duration.ofHours(1).toMillis());
        BranchReadiness s81 = assess(sensitiveNoInspector, sn, sl);
        assertThat(s81.score()).isEqualTo(81);
        assertThat(s81.gate(Gate.CAMERAS).status()).isEqualTo(GateStatus.UNKNOWN);
        assertThat(s81.band()).isEqualTo(Band.RED); // the same 81 is amber for a plain branch
    }

    @Test
    void aSensitiveBranchWithUnmonitoredCamerasIsNeverReady() {
        Branch s = branch("B-5", true, false, FiberStatus.CONNECTED, null, 4, "علی کاظمی");
        List<Device> d = devices(s);
        BranchReadiness r = assess(s, d, healthy(s, d, Metrics.KIND_FIBER));
        assertThat(r.gate(Gate.CAMERAS).status()).isEqualTo(GateStatus.UNKNOWN);
        assertThat(r.gate(Gate.CAMERAS).finding()).isEqualTo(Finding.CAMERAS_NOT_MONITORED);
        assertThat(r.ready()).isFalse();
        assertThat(r.score()).isEqualTo(90);
        assertThat(r.band()).isEqualTo(Band.AMBER);
    }

    @Test
    void aSensitiveBranchWithFewerThanTwoCamerasFailsItsGate() {
        Branch s = branch("B-6", true, false, FiberStatus.CONNECTED, null, 1, "علی کاظمی");
        List<Device> d = devices(s);
        FakeLive live = healthy(s, d, Metrics.KIND_FIBER);
        BranchReadiness r = assess(s, d, live);
        assertThat(r.gate(Gate.CAMERAS).status()).isEqualTo(GateStatus.FAIL);
        assertThat(r.gate(Gate.CAMERAS).reason()).contains("1 camera(s) in the inventory");
        assertThat(r.band()).isEqualTo(Band.RED);

        // monitored cameras: one live, one that answers no more
        List<Device> monitored = devices(branch("B-6", true, false, FiberStatus.CONNECTED, null, 2, "x"),
                DeviceRole.CAMERA, DeviceRole.CAMERA);
        Branch s2 = branch("B-6", true, false, FiberStatus.CONNECTED, null, 2, "x");
        FakeLive l2 = healthy(s2, monitored, Metrics.KIND_FIBER).set(monitored.get(5).id(), Metrics.DEVICE_UP, 0);
        BranchReadiness r2 = assess(s2, monitored, l2);
        assertThat(r2.gate(Gate.CAMERAS).status()).isEqualTo(GateStatus.FAIL);
        assertThat(r2.gate(Gate.CAMERAS).reason()).isEqualTo("1 live camera(s); 2 needed");
        // an NVR reporting its cameras counts them
        List<Device> nvr = devices(s2, DeviceRole.NVR);
        FakeLive l3 = healthy(s2, nvr, Metrics.KIND_FIBER)
                .set(nvr.get(4).id(), Metrics.CAMERA_UP, 1, Metrics.LABEL_CAMERA, "hall")
                .set(nvr.get(4).id(), Metrics.CAMERA_UP, 1, Metrics.LABEL_CAMERA, "ballot-box")
                .set(nvr.get(4).id(), Metrics.CAMERA_UP, 0, Metrics.LABEL_CAMERA, "door");
        assertThat(assess(s2, nvr, l3).gate(Gate.CAMERAS).reason()).isEqualTo("2 live cameras");
    }

    // ---- nothing heard: never green

    @Test
    void aBranchWhoseAgentNeverReportedIsRedWithItsLiveGatesUnknown() {
        for (Branch b : List.of(ordinary(), branch("B-7", true, true, FiberStatus.NONE, null, 4, "x"),
                branch("B-8", false, false, FiberStatus.PLANNED, LocalDate.of(2027, 1, 1), 2, "x"))) {
            List<Device> d = devices(b, DeviceRole.MODEM, DeviceRole.CAMERA, DeviceRole.CAMERA);
            BranchReadiness r = assess(b, d, new FakeLive());
            assertThat(r.lastHeard()).isZero();
            assertThat(r.gate(Gate.DEVICES).status()).isEqualTo(GateStatus.UNKNOWN);
            assertThat(r.gate(Gate.DEVICES).finding()).isEqualTo(Finding.DEVICE_NEVER_REPORTED);
            assertThat(r.gate(Gate.UPLINK).status()).isEqualTo(GateStatus.UNKNOWN);
            assertThat(r.gate(Gate.POWER).status()).isEqualTo(GateStatus.UNKNOWN);
            assertThat(r.gate(Gate.POWER).reason()).isEqualTo("UPS " + b.code() + "-ups has never reported");
            assertThat(r.ready()).isFalse();
            assertThat(r.band()).isEqualTo(Band.RED);
            assertThat(r.score()).isLessThan(40);
            assertThat(r.points(Component.POWER)).isZero();
            assertThat(r.points(Component.DEVICES)).isEqualTo(10); // registered, none live
        }
    }

    @Test
    void unknownGatesKeepAHighScoringBranchOutOfGreen() {
        Branch b = ordinary();
        List<Device> d = devices(b);
        // the router does not report which path is active (an agent without the uplink detector)
        FakeLive live = healthy(b, d, Metrics.KIND_FIBER);
        FakeLive noUplink = new FakeLive();
        for (Device x : d) {
            noUplink.heard(x.id(), NOW - 5_000);
        }
        noUplink.set(b.code() + "-auth", Metrics.DEVICE_CONFIG_INFO, 1, Metrics.LABEL_HASH, APPROVED)
                .set(b.code() + "-vote", Metrics.DEVICE_CONFIG_INFO, 1, Metrics.LABEL_HASH, APPROVED)
                .set(b.code() + "-ups", Metrics.UPS_OUTPUT_SOURCE, 3).set(b.code() + "-ups", Metrics.UPS_MINUTES_REMAINING, 90)
                .set(b.code() + "-ups", Metrics.UPS_BATTERY_STATUS, 2);
        BranchReadiness r = assess(b, d, noUplink);
        assertThat(r.gate(Gate.UPLINK).status()).isEqualTo(GateStatus.UNKNOWN);
        assertThat(r.gate(Gate.UPLINK).finding()).isEqualTo(Finding.NO_UPLINK_DATA);
        assertThat(r.band()).isNotEqualTo(Band.GREEN);
        assertThat(assess(b, d, live).band()).isEqualTo(Band.GREEN);
    }

    @Test
    void staleReportsCountAsNotLive() {
        Branch b = ordinary();
        List<Device> d = devices(b);
        FakeLive live = healthy(b, d, Metrics.KIND_FIBER);
        long hourAgo = NOW - Duration.ofHours(1).toMillis();
        for (Device x : d) {
            live.heard(x.id(), hourAgo);
        }
        BranchReadiness r = assess(b, d, live);
        // confirmed configuration and an uplink that carried reports an hour ago still stand…
        assertThat(r.gate(Gate.DEVICES).status()).isEqualTo(GateStatus.PASS);
        assertThat(r.gate(Gate.UPLINK).status()).isEqualTo(GateStatus.PASS);
        // …but the UPS and the devices are not known to be well now
        assertThat(r.gate(Gate.POWER).status()).isEqualTo(GateStatus.UNKNOWN);
        assertThat(r.gate(Gate.POWER).finding()).isEqualTo(Finding.UPS_STALE);
        assertThat(r.points(Component.DEVICES)).isEqualTo(10);
        assertThat(r.points(Component.POWER)).isZero();
        assertThat(r.points(Component.FIBER)).isEqualTo(4);
        assertThat(r.band()).isEqualTo(Band.RED);
        // on election day two minutes is already stale
        FakeLive recent = healthy(b, d, Metrics.KIND_FIBER);
        for (Device x : d) {
            recent.heard(x.id(), NOW - Duration.ofMinutes(5).toMillis());
        }
        assertThat(assess(b, d, recent).gate(Gate.POWER).status()).isEqualTo(GateStatus.PASS);
        assertThat(assessor.assess(b, d, recent, new Moment(NOW, ElectionPhase.VOTING, 300)).gate(Gate.POWER).status())
                .isEqualTo(GateStatus.UNKNOWN);
    }

    // ---- UPS lasting until close

    @Test
    void aUpsOnBatteryMustLastUntilCloseWithThirtyMinutesToSpare() {
        Branch b = ordinary();
        List<Device> d = devices(b);
        String ups = b.code() + "-ups";
        FakeLive live = healthy(b, d, Metrics.KIND_FIBER).set(ups, Metrics.UPS_OUTPUT_SOURCE, 5)
                .set(ups, Metrics.UPS_MINUTES_REMAINING, 150);
        Moment twoHoursToClose = new Moment(NOW, ElectionPhase.VOTING, 120);
        BranchReadiness lasts = assessor.assess(b, d, live, twoHoursToClose);
        assertThat(lasts.gate(Gate.POWER).status()).isEqualTo(GateStatus.PASS);
        assertThat(lasts.gate(Gate.POWER).reason()).isEqualTo("UPS on battery with 150 min left, 150 needed until close");
        assertThat(lasts.points(Component.POWER)).isEqualTo(6); // not on mains: 4 lost

        live.set(ups, Metrics.UPS_MINUTES_REMAINING, 140);
        BranchReadiness short10 = assessor.assess(b, d, live, twoHoursToClose);
        assertThat(short10.gate(Gate.POWER).status()).isEqualTo(GateStatus.FAIL);
        assertThat(short10.gate(Gate.POWER).finding()).isEqualTo(Finding.UPS_WONT_LAST);
        assertThat(short10.gate(Gate.POWER).reason()).isEqualTo("UPS on battery with 140 min left, 150 needed until close (PWR-02)");
        assertThat(short10.band()).isEqualTo(Band.RED);
        assertThat(short10.ready()).isFalse();
        // the same battery an hour later, one hour to close: it lasts
        assertThat(assessor.assess(b, d, live, new Moment(NOW, ElectionPhase.VOTING, 60)).gate(Gate.POWER).status())
                .isEqualTo(GateStatus.PASS);
        // outside voting hours there is no closing time yet: the 30-minute margin
        live.set(ups, Metrics.UPS_MINUTES_REMAINING, 25);
        assertThat(assess(b, d, live).gate(Gate.POWER).status()).isEqualTo(GateStatus.FAIL);
    }

    @Test
    void upsFaultsFailOrCostPoints() {
        Branch b = ordinary();
        List<Device> d = devices(b);
        String ups = b.code() + "-ups";
        assertThat(assess(b, d, healthy(b, d, "fiber").set(ups, Metrics.UPS_BATTERY_STATUS, 3)).gate(Gate.POWER).finding())
                .isEqualTo(Finding.UPS_BATTERY_LOW);
        assertThat(assess(b, d, healthy(b, d, "fiber").set(ups, Metrics.DEVICE_UP, 0)).gate(Gate.POWER).finding())
                .isEqualTo(Finding.UPS_DOWN);
        assertThat(assess(b, d, healthy(b, d, "fiber").set(ups, Metrics.UPS_MINUTES_REMAINING, 20)).gate(Gate.POWER).finding())
                .isEqualTo(Finding.UPS_RUNTIME_SHORT);
        assertThat(assess(b, d, healthy(b, d, "fiber").set(ups, Metrics.UPS_OUTPUT_SOURCE, 4)).gate(Gate.POWER).finding())
                .isEqualTo(Finding.UPS_BYPASS);
        assertThat(assess(b, d, healthy(b, d, "fiber").firing(b, "PWR-02", ups, Severity.HIGH, NOW)).gate(Gate.POWER).status())
                .isEqualTo(GateStatus.FAIL);
        BranchReadiness badBattery = assess(b, d, healthy(b, d, "fiber").set(ups, Metrics.UPS_ALARM_BATTERY_BAD, 1));
        assertThat(badBattery.gate(Gate.POWER).status()).isEqualTo(GateStatus.PASS);
        assertThat(badBattery.points(Component.POWER)).isEqualTo(7);
        assertThat(badBattery.component(Component.POWER).finding()).isEqualTo(Finding.POWER_BATTERY_FAULT);
        BranchReadiness shortAutonomy = assess(b, d, healthy(b, d, "fiber").set(ups, Metrics.UPS_MINUTES_REMAINING, 45));
        assertThat(shortAutonomy.points(Component.POWER)).isEqualTo(9);
        // no UPS in the inventory at all
        List<Device> noUps = new ArrayList<>(d);
        noUps.removeIf(x -> x.role() == DeviceRole.UPS);
        BranchReadiness none = assess(b, noUps, healthy(b, noUps, "fiber"));
        assertThat(none.gate(Gate.POWER).finding()).isEqualTo(Finding.NO_UPS);
        assertThat(none.points(Component.POWER)).isZero();
    }

    // ---- devices and configuration

    @Test
    void configurationMustBeConfirmedAgainstTheApprovedHash() {
        Branch b = ordinary();
        List<Device> d = devices(b);
        String vote = b.code() + "-vote";
        FakeLive other = new FakeLive();
        for (Device x : d) {
            other.heard(x.id(), NOW - 1000);
        }
        other.set(b.code() + "-auth", Metrics.DEVICE_CONFIG_INFO, 1, Metrics.LABEL_HASH, APPROVED)
                .set(vote, Metrics.DEVICE_CONFIG_INFO, 1, Metrics.LABEL_HASH, "0000");
        BranchReadiness r = assess(b, d, other);
        assertThat(r.gate(Gate.DEVICES).status()).isEqualTo(GateStatus.FAIL);
        assertThat(r.gate(Gate.DEVICES).finding()).isEqualTo(Finding.CONFIG_NOT_CONFIRMED);
        assertThat(r.gate(Gate.DEVICES).reason()).startsWith(vote);

        // RDY-06 says the device now carries another configuration: that wins over an earlier confirmation
        BranchReadiness mismatch = assess(b, d, healthy(b, d, "fiber").firing(b, "RDY-06", vote, Severity.HIGH, NOW));
        assertThat(mismatch.gate(Gate.DEVICES).finding()).isEqualTo(Finding.CONFIG_MISMATCH);
        assertThat(mismatch.band()).isEqualTo(Band.RED);

        // nothing registered to confirm against: unknown, not pass
        List<Device> unregistered = new ArrayList<>(d);
        unregistered.replaceAll(x -> x.role() == DeviceRole.VOTING_DEVICE
                ? new Device(x.id(), x.branchCode(), x.role(), x.address(), x.credentialRef()) : x);
        BranchReadiness unknown = assess(b, unregistered, healthy(b, unregistered, "fiber"));
        assertThat(unknown.gate(Gate.DEVICES).status()).isEqualTo(GateStatus.UNKNOWN);
        assertThat(unknown.gate(Gate.DEVICES).finding()).isEqualTo(Finding.NO_APPROVED_CONFIG);
        assertThat(unknown.band()).isEqualTo(Band.AMBER);
    }

    @Test
    void identityOrSoftwareAlertsFailTheDevicesGateAndCostHealth() {
        Branch b = ordinary();
        List<Device> d = devices(b);
        BranchReadiness sw = assess(b, d, healthy(b, d, "fiber").firing(b, "DEV-04", b.code() + "-vote", Severity.CRITICAL, NOW));
        assertThat(sw.gate(Gate.DEVICES).finding()).isEqualTo(Finding.SOFTWARE_NOT_APPROVED);
        assertThat(sw.points(Component.DEVICES)).isEqualTo(25); // 10 registered + 20 × 3/4
        assertThat(sw.component(Component.DEVICES).note()).isEqualTo("3 of 4 devices live and sound; B-1-vote is not");
        BranchReadiness id = assess(b, d, healthy(b, d, "fiber").firing(b, "DEV-03", b.code() + "-auth", Severity.HIGH, NOW));
        assertThat(id.gate(Gate.DEVICES).finding()).isEqualTo(Finding.IDENTITY_MISMATCH);
        // an alert on another device of the branch is not about the election devices' identity
        BranchReadiness other = assess(b, d, healthy(b, d, "fiber").firing(b, "DEV-03", b.code() + "-router", Severity.HIGH, NOW));
        assertThat(other.gate(Gate.DEVICES).status()).isEqualTo(GateStatus.PASS);
        assertThat(other.points(Component.DEVICES)).isEqualTo(25);
        // a device in fault state
        BranchReadiness fault = assess(b, d, healthy(b, d, "fiber").set(b.code() + "-auth", Metrics.ELECTION_DEVICE_STATE, 6));
        assertThat(fault.points(Component.DEVICES)).isEqualTo(25);
    }

    @Test
    void aBranchWithoutAVotingDeviceFails() {
        Branch b = ordinary();
        List<Device> d = new ArrayList<>(devices(b));
        d.removeIf(x -> x.role() == DeviceRole.VOTING_DEVICE);
        BranchReadiness r = assess(b, d, healthy(b, d, "fiber"));
        assertThat(r.gate(Gate.DEVICES).status()).isEqualTo(GateStatus.FAIL);
        assertThat(r.gate(Gate.DEVICES).reason()).isEqualTo("no voting device registered (RDY-05)");
        assertThat(r.points(Component.DEVICES)).isEqualTo(26); // 6 registered + 20
        assertThat(r.band()).isEqualTo(Band.RED);
    }

    // ---- uplink and connectivity

    @Test
    void theUplinkGateReadsTheVerificationTimestampOrElseWhichPathCarriesTheReports() {
        Branch b = ordinary();
        List<Device> d = devices(b);
        String router = b.code() + "-router";
        double eightyHoursAgo = (NOW - Duration.ofHours(80).toMillis()) / 1000.0;
        BranchReadiness old = assess(b, d, healthy(b, d, "fiber").set(router, Metrics.UPLINK_LAST_VERIFIED_TIMESTAMP_SECONDS, eightyHoursAgo));
        assertThat(old.gate(Gate.UPLINK).status()).isEqualTo(GateStatus.FAIL);
        assertThat(old.gate(Gate.UPLINK).reason()).isEqualTo("primary uplink last verified 80 h ago; the limit is 72 h");
        assertThat(assess(b, d, healthy(b, d, "fiber").firing(b, "RDY-02", router, Severity.MEDIUM, NOW)).gate(Gate.UPLINK).status())
                .isEqualTo(GateStatus.FAIL);
        // a fiber branch running on cellular: its primary path is not the one that works
        BranchReadiness backup = assess(b, d, healthy(b, d, Metrics.KIND_CELLULAR));
        assertThat(backup.gate(Gate.UPLINK).status()).isEqualTo(GateStatus.FAIL);
        assertThat(backup.gate(Gate.UPLINK).reason()).isEqualTo("the branch reports over cellular, not over its primary path");
        assertThat(backup.points(Component.FIBER)).isEqualTo(4);
        // a branch without fiber on copper: copper is its primary
        Branch copper = branch("B-9", false, false, FiberStatus.NONE, null, 2, "x");
        List<Device> cd = devices(copper);
        BranchReadiness c = assess(copper, cd, healthy(copper, cd, Metrics.KIND_COPPER));
        assertThat(c.gate(Gate.UPLINK).status()).isEqualTo(GateStatus.PASS);
        assertThat(c.points(Component.FIBER)).isZero();
        assertThat(c.component(Component.FIBER).finding()).isEqualTo(Finding.NO_FIBER);
        // a mobile branch lives on cellular
        Branch mobile = branch("B-10", false, true, FiberStatus.NONE, null, 2, "x");
        List<Device> md = devices(mobile, DeviceRole.MODEM);
        FakeLive ml = healthy(mobile, md, Metrics.KIND_CELLULAR);
        BranchReadiness m = assess(mobile, md, ml);
        assertThat(m.gate(Gate.UPLINK).status()).isEqualTo(GateStatus.PASS);
        assertThat(m.points(Component.FIBER)).isEqualTo(15);
        assertThat(m.points(Component.BACKUP)).isEqualTo(5); // router and modem: two paths
        BranchReadiness weak = assess(mobile, md, ml.firing(mobile, "NET-04", mobile.code() + "-router", Severity.LOW, NOW));
        assertThat(weak.points(Component.FIBER)).isEqualTo(5);
        assertThat(weak.points(Component.COVERAGE)).isEqualTo(1);
        // nothing heard from the router for four days
        FakeLive silent = healthy(b, d, "fiber").heard(router, NOW - Duration.ofDays(4).toMillis());
        assertThat(assess(b, d, silent).gate(Gate.UPLINK).finding()).isEqualTo(Finding.GATEWAY_SILENT);
        // no router in the inventory
        List<Device> noRouter = new ArrayList<>(d);
        noRouter.removeIf(x -> x.role() == DeviceRole.ROUTER);
        assertThat(assess(b, noRouter, healthy(b, noRouter, "fiber")).gate(Gate.UPLINK).finding()).isEqualTo(Finding.NO_GATEWAY);
    }

    @Test
    void fiberInRangeFollowsOpticalPowerAndThePlan() {
        Branch b = ordinary();
        List<Device> d = devices(b);
        assertThat(assess(b, d, healthy(b, d, "fiber").firing(b, "NET-05", b.code() + "-router", Severity.MEDIUM, NOW))
                .points(Component.FIBER)).isEqualTo(7);
        Branch due = branch("B-11", false, false, FiberStatus.PLANNED, LocalDate.of(2026, 9, 1), 2, "x");
        Branch late = branch("B-12", false, false, FiberStatus.PLANNED, LocalDate.of(2026, 3, 1), 2, "x");
        List<Device> dd = devices(due);
        List<Device> ld = devices(late);
        BranchReadiness onTime = assess(due, dd, healthy(due, dd, Metrics.KIND_COPPER));
        assertThat(onTime.points(Component.FIBER)).isEqualTo(3);
        assertThat(onTime.component(Component.FIBER).note()).isEqualTo("fiber planned for 2026-09-01, not yet due");
        BranchReadiness overdue = assess(late, ld, healthy(late, ld, Metrics.KIND_COPPER));
        assertThat(overdue.points(Component.FIBER)).isZero();
        assertThat(overdue.component(Component.FIBER).finding()).isEqualTo(Finding.FIBER_OVERDUE);
        // fiber that arrived before the inventory says so counts
        assertThat(assess(late, ld, healthy(late, ld, Metrics.KIND_FIBER)).points(Component.FIBER)).isEqualTo(15);
        // a router that knows only one path: no backup, no coverage
        FakeLive onlyFiber = new FakeLive();
        for (Device x : d) {
            onlyFiber.heard(x.id(), NOW - 1000);
        }
        onlyFiber.set(b.code() + "-router", Metrics.UPLINK_ACTIVE, 1, Metrics.LABEL_KIND, Metrics.KIND_FIBER);
        BranchReadiness one = assess(b, d, onlyFiber);
        assertThat(one.points(Component.BACKUP)).isZero();
        assertThat(one.component(Component.BACKUP).finding()).isEqualTo(Finding.NO_BACKUP);
        assertThat(one.points(Component.COVERAGE)).isZero();
    }

    // ---- physical security, people and process

    @Test
    void tamperAndUnhandledAlertsCostPoints() {
        Branch b = ordinary();
        List<Device> d = devices(b);
        BranchReadiness tampered = assess(b, d, healthy(b, d, "fiber")
                .set(b.code() + "-vote", Metrics.TAMPER_INPUT_ACTIVE, 1, Metrics.LABEL_INPUT, "enclosure"));
        assertThat(tampered.points(Component.PHYSICAL)).isEqualTo(5);
        assertThat(tampered.component(Component.PHYSICAL).finding()).isEqualTo(Finding.TAMPER);
        assertThat(assess(b, d, healthy(b, d, "fiber").firing(b, "PHY-02", b.code() + "-auth", Severity.HIGH, NOW))
                .points(Component.PHYSICAL)).isEqualTo(5);

        long hourAgo = NOW - Duration.ofHours(1).toMillis();
        BranchReadiness unhandled = assess(b, d, healthy(b, d, "fiber").firing(b, "NET-01", b.code() + "-router", Severity.HIGH, hourAgo));
        assertThat(unhandled.points(Component.PEOPLE)).isEqualTo(10);
        assertThat(unhandled.component(Component.PEOPLE).note())
                .isEqualTo("1 high or critical alert(s) firing unacknowledged for over 30 min");
        assertThat(assess(b, d, healthy(b, d, "fiber").firingAcknowledged(b, "NET-01", b.code() + "-router", Severity.HIGH, hourAgo))
                .points(Component.PEOPLE)).isEqualTo(13);
        assertThat(assess(b, d, healthy(b, d, "fiber").firing(b, "NET-01", b.code() + "-router", Severity.HIGH, NOW - 60_000))
                .points(Component.PEOPLE)).isEqualTo(13); // not yet 30 minutes
        Branch noInspector = branch("B-13", false, false, FiberStatus.CONNECTED, null, 3, " ");
        List<Device> nd = devices(noInspector);
        BranchReadiness r = assess(noInspector, nd, healthy(noInspector, nd, "fiber"));
        assertThat(r.points(Component.PEOPLE)).isEqualTo(5);
        assertThat(r.component(Component.PEOPLE).finding()).isEqualTo(Finding.NO_INSPECTOR);
        assertThat(r.band()).isEqualTo(Band.AMBER);
    }

    @Test
    void everyFindingReadsAsASentence() {
        for (Finding f : Finding.values()) {
            assertThat(f.text("R-1", 3, 72)).as(f.name()).doesNotContain("{").isNotBlank();
            assertThat(f.code()).matches("[a-z0-9_]+");
        }
        assertThat(Finding.UPLINK_VERIFIED_LONG_AGO.text(null, 80, 72)).isEqualTo("primary uplink last verified 80 h ago; the limit is 72 h");
        assertThat(Finding.UPS_ON_MAINS.text("u", 12.5, Double.NaN)).isEqualTo("UPS on mains with 12.5 min of battery");
    }

    @Test
    void bandsFollowTheCatalogue() {
        assertThat(Band.of(90, false, false, true)).isEqualTo(Band.GREEN);
        assertThat(Band.of(89, false, false, true)).isEqualTo(Band.AMBER);
        assertThat(Band.of(75, false, false, true)).isEqualTo(Band.AMBER);
        assertThat(Band.of(74, false, false, true)).isEqualTo(Band.RED);
        assertThat(Band.of(100, false, true, false)).isEqualTo(Band.RED);
        assertThat(Band.of(100, false, false, false)).isEqualTo(Band.AMBER);
        assertThat(Band.of(100, true, false, true)).isEqualTo(Band.GREEN);
        assertThat(Band.of(99, true, false, true)).isEqualTo(Band.AMBER);
        assertThat(Band.of(85, true, false, true)).isEqualTo(Band.AMBER);
        assertThat(Band.of(84, true, false, true)).isEqualTo(Band.RED);
    }

    @Test
    void theScratchPadGivesTheSameAnswerBranchAfterBranch() {
        Assessment pad = new Assessment();
        Branch b = ordinary();
        List<Device> d = devices(b);
        FakeLive good = healthy(b, d, "fiber");
        Branch s = branch("B-14", true, true, FiberStatus.NONE, null, 0, "");
        List<Device> sd = devices(s, DeviceRole.CAMERA, DeviceRole.SENSOR, DeviceRole.SWITCH, DeviceRole.MODEM, DeviceRole.NVR);
        for (int i = 0; i < 3; i++) {
            assessor.assess(s, sd, new FakeLive(), PREPARATION, pad);
            assertThat(pad.toReadiness()).isEqualTo(assessor.assess(s, sd, new FakeLive(), PREPARATION));
            assessor.assess(b, d, good, PREPARATION, pad);
            assertThat(pad.toReadiness()).isEqualTo(assessor.assess(b, d, good, PREPARATION));
        }
    }
}
