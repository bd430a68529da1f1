package org.didban.collector.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.didban.model.Branch;
import org.didban.model.DeviceRole;
import org.didban.model.Inventory;
import org.junit.jupiter.api.Test;

class SyntheticInventoryTest {
    private static final List<DeviceRole> ROLES = List.of(DeviceRole.ROUTER, DeviceRole.AUTH_DEVICE, DeviceRole.VOTING_DEVICE);

    @Test
    void nationalSizeLooksLikeTheCountry() {
        Inventory national = new SyntheticInventory(ProvinceFacts.shipped(), ROLES, 1403)
                .generate(SyntheticInventory.NATIONAL_BRANCHES, 31);
        assertThat(national.provinces()).hasSize(31);
        assertThat(national.branches()).hasSize(58_640);
        assertThat(national.counties().size()).isBetween(440, 500);
        assertThat(national.devices()).hasSize(58_640 * ROLES.size());
        double mobile = national.branches().stream().filter(Branch::mobile).count() / 58_640.0;
        assertThat(mobile).isCloseTo(0.26, within(0.01));
        // Where a recent election reported a count, the province gets that count.
        assertThat(national.branches().stream().filter(b -> b.provinceCode().equals("THR")).count()).isEqualTo(6_659);
        assertThat(national.branches().stream().filter(b -> b.inspector().isEmpty()).count() / 58_640.0)
                .isCloseTo(SyntheticInventory.WITHOUT_INSPECTOR_SHARE, within(0.005));
        assertThat(national.branch("THR-00001").nameFa()).isEqualTo("شعبه ۱ تهران");
    }

    @Test
    void aSmallFleetIsSpreadOverTheMostPopulousProvincesAndIsReproducible() {
        SyntheticInventory generator = new SyntheticInventory(ProvinceFacts.shipped(), ROLES, 7);
        Inventory a = generator.generate(100, 4);
        Inventory b = generator.generate(100, 4);
        assertThat(a.branches()).hasSize(100);
        assertThat(a.provinces()).extracting(p -> p.code()).containsExactlyInAnyOrder("THR", "KHR", "ESF", "FAR");
        assertThat(List.copyOf(a.branches())).isEqualTo(List.copyOf(b.branches()));
    }
}
