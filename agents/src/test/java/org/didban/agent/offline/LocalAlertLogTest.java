package org.didban.agent.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.didban.model.Alert;
import org.didban.model.AlertKey;
import org.didban.model.AlertState;
import org.didban.model.AlertTransition;
import org.didban.model.Labels;
import org.didban.model.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalAlertLogTest {
    private static final String TITLE_FA = "قطع برق شهری، یو‌پی‌اس روی باتری";

    @TempDir
    Path dir;

    private static AlertTransition transition(int n, AlertState from, AlertState to) {
        Alert alert = new Alert(new AlertKey("PWR-01", "KRN-0301-ups", Labels.of("n", Integer.toString(n))), "KRN-0301",
                "KRN-03", "KRN", Severity.MEDIUM, to, "Mains power lost, UPS on battery", TITLE_FA, 5.0,
                1_000L * n, 0, 0, "");
        return new AlertTransition(alert, from, to, 1_000L * n + 1);
    }

    @Test
    void survivesReopenInOrderWithPersianTitles() throws Exception {
        try (LocalAlertLog log = LocalAlertLog.open(dir)) {
            log.append(transition(1, AlertState.INACTIVE, AlertState.PENDING));
            log.append(transition(2, AlertState.PENDING, AlertState.FIRING));
        }
        try (LocalAlertLog log = LocalAlertLog.open(dir)) {
            log.append(transition(3, AlertState.FIRING, AlertState.RESOLVED));
            LocalAlertLog.Contents contents = log.read();
            assertThat(contents.skipped()).isZero();
            assertThat(contents.entries()).extracting(LocalAlertLog.Entry::to)
                    .containsExactly("pending", "firing", "resolved");
            LocalAlertLog.Entry first = contents.entries().get(0);
            assertThat(first.titleFa()).isEqualTo(TITLE_FA);
            assertThat(first.titleEn()).isEqualTo("Mains power lost, UPS on battery");
            assertThat(first.rule()).isEqualTo("PWR-01");
            assertThat(first.device()).isEqualTo("KRN-0301-ups");
            assertThat(first.labels()).containsEntry("n", "1");
            assertThat(first.from()).isEqualTo("inactive");
            assertThat(first.severity()).isEqualTo("medium");
            assertThat(first.at()).isEqualTo(1_001L);
            assertThat(first.value()).isEqualTo(5.0);
        }
        // UTF-8 on disk, not \\u escapes: the file is readable with any tool at the branch
        String raw = Files.readString(dir.resolve(LocalAlertLog.FILE_NAME), StandardCharsets.UTF_8);
        assertThat(raw).contains(TITLE_FA).contains("\"at\":\"1970-01-01T00:00:01.001Z\"");
        assertThat(raw.lines()).hasSize(3);
    }

    @Test
    void rotatesAndStaysBounded() throws Exception {
        int lineBytes = LocalAlertLog.line(transition(1, AlertState.PENDING, AlertState.FIRING)).length;
        long max = 2048;
        try (LocalAlertLog log = LocalAlertLog.open(dir, max, 1)) {
            for (int i = 1; i <= 200; i++) {
                log.append(transition(i, AlertState.PENDING, AlertState.FIRING));
            }
            assertThat(log.rotations()).isPositive();
            LocalAlertLog.Contents contents = log.read();
            assertThat(contents.entries()).isNotEmpty().hasSizeLessThan(200);
            // the newest is kept, in order, and the oldest went first
            assertThat(contents.entries().get(contents.entries().size() - 1).labels()).containsEntry("n", "200");
            assertThat(contents.entries()).extracting(LocalAlertLog.Entry::at).isSorted();
        }
        long total;
        try (Stream<Path> files = Files.list(dir)) {
            total = files.mapToLong(p -> p.toFile().length()).sum();
        }
        assertThat(total).isLessThanOrEqualTo(2 * max);
        assertThat(total).isGreaterThan(max - lineBytes);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(LocalAlertLog.FILE_NAME, "local-alerts.1.jsonl");
        }
    }

    @Test
    void aLineTornByACrashCostsOnlyThatLine() throws Exception {
        try (LocalAlertLog log = LocalAlertLog.open(dir)) {
            log.append(transition(1, AlertState.INACTIVE, AlertState.PENDING));
        }
        byte[] line = LocalAlertLog.line(transition(2, AlertState.PENDING, AlertState.FIRING));
        Files.write(dir.resolve(LocalAlertLog.FILE_NAME), java.util.Arrays.copyOf(line, line.length / 2),
                StandardOpenOption.APPEND);   // the power went in the middle of a write
        try (LocalAlertLog log = LocalAlertLog.open(dir)) {
            log.append(transition(3, AlertState.FIRING, AlertState.RESOLVED));
            LocalAlertLog.Contents contents = log.read();
            assertThat(contents.skipped()).isEqualTo(1);
            assertThat(contents.entries()).extracting(LocalAlertLog.Entry::to).containsExactly("pending", "resolved");
        }
    }
}
