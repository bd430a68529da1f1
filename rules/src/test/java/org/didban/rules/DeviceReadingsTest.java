package org.didban.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.didban.model.Labels;
import org.didban.model.Sample;
import org.junit.jupiter.api.Test;

class DeviceReadingsTest {
    private static final Labels GI1 = Labels.of("ifName", "Gi1");

    private static Sample sample(String metric, Labels labels, double value, long at) {
        return new Sample("r1", metric, labels, value, at);
    }

    @Test
    void keepsTheLatestValueAndWhatCameBefore() {
        DeviceReadings r = new DeviceReadings();
        DeviceReadings.Recorded first = r.record(sample("if_oper_status", GI1, 1, 1_000), 1_500);
        assertTrue(Double.isNaN(first.previous()));
        DeviceReadings.Recorded second = r.record(sample("if_oper_status", GI1, 2, 31_000), 31_200);

        assertEquals(1.0, second.previous());
        assertEquals(1.0, second.previousTime(), "seconds");
        assertTrue(Double.isNaN(second.rate()), "a gauge has no rate");
        assertEquals(Map.of("if_oper_status", 2.0), r.at(GI1));
        assertEquals(31_200, r.lastSeen());
    }

    @Test
    void aCounterHasARatePerSecondAndARestartCountsFromZero() {
        DeviceReadings r = new DeviceReadings();
        r.record(sample("if_in_errors_total", GI1, 100, 0), 0);
        r.record(sample("if_admin_status", GI1, 1, 0), 0);
        assertEquals(Map.of(), r.rawRates(GI1), "one sample gives no rate");

        assertEquals(3.0, r.record(sample("if_in_errors_total", GI1, 190, 30_000), 30_000).rate());
        assertEquals(Map.of("if_in_errors_total", 3.0), r.rawRates(GI1));
        // the device restarted: 60 counted since, in 30 s
        assertEquals(2.0, r.record(sample("if_in_errors_total", GI1, 60, 60_000), 60_000).rate());
        assertTrue(Double.isNaN(r.record(sample("if_in_errors_total", GI1, 70, 60_000), 60_000).rate()),
                "no time passed: no new rate");
        assertEquals(2.0, r.rawRates(GI1).get("if_in_errors_total"), "the last rate stands");
        assertNull(r.rawRates(GI1).get("if_admin_status"));
        assertFalse(r.rawRates(GI1).containsKey("if_admin_status"));
        assertEquals(Map.of("if_in_errors_total", 70.0, "if_admin_status", 1.0), r.at(GI1));
    }

    @Test
    void metricsOfMixedKindsKeepTheirNumbersApartInArrivalOrder() {
        DeviceReadings r = new DeviceReadings();
        List<String> metrics = List.of("a_total", "b", "c_total", "d", "e", "f_total", "g");
        for (int round = 0; round < 3; round++) {
            for (int m = 0; m < metrics.size(); m++) {
                r.record(sample(metrics.get(m), GI1, round * 100 + m, round * 10_000L), round * 10_000L);
            }
        }
        Map<String, Double> values = r.at(GI1);
        assertEquals(metrics, List.copyOf(values.keySet()));
        for (int m = 0; m < metrics.size(); m++) {
            assertEquals(200.0 + m, values.get(metrics.get(m)));
        }
        // each counter went up by 100 in 10 s
        assertEquals(Map.of("a_total", 10.0, "c_total", 10.0, "f_total", 10.0), r.rawRates(GI1));
    }

    @Test
    void devicesWithTheSameMetricsShareOneLayout() {
        DeviceReadings one = new DeviceReadings();
        DeviceReadings two = new DeviceReadings();
        for (DeviceReadings r : List.of(one, two)) {
            r.record(sample("shared_layout_x_total", GI1, 1, 0), 0);
            r.record(sample("shared_layout_y", GI1, 1, 0), 0);
        }
        MetricLayout a = MetricLayout.EMPTY.with("shared_layout_x_total").with("shared_layout_y");
        assertSame(a, MetricLayout.EMPTY.with("shared_layout_x_total").with("shared_layout_y"));
        assertEquals(5, a.slots(), "value, time and rate for the counter; value and time for the gauge");
        assertTrue(a.hasRate(0));
        assertFalse(a.hasRate(1));
    }

    @Test
    void manyLabelSetsAreFoundThroughAnIndex() {
        DeviceReadings r = new DeviceReadings();
        int sets = DeviceReadings.SCANNED * 3;
        for (int i = 0; i < sets; i++) {
            r.record(sample("if_oper_status", Labels.of("ifName", "Gi" + i), i, 0), 0);
        }
        for (int i = 0; i < sets; i++) {
            r.record(sample("if_in_octets_total", Labels.of("ifName", "Gi" + i), i, 0), 0);
        }
        assertEquals(sets, r.all().size());
        for (int i = 0; i < sets; i++) {
            assertEquals(Map.of("if_oper_status", (double) i, "if_in_octets_total", (double) i),
                    r.at(Labels.of("ifName", "Gi" + i)));
        }
        assertEquals(Map.of(), r.at(Labels.of("ifName", "none")));
    }
}
