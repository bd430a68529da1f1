package org.didban.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.didban.model.MetricDefinition.Kind;
import org.junit.jupiter.api.Test;

/** The registry of metrics and events: well-formed, complete, and enough for the shipped catalogue. */
class MetricRegistryTest {
    private static final Pattern SNAKE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");

    @Test
    void everyMetricNameIsValidAndUnique() {
        Set<String> seen = new HashSet<>();
        for (MetricDefinition d : Metrics.ALL) {
            assertThat(d.name()).as("metric name").matches(SNAKE);
            assertThat(seen.add(d.name())).as("%s defined once", d.name()).isTrue();
            assertThat(d.labels()).as("%s labels", d.name()).allSatisfy(l -> assertThat(l).matches(SNAKE))
                    .doesNotHaveDuplicates();
            assertThat(d.help()).as("%s help", d.name()).isNotBlank();
            assertThat(d.source()).as("%s source", d.name()).isNotBlank();
        }
        assertThat(Metrics.ALL).hasSizeGreaterThan(60);
    }

    @Test
    void countersEndInTotalAndInfoMetricsInInfo() {
        for (MetricDefinition d : Metrics.ALL) {
            assertThat(d.name().endsWith("_total")).as("%s is a counter iff it ends in _total", d.name())
                    .isEqualTo(d.kind() == Kind.COUNTER);
            assertThat(d.name().endsWith("_info")).as("%s is info iff it ends in _info", d.name())
                    .isEqualTo(d.kind() == Kind.INFO);
            if (d.kind() == Kind.INFO) {
                assertThat(d.labels()).as("%s carries its information in labels", d.name()).isNotEmpty();
                assertThat(d.unit()).isEmpty();
            }
        }
    }

    @Test
    void everyMetricConstantIsDefinedAndEveryDefinitionHasAConstant() throws Exception {
        Set<String> constants = new HashSet<>(constants(Metrics.class, "LABEL_", "KIND_"));
        assertThat(constants).contains("device_up", "if_speed_mbps", "ups_charge_percent"); // the reflection works
        Set<String> defined = new HashSet<>();
        Metrics.ALL.forEach(d -> defined.add(d.name()));
        assertThat(defined).containsAll(constants);
        assertThat(constants).containsAll(defined);
        for (String name : constants) {
            assertThat(Metrics.definition(name)).as(name).get().extracting(MetricDefinition::name).isEqualTo(name);
        }
    }

    @Test
    void everyEventConstantIsDefinedAndEveryDefinitionHasAConstant() throws Exception {
        Set<String> constants = new HashSet<>(constants(EventTypes.class, "ATTR_"));
        assertThat(constants).contains("poll_failed", "link_down");
        Set<String> defined = new HashSet<>();
        for (EventDefinition d : EventTypes.ALL) {
            assertThat(d.type()).matches(SNAKE);
            assertThat(defined.add(d.type())).as("%s defined once", d.type()).isTrue();
            assertThat(d.attributes()).allSatisfy(a -> assertThat(a).matches(SNAKE)).doesNotHaveDuplicates();
        }
        assertThat(defined).containsAll(constants);
        assertThat(constants).containsAll(defined);
        for (String type : constants) {
            assertThat(EventTypes.definition(type)).as(type).isPresent();
        }
    }

    @Test
    void existingNamesKeepTheirValues() {
        assertThat(List.of(Metrics.DEVICE_UP, Metrics.SYS_UPTIME_SECONDS, Metrics.IF_ADMIN_STATUS, Metrics.IF_OPER_STATUS,
                Metrics.IF_TYPE, Metrics.IF_SPEED_MBPS, Metrics.IF_IN_OCTETS_TOTAL, Metrics.IF_OUT_OCTETS_TOTAL,
                Metrics.IF_IN_ERRORS_TOTAL, Metrics.UPS_OUTPUT_SOURCE, Metrics.UPS_BATTERY_STATUS,
                Metrics.UPS_SECONDS_ON_BATTERY, Metrics.UPS_MINUTES_REMAINING, Metrics.UPS_CHARGE_PERCENT,
                Metrics.LABEL_IF_INDEX, Metrics.LABEL_IF_NAME))
                .containsExactly("device_up", "sys_uptime_seconds", "if_admin_status", "if_oper_status", "if_type",
                        "if_speed_mbps", "if_in_octets_total", "if_out_octets_total", "if_in_errors_total",
                        "ups_output_source", "ups_battery_status", "ups_seconds_on_battery", "ups_minutes_remaining",
                        "ups_charge_percent", "if_index", "if_name");
        assertThat(List.of(EventTypes.LINK_DOWN, EventTypes.LINK_UP, EventTypes.COLD_START, EventTypes.WARM_START,
                EventTypes.AUTHENTICATION_FAILURE, EventTypes.UPS_ON_BATTERY, EventTypes.POLL_FAILED))
                .containsExactly("link_down", "link_up", "cold_start", "warm_start", "authentication_failure",
                        "ups_on_battery", "poll_failed");
    }

    @Test
    void lookupsAndImmutability() {
        assertThat(Metrics.definition("cellular_rsrp_dbm")).get().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(Kind.GAUGE);
            assertThat(d.unit()).isEqualTo("dBm");
            assertThat(d.labels()).containsExactly("modem");
        });
        assertThat(Metrics.definition("device_info")).get().extracting(MetricDefinition::labels)
                .isEqualTo(List.of("serial", "model", "software", "sys_object_id"));
        assertThat(Metrics.definition("no_such_metric")).isEmpty();
        assertThat(Metrics.definition(null)).isEmpty();
        assertThat(EventTypes.definition("admin_login")).get().extracting(EventDefinition::attributes)
                .isEqualTo(List.of("user", "ticket"));
        assertThat(EventTypes.definition("nope")).isEmpty();
        assertThatThrownBy(() -> Metrics.ALL.add(Metrics.ALL.get(0))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> EventTypes.ALL.clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void definitionsRefuseNamesThatBreakTheConventions() {
        assertThatThrownBy(() -> new MetricDefinition("votes", Kind.COUNTER, "", List.of(), "h", "s"))
                .hasMessageContaining("_total");
        assertThatThrownBy(() -> new MetricDefinition("votes_total", Kind.GAUGE, "", List.of(), "h", "s"))
                .hasMessageContaining("_total");
        assertThatThrownBy(() -> new MetricDefinition("device", Kind.INFO, "", List.of("serial"), "h", "s"))
                .hasMessageContaining("_info");
        assertThatThrownBy(() -> new MetricDefinition("device_info", Kind.INFO, "", List.of(), "h", "s"))
                .hasMessageContaining("no labels");
        assertThatThrownBy(() -> new MetricDefinition("Device_Up", Kind.GAUGE, "", List.of(), "h", "s"))
                .hasMessageContaining("snake_case");
        assertThatThrownBy(() -> new MetricDefinition("up", Kind.GAUGE, "", List.of("a", "a"), "h", "s"))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> new MetricDefinition("up", Kind.GAUGE, "", List.of("if-name"), "h", "s"))
                .hasMessageContaining("label");
        assertThatThrownBy(() -> new MetricDefinition("up", Kind.GAUGE, "", List.of(), " ", "s"))
                .hasMessageContaining("help");
        assertThatThrownBy(() -> new EventDefinition("Tamper", List.of(), "h", "s")).hasMessageContaining("snake_case");
        assertThatThrownBy(() -> new EventDefinition("tamper", List.of("in put"), "h", "s")).hasMessageContaining("attribute");
    }

    /**
     * Every metric, event, {@code now.x}, {@code rates.x}, {@code labels.x} and {@code attributes.x}
     * the shipped catalogue reads is defined here, with that label or attribute.
     */
    @Test
    void theShippedCatalogueReadsOnlyDefinedNames() throws Exception {
        JsonNode rules;
        try (InputStream in = getClass().getResourceAsStream("/org/didban/rules/catalogue.yaml")) {
            assertThat(in).as("catalogue on the classpath").isNotNull();
            rules = new ObjectMapper(new YAMLFactory()).readTree(in).get("rules");
        }
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (JsonNode rule : rules) {
            String id = rule.path("id").asText();
            String condition = rule.path("condition").asText("");
            String metric = rule.path("metric").asText(null);
            if (metric != null) {
                checked++;
                var def = Metrics.definition(metric);
                if (def.isEmpty()) {
                    problems.add(id + ": metric " + metric);
                } else {
                    for (String label : refs(condition, "labels")) {
                        if (!def.get().labels().contains(label)) {
                            problems.add(id + ": label " + label + " of " + metric);
                        }
                    }
                }
            }
            for (JsonNode e : rule.path("events")) {
                checked++;
                var def = EventTypes.definition(e.asText());
                if (def.isEmpty()) {
                    problems.add(id + ": event " + e.asText());
                } else {
                    for (String attribute : refs(condition, "attributes")) {
                        if (!def.get().attributes().contains(attribute)) {
                            problems.add(id + ": attribute " + attribute + " of " + e.asText());
                        }
                    }
                }
            }
            for (String scope : List.of("now", "rates")) {
                for (String name : refs(condition, scope)) {
                    checked++;
                    if (Metrics.definition(name).isEmpty()) {
                        problems.add(id + ": " + scope + "." + name);
                    } else if (scope.equals("rates") && Metrics.definition(name).get().kind() != Kind.COUNTER) {
                        problems.add(id + ": rates of a non-counter " + name);
                    }
                }
            }
        }
        assertThat(checked).as("names read by the catalogue").isGreaterThan(40);
        assertThat(problems).as("names the catalogue reads that the registry lacks").isEmpty();
    }

    private static Set<String> refs(String condition, String scope) {
        Set<String> names = new HashSet<>();
        Matcher m = Pattern.compile("\\b" + scope + "\\.([a-z_][a-z0-9_]*)").matcher(condition);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static List<String> constants(Class<?> type, String... exceptPrefixes) throws IllegalAccessException {
        List<String> values = new ArrayList<>();
        outer:
        for (Field f : type.getDeclaredFields()) {
            int mod = f.getModifiers();
            if (!Modifier.isPublic(mod) || !Modifier.isStatic(mod) || f.getType() != String.class) {
                continue;
            }
            for (String prefix : exceptPrefixes) {
                if (f.getName().startsWith(prefix)) {
                    continue outer;
                }
            }
            values.add((String) f.get(null));
        }
        return values;
    }
}
