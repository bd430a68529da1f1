package org.didban.agent.spool;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.didban.agent.uplink.BatchQueue;
import org.didban.model.Event;
import org.didban.model.Sample;
import org.didban.wire.MalformedBatchException;
import org.didban.wire.SiteBatch;
import org.didban.wire.SiteBatchCodec;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/**
 * A {@link BatchQueue} on disk, in one H2 MVStore file ({@value #FILE_NAME}) under the agent's spool
 * directory, so that what the agent saw survives a lost uplink, a restart and a {@code kill -9}.
 * See the package documentation for the format, the durability and the bounds.
 *
 * <ul>
 *   <li><b>Durable</b>: {@link #add} returns only after the batch is committed and the file is
 *       {@code fsync}ed ({@code FileChannel.force}); {@link #remove} also commits and syncs, so a
 *       batch the collector took is not sent again after a restart (if a crash comes between the
 *       collector's answer and that sync, the batch is sent again and the collector answers
 *       "duplicate": same epoch, same seq).</li>
 *   <li><b>Bounded</b> by the bytes of the batches it holds ({@link #DEFAULT_MAX_BYTES}); when over,
 *       samples go first, from the oldest batch after the head, a whole device at a time; then
 *       events, oldest first; never the head, which may be on the wire.</li>
 *   <li><b>In order</b>: after a restart the batches are handed out oldest first.</li>
 *   <li><b>One run</b>: the spool persists the epoch and the last sequence number it was given, with
 *       the batch, in the same commit; {@link #epoch()} and {@link #nextSeq()} give them back after
 *       a restart so that the uplink continues the same run.</li>
 *   <li><b>Never crashes the agent</b>: a store that cannot be opened or read is moved aside
 *       ({@code spool.mv.db.corrupt-<time>}) with an ERROR log line and a fresh one is started
 *       ({@link #corruptStores()}); if not even that works, the spool keeps batches in memory
 *       ({@link #persistent()} false). A directory already in use by another running agent is the
 *       one exception: {@link #open} refuses it, since moving a live store aside would lose data.</li>
 * </ul>
 *
 * <p>Thread-safe: every method is synchronized (the uplink removes on an HTTP thread while poll
 * rounds add on the scheduler).
 */
public final class DiskSpool implements BatchQueue, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DiskSpool.class.getName());

    /** The store's file in the spool directory. */
    public static final String FILE_NAME = "spool.mv.db";

    /**
     * 128 MiB. Measured ({@code SpoolSizingTest}, which fails if this stops covering a day twice):
     * one poll round of a simulated 5-device branch is 231 samples, 30,390 bytes of JSON, 2,390 bytes
     * stored (deflated). Ten devices are about twice that, so 24 hours at 10-second polls (8,640
     * rounds) take about 41 MB: the default holds a day with about 3x headroom, for bigger switches
     * (more interfaces) and values that compress worse than the simulator's.
     */
    public static final long DEFAULT_MAX_BYTES = 128L << 20;

    /** Largest inflated batch read back; anything claiming more is treated as damaged. */
    private static final int MAX_INFLATED = 64 << 20;
    private static final byte RECORD_FORMAT = 1;
    /** format (1), epoch (8), seq (8), samples (4), events (4), then the deflated JSON of the batch. */
    private static final int HEADER = 1 + 8 + 8 + 4 + 4;
    private static final String META_FORMAT = "format";
    private static final String META_EPOCH = "epoch";
    private static final String META_LAST_SEQ = "last_seq";
    private static final long STORE_FORMAT = 1;
    private static final DateTimeFormatter ASIDE_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Path file;
    private final long maxBytes;
    private final MVStore store;
    private final MVMap<Long, byte[]> batches;
    private final MVMap<String, Long> meta;
    private final boolean persistent;
    private final SiteBatchCodec codec = new SiteBatchCodec();
    private final ArrayDeque<Entry> index = new ArrayDeque<>();
    private final long recoveredAtOpen;
    private final long corruptStores;

    private long nextKey;
    private long epoch;
    private long lastSeq;
    private long bytes;
    private SiteBatch head;
    private boolean closed;

    private long spooled;
    private long replayed;
    private long droppedSamples;
    private long droppedEvents;
    private long unreadableBatches;
    private long writeErrors;

    /** Where one batch is and what it holds, kept in memory so that only the head is ever read back. */
    private static final class Entry {
        final long key;
        final long epoch;
        final long seq;
        final boolean recovered;
        int samples;
        int events;
        long bytes;

        Entry(long key, long epoch, long seq, int samples, int events, long bytes, boolean recovered) {
            this.key = key;
            this.epoch = epoch;
            this.seq = seq;
            this.samples = samples;
            this.events = events;
            this.bytes = bytes;
            this.recovered = recovered;
        }
    }

    private DiskSpool(Path file, long maxBytes, MVStore store, boolean persistent, long corruptStores, Clock clock) {
        this.file = file;
        this.maxBytes = maxBytes;
        this.store = store;
        this.persistent = persistent;
        this.corruptStores = corruptStores;
        this.batches = store.openMap("batches");
        this.meta = store.openMap("meta");
        Long format = meta.get(META_FORMAT);
        if (format != null && format != STORE_FORMAT) {
            throw new MVStoreException(DataUtils.ERROR_UNSUPPORTED_FORMAT, "spool format " + format
                    + " is not " + STORE_FORMAT);
        }
        List<Long> unreadable = new ArrayList<>();
        for (Iterator<Map.Entry<Long, byte[]>> it = batches.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, byte[]> e = it.next();
            Entry entry = readHeader(e.getKey(), e.getValue());
            if (entry == null) {
                unreadable.add(e.getKey());
            } else {
                index.addLast(entry);
                bytes += entry.bytes;
            }
        }
        for (Long key : unreadable) {
            batches.remove(key);
        }
        this.unreadableBatches = unreadable.size();
        if (!unreadable.isEmpty()) {
            LOG.log(System.Logger.Level.ERROR, "spool {0}: {1} unreadable batches left out", file, unreadable.size());
        }
        this.recoveredAtOpen = index.size();
        this.nextKey = index.isEmpty() ? 1 : index.peekLast().key + 1;
        Long storedEpoch = meta.get(META_EPOCH);
        Long storedSeq = meta.get(META_LAST_SEQ);
        if (storedEpoch != null && storedEpoch > 0 && storedSeq != null && storedSeq >= 0) {
            epoch = storedEpoch;
            lastSeq = storedSeq;
        } else {
            epoch = Math.max(1, clock.millis());
            lastSeq = 0;
        }
        for (Entry e : index) {
            // the meta record is written in the same commit as its batch; this only matters for a
            // store whose meta map was lost: the last batch names the run
            newer(e.epoch, e.seq);
        }
        meta.put(META_FORMAT, STORE_FORMAT);
        meta.put(META_EPOCH, epoch);
        meta.put(META_LAST_SEQ, lastSeq);
        commit();
    }

    /** A spool in {@code dir} with the default bound and the system clock. */
    public static DiskSpool open(Path dir) {
        return open(dir, DEFAULT_MAX_BYTES, Clock.systemUTC());
    }

    /**
     * Opens the spool in {@code dir} (created if missing), or starts a fresh one there if the store
     * is unreadable (the old file is moved aside and logged), or, if the directory cannot hold a
     * store at all, a spool in memory. Never throws for a damaged store.
     *
     * @param maxBytes the most bytes of batches held (the head alone may exceed it)
     * @param clock    gives the epoch of a fresh spool
     * @throws IllegalStateException if another running process holds the store
     */
    public static DiskSpool open(Path dir, long maxBytes, Clock clock) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(clock, "clock");
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        Path file = dir.resolve(FILE_NAME);
        try {
            org.didban.secrets.Secrets.createPrivateDirectories(dir);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "spool directory {0} cannot be created ({1}); batches are kept in"
                    + " memory only and are lost if the agent stops", dir, e.toString());
            return inMemory(file, maxBytes, 0, clock);
        }
        MVStore store = null;
        try {
            store = openStore(file);
            return new DiskSpool(file, maxBytes, store, true, 0, clock);
        } catch (RuntimeException e) {
            if (store != null) {
                closeQuietly(store);
            }
            if (e instanceof MVStoreException m && m.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
                throw new IllegalStateException("spool " + file + " is in use by another process", e);
            }
            Path aside = dir.resolve(FILE_NAME + ".corrupt-" + ASIDE_STAMP.format(Instant.now()));
            try {
                if (Files.exists(file)) {
                    Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
                }
                LOG.log(System.Logger.Level.ERROR, "spool {0} is unreadable ({1}); moved aside to {2} and starting"
                        + " an empty spool: the batches in it will not be sent", file, e.toString(), aside);
            } catch (IOException | RuntimeException moveFailed) {
                LOG.log(System.Logger.Level.ERROR, "spool {0} is unreadable ({1}) and cannot be moved aside ({2});"
                        + " batches are kept in memory only", file, e.toString(), moveFailed.toString());
                return inMemory(file, maxBytes, 1, clock);
            }
            MVStore fresh = null;
            try {
                fresh = openStore(file);
                return new DiskSpool(file, maxBytes, fresh, true, 1, clock);
            } catch (RuntimeException again) {
                if (fresh != null) {
                    closeQuietly(fresh);
                }
                LOG.log(System.Logger.Level.ERROR, "spool {0} cannot be started afresh ({1}); batches are kept in"
                        + " memory only", file, again.toString());
                return inMemory(file, maxBytes, 1, clock);
            }
        }
    }

    private static DiskSpool inMemory(Path file, long maxBytes, long corrupt, Clock clock) {
        return new DiskSpool(file, maxBytes, new MVStore.Builder().open(), false, corrupt, clock);
    }

    private static MVStore openStore(Path file) {
        try {
            // owner-only from its creation; the store takes an empty file as a new one
            org.didban.secrets.Secrets.createPrivateFile(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new MVStore.Builder()
                .fileName(file.toString())
                .cacheSize(4) // MB: the agent reads back only the head
                .backgroundExceptionHandler((t, e) -> LOG.log(System.Logger.Level.ERROR,
                        "spool background writer failed: " + e))
                .open();
    }

    private static void closeQuietly(MVStore store) {
        try {
            store.closeImmediately();
        } catch (RuntimeException ignored) {
            // already broken: nothing more to release
        }
    }

    // ---------------------------------------------------------------- BatchQueue

    @Override
    public synchronized void add(SiteBatch batch) {
        Objects.requireNonNull(batch, "batch");
        if (closed) {
            throw new IllegalStateException("spool " + file + " is closed");
        }
        byte[] record = encode(batch);
        long key = nextKey++;
        batches.put(key, record);
        newer(batch.epoch(), batch.seq());
        meta.put(META_EPOCH, epoch);
        meta.put(META_LAST_SEQ, lastSeq);
        index.addLast(new Entry(key, batch.epoch(), batch.seq(), batch.samples().size(), batch.events().size(),
                record.length, false));
        bytes += record.length;
        spooled++;
        trim();
        commit();
    }

    @Override
    public synchronized SiteBatch peek() {
        while (head == null && !index.isEmpty() && !closed) {
            Entry first = index.peekFirst();
            head = read(first);
            if (head == null) {
                delete(first);
                commit();
            }
        }
        return head;
    }

    @Override
    public synchronized void remove(SiteBatch batch) {
        Entry first = index.peekFirst();
        if (first == null || closed || first.seq != batch.seq() || first.epoch != batch.epoch()) {
            return;
        }
        delete(first);
        if (first.recovered) {
            replayed++;
        }
        commit();
    }

    @Override
    public synchronized int size() {
        return index.size();
    }

    @Override
    public synchronized long droppedSamples() {
        return droppedSamples;
    }

    @Override
    public synchronized long droppedEvents() {
        return droppedEvents;
    }

    // ---------------------------------------------------------------- run identity

    /** The run to continue: the epoch of the last batch spooled, or a new one for a fresh spool. */
    public synchronized long epoch() {
        return epoch;
    }

    /** The sequence number after the last batch ever spooled in {@link #epoch()}'s run; 1 for a fresh spool. */
    public synchronized long nextSeq() {
        return lastSeq + 1;
    }

    // ---------------------------------------------------------------- counters

    /** Batches added since this spool was opened. */
    public synchronized long spooled() {
        return spooled;
    }

    /** Batches found on disk at open (written before a restart). */
    public long recoveredAtOpen() {
        return recoveredAtOpen;
    }

    /** Of the batches found at open, those since removed from the head (delivered or refused for good). */
    public synchronized long replayed() {
        return replayed;
    }

    /** Bytes of the batches held (what the bound applies to). */
    public synchronized long bytes() {
        return bytes;
    }

    /** Size of the store's file on disk (0 for a spool in memory). */
    public long fileBytes() {
        if (!persistent) {
            return 0;
        }
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** 1 if the store was unreadable at open and moved aside, else 0. */
    public long corruptStores() {
        return corruptStores;
    }

    /** Batches that could not be read back (damaged records), left out. */
    public synchronized long unreadableBatches() {
        return unreadableBatches;
    }

    /** Commits or syncs that failed: batches added since may not be on disk. */
    public synchronized long writeErrors() {
        return writeErrors;
    }

    /** True when the batches are in a file; false when the spool fell back to memory. */
    public boolean persistent() {
        return persistent;
    }

    public Path file() {
        return file;
    }

    public synchronized Stats stats() {
        return new Stats(index.size(), spooled, recoveredAtOpen, replayed, droppedSamples, droppedEvents, bytes,
                fileBytes(), corruptStores, unreadableBatches, writeErrors, persistent);
    }

    /** A consistent copy of the counters. */
    public record Stats(int batches, long spooled, long recoveredAtOpen, long replayed, long droppedSamples,
                        long droppedEvents, long bytes, long fileBytes, long corruptStores, long unreadableBatches,
                        long writeErrors, boolean persistent) {
    }

    /** Closes the store cleanly; the batches stay on disk for the next start. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        head = null;
        try {
            store.close();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "spool {0} did not close cleanly ({1}); it is recovered at the next"
                    + " start", file, e.toString());
            closeQuietly(store);
        }
    }

    // ---------------------------------------------------------------- internals

    private void newer(long batchEpoch, long seq) {
        if (batchEpoch > epoch) {
            epoch = batchEpoch;
            lastSeq = seq;
        } else if (batchEpoch == epoch && seq > lastSeq) {
            lastSeq = seq;
        }
    }

    /** Over the bound: samples of the oldest batches after the head, a device at a time, then events. */
    private void trim() {
        while (bytes > maxBytes) {
            Entry victim = firstAfterHead(true);
            if (victim == null) {
                break;
            }
            SiteBatch b = read(victim);
            if (b == null) {
                delete(victim);
                continue;
            }
            int wanted = itemsFor(bytes - maxBytes, victim);
            List<Sample> kept = BatchQueue.withoutDevices(b.samples(), wanted);
            droppedSamples += b.samples().size() - kept.size();
            replace(victim, new SiteBatch(b.agent(), b.branch(), b.epoch(), b.seq(), b.sentAt(), kept, b.events()));
        }
        while (bytes > maxBytes) {
            Entry victim = firstAfterHead(false);
            if (victim == null) {
                break;
            }
            SiteBatch b = read(victim);
            if (b == null) {
                delete(victim);
                continue;
            }
            int drop = Math.min(itemsFor(bytes - maxBytes, victim), b.events().size());
            droppedEvents += drop;
            List<Event> kept = b.events().subList(drop, b.events().size());
            replace(victim, new SiteBatch(b.agent(), b.branch(), b.epoch(), b.seq(), b.sentAt(), b.samples(), kept));
        }
    }

    /** Items to drop from {@code e} to free about {@code excess} bytes (at least one). */
    private static int itemsFor(long excess, Entry e) {
        int items = Math.max(1, e.samples + e.events);
        double perItem = Math.max(1.0, (double) e.bytes / items);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (long) Math.ceil(excess / perItem)));
    }

    private Entry firstAfterHead(boolean withSamples) {
        Iterator<Entry> it = index.iterator();
        if (it.hasNext()) {
            it.next(); // the head may be on the wire: never trimmed
        }
        while (it.hasNext()) {
            Entry e = it.next();
            if (withSamples ? e.samples > 0 : e.events > 0) {
                return e;
            }
        }
        return null;
    }

    private void replace(Entry e, SiteBatch smaller) {
        if (smaller.size() == 0) {
            delete(e); // an empty batch disappears: the collector sees the gap in seq
            return;
        }
        byte[] record = encode(smaller);
        batches.put(e.key, record);
        bytes += record.length - e.bytes;
        e.bytes = record.length;
        e.samples = smaller.samples().size();
        e.events = smaller.events().size();
    }

    private void delete(Entry e) {
        if (index.peekFirst() == e) {
            head = null; // the cached head is this batch
        }
        batches.remove(e.key);
        index.remove(e);
        bytes -= e.bytes;
    }

    /** Commits and fsyncs; a failure is logged and counted, never thrown at the agent. */
    private void commit() {
        if (!persistent) {
            return;
        }
        try {
            store.commit();
            store.sync();
        } catch (RuntimeException e) {
            writeErrors++;
            LOG.log(System.Logger.Level.ERROR, "spool {0}: could not write to disk ({1}); the batches stay queued"
                    + " but may not survive a restart", file, e.toString());
        }
    }

    private SiteBatch read(Entry e) {
        byte[] record = batches.get(e.key);
        SiteBatch b = record == null ? null : decode(record);
        if (b == null || b.seq() != e.seq || b.epoch() != e.epoch) {
            unreadableBatches++;
            LOG.log(System.Logger.Level.ERROR, "spool {0}: batch {1} of run {2} is unreadable and is left out",
                    file, e.seq, e.epoch);
            return null;
        }
        return b;
    }

    private byte[] encode(SiteBatch batch) {
        byte[] json = codec.encode(batch);
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER + json.length / 4 + 64);
        try {
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            header.put(RECORD_FORMAT).putLong(batch.epoch()).putLong(batch.seq())
                    .putInt(batch.samples().size()).putInt(batch.events().size());
            out.write(header.array(), 0, HEADER);
            deflater.setInput(json);
            deflater.finish();
            byte[] buf = new byte[8192];
            while (!deflater.finished()) {
                int n = deflater.deflate(buf);
                out.write(buf, 0, n);
            }
        } finally {
            deflater.end();
        }
        return out.toByteArray();
    }

    private SiteBatch decode(byte[] record) {
        if (record.length < HEADER || record[0] != RECORD_FORMAT) {
            return null;
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(record, HEADER, record.length - HEADER);
            ByteArrayOutputStream out = new ByteArrayOutputStream(record.length * 8);
            byte[] buf = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return null; // truncated
                }
                out.write(buf, 0, n);
                if (out.size() > MAX_INFLATED) {
                    return null;
                }
            }
            return codec.decode(out.toByteArray());
        } catch (DataFormatException | MalformedBatchException | RuntimeException e) {
            return null;
        } finally {
            inflater.end();
        }
    }

    private static Entry readHeader(Long key, byte[] record) {
        if (key == null || record == null || record.length < HEADER || record[0] != RECORD_FORMAT) {
            return null;
        }
        ByteBuffer h = ByteBuffer.wrap(record, 1, HEADER - 1);
        long epoch = h.getLong();
        long seq = h.getLong();
        int samples = h.getInt();
        int events = h.getInt();
        if (epoch < 1 || seq < 1 || samples < 0 || events < 0) {
            return null;
        }
        return new Entry(key, epoch, seq, samples, events, record.length, true);
    }

}
