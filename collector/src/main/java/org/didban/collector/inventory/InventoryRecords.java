package org.didban.collector.inventory;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.didban.model.Branch;
import org.didban.model.County;
import org.didban.model.Device;
import org.didban.model.Inventory;
import org.didban.model.Province;

/**
 * Each inventory entity as the text of its CSV columns: what the writer puts in the files and
 * what {@link InventoryDiff} compares, so that a diff speaks of exactly what the files say.
 */
final class InventoryRecords {
    private InventoryRecords() {
    }

    static Map<String, String> province(Province p) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("name_fa", p.nameFa());
        m.put("name_en", p.nameEn());
        return m;
    }

    static Map<String, String> county(County c) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("province_code", c.provinceCode());
        m.put("name_fa", c.nameFa());
        m.put("name_en", c.nameEn());
        return m;
    }

    /** A branch's own columns (its province and county by code only). */
    static Map<String, String> branch(Branch b) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("province_code", b.provinceCode());
        m.put("county_code", b.countyCode());
        m.put("name_fa", b.nameFa());
        m.put("name_en", b.nameEn());
        m.put("mobile", Boolean.toString(b.mobile()));
        m.put("sensitive", Boolean.toString(b.sensitive()));
        m.put("sensitive_reason", b.sensitiveReason());
        m.put("fiber", b.fiber().wireName());
        m.put("fiber_planned", date(b.fiberPlanned()));
        m.put("latitude", b.location() == null ? "" : number(b.location().latitude()));
        m.put("longitude", b.location() == null ? "" : number(b.location().longitude()));
        m.put("cameras", Integer.toString(b.cameraCount()));
        m.put("inspector", b.inspector());
        m.put("governor_rep", b.governorRep());
        m.put("members", members(b.members()));
        return m;
    }

    static Map<String, String> device(Device d) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("branch_code", d.branchCode());
        m.put("role", d.role().wireName());
        m.put("address", d.address());
        m.put("credential_ref", d.credentialRef());
        m.put("expected_serial", d.expected().serial());
        m.put("expected_model", d.expected().model());
        m.put("expected_firmware", d.expected().firmware());
        m.put("approved_config_hash", d.expected().configHash());
        return m;
    }

    static Map<String, String> allowedMac(Inventory.AllowedMac mac) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("branch_code", mac.branchCode());
        m.put("mac", mac.mac());
        m.put("device_or_note", mac.deviceOrNote());
        return m;
    }

    static Map<String, String> agent(Agent a) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("branch_code", a.branchCode());
        m.put("token_sha256", a.tokenSha256());
        return m;
    }

    /** The branches.csv row of a branch, in {@link InventoryColumns#BRANCHES} order. */
    static String[] branchRow(Inventory inventory, Branch b) {
        Province p = inventory.province(b.provinceCode());
        County c = inventory.county(b.countyCode());
        Map<String, String> own = branch(b);
        String[] row = new String[InventoryColumns.BRANCHES.size()];
        for (int i = 0; i < row.length; i++) {
            String column = InventoryColumns.BRANCHES.get(i);
            switch (column) {
                case "province_fa" -> row[i] = p.nameFa();
                case "province_en" -> row[i] = p.nameEn();
                case "county_fa" -> row[i] = c.nameFa();
                case "county_en" -> row[i] = c.nameEn();
                case "branch_code" -> row[i] = b.code();
                default -> row[i] = own.get(column);
            }
        }
        return row;
    }

    static String[] deviceRow(Device d) {
        Map<String, String> own = device(d);
        own.put("device_id", d.id());
        return InventoryColumns.DEVICES.stream().map(own::get).toArray(String[]::new);
    }

    /** Degrees as plain decimals: {@code 35.6892}, never {@code 3.56892E1}. */
    static String number(double d) {
        String s = BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }

    /** ISO-8601 ({@code 2025-03-20}, Gregorian), whatever the file it was read from said. */
    static String date(LocalDate d) {
        return d == null ? "" : d.toString();
    }

    static String members(List<String> members) {
        return String.join(InventoryColumns.MEMBER_SEPARATOR, members);
    }
}
