package org.didban.collector.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.didban.model.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifySettingsReaderTest {
    private static final String SECRET = "4a1f0c9e2b7d4e86a3c5f1b0d9e8c7a6";

    private static final String EXAMPLE = """
            # Who hears of Didban's alerts.
            webhooks:
              - name: noc-tehran
                url: https://noc.example/didban/hook
                secret: 4a1f0c9e2b7d4e86a3c5f1b0d9e8c7a6
                provinces: [THR]
                counties: [THR-01, THR-02]
                min-severity: high
                include-pending: false
                queue: 500
                retry:
                  attempts: 8
                  first-delay: 1s
                  max-delay: 2m
                  max-age: 30m
                  timeout: 5s
                  retry-after-cap: 5m
              - name: audit-log
                url: http://127.0.0.1:8089/didban
                secret: "a much longer secret, with spaces"
                include-pending: true
            alertmanager:
              url: http://127.0.0.1:9093/
              collector-url: https://didban.example
              resend-interval: 30s
              batch-window: 100ms
              timeout: 3s
              basic-auth:
                username: didban
                password: hunter2-but-longer
            """;

    private static InvalidNotifySettingsException refused(String yaml) {
        try {
            NotifySettingsReader.read(yaml, "notify.yaml");
        } catch (InvalidNotifySettingsException e) {
            return e;
        }
        throw new AssertionError("accepted:\n" + yaml);
    }

    @Test
    void theDocumentedExampleReads() throws Exception {
        NotifySettings s = NotifySettingsReader.read(EXAMPLE, "notify.yaml");

        assertThat(s.webhooks()).hasSize(2);
        WebhookTarget noc = s.webhooks().get(0);
        assertThat(noc.name()).isEqualTo("noc-tehran");
        assertThat(noc.url()).isEqualTo(URI.create("https://noc.example/didban/hook"));
        assertThat(noc.secret()).isEqualTo(SECRET);
        assertThat(noc.scope()).isEqualTo(new WebhookScope(Set.of("THR"), Set.of("THR-01", "THR-02"), Severity.HIGH, false));
        assertThat(noc.queueCapacity()).isEqualTo(500);
        assertThat(noc.retry()).isEqualTo(new RetryPolicy(8, Duration.ofSeconds(1), Duration.ofMinutes(2),
                Duration.ofMinutes(30), Duration.ofSeconds(5), Duration.ofMinutes(5)));
        WebhookTarget audit = s.webhooks().get(1);
        assertThat(audit.secret()).isEqualTo("a much longer secret, with spaces");
        assertThat(audit.scope()).isEqualTo(new WebhookScope(Set.of(), Set.of(), Severity.INFO, true));
        assertThat(audit.retry()).isEqualTo(RetryPolicy.DEFAULT);
        assertThat(audit.queueCapacity()).isEqualTo(WebhookTarget.DEFAULT_QUEUE_CAPACITY);
        AlertmanagerTarget am = s.alertmanager();
        assertThat(am.alertsUrl()).isEqualTo(URI.create("http://127.0.0.1:9093/api/v2/alerts"));
        assertThat(am.collectorUrl()).isEqualTo(URI.create("https://didban.example"));
        assertThat(am.resendInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(am.batchWindow()).isEqualTo(Duration.ofMillis(100));
        assertThat(am.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(am.credentials().header()).isEqualTo("Basic ZGlkYmFuOmh1bnRlcjItYnV0LWxvbmdlcg==");
    }

    @Test
    void theExampleInTheDocsReads() throws Exception {
        // Surefire runs in the module's folder; the docs are beside it.
        String doc = Files.readString(Path.of("../docs/NOTIFICATIONS.md"));
        int start = doc.indexOf("```yaml\n", doc.indexOf("## The settings file")) + "```yaml\n".length();
        String yaml = doc.substring(start, doc.indexOf("```", start));

        NotifySettings s = NotifySettingsReader.read(yaml, "NOTIFICATIONS.md");

        assertThat(s.webhooks()).extracting(WebhookTarget::name).containsExactly("noc-tehran", "audit-log");
        assertThat(s.webhooks().get(0).retry()).isEqualTo(RetryPolicy.DEFAULT);
        assertThat(s.alertmanager().credentials().toString()).isEqualTo("Bearer ***");
    }

    @Test
    void secretsNeverShowInTheSettingsText() throws Exception {
        String text = NotifySettingsReader.read(EXAMPLE, "notify.yaml").toString();
        assertThat(text).doesNotContain(SECRET).doesNotContain("much longer secret").doesNotContain("hunter2")
                .doesNotContain("ZGlkYmFu").doesNotContain("/didban/hook");
        String bearer = NotifySettingsReader.read("alertmanager: {url: 'http://am:9093', bearer-token: t0k3n-xyz}", "n.yaml")
                .toString();
        assertThat(bearer).doesNotContain("t0k3n").contains("Bearer ***");
    }

    @Test
    void anEmptyFileTellsNobody() throws Exception {
        assertThat(NotifySettingsReader.read("", "notify.yaml")).isEqualTo(NotifySettings.NONE);
        assertThat(NotifySettingsReader.read("# nobody yet\n", "notify.yaml").isEmpty()).isTrue();
    }

    @Test
    void malformedYamlIsRefusedWithItsLine() {
        InvalidNotifySettingsException e = refused("webhooks:\n  - name: a\n    url: [http://x\n");
        assertThat(e.problems()).hasSize(1);
        assertThat(e.getMessage()).startsWith("notify.yaml:").contains("not valid YAML");
        assertThat(e.problems().get(0).line()).isGreaterThan(1);
    }

    @Test
    void unknownFieldsAreNamedWithTheirLines() {
        InvalidNotifySettingsException e = refused("""
                webhooks:
                  - name: noc
                    url: https://noc.example/hook
                    secret: 4a1f0c9e2b7d4e86a3c5f1b0d9e8c7a6
                    minimum-severity: high
                slack: {}
                """);
        assertThat(e.getMessage())
                .contains("notify.yaml:5: webhook noc: unknown field 'minimum-severity'; known: counties, include-pending,")
                .contains("notify.yaml:6: the file: unknown field 'slack'");
    }

    @Test
    void aUrlMustBeHttpOrHttpsWithAHostAndNoCredentials() {
        assertThat(refused(webhook("url: ftp://noc.example/hook")).getMessage())
                .isEqualTo("notify.yaml:3: webhook noc: 'url' must start with http:// or https://");
        assertThat(refused(webhook("url: not a url")).getMessage()).contains("notify.yaml:3: webhook noc: 'url' is not a URL");
        assertThat(refused(webhook("url: /relative/hook")).getMessage()).contains("'url' must start with http://");
        assertThat(refused(webhook("url: https://user:pw@noc.example/hook")).getMessage())
                .contains("must not carry credentials").doesNotContain("pw@");
        assertThat(refused("alertmanager: {url: 'file:///etc/passwd'}").getMessage())
                .contains("notify.yaml:1: alertmanager: 'url' must start with http:// or https://");
    }

    @Test
    void aSecretIsRequiredAndLongEnoughAndNeverRepeated() {
        assertThat(refused("webhooks:\n  - name: noc\n    url: https://noc.example/hook\n").getMessage())
                .isEqualTo("notify.yaml:2: webhook noc: 'secret' is required");
        InvalidNotifySettingsException shortOne = refused(
                "webhooks:\n  - name: noc\n    url: https://noc.example/hook\n    secret: tooShort123\n");
        assertThat(shortOne.getMessage())
                .isEqualTo("notify.yaml:4: webhook noc: 'secret' is 11 bytes; it must be at least 16 (e.g. 32 random hex digits)")
                .doesNotContain("tooShort123");
    }

    @Test
    void everyProblemOfAFileIsReportedTogether() {
        InvalidNotifySettingsException e = refused("""
                webhooks:
                  - name: a
                    url: https://a.example
                    secret: 4a1f0c9e2b7d4e86a3c5f1b0d9e8c7a6
                    min-severity: dire
                    include-pending: yes please
                    retry: {attempts: 0, first-delay: soon}
                  - name: a
                    url: https://a.example
                    secret: 4a1f0c9e2b7d4e86a3c5f1b0d9e8c7a6
                    provinces: THR
                alertmanager:
                  url: http://am:9093
                  bearer-token: abc
                  basic-auth: {username: u, password: p}
                """);
        assertThat(e.problems()).extracting(NotifyProblem::line).containsExactly(5, 6, 7, 7, 11, 15);
        assertThat(e.getMessage()).contains("unknown severity 'dire'").contains("'include-pending' must be true or false")
                .contains("'attempts' must be a whole number from 1 to 100").contains("'first-delay'")
                .contains("'provinces' must be a list").contains("not both");
    }

    @Test
    void twoWebhooksCannotShareAName() {
        String one = "  - name: a\n    url: https://a.example\n    secret: 4a1f0c9e2b7d4e86a3c5f1b0d9e8c7a6\n";
        assertThat(refused("webhooks:\n" + one + one).getMessage()).isEqualTo("notify.yaml:5: two webhooks are named 'a'");
    }

    @Test
    void aBillionLaughsIsRefusedBeforeItGrows() {
        StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            char prev = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                bomb.append(i == 0 ? "" : ",").append('*').append(prev);
            }
            bomb.append("]\n");
        }
        InvalidNotifySettingsException e = refused(bomb.toString());
        assertThat(e.getMessage()).contains("not valid YAML").containsIgnoringCase("aliases");
    }

    @Test
    void nothingCanBeInstantiatedFromTheFile() {
        InvalidNotifySettingsException e = refused("webhooks: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[]]]\n");
        assertThat(e.getMessage()).startsWith("notify.yaml:1: not valid YAML");
    }

    @Test
    void aFileIsReadFromDisk(@TempDir Path dir) throws IOException, InvalidNotifySettingsException {
        Path file = dir.resolve("notify.yaml");
        Files.writeString(file, EXAMPLE);
        assertThat(NotifySettingsReader.read(file).webhooks()).hasSize(2);
        Files.writeString(file, "webhooks: 3\n");
        assertThatThrownBy(() -> NotifySettingsReader.read(file)).isInstanceOf(InvalidNotifySettingsException.class)
                .hasMessage(file + ":1: 'webhooks' must be a list");
    }

    private static String webhook(String urlLine) {
        return "webhooks:\n  - name: noc\n    " + urlLine + "\n    secret: " + SECRET + "\n";
    }
}
