package org.didban.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.didban.agent.SiteAgent;
import org.didban.agent.configpull.ConfigPull;
import org.didban.agent.http.CollectorHttp;
import org.didban.model.DeviceRole;
import org.didban.secrets.Secrets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The site file's secrets from the environment and from files, their errors (which never print
 * the secret), the served-config rule (no references), toString() of everything holding one, and
 * the owner-only files and folders of the agent.
 */
class SecretSourcesTest {
    static final String TOKEN = "tok-Vq83kLm2Zp";
    static final String AUTH = "auth-Hx71pQwe9";
    static final String PRIV = "priv-Ty55bNcv3";
    static final String COMMUNITY = "comm-Rd42xJsa8";
    static final List<String> SECRETS = List.of(TOKEN, AUTH, PRIV, COMMUNITY);

    @TempDir
    Path dir;
    private final List<String> logged = new ArrayList<>();
    private Handler handler;

    @BeforeEach
    void captureLogs() {
        handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                String text = r.getMessage();
                if (r.getParameters() != null) {
                    text = java.text.MessageFormat.format(text, r.getParameters());
                }
                synchronized (logged) {
                    logged.add(r.getLevel() + " " + text + (r.getThrown() == null ? "" : " " + r.getThrown()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger("").addHandler(handler);
    }

    @AfterEach
    void release() {
        Logger.getLogger("").removeHandler(handler);
    }

    static String site(String token, String auth, String priv, String community) {
        return """
                agent-id: THR-0001-a
                branch: THR-0001
                collector: http://127.0.0.1:9
                token: %s
                poll-interval: 10s
                devices:
                  - id: THR-0001-router
                    role: router
                    address: 192.0.2.1:1161
                    snmp:
                      version: v3
                      user: didban
                      auth-passphrase: %s
                      priv-passphrase: %s
                  - id: THR-0001-switch
                    role: switch
                    address: 192.0.2.2
                    snmp:
                      version: v2c
                      community: %s
                """.formatted(quote(token), quote(auth), quote(priv), quote(community));
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }

    private Path secretFile(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(f, Secrets.OWNER_FILE);
        return f;
    }

    private static void checkSecrets(SiteConfig c) {
        assertThat(c.token().reveal()).isEqualTo(TOKEN);
        SnmpCredentials.Usm usm = (SnmpCredentials.Usm) c.devices().get(0).credentials();
        assertThat(usm.authPassphrase().reveal()).isEqualTo(AUTH);
        assertThat(usm.privPassphrase().reveal()).isEqualTo(PRIV);
        assertThat(((SnmpCredentials.Community) c.devices().get(1).credentials()).community().reveal()).isEqualTo(COMMUNITY);
    }

    @Test
    void literalValuesStillWork() throws Exception {
        checkSecrets(SiteConfigReader.parse(site(TOKEN, AUTH, PRIV, COMMUNITY), "site.yaml", n -> null));
    }

    @Test
    void everySecretFromTheEnvironment() throws Exception {
        Function<String, String> env = Map.of("T", TOKEN, "A", AUTH, "P", PRIV, "C", COMMUNITY)::get;
        checkSecrets(SiteConfigReader.parse(site("${env:T}", "${env:A}", "${env:P}", "${env:C}"), "site.yaml", env));
    }

    @Test
    void everySecretFromAFileLessOneTrailingLineBreak() throws Exception {
        Path t = secretFile("token", TOKEN + "\n");
        Path a = secretFile("auth", AUTH + "\r\n");
        Path p = secretFile("priv", PRIV);
        Path c = secretFile("community", COMMUNITY + "\n");
        checkSecrets(SiteConfigReader.parse(site("${file:" + t + "}", "${file:" + a + "}", "${file:" + p + "}",
                "${file:" + c + "}"), "site.yaml", n -> null));
        assertThat(logged).as("owner-only secret files are not warned about").noneMatch(l -> l.contains("accessible"));
    }

    @Test
    void aMissingVariableNamesItAndThePathOfTheField() {
        assertThatThrownBy(() -> SiteConfigReader.parse(site(TOKEN, "${env:DIDBAN_NOT_SET}", PRIV, COMMUNITY),
                "site.yaml", n -> null))
                .isInstanceOf(ConfigException.class)
                .hasMessage("site.yaml: devices[0].snmp.auth-passphrase: environment variable DIDBAN_NOT_SET is not set");
        assertThatThrownBy(() -> SiteConfigReader.parse(site("${env:EMPTY}", AUTH, PRIV, COMMUNITY), "site.yaml",
                Map.of("EMPTY", "")::get))
                .hasMessage("site.yaml: token: environment variable EMPTY is empty");
    }

    @Test
    void aMissingOrUnreadableFileGivesAClearErrorWithoutTheSecret() throws Exception {
        Path missing = dir.resolve("no-such-token");
        assertThatThrownBy(() -> SiteConfigReader.parse(site("${file:" + missing + "}", AUTH, PRIV, COMMUNITY),
                "site.yaml", n -> null))
                .hasMessage("site.yaml: token: secret file " + missing + " does not exist");
        assertThatThrownBy(() -> SiteConfigReader.parse(site(TOKEN, AUTH, PRIV, "${file:" + dir + "}"),
                "site.yaml", n -> null))
                .hasMessage("site.yaml: devices[1].snmp.community: secret file " + dir + " is a folder");
        Path empty = secretFile("empty", "\n");
        assertThatThrownBy(() -> SiteConfigReader.parse(site(TOKEN, "${file:" + empty + "}", PRIV, COMMUNITY),
                "site.yaml", n -> null))
                .hasMessageContaining("secret file " + empty + " is empty");
        // a passphrase that is too short is refused without being echoed
        Path shortOne = secretFile("short", "abc1234\n");
        assertThatThrownBy(() -> SiteConfigReader.parse(site(TOKEN, AUTH, "${file:" + shortOne + "}", COMMUNITY),
                "site.yaml", n -> null))
                .hasMessageContaining("priv-passphrase: must be at least 8 characters")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("abc1234"));
    }

    @Test
    void anUnreadableFileSaysPermissionDenied() throws Exception {
        assumeTrue(!"root".equals(System.getProperty("user.name")), "root reads every file");
        Path locked = secretFile("locked", AUTH);
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        assertThatThrownBy(() -> SiteConfigReader.parse(site(TOKEN, "${file:" + locked + "}", PRIV, COMMUNITY),
                "site.yaml", n -> null))
                .hasMessageContaining("secret file " + locked + " cannot be read by this user (permission denied)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(AUTH));
    }

    @Test
    void aSecretFileOthersCanReadIsWarnedAboutWithoutItsContent() throws Exception {
        Path open = secretFile("open", AUTH);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        SiteConfigReader.parse(site(TOKEN, "${file:" + open + "}", PRIV, COMMUNITY), "site.yaml", n -> null);
        assertThat(logged).anyMatch(l -> l.startsWith("WARNING") && l.contains(open.toString()) && l.contains("rw-r--r--"));
        assertNoSecretIn(logged);
    }

    @Test
    void aSiteFileOthersCanReadIsWarnedAbout() throws Exception {
        Path file = dir.resolve("site.yaml");
        Files.writeString(file, site(TOKEN, AUTH, PRIV, COMMUNITY));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        ConfigPull.local(file);
        SiteConfigReader.read(file);
        assertThat(logged).filteredOn(l -> l.startsWith("WARNING") && l.contains(file.toString())).hasSize(2);
        logged.clear();
        Files.setPosixFilePermissions(file, Secrets.OWNER_FILE);
        ConfigPull.local(file);
        assertThat(logged).noneMatch(l -> l.contains("accessible"));
    }

    @Test
    void aServedConfigMayNotUseReferences() {
        // else a collector could make an agent read any of its files and send it back as a token
        assertThatThrownBy(() -> SiteConfigReader.parseServed(site("${file:/etc/shadow}", AUTH, PRIV, COMMUNITY),
                "config from collector"))
                .hasMessageContaining("token: a ${env:…} or ${file:…} reference is for local site files only");
        assertThatThrownBy(() -> SiteConfigReader.parseServed(site(TOKEN, AUTH, PRIV, "${env:HOME}"), "served"))
                .hasMessageContaining("devices[1].snmp.community");
    }

    @Test
    void aCollectorAddressWithAPasswordIsRefusedWithoutEchoingIt() {
        String text = site(TOKEN, AUTH, PRIV, COMMUNITY).replace("http://127.0.0.1:9", "http://agent:" + TOKEN + "@127.0.0.1:9");
        assertThatThrownBy(() -> SiteConfigReader.parse(text, "site.yaml", n -> null))
                .hasMessageContaining("collector: must not hold a user or password")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
    }

    @Test
    void malformedYamlNeverQuotesTheLineWithTheSecret() {
        String broken = site(TOKEN, AUTH, PRIV, COMMUNITY).replace("auth-passphrase: \"" + AUTH + "\"",
                "auth-passphrase: \"" + AUTH + "\" : [");
        assertThatThrownBy(() -> SiteConfigReader.parse(broken, "site.yaml", n -> null))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertNoSecretIn(List.of(e.getMessage(), String.valueOf(e.getCause()))));
    }

    @Test
    void toStringOfEveryConfigHoldingASecretShowsNone() throws Exception {
        SiteConfig c = SiteConfigReader.parse(site(TOKEN, AUTH, PRIV, COMMUNITY), "site.yaml", n -> null);
        List<String> shown = new ArrayList<>();
        shown.add(c.toString());
        shown.add(c.token().toString());
        for (DeviceConfig d : c.devices()) {
            shown.add(d.toString());
            shown.add(d.credentials().toString());
            shown.add(d.credentials().describe());
        }
        shown.add(org.didban.agent.trap.SiteTraps.forSite(c, new java.net.InetSocketAddress("127.0.0.1", 0)).toString());
        assertNoSecretIn(shown);
        assertThat(c.toString()).contains("THR-0001-a", "****");
    }

    @Test
    void theAgentStateFolderSpoolAndLocalLogAreOwnerOnly() throws Exception {
        SiteConfig c = SiteConfigReader.parse(site(TOKEN, AUTH, PRIV, COMMUNITY), "site.yaml", n -> null);
        Path state = dir.resolve("state/nested");
        SiteAgent agent = SiteAgent.builder(c).stateDir(state).localRules(true)
                .http(request -> java.util.concurrent.CompletableFuture.failedFuture(new java.io.IOException("offline")))
                .firstPollDelay(java.time.Duration.ofHours(1)).build();
        agent.start();
        try {
            assertThat(mode(dir.resolve("state"))).isEqualTo("rwx------");
            assertThat(mode(state)).isEqualTo("rwx------");
            assertThat(mode(state.resolve("spool"))).isEqualTo("rwx------");
            try (var files = Files.list(state.resolve("spool"))) {
                for (Path f : files.toList()) {
                    assertThat(mode(f)).as("%s", f).isEqualTo("rw-------");
                }
            }
            assertThat(mode(state.resolve("local-alerts"))).isEqualTo("rwx------");
            try (var files = Files.list(state.resolve("local-alerts"))) {
                List<Path> all = files.toList();
                assertThat(all).isNotEmpty();
                for (Path f : all) {
                    assertThat(mode(f)).as("%s", f).isEqualTo("rw-------");
                }
            }
        } finally {
            agent.stop();
        }
        assertNoSecretIn(logged);
    }

    @Test
    void theLastGoodConfigCopyIsOwnerOnly() throws Exception {
        Path site = dir.resolve("site.yaml");
        Files.writeString(site, site(TOKEN, AUTH, PRIV, COMMUNITY));
        Files.setPosixFilePermissions(site, Secrets.OWNER_FILE);
        String served = site(TOKEN, AUTH, PRIV, COMMUNITY).replace("poll-interval: 10s", "poll-interval: 20s");
        CollectorHttp http = request -> java.util.concurrent.CompletableFuture.completedFuture(
                new CollectorHttp.Reply(200, Map.of(), served.getBytes(StandardCharsets.UTF_8)));
        Path lastGood = dir.resolve("state/site.yaml");
        try (ConfigPull pull = ConfigPull.pulled(site, lastGood, http)) {
            assertThat(pull.pullOnce()).isEqualTo(ConfigPull.Outcome.CHANGED);
        }
        assertThat(mode(lastGood.getParent())).isEqualTo("rwx------");
        assertThat(mode(lastGood)).isEqualTo("rw-------");
        assertNoSecretIn(logged);
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    static void assertNoSecretIn(List<String> texts) {
        for (String t : texts) {
            for (String s : SECRETS) {
                assertThat(t).as("a secret in: %s", t).doesNotContain(s);
            }
        }
    }
}
