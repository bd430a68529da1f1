package org.didban.collector.inventory;

import java.util.List;

/** The columns of the inventory CSV files, in the order the writer puts them. One place, so reader and writer agree. */
final class InventoryColumns {
    private InventoryColumns() {
    }

    static final List<String> BRANCHES = List.of(
            "province_code", "province_fa", "province_en",
            "county_code", "county_fa", "county_en",
            "branch_code", "name_fa", "name_en",
            "mobile", "sensitive", "sensitive_reason",
            "fiber", "fiber_planned",
            "latitude", "longitude",
            "cameras", "inspector",
            "governor_rep", "members");

    /** Columns added after the first release: a file without them still reads (as empty). */
    static final List<String> BRANCHES_ADDED = List.of("governor_rep", "members");

    static final List<String> DEVICES = List.of("device_id", "branch_code", "role", "address", "credential_ref",
            "expected_serial", "expected_model", "expected_firmware", "approved_config_hash");

    /** Columns added after the first release: a file without them still reads (as empty). */
    static final List<String> DEVICES_ADDED = List.of(
            "expected_serial", "expected_model", "expected_firmware", "approved_config_hash");

    static final List<String> AGENTS = List.of("agent_id", "branch_code", "token_sha256");

    static final List<String> MACS = List.of("branch_code", "mac", "device_or_note");

    /** Separates the names in {@code members}; the Persian semicolon {@code ؛} is read as one too. */
    static final String MEMBER_SEPARATOR = ";";
}
