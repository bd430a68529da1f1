package org.didban.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReportRefreshTest {
    private static final String SITE = """
            agent-id: THR-0001-a
            branch: THR-0001
            collector: http://127.0.0.1:8080
            token: refresh-token-123
            poll-interval: 10s
            %s
            devices:
              - id: THR-0001-router
                role: router
                address: 127.0.0.11:161
                snmp: {version: v2c, community: branch-community}
            """;

    @Test
    void fiveMinutesUnlessTheSiteSaysOtherwise() throws Exception {
        assertThat(SiteConfigReader.parse(SITE.formatted(""), "site.yaml").reportRefresh()).isEqualTo(Duration.ofMinutes(5));
        assertThat(SiteConfigReader.parse(SITE.formatted("report-refresh: 1s"), "site.yaml").reportRefresh())
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(SiteConfigReader.parse(SITE.formatted("report-refresh: 1s"), "site.yaml").withMacAllowlist(java.util.Set.of())
                .reportRefresh()).as("kept by withMacAllowlist").isEqualTo(Duration.ofSeconds(1));
        assertThatThrownBy(() -> SiteConfigReader.parse(SITE.formatted("report-refresh: soon"), "site.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("report-refresh");
    }
}
