package org.didban.collector.inventory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.didban.model.Branch;
import org.didban.model.County;
import org.didban.model.Device;
import org.didban.model.DeviceIdentity;
import org.didban.model.DeviceRole;
import org.didban.model.FiberStatus;
import org.didban.model.GeoPoint;
import org.didban.model.Inventory;
import org.didban.model.Province;
import org.didban.rules.calendar.JalaliDates;

/**
 * Reads the inventory from CSV files, the format of docs/INVENTORY.md. Every file is UTF-8 (a
 * UTF-8 byte-order mark is accepted and dropped; any other encoding is refused), comma separated,
 * RFC 4180 quoting, with a header line naming the columns (any order, no unknown or missing
 * column; columns added after the first release may be missing and read as empty):
 *
 * <dl>
 * <dt>{@code branches.csv}</dt>
 * <dd>{@code province_code,province_fa,province_en,county_code,county_fa,county_en,branch_code,
 * name_fa,name_en,mobile,sensitive,sensitive_reason,fiber,fiber_planned,latitude,longitude,cameras,inspector,
 * governor_rep,members} — one row per branch; provinces and counties are taken from the rows, must
 * be named the same on every row, and a county stays in one province.</dd>
 * <dt>{@code devices.csv}</dt>
 * <dd>{@code device_id,branch_code,role,address,credential_ref,expected_serial,expected_model,
 * expected_firmware,approved_config_hash}</dd>
 * <dt>{@code macs.csv}</dt>
 * <dd>{@code branch_code,mac,device_or_note} — the MACs allowed on each branch's LAN; optional
 * (a missing file: none registered).</dd>
 * <dt>{@code agents.csv}</dt>
 * <dd>{@code agent_id,branch_code,token_sha256} — the hex SHA-256 of the agent's bearer token,
 * never the token itself.</dd>
 * </dl>
 *
 * The load is all-or-nothing: every problem found in all files is reported at once as
 * {@code file:line: reason} in an {@link InvalidInventoryException}, and nothing is returned.
 */
public final class InventoryCsvReader {
    /**
     * Codes name things in URLs, labels and the alert ledger's columns: letters, digits and
     * {@code - _ .}, at most 64 characters.
     */
    static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Hex, base64 or {@code algorithm:hex}: what devices report as a configuration hash. */
    static final Pattern CONFIG_HASH = Pattern.compile("[A-Za-z0-9:._+/=-]{1,128}");
    private static final Pattern DATE = Pattern.compile("(\\d{4})([-/])(\\d{1,2})\\2(\\d{1,2})");
    private static final Pattern DEGREES = Pattern.compile("-?\\d{1,3}(\\.\\d{1,15})?");
    /** Years below this are Solar Hijri, as in election calendars (docs/CALENDAR.md). */
    static final int FIRST_GREGORIAN_YEAR = 1700;
    static final LocalDate EARLIEST_DATE = LocalDate.of(2000, 1, 1);
    static final LocalDate LATEST_DATE = LocalDate.of(2099, 12, 31);
    static final int MAX_CAMERAS = 1000;

    private final CsvLimits limits;

    public InventoryCsvReader() {
        this(CsvLimits.DEFAULT);
    }

    public InventoryCsvReader(CsvLimits limits) {
        this.limits = limits;
    }

    /** What {@link #read(InventoryFiles)} returns. */
    public record Loaded(Inventory inventory, AgentRegistry agents) {
    }

    /**
     * The inventory and its agents from the files; {@code macs.csv} may be missing (then no MAC
     * is registered), the others must exist.
     */
    public Loaded read(InventoryFiles files) throws IOException, InvalidInventoryException {
        Problems problems = new Problems();
        CsvFile branches = load(files.branches(), problems);
        CsvFile devices = load(files.devices(), problems);
        CsvFile macs = Files.exists(files.macs()) ? load(files.macs(), problems) : null;
        CsvFile agents = load(files.agents(), problems);
        problems.throwIfAny();
        return read(branches, devices, macs, agents, problems);
    }

    /** The inventory from branches and devices alone (no MACs, no agents). */
    public Inventory readInventory(Path branchesFile, Path devicesFile) throws IOException, InvalidInventoryException {
        return readInventory(branchesFile, devicesFile, null);
    }

    /** The inventory from branches, devices and (unless null) allowed MACs. */
    public Inventory readInventory(Path branchesFile, Path devicesFile, Path macsFile)
            throws IOException, InvalidInventoryException {
        Problems problems = new Problems();
        CsvFile branches = load(branchesFile, problems);
        CsvFile devices = load(devicesFile, problems);
        CsvFile macs = macsFile == null ? null : load(macsFile, problems);
        problems.throwIfAny();
        return read(branches, devices, macs, null, problems).inventory();
    }

    public AgentRegistry readAgents(Path agentsFile, Inventory inventory) throws IOException, InvalidInventoryException {
        return readAgents(CsvFile.read(agentsFile, limits), inventory);
    }

    AgentRegistry readAgents(CsvFile csv, Inventory inventory) throws InvalidInventoryException {
        Problems problems = new Problems();
        Set<String> branches = new java.util.HashSet<>();
        inventory.branches().forEach(b -> branches.add(b.code()));
        header(csv, InventoryColumns.AGENTS, List.of(), problems);
        problems.throwIfAny();
        List<Agent> agents = agents(csv, branches, problems);
        problems.throwIfAny();
        return AgentRegistry.of(agents);
    }

    private CsvFile load(Path path, Problems problems) throws IOException {
        try {
            return CsvFile.read(path, limits);
        } catch (InvalidInventoryException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    /** Every file is checked, and every problem of every file reported, before anything is returned. */
    private Loaded read(CsvFile branchesCsv, CsvFile devicesCsv, CsvFile macsCsv, CsvFile agentsCsv, Problems problems)
            throws InvalidInventoryException {
        // Structure first (headers): rows of a file whose header is wrong mean nothing.
        header(branchesCsv, InventoryColumns.BRANCHES, InventoryColumns.BRANCHES_ADDED, problems);
        header(devicesCsv, InventoryColumns.DEVICES, InventoryColumns.DEVICES_ADDED, problems);
        header(macsCsv, InventoryColumns.MACS, List.of(), problems);
        header(agentsCsv, InventoryColumns.AGENTS, List.of(), problems);
        problems.throwIfAny();

        Inventory.Builder builder = Inventory.builder();
        Pool pool = new Pool();
        Map<String, Long> branchLines = new HashMap<>();
        Map<String, Located<Province>> provinces = new HashMap<>();
        Map<String, Located<County>> counties = new HashMap<>();
        stream(branchesCsv, InventoryColumns.BRANCHES, InventoryColumns.BRANCHES_ADDED, problems,
                row -> branch(row, builder, pool, branchLines, provinces, counties, problems));
        Set<String> branches = branchLines.keySet();
        Map<String, String> deviceBranches = new HashMap<>();
        Map<String, Located<String>> serials = new HashMap<>();
        Map<String, Long> deviceLines = new HashMap<>();
        stream(devicesCsv, InventoryColumns.DEVICES, InventoryColumns.DEVICES_ADDED, problems,
                row -> device(row, branches, builder, pool, deviceLines, deviceBranches, serials, problems));
        deviceLines.clear();
        serials.clear();
        if (macsCsv != null) {
            Map<String, Long> macLines = new HashMap<>();
            stream(macsCsv, InventoryColumns.MACS, List.of(), problems,
                    row -> mac(row, branches, deviceBranches, builder, pool, macLines, problems));
        }
        deviceBranches.clear();
        List<Agent> agents = agentsCsv == null ? List.of() : agents(agentsCsv, branches, problems);
        problems.throwIfAny();
        try {
            return new Loaded(builder.build(), AgentRegistry.of(agents));
        } catch (IllegalArgumentException e) {
            // The checks above should have caught it; say so rather than fail without a place.
            throw new InvalidInventoryException(List.of(new InventoryProblem(branchesCsv.name(), 0, e.getMessage())));
        }
    }

    private static void header(CsvFile file, List<String> columns, List<String> optional, Problems problems) {
        if (file == null) {
            return;
        }
        try {
            file.checkHeader(columns, optional);
        } catch (InvalidInventoryException e) {
            problems.addAll(e.problems());
        }
    }

    /** Rows one at a time; a file that turns out unreadable part way (a broken quote, too many rows) ends the read. */
    private static void stream(CsvFile file, List<String> columns, List<String> optional, Problems problems,
                               Consumer<CsvFile.Row> action) throws InvalidInventoryException {
        try {
            file.forEachRow(columns, optional, problems, action);
        } catch (InvalidInventoryException e) {
            problems.addAll(e.problems());
            problems.throwIfAny();
        }
    }

    /**
     * One copy of each repeated value (a county code on every branch row, a model or a firmware
     * on every device row): half a million devices share a handful of strings.
     */
    private static final class Pool {
        private final Map<String, String> values = new HashMap<>();

        String of(String s) {
            String there = values.putIfAbsent(s, s);
            return there == null ? s : there;
        }
    }

    // ── branches.csv ───────────────────────────────────────────────────────────────────────

    /** One branches.csv row: the branch, with its province and county. */
    private static void branch(CsvFile.Row row, Inventory.Builder builder, Pool pool, Map<String, Long> branchLines,
                               Map<String, Located<Province>> provinces, Map<String, Located<County>> counties,
                               Problems problems) {
        try {
            String branchCode = pool.of(code(row, "branch_code"));
            Long seen = branchLines.putIfAbsent(branchCode, row.line());
            if (seen != null) {
                throw new IllegalArgumentException("duplicate branch code " + branchCode + " (first on line " + seen + ")");
            }
            Province p = new Province(pool.of(code(row, "province_code")), pool.of(row.required("province_fa")),
                    pool.of(row.required("province_en")));
            County c = new County(pool.of(code(row, "county_code")), p.code(), pool.of(row.required("county_fa")),
                    pool.of(row.required("county_en")));
            Branch b = branch(row, branchCode, c);
            sameProvince(provinces, p, row);
            sameCounty(counties, c, row);
            builder.province(p).county(c).branch(b);
        } catch (IllegalArgumentException e) {
            problems.add(row.problem(e.getMessage()));
        }
    }

    private static Branch branch(CsvFile.Row row, String code, County county) {
        boolean sensitive = bool(row, "sensitive");
        String reason = row.get("sensitive_reason");
        if (!sensitive && !reason.isEmpty()) {
            throw new IllegalArgumentException("sensitive_reason is given but sensitive is false");
        }
        FiberStatus fiber = fiber(row.required("fiber"));
        String plannedText = row.get("fiber_planned");
        LocalDate planned = null;
        if (fiber == FiberStatus.PLANNED) {
            if (plannedText.isEmpty()) {
                throw new IllegalArgumentException("fiber is planned but fiber_planned (the date) is empty");
            }
            planned = date(plannedText, "fiber_planned");
        } else if (!plannedText.isEmpty()) {
            throw new IllegalArgumentException("fiber_planned is given but fiber is " + fiber.wireName());
        }
        return new Branch(code, county.code(), county.provinceCode(),
                row.required("name_fa"), row.required("name_en"), bool(row, "mobile"), sensitive, reason,
                location(row), fiber, planned, count(row, "cameras"), row.get("inspector"),
                row.get("governor_rep"), members(row.get("members")));
    }

    /** {@code ;}- (or {@code ؛}-) separated names; blanks between separators are dropped. */
    static List<String> members(String text) {
        List<String> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String part : text.split("[;؛]")) {
            String name = part.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("members lists '" + name + "' twice");
            }
            out.add(name);
        }
        return out;
    }

    /**
     * A date: {@code YYYY-MM-DD} or {@code YYYY/MM/DD}, Persian or Latin digits; a year below
     * {@value #FIRST_GREGORIAN_YEAR} is Solar Hijri ({@code 1403/12/29}, converted by ICU4J), any
     * other Gregorian. Between {@link #EARLIEST_DATE} and {@link #LATEST_DATE}.
     */
    static LocalDate date(String raw, String column) {
        String text = latinDigits(raw);
        Matcher m = DATE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(column + " '" + shorten(raw)
                    + "' is not a date like 2025-03-20 (Gregorian) or 1403/12/29 (Solar Hijri)");
        }
        int year = Integer.parseInt(m.group(1));
        int month = Integer.parseInt(m.group(3));
        int day = Integer.parseInt(m.group(4));
        LocalDate date;
        try {
            date = year < FIRST_GREGORIAN_YEAR ? JalaliDates.toGregorian(year, month, day) : LocalDate.of(year, month, day);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new IllegalArgumentException(column + " '" + raw + "' is not a date: " + (year < FIRST_GREGORIAN_YEAR
                    ? String.format("there is no Solar Hijri date %04d/%02d/%02d", year, month, day)
                    : String.format("there is no Gregorian date %04d-%02d-%02d", year, month, day)));
        }
        if (date.isBefore(EARLIEST_DATE) || date.isAfter(LATEST_DATE)) {
            throw new IllegalArgumentException(column + " '" + raw + "' (" + date + ") is outside " + EARLIEST_DATE
                    + " … " + LATEST_DATE + "; a typo in the year?");
        }
        return date;
    }

    /**
     * Iran with a margin (its extremes are about 25.06–39.78 N and 44.03–63.33 E): every branch
     * of the 31 provinces lies within, and a point outside is a typo, a wrong sign or latitude
     * and longitude swapped (35.7, 51.4 becoming 51.4, 35.7).
     */
    static final double MIN_LATITUDE = 24.5;
    static final double MAX_LATITUDE = 40.5;
    static final double MIN_LONGITUDE = 43.5;
    static final double MAX_LONGITUDE = 64.0;

    private static boolean inIran(double latitude, double longitude) {
        return latitude >= MIN_LATITUDE && latitude <= MAX_LATITUDE && longitude >= MIN_LONGITUDE && longitude <= MAX_LONGITUDE;
    }

    private static GeoPoint location(CsvFile.Row row) {
        String lat = row.get("latitude");
        String lon = row.get("longitude");
        if (lat.isEmpty() && lon.isEmpty()) {
            return null;
        }
        if (lat.isEmpty() || lon.isEmpty()) {
            throw new IllegalArgumentException("give both latitude and longitude, or neither");
        }
        double la = degrees(lat, "latitude");
        double lo = degrees(lon, "longitude");
        if (Math.abs(la) > 90) {
            throw new IllegalArgumentException("latitude '" + lat + "' is outside -90 … 90"
                    + (Math.abs(lo) <= 90 ? "; are latitude and longitude swapped?" : ""));
        }
        if (Math.abs(lo) > 180) {
            throw new IllegalArgumentException("longitude '" + lon + "' is outside -180 … 180");
        }
        if (la == 0 && lo == 0) {
            throw new IllegalArgumentException("latitude and longitude are both 0 (a missing location written as zero?);"
                    + " leave both empty when the location is not known");
        }
        if (!inIran(la, lo)) {
            throw new IllegalArgumentException("latitude " + lat + ", longitude " + lon + " is outside Iran ("
                    + MIN_LATITUDE + "…" + MAX_LATITUDE + " N, " + MIN_LONGITUDE + "…" + MAX_LONGITUDE + " E)"
                    + (inIran(lo, la) ? "; are latitude and longitude swapped?" : ""));
        }
        return new GeoPoint(la, lo);
    }

    /** Decimal degrees, Persian or Latin digits, {@code .} or {@code ٫} as the decimal point; no exponent, no NaN. */
    private static double degrees(String raw, String column) {
        String text = latinDigits(raw);
        if (!DEGREES.matcher(text).matches()) {
            throw new IllegalArgumentException(column + " '" + shorten(raw) + "' is not a number of degrees like 35.6892");
        }
        return Double.parseDouble(text);
    }

    private static int count(CsvFile.Row row, String column) {
        String raw = row.get(column);
        String text = latinDigits(raw);
        if (!text.matches("\\d{1,9}")) {
            throw new IllegalArgumentException(column + " '" + shorten(raw) + "' is not a whole number ≥ 0");
        }
        int n = Integer.parseInt(text);
        if (n > MAX_CAMERAS) {
            throw new IllegalArgumentException(column + " '" + raw + "' is more than " + MAX_CAMERAS + "; a typo?");
        }
        return n;
    }

    private static boolean bool(CsvFile.Row row, String column) {
        String text = row.get(column);
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(column + " '" + shorten(text) + "' is not true or false");
        };
    }

    private static FiberStatus fiber(String text) {
        for (FiberStatus f : FiberStatus.values()) {
            if (f.wireName().equals(text)) {
                return f;
            }
        }
        throw new IllegalArgumentException("fiber '" + shorten(text) + "' is not one of connected, planned, none");
    }

    /** Provinces repeat on every branch row; a differing repeat is a typo worth catching. */
    private static void sameProvince(Map<String, Located<Province>> seen, Province p, CsvFile.Row row) {
        Located<Province> first = seen.putIfAbsent(p.code(), new Located<>(p, row.line()));
        if (first != null && !first.value().equals(p)) {
            throw new IllegalArgumentException("province " + p.code() + " differs from line " + first.line() + ": named "
                    + names(p.nameFa(), p.nameEn()) + " here, " + names(first.value().nameFa(), first.value().nameEn())
                    + " there");
        }
    }

    /** Counties repeat too, and a county belongs to one province. */
    private static void sameCounty(Map<String, Located<County>> seen, County c, CsvFile.Row row) {
        Located<County> first = seen.putIfAbsent(c.code(), new Located<>(c, row.line()));
        if (first == null || first.value().equals(c)) {
            return;
        }
        if (!first.value().provinceCode().equals(c.provinceCode())) {
            throw new IllegalArgumentException("county " + c.code() + " is in province " + c.provinceCode()
                    + " here but in " + first.value().provinceCode() + " on line " + first.line()
                    + "; a county belongs to one province");
        }
        throw new IllegalArgumentException("county " + c.code() + " differs from line " + first.line() + ": named "
                + names(c.nameFa(), c.nameEn()) + " here, " + names(first.value().nameFa(), first.value().nameEn())
                + " there");
    }

    private static String names(String fa, String en) {
        return "«" + fa + "» (" + en + ")";
    }

    // ── devices.csv ────────────────────────────────────────────────────────────────────────

    /** One devices.csv row; notes the branch of every device id seen, for macs.csv. */
    private static void device(CsvFile.Row row, Set<String> branches, Inventory.Builder builder, Pool pool,
                               Map<String, Long> deviceLines, Map<String, String> deviceBranches,
                               Map<String, Located<String>> serials, Problems problems) {
        try {
            String id = code(row, "device_id");
            String branch = pool.of(row.required("branch_code"));
            Long seen = deviceLines.putIfAbsent(id, row.line());
            if (seen != null) {
                throw new IllegalArgumentException("duplicate device id " + id + " (first on line " + seen + ")");
            }
            deviceBranches.put(id, branch);
            if (!branches.contains(branch)) {
                throw new IllegalArgumentException("unknown branch '" + shorten(branch) + "' (not in branches.csv)");
            }
            DeviceRole role = DeviceRole.parse(row.required("role"));
            String hash = row.get("approved_config_hash");
            if (!hash.isEmpty() && !CONFIG_HASH.matcher(hash).matches()) {
                throw new IllegalArgumentException("approved_config_hash '" + shorten(hash) + "' is not a hash:"
                        + " hex, base64 or algorithm:hex, at most 128 characters, no spaces");
            }
            DeviceIdentity expected = new DeviceIdentity(row.get("expected_serial"), pool.of(row.get("expected_model")),
                    pool.of(row.get("expected_firmware")), pool.of(hash));
            if (!expected.serial().isEmpty()) {
                String unit = expected.model() + "\u0000" + expected.serial();
                Located<String> other = serials.putIfAbsent(unit, new Located<>(id, row.line()));
                if (other != null) {
                    throw new IllegalArgumentException("expected_serial " + expected.serial()
                            + (expected.model().isEmpty() ? "" : " (model " + expected.model() + ")")
                            + " is also that of device " + other.value() + " on line " + other.line()
                            + "; one unit cannot be in two places");
                }
            }
            builder.device(new Device(id, branch, role, row.get("address"), pool.of(row.get("credential_ref")),
                    expected.isUnknown() ? DeviceIdentity.UNKNOWN : expected));
        } catch (IllegalArgumentException e) {
            problems.add(row.problem(e.getMessage()));
        }
    }

    // ── macs.csv ───────────────────────────────────────────────────────────────────────────

    /** One macs.csv row. */
    private static void mac(CsvFile.Row row, Set<String> branches, Map<String, String> deviceBranches,
                            Inventory.Builder builder, Pool pool, Map<String, Long> lines, Problems problems) {
        try {
            String branch = pool.of(row.required("branch_code"));
            if (!branches.contains(branch)) {
                throw new IllegalArgumentException("unknown branch '" + shorten(branch) + "' (not in branches.csv)");
            }
            String mac = Inventory.AllowedMac.canonical(row.required("mac"));
            String note = row.get("device_or_note");
            String deviceBranch = deviceBranches.get(note);
            if (deviceBranch != null && !deviceBranch.equals(branch)) {
                throw new IllegalArgumentException("device_or_note names device " + note + " of branch " + deviceBranch
                        + ", not of " + branch);
            }
            Long seen = lines.putIfAbsent(branch + " " + mac, row.line());
            if (seen != null) {
                throw new IllegalArgumentException("MAC " + mac + " is listed twice for branch " + branch
                        + " (first on line " + seen + ")");
            }
            builder.allowedMac(branch, mac, note);
        } catch (IllegalArgumentException e) {
            problems.add(row.problem(e.getMessage()));
        }
    }

    // ── agents.csv ─────────────────────────────────────────────────────────────────────────

    private static List<Agent> agents(CsvFile csv, Set<String> branches, Problems problems) throws InvalidInventoryException {
        List<Agent> agents = new ArrayList<>();
        Map<String, Long> idLines = new HashMap<>();
        Map<String, Long> tokenLines = new HashMap<>();
        stream(csv, InventoryColumns.AGENTS, List.of(), problems,
                row -> agent(row, branches, agents, idLines, tokenLines, problems));
        return agents;
    }

    /** One agents.csv row. */
    private static void agent(CsvFile.Row row, Set<String> branches, List<Agent> agents, Map<String, Long> idLines,
                              Map<String, Long> tokenLines, Problems problems) {
        try {
            Agent agent = new Agent(code(row, "agent_id"), row.required("branch_code"), row.required("token_sha256"));
            if (!branches.contains(agent.branchCode())) {
                throw new IllegalArgumentException("unknown branch '" + shorten(agent.branchCode()) + "'");
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
            problems.add(row.problem(e.getMessage()));
        }
    }

    // ── values ─────────────────────────────────────────────────────────────────────────────

    private static String code(CsvFile.Row row, String column) {
        String v = row.required(column);
        if (!CODE.matcher(v).matches()) {
            throw new IllegalArgumentException(column + " '" + shorten(v)
                    + "' is not a code: letters, digits and - _ . only, at most 64 characters");
        }
        return v;
    }

    /** Persian (۰–۹) and Arabic-Indic (٠–٩) digits as Latin ones, the Arabic decimal separator ٫ as a point. */
    static String latinDigits(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char r = c >= '۰' && c <= '۹' ? (char) ('0' + (c - '۰'))
                    : c >= '٠' && c <= '٩' ? (char) ('0' + (c - '٠'))
                    : c == '٫' ? '.' : c;
            if (r != c && out == null) {
                out = new StringBuilder(s.substring(0, i));
            }
            if (out != null) {
                out.append(r);
            }
        }
        return out == null ? s : out.toString();
    }

    private static String shorten(String v) {
        return v.length() > 80 ? v.substring(0, 80) + "…" : v;
    }

    private record Located<T>(T value, long line) {
    }
}
