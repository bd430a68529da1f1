package org.didban.collector.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.didban.collector.RunningCollector.eventually;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.didban.collector.testing.InfluxServer;
import org.didban.collector.testing.PrometheusServer;
import org.didban.model.Branch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every query of every panel and template variable of the shipped Grafana dashboards
 * ({@code dashboards/grafana/*.json}), run against what a Grafana would ask: a real Prometheus
 * scraping a running demo collector, and the real InfluxDB the collector writes its history to.
 * Each must return data. Grafana itself is not needed: it only forwards these queries with its
 * variables filled in, which is done here the way Grafana does it.
 */
class DashboardQueriesTest {
    private static final Path DASHBOARDS = Path.of(System.getProperty("user.dir")).resolve("../dashboards/grafana").normalize();
    private static final Pattern LABEL_VALUES = Pattern.compile("^label_values\\((?:(.+),\\s*)?(\\w+)\\)$");

    @Test
    void everyPanelQueryReturnsDataFromPrometheusAndInfluxDb(@TempDir Path folder) throws Exception {
        List<Path> files;
        try (Stream<Path> all = Files.list(DASHBOARDS)) {
            files = all.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString())
                .contains("national-hq.json", "county-it.json", "fiber-rollout.json");

        try (InfluxServer influx = InfluxServer.start()) {
            DemoCommand command = new DemoCommand();
            new CommandLine(command).parseArgs("--branches", "60", "--provinces", "2", "--port", "0", "--interval", "1s",
                    "--fault-every", "500ms", "--fault-lasts", "45s", "--readiness-every", "1s",
                    "--influx-url", influx.url());
            try (DemoCommand.Demo demo = command.start()) {
                assertThat(demo.inventory().branches()).anyMatch(Branch::sensitive);
                URI base = URI.create(demo.collector().baseUrl());
                // the shipped scrape configuration, pointed at the demo and made quick
                String scrape = Files.readString(DASHBOARDS.resolve("../prometheus/prometheus.yml"), StandardCharsets.UTF_8)
                        .replace("127.0.0.1:8080", base.getHost() + ":" + base.getPort())
                        .replaceAll("(scrape_interval|scrape_timeout): \\d+s", "$1: 1s");
                assertThat(scrape).contains(base.getHost() + ":" + base.getPort()).doesNotContain(":8080", "scrape_interval: 15s", "scrape_interval: 60s");
                try (PrometheusServer prometheus = PrometheusServer.start(folder, scrape)) {
                    // Every branch scraped, and an alert of an injected fault firing: after the rules'
                    // `for` on voting day (NET-01 60 s, PWR-01 30 s, DEV-01 two missed polls; halved at
                    // sensitive branches). RDY-08 fires from the start in the demo, so it does not count.
                    eventually(() -> sum(prometheus.query("count(didban_branch_info)")),
                            v -> v == demo.inventory().branches().size(), Duration.ofSeconds(60), "every branch in Prometheus");
                    eventually(() -> sum(prometheus.query("sum(didban_county_alerts{state=\"firing\", rule!=\"RDY-08\"})")),
                            v -> v > 0, Duration.ofSeconds(180), "a fault's alert firing, counted by county in Prometheus");
                    String fault = "SELECT \"count\", \"branch\", \"county\" FROM \"alert_transition\" WHERE \"kind\" = 'evaluated'"
                            + " AND \"engine\" = 'firing' AND \"rule\" != 'RDY-08' AND \"branch\" != '' LIMIT 1";
                    eventually(() -> influx.rows("didban", fault), rows -> !rows.isEmpty(), Duration.ofSeconds(30),
                            "a fault's alert starting to fire, in InfluxDB");
                    eventually(() -> influx.rows("didban", "SELECT * FROM \"fiber_daily\" LIMIT 1").size()
                                    + influx.rows("didban", "SELECT * FROM \"readiness_daily\" LIMIT 1").size(),
                            n -> n == 2, Duration.ofSeconds(30), "daily readiness and fiber points in InfluxDB");

                    // A county IT person looking at a branch that had an alert: Grafana's variables
                    JsonObject fired = influx.rows("didban", fault).get(0);
                    Map<String, String> variables = new LinkedHashMap<>();
                    variables.put("county", fired.getString("county"));
                    variables.put("branch", fired.getString("branch"));
                    variables.put("province", ".*"); // "All", with the dashboards' allValue

                    List<String> checked = new ArrayList<>();
                    for (Path file : files) {
                        JsonObject dashboard = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
                        checkVariables(prometheus, dashboard, variables, file, checked);
                        for (Object p : dashboard.getJsonArray("panels")) {
                            checkPanel(prometheus, influx, (JsonObject) p, variables, file, checked);
                        }
                    }
                    assertThat(checked).hasSizeGreaterThan(30);
                }
            }
        }
    }

    private static void checkVariables(PrometheusServer prometheus, JsonObject dashboard, Map<String, String> chosen,
                                       Path file, List<String> checked) {
        for (Object o : dashboard.getJsonObject("templating").getJsonArray("list")) {
            JsonObject variable = (JsonObject) o;
            if (!"query".equals(variable.getString("type"))) {
                continue;
            }
            String query = fill(variable.getJsonObject("query").getString("query"), chosen, "1h");
            Matcher m = LABEL_VALUES.matcher(query);
            assertThat(m.matches()).as(file + " variable " + variable.getString("name") + ": " + query).isTrue();
            JsonArray values = prometheus.labelValues(m.group(2), m.group(1)).getJsonArray("data");
            assertThat(values).as(file + " variable " + variable.getString("name") + ": " + query).isNotEmpty();
            String value = chosen.get(variable.getString("name"));
            if (!".*".equals(value)) {
                assertThat(values.getList()).as("the chosen " + variable.getString("name") + " is offered").contains(value);
            }
            checked.add(file.getFileName() + " $" + variable.getString("name"));
        }
    }

    private static void checkPanel(PrometheusServer prometheus, InfluxServer influx, JsonObject panel,
                                   Map<String, String> variables, Path file, List<String> checked) {
        String where = file.getFileName() + " panel '" + panel.getString("title") + "'";
        String range = panel.getString("timeFrom", "1h");
        for (Object o : panel.getJsonArray("targets")) {
            JsonObject target = (JsonObject) o;
            String type = target.getJsonObject("datasource").getString("type");
            String what = where + " query " + target.getString("refId");
            if ("prometheus".equals(type)) {
                String expr = fill(target.getString("expr"), variables, range);
                JsonObject answer = target.getBoolean("instant", false) ? prometheus.query(expr)
                        : prometheus.queryRange(expr, Duration.ofMinutes(5), Duration.ofSeconds(5));
                assertThat(answer.getString("status")).as(what).isEqualTo("success");
                JsonArray result = answer.getJsonObject("data").getJsonArray("result");
                assertThat(result).as(what + ": " + expr + " returned no data").isNotEmpty();
                if ("geomap".equals(panel.getString("type"))) {
                    for (Object r : result) {
                        JsonObject labels = ((JsonObject) r).getJsonObject("metric");
                        assertThat(Double.parseDouble(labels.getString("latitude"))).as(what + " latitude").isBetween(25.0, 40.0);
                        assertThat(Double.parseDouble(labels.getString("longitude"))).as(what + " longitude").isBetween(44.0, 64.0);
                    }
                }
            } else if ("influxdb".equals(type)) {
                String query = fill(target.getString("query"), variables, range);
                JsonObject first = influx.query("didban", query).getJsonArray("results").getJsonObject(0);
                assertThat(first.getString("error")).as(what + ": " + query).isNull();
                assertThat(first.getJsonArray("series", new JsonArray())).as(what + ": " + query + " returned no data")
                        .isNotEmpty();
            } else {
                throw new AssertionError(what + ": unknown datasource type " + type);
            }
            checked.add(what);
        }
    }

    /** The query as Grafana sends it: variables, then its built-ins, with a small step for a short test. */
    private static String fill(String query, Map<String, String> variables, String range) {
        String out = query;
        for (Map.Entry<String, String> v : variables.entrySet()) {
            String value = v.getValue();
            out = out.replace("${" + v.getKey() + "}", value).replaceAll("\\$" + v.getKey() + "\\b",
                    Matcher.quoteReplacement(value));
        }
        String influxRange = range.endsWith("d") ? range : "1h";
        out = out.replace("$timeFilter", "time > now() - " + influxRange)
                .replace("$__interval", "10s").replace("$__rate_interval", "1m").replace("$__range", "1h");
        assertThat(out).as("every variable of " + query + " is filled").doesNotContainPattern("\\$\\{?[A-Za-z_]");
        return out;
    }

    private static double sum(JsonObject answer) {
        JsonArray result = answer.getJsonObject("data").getJsonArray("result");
        double total = 0;
        for (Object r : result) {
            total += Double.parseDouble(((JsonObject) r).getJsonArray("value").getString(1));
        }
        return total;
    }
}
