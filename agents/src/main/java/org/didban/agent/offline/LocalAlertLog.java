package org.didban.agent.offline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.didban.model.Alert;
import org.didban.model.AlertTransition;

/**
 * The branch's own record of what its local rules saw: one JSON line per alert transition, UTF-8,
 * appended and forced to disk ({@code fdatasync}) before {@link #append} returns, so a transition
 * survives a power cut the moment it is logged.
 *
 * <p>Bounded: when the current file would pass {@code maxFileBytes} it becomes
 * {@code local-alerts.1.jsonl} (older ones shift up to {@code keepRotated}, the oldest is deleted),
 * so the log never takes more than about {@code (keepRotated + 1) × maxFileBytes}.
 *
 * <p>Survives restart: {@link #open} appends to what is there. A line torn by a crash in the middle
 * of a write is skipped when reading (and counted), and the next record starts on a new line.
 * Thread-safe.
 */
public final class LocalAlertLog implements AutoCloseable {
    public static final String FILE_NAME = "local-alerts.jsonl";
    public static final long DEFAULT_MAX_FILE_BYTES = 4L << 20;
    public static final int DEFAULT_KEEP_ROTATED = 2;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final long maxFileBytes;
    private final int keepRotated;
    private FileChannel channel;
    private long size;
    private long appended;
    private long rotations;
    private boolean closed;

    private LocalAlertLog(Path dir, long maxFileBytes, int keepRotated) {
        this.dir = dir;
        this.maxFileBytes = maxFileBytes;
        this.keepRotated = keepRotated;
    }

    /** Opens (creating the folder if needed) the log in {@code dir} with the default bounds: 3 files of 4 MiB. */
    public static LocalAlertLog open(Path dir) throws IOException {
        return open(dir, DEFAULT_MAX_FILE_BYTES, DEFAULT_KEEP_ROTATED);
    }

    public static LocalAlertLog open(Path dir, long maxFileBytes, int keepRotated) throws IOException {
        Objects.requireNonNull(dir, "dir");
        if (maxFileBytes < 1024) {
            throw new IllegalArgumentException("max file size must be at least 1024 bytes, got " + maxFileBytes);
        }
        if (keepRotated < 0 || keepRotated > 100) {
            throw new IllegalArgumentException("rotated files to keep must be 0 to 100, got " + keepRotated);
        }
        org.didban.secrets.Secrets.createPrivateDirectories(dir);
        LocalAlertLog log = new LocalAlertLog(dir, maxFileBytes, keepRotated);
        log.openCurrent();
        return log;
    }

    private void openCurrent() throws IOException {
        // positional writes at the end: APPEND cannot be combined with READ, which the torn-line check needs
        channel = FileChannel.open(current(), java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ), org.didban.secrets.Secrets.privateFile());
        size = channel.size();
        if (size > 0) {
            ByteBuffer last = ByteBuffer.allocate(1);
            channel.read(last, size - 1);
            if (last.get(0) != '\n') {
                // a record torn by a crash: end it, so that the next one is a line of its own
                write(ByteBuffer.wrap(new byte[] {'\n'}));
            }
        }
    }

    private Path current() {
        return dir.resolve(FILE_NAME);
    }

    private Path rotated(int n) {
        return dir.resolve("local-alerts." + n + ".jsonl");
    }

    /** Writes the transition as one line and forces it to disk. */
    public synchronized void append(AlertTransition t) throws IOException {
        if (closed) {
            throw new IOException("the local alert log is closed");
        }
        byte[] line = line(t);
        if (size > 0 && size + line.length > maxFileBytes) {
            rotate();
        }
        write(ByteBuffer.wrap(line));
        appended++;
    }

    private void write(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            size += channel.write(buffer, size);
        }
        channel.force(false);
    }

    private void rotate() throws IOException {
        channel.close();
        if (keepRotated == 0) {
            Files.delete(current());
        } else {
            Files.deleteIfExists(rotated(keepRotated));
            for (int i = keepRotated - 1; i >= 1; i--) {
                if (Files.exists(rotated(i))) {
                    Files.move(rotated(i), rotated(i + 1), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            Files.move(current(), rotated(1), StandardCopyOption.ATOMIC_MOVE);
        }
        forceDirectory();
        rotations++;
        openCurrent();
    }

    private void forceDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform can sync a directory; the renames still happened
        }
    }

    static byte[] line(AlertTransition t) {
        Alert a = t.alert();
        ObjectNode o = JSON.createObjectNode();
        o.put("at", Instant.ofEpochMilli(t.at()).toString());
        o.put("at_ms", t.at());
        o.put("rule", a.key().ruleId());
        o.put("alert", a.key().id());
        o.put("device", a.key().device());
        ObjectNode labels = o.putObject("labels");
        a.key().labels().asMap().forEach(labels::put);
        o.put("branch", a.branchCode());
        o.put("from", t.from().wireName());
        o.put("to", t.to().wireName());
        o.put("severity", a.severity().wireName());
        o.put("title_en", a.titleEn());
        o.put("title_fa", a.titleFa());
        if (Double.isFinite(a.value())) {
            o.put("value", a.value());
        } else {
            o.putNull("value");
        }
        try {
            byte[] json = JSON.writeValueAsBytes(o);
            byte[] out = new byte[json.length + 1];
            System.arraycopy(json, 0, out, 0, json.length);
            out[json.length] = '\n';
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a JSON line", e);
        }
    }

    /** Everything still on disk, oldest first; torn or unreadable lines are left out (see {@link Contents#skipped}). */
    public synchronized Contents read() throws IOException {
        List<Entry> entries = new ArrayList<>();
        int skipped = 0;
        List<Path> files = new ArrayList<>();
        for (int i = keepRotated; i >= 1; i--) {
            files.add(rotated(i));
        }
        files.add(current());
        for (Path f : files) {
            List<String> lines;
            try {
                lines = readLines(f);
            } catch (NoSuchFileException e) {
                continue;
            }
            for (String l : lines) {
                if (l.isEmpty()) {
                    continue;
                }
                Entry e = parse(l);
                if (e == null) {
                    skipped++;
                } else {
                    entries.add(e);
                }
            }
        }
        return new Contents(List.copyOf(entries), skipped);
    }

    private static List<String> readLines(Path f) throws IOException {
        // REPLACE, not REPORT: a torn multi-byte character must cost its line, not the whole file
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(f), decoder))) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                out.add(l);
            }
        } catch (CharacterCodingException e) {
            throw new IOException("unreadable " + f, e);
        }
        return out;
    }

    private static Entry parse(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            if (n == null || !n.isObject() || !n.path("rule").isTextual() || !n.path("at_ms").canConvertToLong()) {
                return null;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.path("labels").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                labels.put(e.getKey(), e.getValue().asText());
            }
            JsonNode v = n.path("value");
            return new Entry(n.path("at_ms").asLong(), n.path("rule").asText(), n.path("alert").asText(),
                    n.path("device").asText(), Map.copyOf(labels), n.path("branch").asText(), n.path("from").asText(),
                    n.path("to").asText(), n.path("severity").asText(), n.path("title_en").asText(),
                    n.path("title_fa").asText(), v.isNumber() ? v.asDouble() : Double.NaN);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Transitions appended since this log was opened. */
    public synchronized long appended() {
        return appended;
    }

    public synchronized long rotations() {
        return rotations;
    }

    public Path directory() {
        return dir;
    }

    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            channel.close();
        }
    }

    /** One logged transition, as read back. {@code value} is NaN when none was logged. */
    public record Entry(long at, String rule, String alert, String device, Map<String, String> labels, String branch,
                        String from, String to, String severity, String titleEn, String titleFa, double value) {
    }

    /** What {@link #read()} found: the readable entries, oldest first, and how many lines it skipped. */
    public record Contents(List<Entry> entries, int skipped) {
    }
}
