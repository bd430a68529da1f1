package org.didban.agent.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.didban.agent.config.DeviceConfig;
import org.didban.agent.config.SnmpCredentials;
import org.didban.agent.testing.Snmpd;
import org.didban.model.DeviceRole;
import org.didban.model.Metrics;
import org.didban.model.Sample;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The poller against a real net-snmp snmpd on loopback, over v2c and v3 authPriv. */
class SnmpdPollTest {
    /** Far beyond any poll here: a poll that never completes fails the test instead of hanging it. */
    static final Duration POLL_WAIT = Duration.ofSeconds(30);
    @TempDir
    static Path dir;
    static Snmpd snmpd;
    static SnmpSession session;

    @BeforeAll
    static void start() throws Exception {
        snmpd = Snmpd.start(dir);
        session = SnmpSession.open();
    }

    @AfterAll
    static void stop() throws Exception {
        if (session != null) {
            session.close();
        }
        if (snmpd != null) {
            snmpd.close();
        }
    }

    @Test
    void pollsOverV2c() throws Exception {
        assertRealValues(SnmpCredentials.Community.of(Snmpd.COMMUNITY));
    }

    @Test
    void pollsOverV3AuthPrivWithSha256AndAes128() throws Exception {
        assertRealValues(SnmpCredentials.Usm.of(Snmpd.USER, Snmpd.AUTH_PASS, Snmpd.PRIV_PASS));
    }

    @Test
    void wrongV3PassphraseIsAPollFailureNotACrash() throws Exception {
        // a second session: the user name is already registered with the right keys in the shared one
        try (SnmpSession own = SnmpSession.open()) {
            DeviceConfig device = DeviceConfig.of("snmpd", DeviceRole.ROUTER, "127.0.0.1", snmpd.port(),
                    SnmpCredentials.Usm.of(Snmpd.USER, "wrong-pass-000", Snmpd.PRIV_PASS))
                    .withTimeout(Duration.ofMillis(300), 1);
            DeviceReading reading = new SitePoller(own, List.of(device)).poll().get(POLL_WAIT.toSeconds(), TimeUnit.SECONDS).reading("snmpd");
            assertThat(reading.answered()).isFalse();
            assertThat(reading.events()).singleElement()
                    .satisfies(e -> assertThat(e.attributes().get("reason")).isNotBlank());
        }
    }

    private void assertRealValues(SnmpCredentials credentials) throws Exception {
        DeviceConfig device = DeviceConfig.of("snmpd", DeviceRole.ROUTER, "127.0.0.1", snmpd.port(), credentials);
        PollRound round = new SitePoller(session, List.of(device)).poll().get(POLL_WAIT.toSeconds(), TimeUnit.SECONDS);
        DeviceReading reading = round.reading("snmpd");

        assertThat(reading.answered()).as("answered; snmpd log:%n%s", snmpd.log()).isTrue();
        assertThat(reading.events()).isEmpty();
        assertThat(value(reading, Metrics.DEVICE_UP, null)).isEqualTo(1.0);
        assertThat(value(reading, Metrics.SYS_UPTIME_SECONDS, null)).isPositive();
        assertThat(reading.identity().sysObjectId()).startsWith("1.3.6.1.4.1.8072");
        assertThat(reading.identity().sysDescr()).isNotBlank();
        // the loopback interface: up, software loopback (ifType 24)
        assertThat(value(reading, Metrics.IF_OPER_STATUS, "lo")).isEqualTo(1.0);
        assertThat(value(reading, Metrics.IF_TYPE, "lo")).isEqualTo(24.0);
        assertThat(value(reading, Metrics.IF_IN_OCTETS_TOTAL, "lo")).isNotNull();
        assertThat(reading.samples()).filteredOn(s -> s.metric().equals(Metrics.IF_OPER_STATUS))
                .allSatisfy(s -> assertThat(s.labels().get(Metrics.LABEL_IF_INDEX)).matches("\\d+"));
    }

    static Double value(DeviceReading reading, String metric, String ifName) {
        return reading.samples().stream()
                .filter(s -> s.metric().equals(metric))
                .filter(s -> ifName == null || ifName.equals(s.labels().get(Metrics.LABEL_IF_NAME)))
                .map(Sample::value)
                .findFirst().orElse(null);
    }
}
