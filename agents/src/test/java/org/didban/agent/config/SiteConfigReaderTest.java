package org.didban.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.didban.model.DeviceRole;
import org.junit.jupiter.api.Test;

class SiteConfigReaderTest {
    static final String GOOD = """
            agent-id: THR-0001-a
            branch: THR-0001
            collector: http://127.0.0.1:8080
            token: secret-token-value
            poll-interval: 10s
            devices:
              - id: THR-0001-router
                role: router
                address: 192.0.2.1:1161
                snmp:
                  version: v3
                  user: didban
                  auth-protocol: SHA-512
                  auth-passphrase: auth-secret-value
                  priv-protocol: AES-256
                  priv-passphrase: priv-secret-value
                timeout: 500ms
                retries: 3
                max-repetitions: 20
              - id: THR-0001-ups
                role: ups
                address: "[::1]"
                snmp:
                  version: v3
                  user: didban
                  auth-passphrase: auth-secret-value
                  priv-passphrase: priv-secret-value
              - id: THR-0001-switch
                role: switch
                address: switch.branch.local
                snmp:
                  version: v2c
                  community: community-secret-value
            """;

    @Test
    void readsAGoodFile() throws Exception {
        SiteConfig c = SiteConfigReader.parse(GOOD, "site.yaml");
        assertThat(c.agentId()).isEqualTo("THR-0001-a");
        assertThat(c.branch()).isEqualTo("THR-0001");
        assertThat(c.ingestUri()).hasToString("http://127.0.0.1:8080/api/v1/ingest");
        assertThat(c.token().reveal()).isEqualTo("secret-token-value");
        assertThat(c.pollInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.devices()).hasSize(3);

        DeviceConfig router = c.devices().get(0);
        assertThat(router.role()).isEqualTo(DeviceRole.ROUTER);
        assertThat(router.host()).isEqualTo("192.0.2.1");
        assertThat(router.port()).isEqualTo(1161);
        assertThat(router.timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(router.retries()).isEqualTo(3);
        assertThat(router.maxRepetitions()).isEqualTo(20);
        SnmpCredentials.Usm usm = (SnmpCredentials.Usm) router.credentials();
        assertThat(usm.authProtocol()).isEqualTo(AuthProtocol.SHA_512);
        assertThat(usm.privProtocol()).isEqualTo(PrivProtocol.AES_256);

        DeviceConfig ups = c.devices().get(1);
        assertThat(ups.host()).isEqualTo("::1");
        assertThat(ups.port()).isEqualTo(161);
        assertThat(ups.timeout()).isEqualTo(DeviceConfig.DEFAULT_TIMEOUT);
        SnmpCredentials.Usm defaults = (SnmpCredentials.Usm) ups.credentials();
        assertThat(defaults.authProtocol()).isEqualTo(AuthProtocol.SHA_256);
        assertThat(defaults.privProtocol()).isEqualTo(PrivProtocol.AES_128);
        assertThat(c.devices().get(2).credentials()).isInstanceOf(SnmpCredentials.Community.class);
    }

    @Test
    void secretsNeverAppearInToString() throws Exception {
        SiteConfig c = SiteConfigReader.parse(GOOD, "site.yaml");
        assertThat(c.toString()).contains("THR-0001-router", "SHA_512")
                .doesNotContain("secret-token-value", "auth-secret-value", "priv-secret-value", "community-secret-value");
        assertThat(c.devices().get(2).toString()).doesNotContain("community-secret-value");
    }

    @Test
    void theShippedExampleIsValid() throws Exception {
        SiteConfig c = SiteConfigReader.read(Path.of("config/site-example.yaml"));
        assertThat(c.devices()).extracting(DeviceConfig::role)
                .containsExactly(DeviceRole.ROUTER, DeviceRole.UPS, DeviceRole.VOTING_DEVICE, DeviceRole.SWITCH);
    }

    @Test
    void weakProtocolsAreAcceptedOnlyWhenWrittenOut() throws Exception {
        SiteConfig c = SiteConfigReader.parse(GOOD.replace("SHA-512", "SHA-1").replace("AES-256", "DES"), "s");
        SnmpCredentials.Usm usm = (SnmpCredentials.Usm) c.devices().get(0).credentials();
        assertThat(usm.weak()).isTrue();
        assertThat(usm.authProtocol()).isEqualTo(AuthProtocol.SHA_1);
    }

    @Test
    void unknownFieldsAreRefusedWithTheirPath() {
        assertBad(GOOD.replace("auth-protocol: SHA-512", "auth-protocl: SHA-512"),
                "site.yaml: devices[0].snmp.auth-protocl: unknown field");
        assertBad(GOOD.replace("poll-interval: 10s", "poll-interval: 10s\ncolour: blue"), "colour: unknown field");
        assertBad(GOOD.replace("version: v2c", "version: v2c\n      user: x"), "devices[2].snmp.user: unknown field");
    }

    @Test
    void missingFieldsAreNamed() {
        assertBad(GOOD.replace("token: secret-token-value\n", ""), "site.yaml: token: is missing");
        assertBad(GOOD.replace("      priv-passphrase: priv-secret-value\n    timeout", "    timeout"),
                "devices[0].snmp.priv-passphrase: is missing");
        assertBad(GOOD.replace("    role: ups\n", ""), "devices[1].role: is missing");
    }

    @Test
    void badValuesAreExplained() {
        assertBad(GOOD.replace("role: router", "role: toaster"), "devices[0].role: unknown device role 'toaster'");
        assertBad(GOOD.replace("version: v2c", "version: v1"), "devices[2].snmp.version: 'v1' is not supported");
        assertBad(GOOD.replace("poll-interval: 10s", "poll-interval: 10"), "poll-interval: '10' needs a unit");
        assertBad(GOOD.replace("poll-interval: 10s", "poll-interval: soon"), "poll-interval: 'soon' is not a duration");
        assertBad(GOOD.replace("auth-protocol: SHA-512", "auth-protocol: SHA-3"), "unknown auth protocol 'SHA-3'");
        assertBad(GOOD.replace("192.0.2.1:1161", "192.0.2.1:99999"), "devices[0]: port 99999 is out of range");
        assertBad(GOOD.replace("http://127.0.0.1:8080", "ftp://x"), "collector: 'ftp://x' is not an http");
        assertBad(GOOD.replace("retries: 3", "retries: many"), "devices[0].retries: must be a whole number");
        assertBad(GOOD.replace("id: THR-0001-ups", "id: THR-0001-router"), "device id 'THR-0001-router' appears twice");
        assertBad("devices: [", "not valid YAML");
        assertBad("- a\n- b", "expected a mapping");
    }

    @Test
    void aShortPassphraseIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> SiteConfigReader.parse(GOOD.replace("auth-secret-value", "short"), "site.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("devices[0].snmp.auth-passphrase: must be at least 8 characters")
                .hasMessageNotContaining("short");
    }

    @Test
    void aYamlErrorGivesLineAndColumnButNeverTheTextOfTheLine() {
        String yaml = GOOD.replace("token: secret-token-value", "token: s3cr3t-token: x");
        assertThatThrownBy(() -> SiteConfigReader.parse(yaml, "site.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("site.yaml: not valid YAML at line 4, column")
                .hasMessageNotContaining("s3cr3t")
                .hasNoCause();
        String unclosed = GOOD.replace("token: secret-token-value", "token: \"s3cr3t-token");
        assertThatThrownBy(() -> SiteConfigReader.parse(unclosed, "site.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not valid YAML at line")
                .hasMessageNotContaining("s3cr3t");
        String twice = GOOD.replace("token: secret-token-value", "token: secret-token-value\ntoken: s3cr3t-token");
        assertThatThrownBy(() -> SiteConfigReader.parse(twice, "site.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("a key appears twice")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void aTokenWithALineBreakIsRefusedWithoutEchoingIt() {
        String yaml = GOOD.replace("token: secret-token-value", "token: \"s3cr3t\\r\\nX-Injected: 1\"");
        assertThatThrownBy(() -> SiteConfigReader.parse(yaml, "site.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("site.yaml: token: contains a line break")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void idsTooLongForTheCollectorAreRefused() {
        assertBad(GOOD.replace("id: THR-0001-ups", "id: " + "u".repeat(300)), "device id must be 1 to 256 characters");
    }

    private static void assertBad(String yaml, String message) {
        assertThatThrownBy(() -> SiteConfigReader.parse(yaml, "site.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message);
    }
}
