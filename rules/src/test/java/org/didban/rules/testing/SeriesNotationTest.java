package org.didban.rules.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SeriesNotationTest {
    @Test
    void singleValuesAndSkips() {
        assertThat(SeriesNotation.expand("2 2 _ 1")).containsExactly(2.0, 2.0, null, 1.0);
    }

    @Test
    void repetitionGivesOneMoreValueAsInPromtool() {
        assertThat(SeriesNotation.expand("2x3")).containsExactly(2.0, 2.0, 2.0, 2.0);
        assertThat(SeriesNotation.expand("1x0")).containsExactly(1.0);
    }

    @Test
    void steps() {
        assertThat(SeriesNotation.expand("0+10x3")).containsExactly(0.0, 10.0, 20.0, 30.0);
        assertThat(SeriesNotation.expand("1-2x4")).containsExactly(1.0, -1.0, -3.0, -5.0, -7.0);
        assertThat(SeriesNotation.expand("-2+4x3")).containsExactly(-2.0, 2.0, 6.0, 10.0);
        assertThat(SeriesNotation.expand("0.5+0.25x2")).containsExactly(0.5, 0.75, 1.0);
    }

    @Test
    void repeatedSkipsAreExactlyN() {
        assertThat(SeriesNotation.expand("1 _x3 2")).containsExactly(1.0, null, null, null, 2.0);
    }

    @Test
    void mixedAndSpaced() {
        assertThat(SeriesNotation.expand("  5  1e3 2x1 ")).containsExactly(5.0, 1000.0, 2.0, 2.0);
    }

    @Test
    void refusesWhatItDoesNotUnderstand() {
        for (String bad : Arrays.asList("", "two", "2x", "x3", "stale", "2*3", "1+x2")) {
            assertThatThrownBy(() -> SeriesNotation.expand(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> SeriesNotation.expand("1 2 z"))
                .hasMessageContaining("'z' is not a value");
    }

    @Test
    void refusesHugeSeries() {
        assertThatThrownBy(() -> SeriesNotation.expand("1x999999")).hasMessageContaining("more than");
    }
}
