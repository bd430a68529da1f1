package org.didban.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelsTest {
    @Test
    void orderOfConstructionDoesNotMatter() {
        Labels a = Labels.of("if_name", "wan0", "if_index", "1");
        Labels b = Labels.of(Map.of("if_index", "1", "if_name", "wan0"));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.toString()).isEqualTo("{if_index=1,if_name=wan0}");
        assertThat(a.get("if_name")).isEqualTo("wan0");
        assertThat(a.get("missing")).isNull();
    }

    @Test
    void differentValuesAreDifferentSeries() {
        assertThat(Labels.of("if_index", "1")).isNotEqualTo(Labels.of("if_index", "2"));
        assertThat(Labels.of()).isSameAs(Labels.EMPTY);
    }

    @Test
    void oddPairsAreRefused() {
        assertThatThrownBy(() -> Labels.of("if_index")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void severityRisesOneLevelAndStopsAtCritical() {
        assertThat(Severity.MEDIUM.raised()).isEqualTo(Severity.HIGH);
        assertThat(Severity.CRITICAL.raised()).isEqualTo(Severity.CRITICAL);
        assertThat(DeviceRole.parse("auth-device")).isEqualTo(DeviceRole.AUTH_DEVICE);
        assertThat(DeviceRole.AUTH_DEVICE.wireName()).isEqualTo("auth-device");
        assertThatThrownBy(() -> DeviceRole.parse("toaster")).hasMessageContaining("auth-device");
    }

    @Test
    void inventoryRefusesDanglingReferences() {
        Inventory.Builder b = Inventory.builder().province(new Province("THR", "تهران", "Tehran"));
        b.county(new County("C1", "XXX", "ک", "C"));
        assertThatThrownBy(b::build).hasMessageContaining("unknown province XXX");
    }
}
