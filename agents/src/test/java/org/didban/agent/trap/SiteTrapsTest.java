package org.didban.agent.trap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.didban.agent.config.ConfigException;
import org.didban.agent.config.SiteConfig;
import org.didban.agent.config.SiteConfigReader;
import org.junit.jupiter.api.Test;

class SiteTrapsTest {
    private static final String SITE = """
            agent-id: THR-0001-a
            branch: THR-0001
            collector: http://127.0.0.1:8080
            token: trap-site-token-123
            poll-interval: 10s
            devices:
              - id: THR-0001-router
                role: router
                address: 127.0.0.11:161
                snmp: {version: v2c, community: branch-community}
              - id: THR-0001-voting
                role: voting-device
                address: 127.0.0.12:161
                %s
                snmp: {version: v3, user: didban, auth-passphrase: auth-pass-123, priv-passphrase: priv-pass-456}
            """;

    @Test
    void everyDeviceIsTrustedAtItsAddressAndV3TrapsWithTheGivenEngineId() throws Exception {
        SiteConfig config = SiteConfigReader.parse(SITE.formatted("trap-engine-id: \"0x80001f8880a1b2c3d4\""), "site.yaml");
        TrapSettings settings = SiteTraps.forSite(config, new InetSocketAddress("127.0.0.1", 0));
        assertThat(settings.sources()).extracting(TrapSource::deviceId).containsExactlyInAnyOrder("THR-0001-router", "THR-0001-voting");
        TrapSource voting = settings.sources().stream().filter(s -> s.deviceId().equals("THR-0001-voting")).findFirst().orElseThrow();
        assertThat(voting.address().getHostAddress()).isEqualTo("127.0.0.12");
        assertThat(voting.engineId()).containsExactly(TrapSource.parseEngineId("80001f8880a1b2c3d4"));
    }

    @Test
    void withoutAnEngineIdOnlyInformsAreTrustedAndABadOneIsRefused() throws Exception {
        SiteConfig config = SiteConfigReader.parse(SITE.formatted(""), "site.yaml");
        TrapSource voting = SiteTraps.forSite(config, new InetSocketAddress("127.0.0.1", 0)).sources().stream()
                .filter(s -> s.deviceId().equals("THR-0001-voting")).findFirst().orElseThrow();
        assertThat(voting.engineId()).isNull();
        assertThatThrownBy(() -> SiteConfigReader.parse(SITE.formatted("trap-engine-id: not-hex"), "site.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("trap-engine-id");
        assertThatThrownBy(() -> SiteConfigReader.parse(SITE.formatted("trap-engine-id: 0x80001f8880a1b2c3d4"), "site.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("in quotes");
    }
}
