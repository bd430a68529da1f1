package org.didban.agent.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.didban.agent.WireText;
import org.didban.model.DeviceRole;
import org.didban.model.Metrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileReaderTest {
    @Test
    void everyShippedProfileLoadsAndUsesOnlyDidbanMetricNames() throws Exception {
        for (DeviceRole role : DeviceRole.values()) {
            DeviceProfile p = Profiles.loadShipped(role);
            assertThat(p.name()).isEqualTo(role.wireName());
            assertThat(p.metrics()).as(role.wireName()).isNotEmpty().allSatisfy(m -> {
                assertThat(Metrics.definition(m)).as(m).isPresent();
                assertThat(WireText.isValidName(m)).as(m).isTrue();
            });
            assertThat(p.metrics()).as(role.wireName()).contains(Metrics.SYS_UPTIME_SECONDS, Metrics.DEVICE_INFO,
                    Metrics.SNMP_ENGINE_BOOTS, Metrics.TEMPERATURE_CELSIUS);
            assertThat(Profiles.forRole(role)).isEqualTo(p);
        }
        assertThat(Profiles.forRole(DeviceRole.ROUTER).metrics()).contains(Metrics.IF_IN_PACKETS_TOTAL,
                Metrics.IF_LAST_CHANGE_SECONDS, Metrics.IF_NUMBER, Metrics.LLDP_NEIGHBOR_INFO, Metrics.OPTICAL_RX_POWER_DBM,
                Metrics.CELLULAR_RSRP_DBM, Metrics.SNMP_WRONG_DIGESTS_TOTAL, Metrics.SNMP_BAD_COMMUNITY_TOTAL);
        assertThat(Profiles.forRole(DeviceRole.UPS).metrics()).contains(Metrics.UPS_OUTPUT_SOURCE,
                Metrics.UPS_ALARM_BATTERY_BAD, Metrics.UPS_SELF_TEST_FAILED, Metrics.UPS_ALARMS_PRESENT);
        assertThat(Profiles.forRole(DeviceRole.VOTING_DEVICE).metrics()).contains(Metrics.VOTES_TOTAL,
                Metrics.DEVICE_SOFTWARE_INFO, Metrics.DEVICE_CONFIG_INFO, Metrics.TAMPER_INPUT_ACTIVE, Metrics.LOG_CHAIN_INTACT);
        assertThat(Profiles.forRole(DeviceRole.SWITCH).table("qfdb")).isNotNull();
        assertThat(Profiles.forRole(DeviceRole.ROUTER).table("arp")).isNotNull();
    }

    @Test
    void interfaceAdminStatusIsEmittedBeforeOperStatus() {
        // samples of a row come out in the table's metric order; NET-01 reads admin when oper arrives
        List<String> order = Profiles.forRole(DeviceRole.ROUTER).table("interfaces").metrics().stream()
                .map(DeviceProfile.TableMetric::metric).toList();
        assertThat(order.indexOf(Metrics.IF_ADMIN_STATUS)).isLessThan(order.indexOf(Metrics.IF_OPER_STATUS));
    }

    @Test
    void anUnknownMetricIsRefusedWithItsLine() {
        String text = """
                profile: odd
                scalars:
                  - {oid: 1.3.6.1.2.1.1.3.0, metric: sys_uptime_seconds, scale: 0.01}
                  - {oid: 1.3.6.1.2.1.1.5.0, metric: sys_name_info}
                """;
        assertThatThrownBy(() -> Profiles.reader().read(text, "odd.yaml"))
                .isInstanceOf(InvalidProfileException.class)
                .hasMessageContaining("odd.yaml:4:")
                .hasMessageContaining("unknown metric 'sys_name_info'");
    }

    @Test
    void everyProblemOfAFileIsReportedWithItsLine() {
        String text = """
                profile: broken
                defaults: {interval: soon}
                scalars:
                  - {oid: not.an.oid, metric: if_number}
                tables:
                  - table: interfaces
                    columns:
                      type: 1.3.6.1.2.1.2.2.1.3
                    labels:
                      if_index: index
                    metrics:
                      - {metric: if_type, column: type}
                      - {metric: if_oper_status, column: oper}
                  - table: x
                    colums: {a: 1.3.6.1}
                """;
        InvalidProfileException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidProfileException.class,
                () -> Profiles.reader().read(text, "broken.yaml"));
        assertThat(e.problems()).extracting(ProfileProblem::line).contains(2, 4, 12, 13, 15);
        assertThat(e.getMessage()).contains("broken.yaml:12: metric if_type needs label 'if_name'")
                .contains("broken.yaml:13: metric if_oper_status: no column 'oper'")
                .contains("broken.yaml:15: unknown field 'colums'");
    }

    @Test
    void aYamlSyntaxErrorNamesItsLineAndObjectsAreNeverConstructed() {
        assertThatThrownBy(() -> Profiles.reader().read("profile: x\nscalars: [\n  {oid: 1.3\n", "syntax.yaml"))
                .hasMessageStartingWith("syntax.yaml:");
        assertThatThrownBy(() -> Profiles.reader().read("profile: !!java.net.URL [\"http://x\"]\n", "tag.yaml"))
                .isInstanceOf(InvalidProfileException.class);
    }

    @Test
    void aDeviceMayNameAProfileFileOnDisk(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tiny.yaml");
        Files.writeString(file, """
                profile: tiny
                include: [system]
                defaults: {interval: 1m, timeout: 5s, retries: 3, max-repetitions: 20}
                """);
        DeviceProfile p = Profiles.resolve(DeviceRole.SENSOR, file.toString());
        assertThat(p.defaults().interval()).hasSeconds(60);
        assertThat(p.defaults().retries()).isEqualTo(3);
        assertThat(p.metrics()).contains(Metrics.SYS_UPTIME_SECONDS).doesNotContain(Metrics.IF_TYPE);
        assertThat(Profiles.resolve(DeviceRole.SENSOR, "router")).isSameAs(Profiles.forRole(DeviceRole.ROUTER));
    }
}
