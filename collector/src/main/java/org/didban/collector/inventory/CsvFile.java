package org.didban.collector.inventory;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * One inventory CSV file, decoded strictly as UTF-8 and split into rows that know their line
 * number. Strict decoding matters: a file saved in Windows-1256 would otherwise load with
 * mangled Persian names and nobody would notice until a county officer reads them.
 */
final class CsvFile {
    /** What the writer produces and the reader expects: RFC 4180 with LF line ends. */
    static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get();
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final String name;
    private final String text;
    /** Character offset where each line starts, for turning a record's position into a line number. */
    private final int[] lineStarts;

    private CsvFile(String name, String text) {
        this.name = name;
        this.text = text;
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    static CsvFile read(Path path) throws IOException, InvalidInventoryException {
        return decode(path.toString(), Files.readAllBytes(path));
    }

    static CsvFile decode(String name, byte[] bytes) throws InvalidInventoryException {
        int start = startsWithBom(bytes) ? BOM.length : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length - start);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = start; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new InvalidInventoryException(List.of(new InventoryProblem(name, line, String.format(
                    "not valid UTF-8 (byte 0x%02X at byte offset %d); save the file as UTF-8", bytes[at] & 0xFF, at))));
        }
        out.flip();
        return new CsvFile(name, out.toString());
    }

    private static boolean startsWithBom(byte[] bytes) {
        return bytes.length >= BOM.length && Arrays.equals(bytes, 0, BOM.length, BOM, 0, BOM.length);
    }

    String name() {
        return name;
    }

    /**
     * The data rows, after checking the header holds exactly {@code columns} (in any order).
     * Rows of the wrong width are reported in {@code problems} and left out.
     */
    List<Row> rows(List<String> columns, List<InventoryProblem> problems) throws InvalidInventoryException {
        List<Row> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), FORMAT)) {
            Map<String, Integer> index = null;
            for (CSVRecord record : parser) {
                long line = lineOf(record.getCharacterPosition());
                if (index == null) {
                    index = header(record, columns, line);
                    continue;
                }
                if (record.size() != columns.size()) {
                    problems.add(problem(line, "expected " + columns.size() + " fields, found " + record.size()));
                    continue;
                }
                String[] values = new String[columns.size()];
                for (int i = 0; i < columns.size(); i++) {
                    values[i] = record.get(index.get(columns.get(i)));
                }
                rows.add(new Row(this, line, columns, values));
            }
            if (index == null) {
                throw new InvalidInventoryException(List.of(problem(1,
                        "file is empty; the first line must be the header " + String.join(",", columns))));
            }
        } catch (UncheckedIOException | IOException e) {
            // commons-csv reports a broken quote as an I/O error naming its own line count.
            throw new InvalidInventoryException(List.of(problem(lineAtEnd(), "not valid CSV: " + e.getMessage())));
        }
        return rows;
    }

    private Map<String, Integer> header(CSVRecord record, List<String> columns, long line) throws InvalidInventoryException {
        Map<String, Integer> index = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < record.size(); i++) {
            String column = record.get(i).trim();
            if (index.putIfAbsent(column, i) != null) {
                throw new InvalidInventoryException(List.of(problem(line, "column '" + column + "' appears twice in the header")));
            }
            if (!columns.contains(column)) {
                unknown.add(column);
            }
        }
        Set<String> missing = new LinkedHashSet<>(columns);
        missing.removeAll(index.keySet());
        if (!missing.isEmpty() || !unknown.isEmpty()) {
            StringBuilder why = new StringBuilder("header does not match:");
            if (!missing.isEmpty()) {
                why.append(" missing column(s) ").append(String.join(", ", missing)).append(';');
            }
            if (!unknown.isEmpty()) {
                why.append(" unknown column(s) ").append(String.join(", ", unknown)).append(';');
            }
            why.append(" expected ").append(String.join(",", columns));
            throw new InvalidInventoryException(List.of(problem(line, why.toString())));
        }
        return index;
    }

    InventoryProblem problem(long line, String reason) {
        return new InventoryProblem(name, line, reason);
    }

    private long lineOf(long charPosition) {
        // A record's position is where the parser started looking for it, before blank lines it skipped.
        int at = (int) charPosition;
        while (at < text.length() && (text.charAt(at) == '\n' || text.charAt(at) == '\r')) {
            at++;
        }
        int i = Arrays.binarySearch(lineStarts, at);
        return (i >= 0 ? i : -i - 2) + 1;
    }

    private long lineAtEnd() {
        return lineStarts.length;
    }

    /** One data row: values by column name, and where it came from. */
    static final class Row {
        private final CsvFile file;
        private final long line;
        private final List<String> columns;
        private final String[] values;

        Row(CsvFile file, long line, List<String> columns, String[] values) {
            this.file = file;
            this.line = line;
            this.columns = columns;
            this.values = values;
        }

        long line() {
            return line;
        }

        String get(String column) {
            return values[columns.indexOf(column)];
        }

        /** A value that must not be blank. */
        String required(String column) {
            String v = get(column);
            if (v.isBlank()) {
                throw new IllegalArgumentException(column + " is empty");
            }
            return v;
        }

        InventoryProblem problem(String reason) {
            return file.problem(line, reason);
        }
    }
}
