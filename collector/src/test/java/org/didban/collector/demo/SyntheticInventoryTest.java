package org.didban.collector.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.didban.collector.inventory.AgentRegistry;
import org.didban.collector.inventory.InventoryCsvReader;
import org.didban.collector.inventory.InventoryCsvWriter;
import org.didban.collector.inventory.InventoryDiff;
import org.didban.collector.inventory.InventoryFiles;
import org.didban.model.Branch;
import org.didban.model.Device;
import org.didban.model.DeviceRole;
import org.didban.model.Inventory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticInventoryTest {
    private static final List<DeviceRole> ROLES = List.of(DeviceRole.ROUTER, DeviceRole.AUTH_DEVICE, DeviceRole.VOTING_DEVICE);

    @TempDir
    Path dir;

    @Test
    void nationalSizeLooksLikeTheCountry() throws Exception {
        // 58,640 branches: no timing asserted, but it runs with every other test
        Inventory national = new SyntheticInventory(ProvinceFacts.shipped(), ROLES, 1403)
                .generate(SyntheticInventory.NATIONAL_BRANCHES, 31);
        assertThat(national.provinces()).hasSize(31);
        assertThat(national.branches()).hasSize(58_640);
        assertThat(national.counties().size()).isBetween(440, 500);
        assertThat(national.devices()).hasSize(58_640 * ROLES.size());
        double mobile = national.branches().stream().filter(Branch::mobile).count() / 58_640.0;
        assertThat(mobile).isBetween(0.25, 0.27);
        // Where a recent election reported a count, the province gets that count.
        assertThat(national.branches().stream().filter(b -> b.provinceCode().equals("THR")).count()).isEqualTo(6_659);
        assertThat(national.branches().stream().filter(b -> b.inspector().isEmpty()).count() / 58_640.0)
                .isCloseTo(SyntheticInventory.WITHOUT_INSPECTOR_SHARE, within(0.005));
        assertThat(national.branch("THR-00001").nameFa()).isEqualTo("شعبه ۱ تهران");

        // people: a governor's representative and three to five members at every branch
        assertThat(national.branches()).allSatisfy(b -> {
            assertThat(b.governorRep()).isNotBlank();
            assertThat(b.members().size()).isBetween(SyntheticInventory.MIN_MEMBERS, SyntheticInventory.MAX_MEMBERS);
            assertThat(new HashSet<>(b.members())).hasSameSizeAs(b.members());
        });
        // identities: every device registered, serials unique nationally, one build and configuration per model
        Set<String> serials = new HashSet<>();
        for (Device d : national.devices()) {
            assertThat(d.expected().isUnknown()).isFalse();
            assertThat(serials.add(d.expected().serial())).as(d.expected().serial()).isTrue();
        }
        assertThat(national.devices().stream().filter(d -> d.role() == DeviceRole.AUTH_DEVICE)
                .map(d -> d.expected().configHash()).distinct()).hasSize(1);
        Device auth = national.device(SyntheticInventory.deviceId("THR-00001", DeviceRole.AUTH_DEVICE));
        assertThat(auth.expected().model()).isEqualTo("DBN-A2");
        assertThat(auth.expected().serial()).matches("AUTH\\d{8}");
        assertThat(auth.expected().firmware()).matches("[0-9a-f]{64}");
        assertThat(national.device(SyntheticInventory.deviceId("THR-00001", DeviceRole.ROUTER)).expected().firmware())
                .isEqualTo("7.14.3");
        // MACs: one per device, named after it, unique nationally, canonical
        assertThat(national.allowedMacs()).hasSize(national.devices().size());
        Set<String> macs = new HashSet<>();
        national.allowedMacs().forEach(m -> {
            assertThat(macs.add(m.mac())).as(m.mac()).isTrue();
            assertThat(national.device(m.deviceOrNote()).branchCode()).isEqualTo(m.branchCode());
        });
        assertThat(national.allowedMacs("THR-00001")).hasSize(ROLES.size()).allMatch(m -> m.matches("([0-9a-f]{2}:){5}[0-9a-f]{2}"));

        // and the national export reads back as it was written, within the reader's limits
        InventoryFiles files = InventoryFiles.in(dir);
        new InventoryCsvWriter().write(national, AgentRegistry.empty(), files);
        InventoryCsvReader.Loaded back = new InventoryCsvReader().read(files);
        assertThat(InventoryDiff.between(national, back.inventory()).isEmpty()).isTrue();
        assertThat(Files.size(files.branches())).isLessThan(64L << 20);
    }

    @Test
    void aSmallFleetIsSpreadOverTheMostPopulousProvincesAndIsReproducible() {
        SyntheticInventory generator = new SyntheticInventory(ProvinceFacts.shipped(), ROLES, 7);
        Inventory a = generator.generate(100, 4);
        Inventory b = generator.generate(100, 4);
        assertThat(a.branches()).hasSize(100);
        assertThat(a.provinces()).extracting(p -> p.code()).containsExactlyInAnyOrder("THR", "KHR", "ESF", "FAR");
        assertThat(List.copyOf(a.branches())).isEqualTo(List.copyOf(b.branches()));
        assertThat(List.copyOf(a.devices())).isEqualTo(List.copyOf(b.devices()));
        assertThat(a.allowedMacs()).isEqualTo(b.allowedMacs());
        assertThat(InventoryDiff.between(a, b).isEmpty()).isTrue();

        Inventory other = new SyntheticInventory(ProvinceFacts.shipped(), ROLES, 8).generate(100, 4);
        assertThat(other.allowedMacs().get(0).mac()).isNotEqualTo(a.allowedMacs().get(0).mac());
        assertThat(other.devices().iterator().next().expected().serial())
                .isNotEqualTo(a.devices().iterator().next().expected().serial());
    }
}
