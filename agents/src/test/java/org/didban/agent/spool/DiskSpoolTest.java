package org.didban.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.didban.model.Event;
import org.didban.model.Labels;
import org.didban.model.Sample;
import org.didban.wire.SiteBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpoolTest {
    static final long EPOCH = 1_700_000_000_000L;

    @TempDir
    Path dir;

    static Clock at(long millis) {
        return Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }

    /** {@code devices} devices of {@code perDevice} samples each (values vary, as real ones do), then events. */
    static SiteBatch batch(long epoch, long seq, int devices, int perDevice, int events) {
        Random random = new Random(seq);
        List<Sample> samples = new ArrayList<>();
        for (int d = 0; d < devices; d++) {
            for (int i = 0; i < perDevice; i++) {
                samples.add(new Sample("dev-" + d, "if_in_octets_total", Labels.of("if_index", String.valueOf(i)),
                        random.nextInt(1_000_000_000), epoch + seq * 10_000));
            }
        }
        List<Event> evs = new ArrayList<>();
        for (int e = 0; e < events; e++) {
            evs.add(new Event("dev-0", "link_down", Map.of("n", seq + "-" + e), epoch + seq * 10_000));
        }
        return new SiteBatch("THR-0001-a", "THR-0001", epoch, seq, epoch + seq * 10_000, samples, evs);
    }

    static List<SiteBatch> drain(DiskSpool spool) {
        List<SiteBatch> out = new ArrayList<>();
        for (SiteBatch b = spool.peek(); b != null; b = spool.peek()) {
            out.add(b);
            spool.remove(b);
            assertThat(out).hasSizeLessThan(100_000);
        }
        return out;
    }

    @Test
    void batchesComeBackInOrderAndIntactAfterCloseAndReopen() {
        List<SiteBatch> added = new ArrayList<>();
        try (DiskSpool spool = DiskSpool.open(dir, DiskSpool.DEFAULT_MAX_BYTES, at(EPOCH))) {
            for (int seq = 1; seq <= 50; seq++) {
                SiteBatch b = batch(EPOCH, seq, 3, 4, seq % 3);
                spool.add(b);
                added.add(b);
            }
            assertThat(spool.size()).isEqualTo(50);
            assertThat(spool.peek()).isEqualTo(added.get(0));
            spool.remove(added.get(0));
            spool.remove(added.get(5)); // not the head: ignored
            assertThat(spool.spooled()).isEqualTo(50);
        }
        try (DiskSpool spool = DiskSpool.open(dir, DiskSpool.DEFAULT_MAX_BYTES, at(EPOCH + 999))) {
            assertThat(spool.recoveredAtOpen()).isEqualTo(49);
            assertThat(spool.bytes()).isPositive();
            assertThat(spool.fileBytes()).isPositive();
            assertThat(drain(spool)).containsExactlyElementsOf(added.subList(1, 50));
            assertThat(spool.replayed()).isEqualTo(49);
            assertThat(spool.bytes()).isZero();
        }
        try (DiskSpool spool = DiskSpool.open(dir, DiskSpool.DEFAULT_MAX_BYTES, at(EPOCH + 2000))) {
            assertThat(spool.size()).as("what was removed stays removed").isZero();
        }
    }

    @Test
    void aRestartContinuesTheSameRunWithTheNextSequenceNumber() {
        try (DiskSpool spool = DiskSpool.open(dir, DiskSpool.DEFAULT_MAX_BYTES, at(EPOCH))) {
            assertThat(spool.epoch()).isEqualTo(EPOCH);
            assertThat(spool.nextSeq()).isEqualTo(1);
        }
        try (DiskSpool spool = DiskSpool.open(dir, DiskSpool.DEFAULT_MAX_BYTES, at(EPOCH + 5000))) {
            assertThat(spool.epoch()).as("a fresh spool's epoch is kept even before any batch").isEqualTo(EPOCH);
            for (int seq = 1; seq <= 7; seq++) {
                spool.add(batch(EPOCH, seq, 1, 1, 0));
            }
            drain(spool); // all delivered: the run must still go on at 8
            assertThat(spool.nextSeq()).isEqualTo(8);
        }
        try (DiskSpool spool = DiskSpool.open(dir, DiskSpool.DEFAULT_MAX_BYTES, at(EPOCH + 60_000))) {
            assertThat(spool.epoch()).isEqualTo(EPOCH);
            assertThat(spool.nextSeq()).isEqualTo(8);
            spool.add(batch(EPOCH, 8, 1, 1, 0));
            spool.add(batch(EPOCH, 9, 1, 1, 0));
        }
        try (DiskSpool spool = DiskSpool.open(dir, DiskSpool.DEFAULT_MAX_BYTES, at(EPOCH + 120_000))) {
            assertThat(spool.nextSeq()).isEqualTo(10);
            assertThat(drain(spool)).extracting(SiteBatch::seq).containsExactly(8L, 9L);
        }
    }

    @Test
    void whenFullOldSamplesGoAWholeDeviceAtATimeAndEventsStay() {
        List<SiteBatch> added = new ArrayList<>();
        long max;
        try (DiskSpool spool = DiskSpool.open(dir, Long.MAX_VALUE, at(EPOCH))) {
            spool.add(batch(EPOCH, 1, 4, 10, 2));
            max = spool.bytes() * 10; // room for about ten batches
        }
        Path small = dir.resolve("small");
        try (DiskSpool spool = DiskSpool.open(small, max, at(EPOCH))) {
            for (int seq = 1; seq <= 20; seq++) {
                SiteBatch b = batch(EPOCH, seq, 4, 10, 2);
                spool.add(b);
                added.add(b);
                assertThat(spool.bytes()).isLessThanOrEqualTo(max);
            }
            assertThat(spool.droppedSamples()).isPositive();
            assertThat(spool.droppedEvents()).isZero();
            List<SiteBatch> left = drain(spool);
            assertThat(left.get(0)).as("the head is never trimmed").isEqualTo(added.get(0));
            assertThat(left).extracting(SiteBatch::seq).as("no batch lost: each still holds its events")
                    .containsExactlyElementsOf(added.stream().map(SiteBatch::seq).toList());
            for (SiteBatch b : left) {
                assertThat(b.events()).isEqualTo(added.get((int) b.seq() - 1).events());
                Map<String, Long> perDevice = b.samples().stream()
                        .collect(Collectors.groupingBy(Sample::device, Collectors.counting()));
                assertThat(perDevice.values()).as("whole devices only, batch %d", b.seq()).allMatch(n -> n == 10);
            }
            assertThat(left.get(left.size() - 1)).as("the newest batch is whole").isEqualTo(added.get(19));
            long samplesLeft = left.stream().mapToLong(b -> b.samples().size()).sum();
            assertThat(samplesLeft + spool.droppedSamples()).isEqualTo(20 * 40);
        }
    }

    @Test
    void eventsGoOnlyOnceNoSampleIsLeftAfterTheHeadAndOldestFirst() {
        long max;
        try (DiskSpool spool = DiskSpool.open(dir.resolve("probe"), Long.MAX_VALUE, at(EPOCH))) {
            spool.add(batch(EPOCH, 1, 0, 0, 20));
            max = spool.bytes() * 4; // about four batches of events only
        }
        List<SiteBatch> added = new ArrayList<>();
        try (DiskSpool spool = DiskSpool.open(dir.resolve("spool"), max, at(EPOCH))) {
            for (int seq = 1; seq <= 30; seq++) {
                SiteBatch b = batch(EPOCH, seq, 3, 5, 20);
                spool.add(b);
                added.add(b);
            }
            assertThat(spool.droppedEvents()).isPositive();
            List<SiteBatch> left = drain(spool);
            assertThat(left.get(0)).as("the head is never trimmed").isEqualTo(added.get(0));
            assertThat(left.subList(1, left.size() - 1)).allMatch(b -> b.samples().isEmpty());
            // events are dropped oldest first: what is left of the events is a suffix of all events
            List<Event> allAfterHead = added.subList(1, 30).stream().flatMap(b -> b.events().stream()).toList();
            List<Event> leftAfterHead = left.subList(1, left.size()).stream().flatMap(b -> b.events().stream()).toList();
            assertThat(allAfterHead.subList(allAfterHead.size() - leftAfterHead.size(), allAfterHead.size()))
                    .isEqualTo(leftAfterHead);
            assertThat(spool.droppedEvents()).isEqualTo(allAfterHead.size() - leftAfterHead.size());
            assertThat(left.stream().map(SiteBatch::seq)).as("in order").isSorted();
        }
    }

    @Test
    void anOversizedHeadStaysWholeEvenWhenEverythingElseGoes() {
        SiteBatch big = batch(EPOCH, 1, 10, 50, 5);
        try (DiskSpool spool = DiskSpool.open(dir, 200, at(EPOCH))) {
            spool.add(big);
            assertThat(spool.bytes()).isGreaterThan(200);
            for (int seq = 2; seq <= 10; seq++) {
                spool.add(batch(EPOCH, seq, 2, 3, 1));
            }
            assertThat(spool.peek()).isEqualTo(big);
            assertThat(spool.size()).as("batches left empty disappear").isLessThanOrEqualTo(2);
        }
        try (DiskSpool spool = DiskSpool.open(dir, 200, at(EPOCH))) {
            assertThat(spool.peek()).isEqualTo(big);
        }
    }

    @Test
    void anUnreadableStoreIsMovedAsideAndAFreshOneStarts() throws IOException {
        Files.createDirectories(dir);
        byte[] garbage = new byte[64 * 1024];
        new Random(1).nextBytes(garbage);
        Files.write(dir.resolve(DiskSpool.FILE_NAME), garbage);
        try (DiskSpool spool = DiskSpool.open(dir, DiskSpool.DEFAULT_MAX_BYTES, at(EPOCH))) {
            assertThat(spool.corruptStores()).isEqualTo(1);
            assertThat(spool.persistent()).isTrue();
            assertThat(spool.size()).isZero();
            spool.add(batch(EPOCH, 1, 1, 1, 0));
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> aside = files.filter(f -> f.getFileName().toString().startsWith(DiskSpool.FILE_NAME + ".corrupt-"))
                    .toList();
            assertThat(aside).hasSize(1);
            assertThat(Files.readAllBytes(aside.get(0))).isEqualTo(garbage);
        }
        try (DiskSpool spool = DiskSpool.open(dir, DiskSpool.DEFAULT_MAX_BYTES, at(EPOCH))) {
            assertThat(spool.corruptStores()).isZero();
            assertThat(drain(spool)).extracting(SiteBatch::seq).containsExactly(1L);
        }
    }

    @Test
    void aStoreDamagedInTheMiddleNeverStopsTheAgent() throws IOException {
        try (DiskSpool spool = DiskSpool.open(dir, DiskSpool.DEFAULT_MAX_BYTES, at(EPOCH))) {
            for (int seq = 1; seq <= 20; seq++) {
                spool.add(batch(EPOCH, seq, 3, 10, 1));
            }
        }
        Path file = dir.resolve(DiskSpool.FILE_NAME);
        long size = Files.size(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            byte[] junk = new byte[(int) Math.min(16 * 1024, size / 2)];
            new Random(2).nextBytes(junk);
            ch.write(ByteBuffer.wrap(junk), size / 4);
        }
        try (DiskSpool spool = DiskSpool.open(dir, DiskSpool.DEFAULT_MAX_BYTES, at(EPOCH))) {
            // either MVStore recovers an older consistent version, or the file goes aside: usable either way
            List<SiteBatch> left = drain(spool);
            assertThat(left.stream().map(SiteBatch::seq)).isSorted();
            spool.add(batch(EPOCH, 21, 1, 1, 0));
            assertThat(spool.peek().seq()).isEqualTo(21);
        }
    }

    @Test
    void aSpoolInUseByAnotherAgentIsRefusedNotMovedAside() {
        try (DiskSpool first = DiskSpool.open(dir, DiskSpool.DEFAULT_MAX_BYTES, at(EPOCH))) {
            first.add(batch(EPOCH, 1, 1, 1, 0));
            assertThatThrownBy(() -> DiskSpool.open(dir, DiskSpool.DEFAULT_MAX_BYTES, at(EPOCH)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("in use");
            assertThat(first.peek().seq()).isEqualTo(1);
        }
    }
}
