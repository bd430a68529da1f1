package org.didban.collector.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.didban.collector.TestFleet;
import org.didban.model.Branch;
import org.didban.model.Device;
import org.didban.model.DeviceIdentity;
import org.didban.model.Inventory;

/**
 * Inventories for the inventory tests: {@link TestFleet}'s three branches with everything the
 * export has (governor's representatives, members, device identities, allowed MACs), and the
 * hand-written export in {@code src/test/resources/inventory/sample} (docs/INVENTORY.md's example).
 */
final class InventoryFixtures {
    static final List<String> FILES = List.of("branches.csv", "devices.csv", "macs.csv", "agents.csv");

    private InventoryFixtures() {
    }

    /** TestFleet's inventory with every field of the export filled in, Persian throughout. */
    static Inventory rich() {
        Inventory base = TestFleet.inventory();
        Inventory.Builder b = Inventory.builder();
        base.provinces().forEach(b::province);
        base.counties().forEach(b::county);
        int i = 0;
        for (Branch br : base.branches()) {
            b.branch(new Branch(br.code(), br.countyCode(), br.provinceCode(), br.nameFa(), br.nameEn(), br.mobile(),
                    br.sensitive(), br.sensitiveReason(), br.location(), br.fiber(), br.fiberPlanned(), br.cameraCount(),
                    br.inspector(), i == 1 ? "" : "نماینده‌ی فرماندار " + (i + 1),
                    i == 2 ? List.of() : List.of("زهرا حسینی", "رضا \"محمدی\"", "فاطمه احمدی، منشی")));
            i++;
        }
        int n = 0;
        for (Device d : base.devices()) {
            n++;
            DeviceIdentity id = d.id().endsWith("-ups") ? DeviceIdentity.UNKNOWN
                    : new DeviceIdentity("SN-" + n, "DBN-" + d.role().wireName(), "7.14." + n, "sha256:" + "ab".repeat(32));
            b.device(new Device(d.id(), d.branchCode(), d.role(), d.address(), d.credentialRef(), id));
            b.allowedMac(d.branchCode(), String.format("00:1a:2b:00:00:%02x", n), d.id());
        }
        b.allowedMac(TestFleet.TEHRAN_BRANCH, "00:1a:2b:00:01:ff", "لپ‌تاپ ناظر");
        return b.build();
    }

    /** Copies a folder of {@code src/test/resources/inventory} ({@code sample}, {@code first-release}) to {@code to}. */
    static Path copy(String name, Path to) {
        try {
            Files.createDirectories(to);
            for (String f : FILES) {
                try (InputStream in = InventoryFixtures.class.getResourceAsStream("/inventory/" + name + "/" + f)) {
                    if (in != null) {
                        Files.copy(in, to.resolve(f));
                    }
                }
            }
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path sample(Path to) {
        return copy("sample", to);
    }
}
