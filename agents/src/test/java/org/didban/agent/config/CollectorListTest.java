package org.didban.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@code collector:} as one address (as it always was) or as the list of a collector cluster's nodes. */
class CollectorListTest {
    private static final String SITE = """
            agent-id: THR-0001-a
            branch: THR-0001
            %s
            token: list-token-123
            poll-interval: 10s
            devices:
              - id: THR-0001-router
                role: router
                address: 127.0.0.11:161
                snmp: {version: v2c, community: branch-community}
            """;

    private static SiteConfig parse(String collectorLines) throws ConfigException {
        return SiteConfigReader.parse(SITE.formatted(collectorLines), "site.yaml");
    }

    private static void assertBad(String collectorLines, String message) {
        assertThatThrownBy(() -> parse(collectorLines))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("site.yaml: " + message);
    }

    @Test
    void oneAddressReadsAsItAlwaysDid() throws Exception {
        SiteConfig c = parse("collector: https://collector.example:8443/");
        assertThat(c.collectors()).containsExactly(URI.create("https://collector.example:8443/"));
        assertThat(c.collector()).isEqualTo(URI.create("https://collector.example:8443/"));
        assertThat(c.ingestUri()).hasToString("https://collector.example:8443/api/v1/ingest");
        assertThat(c.ingestUris()).containsExactly(URI.create("https://collector.example:8443/api/v1/ingest"));
    }

    @Test
    void aListGivesEveryNodeInItsOrder() throws Exception {
        SiteConfig flow = parse("collector: [http://10.1.0.1:8080, http://10.1.0.2:8080/]");
        SiteConfig block = parse("""
                collector:
                  - http://10.1.0.1:8080
                  - http://10.1.0.2:8080/
                """);
        for (SiteConfig c : List.of(flow, block)) {
            assertThat(c.collectors()).containsExactly(URI.create("http://10.1.0.1:8080"), URI.create("http://10.1.0.2:8080/"));
            assertThat(c.collector()).as("the agent starts at the first").isEqualTo(URI.create("http://10.1.0.1:8080"));
            assertThat(c.ingestUris()).extracting(URI::toString)
                    .containsExactly("http://10.1.0.1:8080/api/v1/ingest", "http://10.1.0.2:8080/api/v1/ingest");
        }
        assertThat(parse("collector: [http://10.1.0.1:8080]").collectors()).hasSize(1);
        assertThat(parse("collector: [" + addresses(SiteConfig.MAX_COLLECTORS) + "]").collectors())
                .hasSize(SiteConfig.MAX_COLLECTORS);
    }

    @Test
    void aBadListIsNamedAndLocated() {
        assertBad("collector: []", "collector: is an empty list");
        assertBad("collector: [" + addresses(SiteConfig.MAX_COLLECTORS + 1) + "]",
                "collector: lists 17 addresses; at most 16");
        assertBad("collector: {urls: [http://10.1.0.1:8080]}", "collector: must be an address (http://HOST:PORT) or a list");
        assertBad("collector: [http://10.1.0.1:8080, [http://10.1.0.2:8080]]", "collector[1]: must be an address");
        assertBad("collector: [http://10.1.0.1:8080, \"\"]", "collector[1]: must be an address");
        assertBad("collector: [http://10.1.0.1:8080, http://10.1.0.2:8080, ftp://10.1.0.3]",
                "collector[2]: 'ftp://10.1.0.3' is not an http:// or https:// address");
        assertBad("collector: [http://10.1.0.1:8080, 'http://10.1.0.2:8080/a b']", "collector[1]: 'http://10.1.0.2:8080/a b' is not an address");
        assertBad("collector: ['', http://10.1.0.1:8080]", "collector[0]: must be an address");
    }

    @Test
    void theSameNodeTwiceIsRefusedHoweverItIsWritten() {
        assertBad("collector: [http://10.1.0.1:8080, http://10.1.0.2:8080, http://10.1.0.1:8080/]",
                "collector[2]: is the same address as collector[0]");
        assertBad("collector: [http://Collector.Example, http://collector.example:80]",
                "collector[1]: is the same address as collector[0]");
        assertBad("collector: [https://c1.example, https://c1.example:443/]",
                "collector[1]: is the same address as collector[0]");
    }

    @Test
    void everyNodeTakesTheSameScheme() {
        // an enrolled agent speaks https to every node, and a token must not go in clear to some of them
        assertBad("collector: [https://c1.example:8443, http://c2.example:8080]",
                "collector[1]: is http:// but collector[0] is https://; every node of the collector takes the same scheme");
    }

    @Test
    void aPasswordInAnyEntryIsRefusedAndNeverEchoed() {
        assertThatThrownBy(() -> parse("collector: [http://10.1.0.1:8080, 'http://admin:hunter2-pass@10.1.0.2:8080']"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("collector[1]: must not hold a user or password")
                .hasMessageNotContaining("hunter2-pass");
        assertThatThrownBy(() -> parse("collector: [http://10.1.0.1:8080, 'http://admin:hunter2 pass@10.1.0.2']"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("collector[1]: the address is not an address")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void theRecordHoldsToTheSameRules() {
        SiteConfig one = new SiteConfig("THR-0001-a", "THR-0001", URI.create("http://10.1.0.1:8080"), Secret.of("t"),
                Duration.ofSeconds(10), List.of());
        SiteConfig two = one.withCollectors(List.of(URI.create("http://10.1.0.1:8080"), URI.create("http://10.1.0.2:8080")));
        assertThat(two.collectors()).hasSize(2);
        assertThat(two.token().reveal()).isEqualTo("t");
        assertThatThrownBy(() -> one.withCollectors(List.of())).hasMessageContaining("1 to 16 addresses");
        assertThatThrownBy(() -> one.withCollectors(List.of(URI.create("http://a.example"), URI.create("https://b.example"))))
                .hasMessageContaining("collector[1] is https://");
        assertThatThrownBy(() -> one.withCollectors(List.of(URI.create("http://a.example"), URI.create("http://A.example:80"))))
                .hasMessageContaining("collector[1] is the same address as collector[0]");
        assertThatThrownBy(() -> one.withCollectors(List.of(URI.create("http://a.example"), URI.create("http://u:pw-123@b.example"))))
                .hasMessageContaining("collector[1] must not hold a user or password").hasMessageNotContaining("pw-123");
        assertThat(SiteConfig.shown(URI.create("https://u:pw-123@[::1]:8443/base?token=t0k"))).isEqualTo("https://[::1]:8443/base");
    }

    private static String addresses(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> "http://10.1.0." + i + ":8080").collect(Collectors.joining(", "));
    }
}
