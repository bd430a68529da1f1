package org.didban.collector.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.collector.RunningCollector.sample;
import static org.didban.collector.TestFleet.KASHAN_BRANCH;
import static org.didban.collector.TestFleet.REY_BRANCH;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.didban.collector.RunningCollector;
import org.didban.collector.TestPeople;
import org.didban.collector.alerts.FastRules;
import org.didban.collector.testing.ChromiumBrowser;
import org.didban.model.Metrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The console in a real headless Chromium against a running collector: signing in, a county IT
 * person seeing only their county, an alert of an injected fault appearing without a reload,
 * acknowledging it, the Persian layout running right to left, English beside it. Screenshots of
 * each page go to {@code target/console-screenshots/} for people to look at.
 */
@ExtendWith(VertxExtension.class)
class ConsoleBrowserTest {
    private static final Path SHOTS = Path.of("target", "console-screenshots");
    private static final String REY_ROUTER = REY_BRANCH + "-router";
    private static final String KASHAN_ROUTER = KASHAN_BRANCH + "-router";

    @TempDir
    Path dir;

    @Test
    void aCountyItPersonSignsInSeesOnlyTheirCountyAndAcknowledgesALiveAlert(Vertx vertx) throws Exception {
        try (RunningCollector collector = RunningCollector.start(vertx, RunningCollector.fleetConfig()
                .rulesFile(FastRules.write(dir, "1s", false)).readinessInterval(Duration.ofMillis(500)).build());
                ChromiumBrowser browser = ChromiumBrowser.start()) {
            String console = collector.collector().baseUrl() + "/console/";
            browser.open(console);

            // Persian by default, right to left: the document and the laid-out page
            browser.visible("#login-name");
            assertThat(browser.script("return document.documentElement.dir")).isEqualTo("rtl");
            assertThat(browser.script("return document.documentElement.lang")).isEqualTo("fa");
            assertThat(browser.script("return getComputedStyle(document.body).direction")).isEqualTo("rtl");
            browser.screenshot(SHOTS.resolve("01-sign-in-fa.png"));

            // a wrong password is refused, on the page
            signIn(browser, "rey-it", "not-the-password-123");
            assertThat(browser.visible("#login-error").getText()).isNotBlank();
            assertThat(browser.all("#whoami")).noneMatch(WebElement::isDisplayed);

            signIn(browser, "rey-it", TestPeople.REY_IT_PASSWORD);
            WebElement who = browser.visible("#whoami");
            assertThat(who.getAttribute("data-role")).isEqualTo("county");
            assertThat(who.getText()).contains("rey-it");
            // a county IT person lands on their county: its branches, nobody else's
            browser.await("Rey's branches listed", d -> !browser.all("[data-branch='" + REY_BRANCH + "']").isEmpty());
            java.util.Set<String> reys = org.didban.collector.TestFleet.inventory().branches().stream()
                    .filter(b -> b.countyCode().equals("THR-02")).map(org.didban.model.Branch::code)
                    .collect(java.util.stream.Collectors.toSet());
            assertThat(browser.all("[data-branch]")).isNotEmpty().allSatisfy(e ->
                    assertThat(reys).contains(e.getAttribute("data-branch")));
            assertThat(browser.all("[data-province]")).isEmpty();
            browser.screenshot(SHOTS.resolve("02-overview-county-fa.png"));

            // the nav runs right to left: the first link sits to the right of the last
            List<WebElement> nav = browser.all("nav a[data-page]");
            assertThat(nav).hasSizeGreaterThanOrEqualTo(4);
            assertThat(nav.get(0).getRect().getX()).isGreaterThan(nav.get(nav.size() - 1).getRect().getX());

            // live alerts: open the page, then inject faults — Kashan's (another province) first, then Rey's
            browser.click("nav a[data-page='alerts']");
            browser.await("the alert stream connected", d -> "open".equals(
                    d.findElement(By.id("live-status")).getAttribute("data-state")));
            String urlBefore = browser.driver().getCurrentUrl();
            Object pageMarker = browser.script("return (window.__didbanTestMarker = Math.random())");
            uplinkDown(collector, KASHAN_BRANCH, KASHAN_ROUTER);
            uplinkDown(collector, REY_BRANCH, REY_ROUTER);
            String alertId = browser.await("Rey's alert to appear without a reload", d ->
                    browser.attribute("tr[data-alert-id][data-branch='" + REY_BRANCH + "']", "data-alert-id"));
            String row = "tr[data-alert-id='" + alertId + "']";
            assertThat(browser.script("return window.__didbanTestMarker")).as("the page was not reloaded").isEqualTo(pageMarker);
            assertThat(browser.driver().getCurrentUrl()).isEqualTo(urlBefore);
            // Kashan's alert went out on the stream before Rey's, and it is not shown to Rey's IT
            assertThat(browser.all("tr[data-alert-id]")).allSatisfy(r ->
                    assertThat(r.getAttribute("data-county")).isEqualTo("THR-02"));
            assertThat(collector.alertsAs(TestPeople.HQ, "?branch=" + KASHAN_BRANCH)).isNotEmpty();
            // the alert fires after its `for` of one second, still without a reload
            browser.await("the alert to fire", d -> "firing".equals(browser.attribute(row, "data-state")));
            browser.screenshot(SHOTS.resolve("03-alerts-live-fa.png"));

            // acknowledge it from the page
            browser.click(row + " button[data-action='acknowledge']");
            browser.visible("#action-note").sendKeys("on it — در حال بررسی");
            browser.screenshot(SHOTS.resolve("04-acknowledge-dialog-fa.png"));
            browser.click("#action-confirm");
            browser.await("the row to show it acknowledged", d -> "acknowledged".equals(browser.attribute(row, "data-state")));
            JsonObject recorded = collector.getAs(TestPeople.HQ, "/api/v1/alerts/" + alertId).bodyAsJsonObject();
            assertThat(recorded.encode()).contains("rey-it").contains("در حال بررسی");

            // a Jalali date with Persian digits on the page
            String since = browser.text(row + " time");
            assertThat(since).matches(".*[۰-۹].*").doesNotMatch(".*[0-9].*");

            // silence it for half an hour, with a comment
            browser.click(row + " button[data-action='silence']");
            browser.visible("#silence-minutes").clear();
            browser.visible("#silence-minutes").sendKeys("30");
            browser.visible("#action-note").sendKeys("router being replaced");
            browser.click("#action-confirm");
            browser.await("the row to show it silenced", d -> "silenced".equals(browser.attribute(row, "data-state")));
            assertThat(collector.getAs(TestPeople.HQ, "/api/v1/silences").bodyAsString()).contains("router being replaced")
                    .contains("rey-it");

            // the other pages, in Persian
            for (String page : List.of("sensitive", "fiber")) {
                browser.click("nav a[data-page='" + page + "']");
                browser.await(page + " shown", d -> page.equals(d.findElement(By.id("main")).getAttribute("data-page")));
                browser.screenshot(SHOTS.resolve("05-" + page + "-fa.png"));
            }
            browser.open(console + "#/branch/" + REY_BRANCH);
            browser.visible("#branch-devices tr[data-device]");
            browser.await("the branch's trend charted", d -> !d.findElements(By.cssSelector(".trend-chart")).isEmpty());
            browser.await("the branch's alert in its timeline", d -> !d.findElements(By.cssSelector("#branch-timeline li")).isEmpty());
            browser.screenshot(SHOTS.resolve("06-branch-fa.png"));

            // English, left to right
            browser.click("#lang-toggle");
            browser.await("English", d -> "en".equals(browser.script("return document.documentElement.lang")));
            assertThat(browser.script("return document.documentElement.dir")).isEqualTo("ltr");
            assertThat(browser.script("return getComputedStyle(document.body).direction")).isEqualTo("ltr");
            List<WebElement> navEn = browser.all("nav a[data-page]");
            assertThat(navEn.get(0).getRect().getX()).isLessThan(navEn.get(navEn.size() - 1).getRect().getX());
            browser.screenshot(SHOTS.resolve("07-branch-en.png"));
            browser.click("nav a[data-page='alerts']");
            browser.await("the alert listed in English", d -> !d.findElements(
                    By.cssSelector("tr[data-alert-id='" + alertId + "']")).isEmpty());
            assertThat(browser.text(row + " time")).matches(".*[0-9].*");
            browser.screenshot(SHOTS.resolve("08-alerts-en.png"));

            // nothing the page did broke its own Content-Security-Policy or threw
            assertThat(browser.consoleMessages()).noneMatch(m -> m.contains("Content Security Policy")
                    || m.contains("Uncaught") || m.contains("TypeError") || m.contains("ReferenceError"));

            // signing out ends the session: the API no longer answers the browser
            browser.click("#sign-out");
            browser.visible("#login-name");
            Object status = browser.script("return fetch('/api/v1/alerts', {credentials: 'same-origin'}).then(r => r.status)");
            assertThat(status).isEqualTo(401L);
        }
    }

    @Test
    void aProvinceOfficerSeesTheirProvinceAndHqTheNation(Vertx vertx) throws Exception {
        try (RunningCollector collector = RunningCollector.start(vertx, RunningCollector.fleetConfig()
                .readinessInterval(Duration.ofMillis(500)).build());
                ChromiumBrowser browser = ChromiumBrowser.start()) {
            String console = collector.collector().baseUrl() + "/console/";
            // the console's files are a folder of their own: no class of the collector is served
            for (String path : List.of("/console/SignInEndpoint.class", "/console/ConsoleRoutes.class",
                    "/console/org/didban/collector/console/ConsoleRoutes.class")) {
                assertThat(collector.getAs(null, path).statusCode()).as(path).isEqualTo(404);
            }
            assertThat(collector.getAs(null, "/console/app.js").statusCode()).isEqualTo(200);
            browser.open(console);
            // another county's branch, asked for by address: not found, as for a branch that does not exist
            signIn(browser, "isfahan-officer", TestPeople.ISFAHAN_OFFICER_PASSWORD);
            browser.visible("#whoami");
            browser.open(console + "#/branch/" + org.didban.collector.TestFleet.TEHRAN_BRANCH);
            browser.visible(".failure[role='alert']");
            assertThat(browser.text(".failure[role='alert']")).contains("یافت نشد");
            assertThat(browser.all("#branch-devices tr[data-device]")).isEmpty();
            assertThat(browser.text("#main")).doesNotContain("THR-0001-router");
            browser.open(console + "#/overview");
            browser.await("Isfahan's counties", d -> !browser.all("[data-county]").isEmpty());
            assertThat(browser.all("[data-county]")).allSatisfy(e -> assertThat(e.getAttribute("data-county")).startsWith("ISF"));
            browser.screenshot(SHOTS.resolve("10-overview-province-fa.png"));
            browser.click("#sign-out");

            signIn(browser, "hq", TestPeople.HQ_PASSWORD);
            browser.await("every province", d -> browser.all("[data-province]").size() == 2);
            browser.screenshot(SHOTS.resolve("11-overview-nation-fa.png"));
        }
    }

    private static void signIn(ChromiumBrowser browser, String name, String password) {
        WebElement nameField = browser.visible("#login-name");
        nameField.clear();
        nameField.sendKeys(name);
        WebElement passwordField = browser.visible("#login-password");
        passwordField.clear();
        passwordField.sendKeys(password, Keys.ENTER);
    }

    private static void uplinkDown(RunningCollector collector, String branch, String router) {
        collector.ingest(branch, 1, List.of(
                sample(router, Metrics.IF_ADMIN_STATUS, 1, "if_index", "1", "if_name", "wan0"),
                sample(router, Metrics.IF_OPER_STATUS, 2, "if_index", "1", "if_name", "wan0")), List.of());
    }
}
