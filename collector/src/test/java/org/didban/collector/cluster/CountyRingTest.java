package org.didban.collector.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The county ring: every node computes the same owners, spread evenly, and a change moves little. */
class CountyRingTest {
    /** About the national count of counties. */
    private static List<String> counties() {
        List<String> out = new ArrayList<>();
        for (int p = 1; p <= 31; p++) {
            for (int c = 1; c <= 15; c++) {
                out.add(String.format("P%02d-%02d", p, c));
            }
        }
        return out;
    }

    @Test
    void ownersDoNotDependOnTheOrderNodesAreNamedIn() {
        CountyRing a = CountyRing.of(List.of("n1", "n2", "n3"));
        CountyRing b = CountyRing.of(List.of("n3", "n1", "n2"));
        for (String c : counties()) {
            assertThat(a.ownerOf(c)).isEqualTo(b.ownerOf(c));
        }
    }

    @Test
    void threeNodesShareTheCountiesRoughlyEvenly() {
        CountyRing ring = CountyRing.of(List.of("n1", "n2", "n3"));
        Map<String, Integer> load = new HashMap<>();
        for (String c : counties()) {
            load.merge(ring.ownerOf(c), 1, Integer::sum);
        }
        assertThat(load).hasSize(3);
        // 465 counties: a third is 155; no node carries more than 1.3 times its share
        load.values().forEach(n -> assertThat(n).isBetween(100, 201));
    }

    @Test
    void whenANodeLeavesOnlyItsCountiesMove() {
        CountyRing three = CountyRing.of(List.of("n1", "n2", "n3"));
        CountyRing two = CountyRing.of(List.of("n1", "n3"));
        int moved = 0;
        for (String c : counties()) {
            String before = three.ownerOf(c);
            if (!before.equals("n2")) {
                assertThat(two.ownerOf(c)).as(c).isEqualTo(before);
            } else {
                moved++;
                assertThat(two.ownerOf(c)).isIn("n1", "n3");
            }
        }
        assertThat(moved).isPositive();
    }

    @Test
    void aJoiningNodeTakesOnlyFromOthersAboutItsShare() {
        CountyRing two = CountyRing.of(List.of("n1", "n2"));
        CountyRing three = CountyRing.of(List.of("n1", "n2", "n3"));
        int taken = 0;
        for (String c : counties()) {
            if (!three.ownerOf(c).equals(two.ownerOf(c))) {
                assertThat(three.ownerOf(c)).as(c).isEqualTo("n3");
                taken++;
            }
        }
        assertThat(taken).isBetween(100, 201);
        assertThat(three.ownedBy("n3", counties())).hasSize(taken);
    }

    @Test
    void anEmptyRingOwnsNothing() {
        assertThat(CountyRing.of(List.of()).ownerOf("P01-01")).isEmpty();
    }
}
