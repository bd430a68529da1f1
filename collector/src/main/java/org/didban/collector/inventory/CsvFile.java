package org.didban.collector.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * One inventory CSV file, decoded strictly as UTF-8 and read row by row, each row knowing its
 * line number. Strict decoding matters: a file saved in Windows-1256 would otherwise load with
 * mangled Persian names and nobody would notice until a county officer reads them. The file's
 * size, row count and field lengths are held to {@link CsvLimits}, and no field may hold a
 * control character (see {@link #badCharacter(String)}).
 *
 * <p>The file is streamed, never held whole: a national {@code devices.csv} (half a million
 * rows) costs a buffer and four bytes a line, not the file's text and every row at once.
 */
final class CsvFile {
    /** What the writer produces and the reader expects: RFC 4180 with LF line ends. */
    static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get();
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** Where the bytes come from (opened once to check the encoding, once per pass over the rows). */
    private interface Source {
        InputStream open() throws IOException;
    }

    private final String name;
    private final Source source;
    private final CsvLimits limits;

    private CsvFile(String name, Source source, CsvLimits limits) {
        this.name = name;
        this.source = source;
        this.limits = limits;
    }

    static CsvFile read(Path path) throws IOException, InvalidInventoryException {
        return read(path, CsvLimits.DEFAULT);
    }

    /**
     * Opens a file: refuses it, before reading it, when it is missing or larger than the limit,
     * then checks that it is UTF-8 throughout (reading it once, a buffer at a time).
     */
    static CsvFile read(Path path, CsvLimits limits) throws IOException, InvalidInventoryException {
        if (!Files.isRegularFile(path)) {
            throw new InvalidInventoryException(List.of(new InventoryProblem(path.toString(), 0,
                    Files.exists(path) ? "not a regular file" : "file not found")));
        }
        long size = Files.size(path);
        if (size > limits.maxFileBytes()) {
            throw new InvalidInventoryException(List.of(new InventoryProblem(path.toString(), 1, String.format(
                    "file is %,d bytes, more than the limit of %,d bytes", size, limits.maxFileBytes()))));
        }
        CsvFile file = new CsvFile(path.toString(), () -> Files.newInputStream(path), limits);
        file.checkUtf8();
        return file;
    }

    String name() {
        return name;
    }

    /** Decodes the whole file once, strictly, to name the line and byte of the first thing that is not UTF-8. */
    private void checkUtf8() throws IOException, InvalidInventoryException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.allocate(1 << 16);
        CharBuffer out = CharBuffer.allocate(1 << 16);
        try (InputStream stream = source.open()) {
            byte[] head = stream.readNBytes(BOM.length);
            long offset = 0; // file offset of in's first byte
            long newlines = 0; // line breaks before it
            if (Arrays.equals(head, BOM)) {
                offset = BOM.length;
            } else {
                in.put(head);
            }
            boolean eof = false;
            while (true) {
                int n = stream.read(in.array(), in.position(), in.remaining());
                if (n < 0) {
                    eof = true;
                } else {
                    in.position(in.position() + n);
                }
                in.flip();
                CoderResult result;
                do {
                    out.clear();
                    result = decoder.decode(in, out, eof);
                } while (result.isOverflow());
                if (result.isError()) {
                    int at = in.position();
                    throw new InvalidInventoryException(List.of(new InventoryProblem(name,
                            newlines + count(in, 0, at) + 1, String.format(
                            "not valid UTF-8 (byte 0x%02X at byte offset %d); save the file as UTF-8",
                            in.get(at) & 0xFF, offset + at))));
                }
                newlines += count(in, 0, in.position());
                offset += in.position();
                in.compact();
                if (eof) {
                    out.clear();
                    decoder.flush(out);
                    return;
                }
            }
        }
    }

    private static long count(ByteBuffer b, int from, int to) {
        long n = 0;
        for (int i = from; i < to; i++) {
            if (b.get(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    /** Checks the header alone (see {@link #forEachRow}). */
    void checkHeader(List<String> columns, List<String> optional) throws InvalidInventoryException {
        try (LineReader lines = reader(); CSVParser parser = CSVParser.parse(lines, FORMAT)) {
            Iterator<CSVRecord> it = parser.iterator();
            if (!it.hasNext()) {
                throw new InvalidInventoryException(List.of(problem(1,
                        "file is empty; the first line must be the header " + String.join(",", columns))));
            }
            CSVRecord record = it.next();
            header(record, columns, optional, lines.lineOf(record.getCharacterPosition()));
        } catch (UncheckedIOException | IOException e) {
            throw new InvalidInventoryException(List.of(problem(1, "not valid CSV: " + e.getMessage())));
        }
    }

    /**
     * Hands each data row to {@code action}, after checking the header: it holds every column of
     * {@code columns} (in any order) except those in {@code optional}, which files written before
     * they existed lack (their values read as empty), and no other column. Rows of the wrong width,
     * with a field too long or holding a control character are reported in {@code problems} and
     * left out; values are stripped of surrounding white space.
     *
     * @throws InvalidInventoryException for what makes the rest of the file unreadable: a wrong
     *                                   header, a broken quote, too many rows
     */
    void forEachRow(List<String> columns, List<String> optional, Problems problems, Consumer<Row> action)
            throws InvalidInventoryException {
        LineReader lines = null;
        try (LineReader r = reader(); CSVParser parser = CSVParser.parse(r, FORMAT)) {
            lines = r;
            int[] index = null;
            int width = 0;
            // A row may stop before trailing columns added after the first release (a tool of
            // that time appending its rows); they read as empty. Any other width is refused.
            int shortest = 0;
            int dataRows = 0;
            for (CSVRecord record : parser) {
                long line = r.lineOf(record.getCharacterPosition());
                if (index == null) {
                    index = header(record, columns, optional, line);
                    width = record.size();
                    shortest = width;
                    while (shortest > 0 && optional.contains(record.get(shortest - 1).strip())) {
                        shortest--;
                    }
                    continue;
                }
                if (++dataRows > limits.maxRows()) {
                    throw new InvalidInventoryException(List.of(problem(line, String.format(
                            "more than %,d rows, the limit for one file", limits.maxRows()))));
                }
                if (record.size() > width || record.size() < width && record.size() < shortest) {
                    problems.add(problem(line, "expected " + width + " fields, found " + record.size()));
                    continue;
                }
                String[] values = new String[columns.size()];
                String wrong = null;
                for (int i = 0; i < columns.size(); i++) {
                    String v = index[i] < 0 || index[i] >= record.size() ? "" : record.get(index[i]);
                    if (wrong == null) {
                        wrong = checkField(columns.get(i), v);
                    }
                    values[i] = v.strip();
                }
                if (wrong != null) {
                    problems.add(problem(line, wrong));
                    continue;
                }
                action.accept(new Row(this, line, columns, values));
            }
            if (index == null) {
                throw new InvalidInventoryException(List.of(problem(1,
                        "file is empty; the first line must be the header " + String.join(",", columns))));
            }
        } catch (UncheckedIOException | IOException e) {
            // commons-csv reports a broken quote as an I/O error naming its own line count.
            long at = lines == null ? 1 : lines.lines();
            String why = e instanceof CharacterCodingException || e.getCause() instanceof CharacterCodingException
                    ? "not valid UTF-8 (the file changed while it was read?)" : "not valid CSV: " + e.getMessage();
            throw new InvalidInventoryException(List.of(problem(at, why)));
        }
    }

    private LineReader reader() throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return new LineReader(new InputStreamReader(source.open(), decoder));
    }

    private String checkField(String column, String value) {
        if (value.length() > limits.maxFieldChars()) {
            return String.format("%s is %,d characters long, more than the limit of %,d", column, value.length(),
                    limits.maxFieldChars());
        }
        String bad = badCharacter(value);
        return bad == null ? null : column + " holds " + bad;
    }

    /**
     * What is wrong with a character of {@code value}, or null: control characters (C0 including
     * tab and line breaks inside a quoted field, DEL, C1), the Unicode line and paragraph
     * separators, the bidirectional overrides U+202D and U+202E (which make text display other
     * than it reads), a byte-order mark inside text, and U+FFFD (a character already lost by an
     * earlier wrong conversion). Persian text keeps its zero-width non-joiner (U+200C) and the
     * direction marks U+200E/U+200F.
     */
    static String badCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String what = null;
            if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F)) {
                what = c == '\n' || c == '\r' ? "a line break" : c == '\t' ? "a tab" : "a control character";
            } else if (c == '\u2028' || c == '\u2029') {
                what = "a Unicode line or paragraph separator";
            } else if (c == '\u202D' || c == '\u202E') {
                what = "a bidirectional override, which makes text display other than it reads";
            } else if (c == '\uFEFF') {
                what = "a byte-order mark inside the text";
            } else if (c == '\uFFFD') {
                what = "the replacement character \uFFFD, a character lost by an earlier wrong conversion";
            }
            if (what != null) {
                return String.format("%s (U+%04X) at character %d", what, (int) c, i + 1);
            }
        }
        return null;
    }

    private int[] header(CSVRecord record, List<String> columns, List<String> optional, long line)
            throws InvalidInventoryException {
        Map<String, Integer> index = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < record.size(); i++) {
            String column = record.get(i).strip();
            if (index.putIfAbsent(column, i) != null) {
                throw new InvalidInventoryException(List.of(problem(line, "column '" + printable(column)
                        + "' appears twice in the header")));
            }
            if (!columns.contains(column)) {
                unknown.add(printable(column));
            }
        }
        Set<String> missing = new LinkedHashSet<>(columns);
        missing.removeAll(index.keySet());
        missing.removeAll(optional);
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
        int[] at = new int[columns.size()];
        for (int i = 0; i < at.length; i++) {
            at[i] = index.getOrDefault(columns.get(i), -1);
        }
        return at;
    }

    /** A header cell as it may be shown: short, control characters escaped. */
    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length() && i < 60; i++) {
            char c = s.charAt(i);
            out.append(c < 0x20 || c == 0x7F ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return s.length() > 60 ? out + "…" : out.toString();
    }

    InventoryProblem problem(long line, String reason) {
        return new InventoryProblem(name, line, reason);
    }

    /**
     * The decoded text as the CSV parser reads it, minus a leading byte-order mark, noting where
     * each line starts (four bytes a line) and which lines are empty, to turn the character
     * position of a record into the line it is on.
     */
    private static final class LineReader extends Reader {
        private final Reader in;
        private int[] starts = new int[1024];
        private int lines = 1;
        private final BitSet nonEmpty = new BitSet();
        private int position;
        private boolean atStart = true;

        LineReader(Reader in) {
            this.in = in;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            if (n > 0 && atStart) {
                atStart = false;
                if (buf[off] == '\uFEFF') {
                    System.arraycopy(buf, off + 1, buf, off, n - 1);
                    n--;
                    if (n == 0) {
                        return read(buf, off, len);
                    }
                }
            }
            for (int i = off; i < off + n; i++) {
                char c = buf[i];
                position++;
                if (c == '\n') {
                    if (lines == starts.length) {
                        starts = Arrays.copyOf(starts, lines * 2);
                    }
                    starts[lines++] = position;
                } else if (c != '\r') {
                    nonEmpty.set(lines - 1);
                }
            }
            return n;
        }

        /** The line (from 1) a record starting at {@code charPosition} is on: the parser skips empty lines before it. */
        long lineOf(long charPosition) {
            int i = Arrays.binarySearch(starts, 0, lines, (int) charPosition);
            int line = i >= 0 ? i : -i - 2;
            while (line < lines - 1 && !nonEmpty.get(line)) {
                line++;
            }
            return line + 1;
        }

        long lines() {
            return lines;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
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

        /** The value of a column, stripped; empty for an optional column the file lacks. */
        String get(String column) {
            int i = columns.indexOf(column);
            if (i < 0) {
                throw new IllegalStateException("no column " + column);
            }
            return values[i];
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
