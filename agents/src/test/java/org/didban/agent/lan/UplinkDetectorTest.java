package org.didban.agent.lan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.didban.agent.config.DeviceConfig;
import org.didban.agent.config.SnmpCredentials;
import org.didban.agent.snmp.DeviceReading;
import org.didban.agent.snmp.SitePoller;
import org.didban.agent.snmp.SnmpSession;
import org.didban.model.DeviceRole;
import org.didban.model.Metrics;
import org.didban.model.Sample;
import org.didban.simulator.SimulatedDevice;
import org.didban.simulator.SimulatedFleet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UplinkDetectorTest {
    SimulatedFleet fleet;
    SnmpSession session;

    @BeforeEach
    void start() throws Exception {
        fleet = SimulatedFleet.start();
        session = SnmpSession.open();
    }

    @AfterEach
    void stop() {
        session.close();
        fleet.close();
    }

    @Test
    void fiberIsActiveUntilTheRouterFailsOverToCellularAndBack() throws Exception {
        SimulatedDevice router = fleet.addDevice("UPL-router", DeviceRole.ROUTER, SnmpCredentials.Usm.of("didban", "auth-pass-1", "priv-pass-1"));
        DeviceConfig config = router.deviceConfig();
        SitePoller poller = new SitePoller(session, List.of(config));
        UplinkDetector detector = new UplinkDetector(List.of(config));

        Map<String, Double> first = active(detector.apply(poll(poller, router)));
        assertThat(first).containsExactly(Map.entry("fiber", 1.0), Map.entry("cellular", 0.0)); // lan0 is no uplink
        Thread.sleep(50);
        assertThat(active(detector.apply(poll(poller, router)))).containsEntry("fiber", 1.0).containsEntry("cellular", 0.0);

        router.failoverToCellular();
        detector.apply(poll(poller, router));
        Thread.sleep(50);
        assertThat(active(detector.apply(poll(poller, router)))).containsEntry("fiber", 0.0).containsEntry("cellular", 1.0);
        assertThat(detector.activeKind(router.id())).isEqualTo("cellular");

        router.failBack();
        Thread.sleep(50);
        detector.apply(poll(poller, router));
        Thread.sleep(50);
        assertThat(active(detector.apply(poll(poller, router)))).containsEntry("fiber", 1.0).containsEntry("cellular", 0.0);
    }

    @Test
    void theSiteConfigMayNameTheUplinks() throws Exception {
        SimulatedDevice router = fleet.addDevice("UPL-named", DeviceRole.ROUTER, SnmpCredentials.Usm.of("didban", "auth-pass-1", "priv-pass-1"));
        DeviceConfig config = router.deviceConfig().withOptions(new DeviceConfig.Options(null, null, false, false, false,
                List.of("lan0", "wwan0")));
        SitePoller poller = new SitePoller(session, List.of(config));
        UplinkDetector detector = new UplinkDetector(List.of(config));
        detector.apply(poll(poller, router));
        Thread.sleep(50);
        assertThat(active(detector.apply(poll(poller, router)))).containsExactly(Map.entry("copper", 1.0), Map.entry("cellular", 0.0));
    }

    static DeviceReading poll(SitePoller poller, SimulatedDevice d) throws Exception {
        return poller.poll(Duration.ofSeconds(30)).get(30, TimeUnit.SECONDS).reading(d.id());
    }

    static Map<String, Double> active(DeviceReading r) {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        for (Sample s : r.samples()) {
            if (s.metric().equals(Metrics.UPLINK_ACTIVE)) {
                out.put(s.labels().get(Metrics.LABEL_KIND), s.value());
            }
        }
        return out;
    }
}
