package org.didban.collector.inventory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.didban.model.Branch;
import org.didban.model.County;
import org.didban.model.Device;
import org.didban.model.DeviceRole;
import org.didban.model.FiberStatus;
import org.didban.model.GeoPoint;
import org.didban.model.Inventory;
import org.didban.model.Province;

/**
 * Reads the inventory from CSV files. All three files are UTF-8 (a UTF-8 byte-order mark is
 * accepted and dropped; any other encoding is refused), comma separated, RFC 4180 quoting,
 * with a header line naming the columns (any order, no extra or missing column):
 *
 * <dl>
 * <dt>{@code branches.csv}</dt>
 * <dd>{@code province_code,province_fa,province_en,county_code,county_fa,county_en,branch_code,
 * name_fa,name_en,mobile,sensitive,sensitive_reason,fiber,fiber_planned,latitude,longitude,cameras,inspector}
 * — one row per branch; provinces and counties are taken from the rows and must be named the
 * same on every row. {@code mobile}, {@code sensitive}: {@code true|false}; {@code sensitive_reason}
 * only when sensitive; {@code fiber}: {@code connected|planned|none}; {@code fiber_planned}: an
 * ISO date ({@code 2025-03-20}), required for and only for {@code planned}; {@code latitude},
 * {@code longitude}: WGS-84 degrees, both or neither; {@code cameras}: a count ≥ 0.</dd>
 * <dt>{@code devices.csv}</dt>
 * <dd>{@code device_id,branch_code,role,address,credential_ref} — {@code role} is one of
 * {@link DeviceRole}'s wire names ({@code router}, {@code auth-device}, …); the branch must be in
 * {@code branches.csv}.</dd>
 * <dt>{@code agents.csv}</dt>
 * <dd>{@code agent_id,branch_code,token_sha256} — the hex SHA-256 of the agent's bearer token,
 * never the token itself.</dd>
 * </dl>
 *
 * The load is all-or-nothing: every problem found is reported at once as
 * {@code file:line: reason} in an {@link InvalidInventoryException}, and nothing is returned.
 */
public final class InventoryCsvReader {
    /** Enough to fix a file in one pass without flooding the operator. */
    private static final int MAX_PROBLEMS = 100;

    public Inventory readInventory(Path branchesFile, Path devicesFile) throws IOException, InvalidInventoryException {
        CsvFile branches = CsvFile.read(branchesFile);
        CsvFile devices = CsvFile.read(devicesFile);
        return readInventory(branches, devices);
    }

    /** The inventory and its agents from the three files. */
    public Loaded read(InventoryFiles files) throws IOException, InvalidInventoryException {
        Inventory inventory = readInventory(files.branches(), files.devices());
        return new Loaded(inventory, readAgents(files.agents(), inventory));
    }

    /** What {@link #read(InventoryFiles)} returns. */
    public record Loaded(Inventory inventory, AgentRegistry agents) {
    }

    Inventory readInventory(CsvFile branchesCsv, CsvFile devicesCsv) throws InvalidInventoryException {
        List<InventoryProblem> problems = new ArrayList<>();
        Inventory.Builder builder = Inventory.builder();
        Map<String, Located<Province>> provinces = new HashMap<>();
        Map<String, Located<County>> counties = new HashMap<>();
        Map<String, Long> branchLines = new HashMap<>();
        for (CsvFile.Row row : branchesCsv.rows(InventoryColumns.BRANCHES, problems)) {
            try {
                Province p = new Province(code(row, "province_code"), row.required("province_fa"), row.required("province_en"));
                County c = new County(code(row, "county_code"), p.code(), row.required("county_fa"), row.required("county_en"));
                code(row, "branch_code");
                Branch b = branch(row, c);
                Long seen = branchLines.putIfAbsent(b.code(), row.line());
                if (seen != null) {
                    throw new IllegalArgumentException("duplicate branch code " + b.code() + " (first on line " + seen + ")");
                }
                sameAsBefore(provinces, p.code(), p, row, "province");
                sameAsBefore(counties, c.code(), c, row, "county");
                builder.province(p).county(c).branch(b);
            } catch (IllegalArgumentException e) {
                add(problems, row.problem(e.getMessage()));
            }
        }
        Map<String, Long> deviceLines = new HashMap<>();
        for (CsvFile.Row row : devicesCsv.rows(InventoryColumns.DEVICES, problems)) {
            try {
                String id = code(row, "device_id");
                String branch = row.required("branch_code");
                if (!branchLines.containsKey(branch)) {
                    throw new IllegalArgumentException("unknown branch '" + branch + "' (not in " + branchesCsv.name() + ")");
                }
                DeviceRole role = DeviceRole.parse(row.required("role"));
                Long seen = deviceLines.putIfAbsent(id, row.line());
                if (seen != null) {
                    throw new IllegalArgumentException("duplicate device id " + id + " (first on line " + seen + ")");
                }
                builder.device(new Device(id, branch, role, row.get("address"), row.get("credential_ref")));
            } catch (IllegalArgumentException e) {
                add(problems, row.problem(e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInventoryException(problems);
        }
        return builder.build();
    }

    /**
     * Codes name things in URLs, labels and the alert ledger's columns: letters, digits and
     * {@code - _ .}, at most 64 characters.
     */
    static final java.util.regex.Pattern CODE = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private static String code(CsvFile.Row row, String column) {
        String v = row.required(column);
        if (!CODE.matcher(v).matches()) {
            throw new IllegalArgumentException(column + " '" + (v.length() > 80 ? v.substring(0, 80) + "…" : v)
                    + "' is not a code: letters, digits and - _ . only, at most 64 characters");
        }
        return v;
    }

    public AgentRegistry readAgents(Path agentsFile, Inventory inventory) throws IOException, InvalidInventoryException {
        return readAgents(CsvFile.read(agentsFile), inventory);
    }

    AgentRegistry readAgents(CsvFile csv, Inventory inventory) throws InvalidInventoryException {
        List<InventoryProblem> problems = new ArrayList<>();
        List<Agent> agents = new ArrayList<>();
        Map<String, Long> idLines = new HashMap<>();
        Map<String, Long> tokenLines = new HashMap<>();
        for (CsvFile.Row row : csv.rows(InventoryColumns.AGENTS, problems)) {
            try {
                Agent agent = new Agent(row.required("agent_id"), row.required("branch_code"), row.required("token_sha256"));
                if (inventory.branch(agent.branchCode()) == null) {
                    throw new IllegalArgumentException("unknown branch '" + agent.branchCode() + "'");
                }
                Long seen = idLines.putIfAbsent(agent.id(), row.line());
                if (seen != null) {
                    throw new IllegalArgumentException("duplicate agent id " + agent.id() + " (first on line " + seen + ")");
                }
                seen = tokenLines.putIfAbsent(agent.tokenSha256(), row.line());
                if (seen != null) {
                    throw new IllegalArgumentException("agent " + agent.id() + " has the same token as the agent on line " + seen);
                }
                agents.add(agent);
            } catch (IllegalArgumentException e) {
                add(problems, row.problem(e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInventoryException(problems);
        }
        return AgentRegistry.of(agents);
    }

    private static Branch branch(CsvFile.Row row, County county) {
        boolean sensitive = bool(row, "sensitive");
        String reason = row.get("sensitive_reason");
        if (!sensitive && !reason.isBlank()) {
            throw new IllegalArgumentException("sensitive_reason is given but sensitive is false");
        }
        FiberStatus fiber = fiber(row.required("fiber"));
        String plannedText = row.get("fiber_planned").trim();
        LocalDate planned = null;
        if (fiber == FiberStatus.PLANNED) {
            if (plannedText.isEmpty()) {
                throw new IllegalArgumentException("fiber is planned but fiber_planned (the date) is empty");
            }
            try {
                planned = LocalDate.parse(plannedText);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("fiber_planned '" + plannedText + "' is not a date like 2025-03-20");
            }
        } else if (!plannedText.isEmpty()) {
            throw new IllegalArgumentException("fiber_planned is given but fiber is " + fiber.wireName());
        }
        return new Branch(row.required("branch_code"), county.code(), county.provinceCode(),
                row.required("name_fa"), row.required("name_en"), bool(row, "mobile"), sensitive, reason,
                location(row), fiber, planned, count(row, "cameras"), row.get("inspector"));
    }

    private static GeoPoint location(CsvFile.Row row) {
        String lat = row.get("latitude").trim();
        String lon = row.get("longitude").trim();
        if (lat.isEmpty() && lon.isEmpty()) {
            return null;
        }
        if (lat.isEmpty() || lon.isEmpty()) {
            throw new IllegalArgumentException("give both latitude and longitude, or neither");
        }
        return new GeoPoint(number(lat, "latitude"), number(lon, "longitude"));
    }

    private static double number(String text, String column) {
        try {
            double d = Double.parseDouble(text);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(column + " '" + text + "' is not a number");
        }
    }

    private static int count(CsvFile.Row row, String column) {
        String text = row.get(column).trim();
        try {
            int n = Integer.parseInt(text);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(column + " '" + text + "' is not a whole number ≥ 0");
        }
    }

    private static boolean bool(CsvFile.Row row, String column) {
        String text = row.get(column).trim();
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(column + " '" + text + "' is not true or false");
        };
    }

    private static FiberStatus fiber(String text) {
        try {
            return FiberStatus.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fiber '" + text + "' is not one of connected, planned, none");
        }
    }

    /** Provinces and counties repeat on every branch row; a differing repeat is a typo worth catching. */
    private static <T> void sameAsBefore(Map<String, Located<T>> seen, String code, T value, CsvFile.Row row, String what) {
        Located<T> first = seen.putIfAbsent(code, new Located<>(value, row.line()));
        if (first != null && !first.value().equals(value)) {
            throw new IllegalArgumentException(what + " " + code + " differs from line " + first.line()
                    + ": " + value + " vs " + first.value());
        }
    }

    private static void add(List<InventoryProblem> problems, InventoryProblem p) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(p);
        }
    }

    private record Located<T>(T value, long line) {
    }
}
