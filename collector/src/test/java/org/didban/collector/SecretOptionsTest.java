package org.didban.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.didban.collector.history.InfluxSettings;
import org.didban.collector.ledger.LedgerSettings;
import org.didban.collector.notify.AlertmanagerTarget;
import org.didban.collector.notify.InvalidNotifySettingsException;
import org.didban.collector.notify.NotifySettings;
import org.didban.collector.notify.NotifySettingsReader;
import org.didban.collector.notify.WebhookTarget;
import org.didban.secrets.Secrets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The collector's secrets from the environment ({@code DIDBAN_X}) and from files
 * ({@code DIDBAN_X_FILE}; {@code ${env:…}}/{@code ${file:…}} in the notification settings), their
 * errors without the secret, toString() of the settings holding them, and files created owner-only.
 */
class SecretOptionsTest {
    static final String LEDGER_PASSWORD = "ledger-Pw-8Jd2kQ";
    static final String INFLUX_PASSWORD = "influx-Pw-3Kx9vB";
    static final String HMAC = "hmac-Secret-5Tq1Wz7Lp0Ma";
    static final String BEARER = "am-Bearer-6Yh4Ns";
    static final List<String> SECRETS = List.of(LEDGER_PASSWORD, INFLUX_PASSWORD, HMAC, BEARER);

    @TempDir
    Path dir;
    private final List<String> logged = new ArrayList<>();
    private Handler handler;

    @BeforeEach
    void captureLogs() {
        handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                String text = r.getParameters() == null ? r.getMessage()
                        : java.text.MessageFormat.format(r.getMessage(), r.getParameters());
                synchronized (logged) {
                    logged.add(r.getLevel() + " " + text);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        handler.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(handler);
    }

    @AfterEach
    void release() {
        Logger.getLogger("").removeHandler(handler);
    }

    private Path secretFile(String name, String content, String mode) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    private static LedgerOptions postgres() {
        LedgerOptions o = new LedgerOptions();
        new CommandLine(o).parseArgs("--ledger-url", "jdbc:postgresql://db:5432/didban", "--ledger-user", "didban");
        return o;
    }

    @Test
    void ledgerPasswordFromTheEnvironment() {
        LedgerSettings s = postgres().settings(Map.of("DIDBAN_LEDGER_PASSWORD", LEDGER_PASSWORD)::get);
        assertThat(s.password()).isEqualTo(LEDGER_PASSWORD);
        assertThat(s.toString()).doesNotContain(LEDGER_PASSWORD);
        assertThat(postgres().settings(n -> null).password()).isEmpty();
    }

    @Test
    void ledgerPasswordFromAFile() throws Exception {
        Path f = secretFile("ledger-password", LEDGER_PASSWORD + "\n", "rw-------");
        LedgerSettings s = postgres().settings(Map.of("DIDBAN_LEDGER_PASSWORD_FILE", f.toString())::get);
        assertThat(s.password()).isEqualTo(LEDGER_PASSWORD);
        assertThat(logged).noneMatch(l -> l.contains("accessible"));
    }

    @Test
    void ledgerPasswordErrorsNameTheVariableOrFileNeverThePassword() throws Exception {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> postgres().settings(Map.of("DIDBAN_LEDGER_PASSWORD_FILE", missing.toString())::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ledger password: DIDBAN_LEDGER_PASSWORD_FILE: secret file " + missing + " does not exist");
        assertThatThrownBy(() -> postgres().settings(Map.of("DIDBAN_LEDGER_PASSWORD_FILE", dir.toString())::get))
                .hasMessageContaining("is a folder");
        Path f = secretFile("p", LEDGER_PASSWORD, "rw-------");
        assertThatThrownBy(() -> postgres().settings(Map.of("DIDBAN_LEDGER_PASSWORD", LEDGER_PASSWORD,
                "DIDBAN_LEDGER_PASSWORD_FILE", f.toString())::get))
                .hasMessage("ledger password: both DIDBAN_LEDGER_PASSWORD and DIDBAN_LEDGER_PASSWORD_FILE are set;"
                        + " set one of them");
    }

    @Test
    void theEmbeddedLedgerNeedsNoPassword() {
        assertThat(new LedgerOptions().settings(n -> {
            throw new AssertionError("the embedded ledger reads no secret");
        }).password()).isEmpty();
    }

    private static HistoryOptions influx() {
        HistoryOptions o = new HistoryOptions();
        new CommandLine(o).parseArgs("--influx-url", "http://127.0.0.1:8086", "--influx-user", "didban");
        return o;
    }

    @Test
    void influxPasswordFromTheEnvironmentOrAFile() throws Exception {
        InfluxSettings env = influx().settings(Map.of("DIDBAN_INFLUX_PASSWORD", INFLUX_PASSWORD)::get);
        assertThat(env.password()).isEqualTo(INFLUX_PASSWORD);
        assertThat(env.toString()).doesNotContain(INFLUX_PASSWORD);
        Path f = secretFile("influx", INFLUX_PASSWORD + "\n", "rw-r--r--");
        InfluxSettings file = influx().settings(Map.of("DIDBAN_INFLUX_PASSWORD_FILE", f.toString())::get);
        assertThat(file.password()).isEqualTo(INFLUX_PASSWORD);
        assertThat(logged).as("a password file others can read is warned about")
                .anyMatch(l -> l.startsWith("WARNING") && l.contains(f.toString()) && l.contains("rw-r--r--"));
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> influx().settings(Map.of("DIDBAN_INFLUX_PASSWORD_FILE", missing.toString())::get))
                .hasMessage("InfluxDB password: DIDBAN_INFLUX_PASSWORD_FILE: secret file " + missing + " does not exist");
        assertNoSecretIn(logged);
    }

    static String notify(String secret, String bearer) {
        return """
                webhooks:
                  - name: noc
                    url: https://noc.example/didban
                    secret: "%s"
                alertmanager:
                  url: http://127.0.0.1:9093
                  bearer-token: "%s"
                """.formatted(secret, bearer);
    }

    @Test
    void notifySecretsLiteralFromTheEnvironmentOrFromAFile() throws Exception {
        Function<String, String> env = Map.of("HOOK", HMAC, "AM", BEARER)::get;
        NotifySettings literal = NotifySettingsReader.read(notify(HMAC, BEARER), "notify.yaml", n -> null);
        NotifySettings fromEnv = NotifySettingsReader.read(notify("${env:HOOK}", "${env:AM}"), "notify.yaml", env);
        Path hook = secretFile("hook", HMAC + "\n", "rw-------");
        Path am = secretFile("am", BEARER, "rw-------");
        NotifySettings fromFiles = NotifySettingsReader.read(notify("${file:" + hook + "}", "${file:" + am + "}"),
                "notify.yaml", n -> null);
        for (NotifySettings s : List.of(literal, fromEnv, fromFiles)) {
            assertThat(s.webhooks().get(0).secret()).isEqualTo(HMAC);
            assertThat(s.alertmanager().credentials()).isNotNull();
            assertNoSecretIn(List.of(s.toString(), s.webhooks().get(0).toString(), s.alertmanager().toString(),
                    s.alertmanager().credentials().toString()));
        }
    }

    @Test
    void notifySecretErrorsNameTheFieldAndTheSourceNeverTheSecret() throws Exception {
        Path missing = dir.resolve("missing-hook");
        assertThatThrownBy(() -> NotifySettingsReader.read(notify("${file:" + missing + "}", "${env:UNSET}"),
                "notify.yaml", n -> null))
                .isInstanceOf(InvalidNotifySettingsException.class)
                .hasMessageContaining("webhook noc: 'secret': secret file " + missing + " does not exist")
                .hasMessageContaining("alertmanager: 'bearer-token': environment variable UNSET is not set");
        Path shortOne = secretFile("short", "tiny-secret\n", "rw-------");
        assertThatThrownBy(() -> NotifySettingsReader.read(notify("${file:" + shortOne + "}", BEARER), "notify.yaml",
                n -> null))
                .hasMessageContaining("'secret' is 11 bytes")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("tiny-secret").doesNotContain(BEARER));
    }

    @Test
    void aNotifyFileOthersCanReadIsWarnedAboutWithoutItsContent() throws Exception {
        Path file = secretFile("notify.yaml", notify(HMAC, BEARER), "rw-r--r--");
        NotifySettingsReader.read(file);
        assertThat(logged).anyMatch(l -> l.startsWith("WARNING") && l.contains(file.toString())
                && l.contains("notification settings"));
        logged.clear();
        Files.setPosixFilePermissions(file, Secrets.OWNER_FILE);
        NotifySettingsReader.read(file);
        assertThat(logged).noneMatch(l -> l.contains("accessible"));
        assertNoSecretIn(logged);
    }

    @Test
    void settingsToStringShowNoSecret() {
        List<String> shown = List.of(
                LedgerSettings.postgres("jdbc:postgresql://db/didban?password=" + LEDGER_PASSWORD, "u", LEDGER_PASSWORD)
                        .toString(),
                InfluxSettings.builder("http://127.0.0.1:8086").user("u").password(INFLUX_PASSWORD).build().toString(),
                new WebhookTarget("noc", URI.create("https://noc.example/hook?token=" + BEARER), HMAC).toString(),
                new AlertmanagerTarget(URI.create("http://127.0.0.1:9093"), null, Duration.ofMinutes(1),
                        Duration.ofSeconds(1), Duration.ofSeconds(5), AlertmanagerTarget.Credentials.basic("u", BEARER))
                        .toString());
        assertNoSecretIn(shown);
    }

    @Test
    void theTokensFileOfInventoryGenerateIsOwnerOnly() throws Exception {
        Path tokens = dir.resolve("private/tokens.csv");
        int code = new CommandLine(new InventoryCommand()).execute("generate", "--branches", "3",
                "--provinces", "1", "--out", dir.resolve("inv").toString(), "--tokens", tokens.toString());
        assertThat(code).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokens))).isEqualTo("rw-------");
    }

    static void assertNoSecretIn(List<String> texts) {
        for (String t : texts) {
            for (String s : SECRETS) {
                assertThat(t).as("a secret in: %s", t).doesNotContain(s);
            }
        }
    }
}
