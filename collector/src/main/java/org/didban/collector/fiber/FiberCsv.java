package org.didban.collector.fiber;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.didban.model.Branch;
import org.didban.model.County;
import org.didban.model.Inventory;
import org.didban.model.Province;

/**
 * The rollout as CSV for planners' spreadsheets: UTF-8 with a byte order mark (so Excel reads the
 * Persian names as Persian, not as mojibake), RFC 4180 (CRLF, quotes where needed), and every text
 * cell that comes from the inventory and starts like a formula ({@code = + - @}, tab, CR) defused
 * with a leading apostrophe, so a branch name cannot run as a formula on a planner's machine.
 * Numbers and values Didban itself writes are left as they are.
 */
public final class FiberCsv {
    /** The byte order mark written first. */
    public static final String BOM = "\uFEFF";
    public static final String CONTENT_TYPE = "text/csv; charset=utf-8";

    /** Columns of the gap and findings lists. */
    public static final List<String> BRANCH_COLUMNS = List.of("rank", "urgency", "branch", "name_fa", "name_en",
            "province", "province_fa", "county", "county_fa", "sensitive", "sensitive_reason", "paper",
            "planned_jalali", "planned", "deadline_jalali", "deadline", "deadline_from", "days_past_deadline",
            "detected", "paths_seen", "last_seen_utc", "findings");

    private FiberCsv() {
    }

    /** One row of the gap list: its rank (1-based) and group, or 0 and null for a findings list. */
    public record Row(int rank, Urgency urgency, BranchFiber fiber) {
    }

    public static String branches(List<Row> rows, Inventory inventory) {
        return write(BRANCH_COLUMNS, out -> {
            for (Row r : rows) {
                BranchFiber f = r.fiber();
                Branch b = f.branch();
                Province p = inventory.province(b.provinceCode());
                County c = inventory.county(b.countyCode());
                List<Object> cells = new ArrayList<>(BRANCH_COLUMNS.size());
                cells.add(r.rank() > 0 ? Integer.toString(r.rank()) : "");
                cells.add(r.urgency() == null ? "" : r.urgency().wireName());
                cells.add(cell(b.code()));
                cells.add(cell(b.nameFa()));
                cells.add(cell(b.nameEn()));
                cells.add(cell(b.provinceCode()));
                cells.add(cell(p == null ? "" : p.nameFa()));
                cells.add(cell(b.countyCode()));
                cells.add(cell(c == null ? "" : c.nameFa()));
                cells.add(b.sensitive() ? "yes" : "no");
                cells.add(cell(b.sensitive() ? b.sensitiveReason() : ""));
                cells.add(f.paper().wireName());
                cells.add(f.planned() == null ? "" : FiberDates.jalali(f.planned()));
                cells.add(f.planned() == null ? "" : f.planned().toString());
                cells.add(f.deadline() == null ? "" : FiberDates.jalali(f.deadline().date()));
                cells.add(f.deadline() == null ? "" : f.deadline().date().toString());
                cells.add(f.deadline() == null ? "" : f.deadline().from().wireName());
                cells.add(f.daysPastDeadline() == null ? "" : f.daysPastDeadline().toString());
                cells.add(f.detected().wireName());
                cells.add(f.detection().paths().stream().map(Detected::wireName).collect(Collectors.joining(" ")));
                cells.add(f.detection().lastSeen() == 0 ? ""
                        : java.time.Instant.ofEpochMilli(f.detection().lastSeen()).toString());
                cells.add(f.findings().stream().map(FiberFinding::wireName).collect(Collectors.joining(" ")));
                out.printRecord(cells);
            }
        });
    }

    /** The columns of a history series: the day (Gregorian and Jalali), then every count. */
    public static List<String> historyColumns() {
        List<String> cols = new ArrayList<>(List.of("date", "jalali"));
        for (FiberCounts.Tally t : FiberCounts.Tally.values()) {
            cols.add(t.column());
        }
        return cols;
    }

    public static String history(List<FiberHistory.Day> days) {
        List<String> cols = historyColumns();
        return write(cols, out -> {
            for (FiberHistory.Day d : days) {
                List<Object> cells = new ArrayList<>(cols.size());
                cells.add(d.day().toString());
                cells.add(FiberDates.jalali(d.day()));
                for (FiberCounts.Tally t : FiberCounts.Tally.values()) {
                    cells.add(Integer.toString(d.counts().get(t)));
                }
                out.printRecord(cells);
            }
        });
    }

    /**
     * Free text as a spreadsheet cell: one that starts like a formula gets a leading apostrophe.
     */
    public static String cell(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        char c = s.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' || c == '\n' ? "'" + s : s;
    }

    private interface Rows {
        void write(CSVPrinter out) throws IOException;
    }

    private static String write(List<String> header, Rows rows) {
        StringWriter text = new StringWriter();
        text.write(BOM);
        try (CSVPrinter out = new CSVPrinter(text, CSVFormat.RFC4180.builder()
                .setHeader(header.toArray(String[]::new)).get())) {
            rows.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }
}
