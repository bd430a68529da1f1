package org.didban.collector.history;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.didban.collector.alerts.AlertChange;
import org.didban.collector.fiber.FiberPicture;
import org.didban.collector.readiness.ReadinessSnapshot;
import org.didban.model.Branch;
import org.didban.model.Sample;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.BatchPoints;
import org.influxdb.dto.Point;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

/**
 * The collector's history in InfluxDB, written with influxdb-java (line protocol over {@code /write}).
 *
 * <p>Callers (event loops) only reserve room in a bounded buffer and enqueue what they were given;
 * a single daemon thread, {@value #THREAD_NAME}, turns it into points and writes batches of up to
 * {@link InfluxSettings#batchSize()} points, at least every {@link InfluxSettings#flushInterval()}.
 * When InfluxDB is away the batch in hand is retried with a growing pause (1 s doubling to 30 s)
 * while new points queue up to {@link InfluxSettings#bufferCapacity()}; beyond that they are
 * dropped and counted. A batch InfluxDB refuses (HTTP 4xx: a point it cannot parse, a field of
 * another type) is counted and let go, so one bad point never stops the pipe.
 */
public final class InfluxHistory implements History, AutoCloseable {
    public static final String THREAD_NAME = "didban-influx-writer";
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration LONGEST_RETRY = Duration.ofSeconds(30);
    /** How long {@link #close()} keeps writing what is queued before it gives up on the rest. */
    static final long CLOSE_SECONDS = 5;
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(CLOSE_SECONDS);
    /** The longest pause between two attempts while closing. */
    private static final Duration CLOSING_RETRY = Duration.ofMillis(500);
    /** How often a failure streak is logged again, besides its first failure and its end. */
    private static final long FAILURE_LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(5);
    private static final Pattern DROPPED = Pattern.compile("dropped=(\\d+)");
    private static final System.Logger LOG = System.getLogger(InfluxHistory.class.getName());

    private final InfluxSettings settings;
    private final OkHttpClient.Builder httpClient;
    private final Dispatcher http;
    private final HistoryPoints schema;
    private final Duration firstRetry;
    private final Duration longestRetry;

    /**
     * Entries in arrival order. Never holds more entries than points reserved in {@link #buffered},
     * so an offer after a reservation finds room; but for the one wake-up entry of {@link #close()}.
     */
    private final ArrayBlockingQueue<Pending> queue;
    /** Points reserved by callers and not yet taken by the writer: what capacity bounds. */
    private final AtomicLong buffered = new AtomicLong();
    private final Thread writer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile long closeDeadlineNanos;

    private final LongAdder pointsQueued = new LongAdder();
    private final LongAdder pointsDropped = new LongAdder();
    private final LongAdder pointsInvalid = new LongAdder();
    private final AtomicLong pointsWritten = new AtomicLong();
    private final AtomicLong pointsRefused = new AtomicLong();
    private final AtomicLong batchesWritten = new AtomicLong();
    private final AtomicLong batchFailures = new AtomicLong();
    private final AtomicLong batchesRefused = new AtomicLong();
    private volatile long lastWriteMillis;
    /** Points the writer holds: converted, in the batch or waiting for room in it. */
    private volatile int inHand;

    // The writer thread's own state.
    /** Made by the writer: influxdb-java looks the host up when it is made, and fails when the name is unknown. */
    private volatile InfluxDB influx;
    private final ArrayDeque<Point> carry = new ArrayDeque<>();
    private boolean databaseReady;
    private boolean databaseWarned;
    /** The HTTP status of the writer's last request; 0 when no answer came. */
    private volatile int lastStatus;
    private int failureStreak;
    private long lastFailureLogNanos;

    private InfluxHistory(InfluxSettings settings, Duration firstRetry, Duration longestRetry) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.firstRetry = firstRetry;
        this.longestRetry = longestRetry;
        this.schema = new HistoryPoints(settings.dayZone());
        this.queue = new ArrayBlockingQueue<>(settings.bufferCapacity());
        this.http = new Dispatcher();
        this.httpClient = new OkHttpClient.Builder()
                .dispatcher(http)
                .connectTimeout(Duration.ofSeconds(5))
                .writeTimeout(Duration.ofSeconds(20))
                .readTimeout(Duration.ofSeconds(20))
                .callTimeout(Duration.ofSeconds(30))
                // influxdb-java turns an answer into an exception without its status; keep the status to
                // tell a refused batch (4xx) from an outage (5xx, no answer).
                .addInterceptor(chain -> {
                    Response response = chain.proceed(chain.request());
                    lastStatus = response.code();
                    return response;
                });
        this.writer = new Thread(this::run, THREAD_NAME);
        writer.setDaemon(true);
    }

    /**
     * Starts writing to the InfluxDB of the settings. No I/O happens on the calling thread (not even
     * the host name's lookup), and an InfluxDB that is away, or a name that does not resolve yet, is
     * retried like any outage.
     */
    public static InfluxHistory start(InfluxSettings settings) {
        return start(settings, FIRST_RETRY, LONGEST_RETRY);
    }

    /** With other retry pauses, so that a test of an outage need not wait long. */
    static InfluxHistory start(InfluxSettings settings, Duration firstRetry, Duration longestRetry) {
        InfluxHistory history = new InfluxHistory(settings, firstRetry, longestRetry);
        history.writer.start();
        return history;
    }

    public InfluxSettings settings() {
        return settings;
    }

    // ---- the callers' side: reserve, enqueue, never wait

    @Override
    public void samples(Branch branch, List<Sample> samples) {
        if (!settings.writeSamples() || samples == null || samples.isEmpty()) {
            return;
        }
        if (branch == null) {
            pointsInvalid.add(samples.size());
            return;
        }
        int taken = reserve(samples.size(), true);
        if (taken > 0) {
            // A copy of the list (not of the samples): the caller may reuse its list. Nulls are kept, and counted invalid later.
            List<Sample> kept = Arrays.asList((taken == samples.size() ? samples : samples.subList(0, taken)).toArray(new Sample[0]));
            enqueue(new SampleBatch(branch, kept), taken);
        }
    }

    @Override
    public void transition(AlertChange change) {
        if (change != null && reserve(1, false) == 1) {
            enqueue(new Transition(change), 1);
        }
    }

    @Override
    public void readiness(ReadinessSnapshot snapshot) {
        if (snapshot == null) {
            return;
        }
        int points = HistoryPoints.readinessPoints(snapshot);
        if (reserve(points, false) == points) {
            enqueue(new Readiness(snapshot, points), points);
        }
    }

    @Override
    public void fiber(FiberPicture picture) {
        if (picture == null) {
            return;
        }
        int points = HistoryPoints.fiberPoints(picture);
        if (points > 0 && reserve(points, false) == points) {
            enqueue(new Fiber(picture, points), points);
        }
    }

    /**
     * Reserves room for up to {@code wanted} points and returns how many fit (all or nothing unless
     * {@code partly}); the rest are counted as dropped. Lock-free, so event loops never wait on each
     * other or on the writer.
     */
    private int reserve(int wanted, boolean partly) {
        if (closed.get()) {
            pointsDropped.add(wanted);
            return 0;
        }
        long capacity = settings.bufferCapacity();
        while (true) {
            long now = buffered.get();
            long room = capacity - now;
            int take = (int) Math.min(wanted, Math.max(room, 0));
            if (take < wanted && !partly) {
                take = 0;
            }
            if (take == 0) {
                pointsDropped.add(wanted);
                return 0;
            }
            if (buffered.compareAndSet(now, now + take)) {
                if (take < wanted) {
                    pointsDropped.add(wanted - take);
                }
                return take;
            }
        }
    }

    private void enqueue(Pending entry, int points) {
        // Cannot fail: every entry holds at least one reserved point and the queue has room for as
        // many entries as there are points. Counted as dropped all the same should that ever change.
        if (queue.offer(entry)) {
            pointsQueued.add(points);
        } else {
            buffered.addAndGet(-points);
            pointsDropped.add(points);
        }
    }

    // ---- the writer thread

    private void run() {
        List<Point> batch = new ArrayList<>(Math.min(settings.batchSize(), 65_536));
        Duration retry = firstRetry;
        try {
            ensureDatabase();
            while (true) {
                if (batch.isEmpty()) {
                    fill(batch);
                }
                if (batch.isEmpty()) {
                    if (isClosing() && queue.isEmpty() && carry.isEmpty()) {
                        return;
                    }
                    continue;
                }
                if (write(batch)) {
                    batch.clear();
                    inHand = carry.size();
                    retry = firstRetry;
                    if (isClosing() && closeDeadlineNanos - System.nanoTime() <= 0) {
                        // A slow InfluxDB and a long backlog: close is bounded all the same.
                        return;
                    }
                    continue;
                }
                if (isClosing()) {
                    long left = closeDeadlineNanos - System.nanoTime();
                    if (left <= 0) {
                        return;
                    }
                    // The close signal is already given: pause without it, or the retries would spin. Short
                    // pauses, so that an InfluxDB that comes back within the close timeout still gets the points.
                    TimeUnit.NANOSECONDS.sleep(Math.min(left, Math.min(retry.toNanos(), CLOSING_RETRY.toNanos())));
                } else {
                    closing.await(retry.toNanos(), TimeUnit.NANOSECONDS);
                }
                retry = retry.multipliedBy(2).compareTo(longestRetry) > 0 ? longestRetry : retry.multipliedBy(2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.ERROR, "the InfluxDB history writer stopped: " + e, e);
        } finally {
            long lost = batch.size() + carry.size() + buffered.getAndSet(0);
            queue.clear();
            carry.clear();
            inHand = 0;
            if (lost > 0) {
                pointsDropped.add(lost);
                LOG.log(Level.WARNING, "the InfluxDB history writer stopped with " + lost + " points unwritten; they are lost");
            }
        }
    }

    private boolean isClosing() {
        return closing.getCount() == 0;
    }

    /**
     * Moves up to a batch of points into {@code batch}: what is left over from the last entry first,
     * then entries as they come until the batch is full or the flush interval has passed (at once
     * when closing).
     */
    private void fill(List<Point> batch) throws InterruptedException {
        int size = settings.batchSize();
        long deadline = System.nanoTime() + settings.flushInterval().toNanos();
        while (batch.size() < size) {
            if (!carry.isEmpty()) {
                batch.add(carry.poll());
                continue;
            }
            long left = deadline - System.nanoTime();
            Pending entry = left > 0 && !isClosing() ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
            if (entry == null) {
                break;
            }
            if (entry == Wake.INSTANCE) {
                continue;
            }
            buffered.addAndGet(-entry.points());
            convert(entry);
            inHand = batch.size() + carry.size();
        }
        inHand = batch.size() + carry.size();
    }

    private void convert(Pending entry) {
        int before = carry.size();
        long invalidBefore = pointsInvalid.sum();
        HistoryPoints.Sink sink = new HistoryPoints.Sink() {
            @Override
            public void point(Point point) {
                carry.add(point);
            }

            @Override
            public void invalid() {
                pointsInvalid.increment();
            }
        };
        try {
            if (entry instanceof SampleBatch s) {
                schema.samples(s.branch(), s.samples(), sink);
            } else if (entry instanceof Transition t) {
                schema.transition(t.change(), sink);
            } else if (entry instanceof Readiness r) {
                schema.readiness(r.snapshot(), sink);
            } else if (entry instanceof Fiber f) {
                schema.fiber(f.picture(), sink);
            }
        } catch (RuntimeException e) {
            // Data the converter did not expect (a time out of InfluxDB's range): the rest of the entry is invalid.
            long accounted = (carry.size() - before) + (pointsInvalid.sum() - invalidBefore);
            pointsInvalid.add(Math.max(0, entry.points() - accounted));
            LOG.log(Level.WARNING, "history: could not turn " + entry.getClass().getSimpleName() + " into points: " + e);
        }
    }

    /**
     * Creates the database when it is missing (CREATE DATABASE changes nothing when it exists). A
     * failure is logged and tried again before the next write: the server may be starting, or the user
     * may lack the right while the database exists (the write tells).
     */
    private void ensureDatabase() {
        if (databaseReady) {
            return;
        }
        try {
            QueryResult result = client().query(new Query("CREATE DATABASE " + identifier(settings.database()), null, true));
            String error = result.getError();
            if (error == null && result.getResults() != null) {
                for (QueryResult.Result r : result.getResults()) {
                    if (r.getError() != null) {
                        error = r.getError();
                    }
                }
            }
            if (error == null) {
                databaseReady = true;
                databaseWarned = false;
            } else {
                databaseProblem("InfluxDB would not create database " + settings.database() + ": " + error
                        + "; writing anyway, and trying again before the next write");
            }
        } catch (RuntimeException e) {
            databaseProblem("could not create database " + settings.database() + " at " + settings.url()
                    + ": " + e.getMessage() + "; trying again before the next write");
        }
    }

    /** Said once until it is solved: during an outage every attempt fails, and the write's failure is logged too. */
    private void databaseProblem(String message) {
        LOG.log(databaseWarned ? Level.DEBUG : Level.WARNING, "history: " + message);
        databaseWarned = true;
    }

    /** The client, made on first use; InfluxDBIOException while the host name does not resolve. */
    private InfluxDB client() {
        InfluxDB client = influx;
        if (client == null) {
            String user = settings.user();
            client = user == null
                    ? InfluxDBFactory.connect(settings.url(), httpClient)
                    : InfluxDBFactory.connect(settings.url(), user, settings.password() == null ? "" : settings.password(),
                            httpClient);
            client.enableGzip();
            influx = client;
        }
        return client;
    }

    /** An InfluxQL identifier in double quotes. */
    static String identifier(String name) {
        return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * Writes one batch; true when it is done with (written, or refused and let go), false when it
     * should be tried again.
     */
    private boolean write(List<Point> batch) {
        ensureDatabase();
        BatchPoints points = BatchPoints.database(settings.database())
                .retentionPolicy(settings.retentionPolicy())
                // Nanoseconds: alert transitions use them to keep changes of one millisecond apart.
                .precision(TimeUnit.NANOSECONDS)
                .points(batch)
                .build();
        lastStatus = 0;
        try {
            client().write(points);
            written(batch.size(), batch.size());
            return true;
        } catch (InfluxDBException e) {
            int status = lastStatus;
            String message = String.valueOf(e.getMessage());
            if (refused(status, e)) {
                int refusedPoints = refusedCount(message, batch.size());
                batchesRefused.incrementAndGet();
                pointsRefused.addAndGet(refusedPoints);
                // A partial write kept the others.
                written(batch.size() - refusedPoints, 0);
                LOG.log(Level.WARNING, "history: InfluxDB refused " + refusedPoints + " of " + batch.size()
                        + " points (HTTP " + status + "): " + shorten(message) + "; the batch is let go");
                return true;
            }
            if (status == 404) {
                // The database is gone (or never was): create it before the retry.
                databaseReady = false;
            }
            failed(status, message, batch.size());
            return false;
        } catch (RuntimeException e) {
            failed(lastStatus, String.valueOf(e), batch.size());
            return false;
        }
    }

    private void written(int points, int wholeBatch) {
        if (points > 0) {
            pointsWritten.addAndGet(points);
            lastWriteMillis = System.currentTimeMillis();
        }
        if (wholeBatch > 0) {
            batchesWritten.incrementAndGet();
            databaseReady = true;
        }
        if (failureStreak > 0) {
            LOG.log(Level.INFO, "history: InfluxDB at " + settings.url() + " takes points again after "
                    + failureStreak + " failed attempts");
            failureStreak = 0;
        }
    }

    private void failed(int status, String message, int points) {
        batchFailures.incrementAndGet();
        failureStreak++;
        long now = System.nanoTime();
        if (failureStreak == 1 || now - lastFailureLogNanos >= FAILURE_LOG_EVERY_NANOS) {
            lastFailureLogNanos = now;
            LOG.log(Level.WARNING, "history: could not write " + points + " points to InfluxDB at " + settings.url()
                    + (status == 0 ? "" : " (HTTP " + status + ")") + ": " + shorten(message)
                    + "; retrying while up to " + settings.bufferCapacity() + " points queue"
                    + (failureStreak > 1 ? " (" + failureStreak + " failures in a row)" : ""));
        }
    }

    /**
     * Whether InfluxDB judged the batch itself (a 4xx), so that sending it again cannot help. Not an
     * unknown database (404: created before the retry) and not a missing right (401, 403: it may be
     * granted while we wait); those are retried like an outage.
     */
    static boolean refused(int status, InfluxDBException e) {
        if (status == 404 || status == 401 || status == 403 || status == 408 || status == 429) {
            return false;
        }
        if (status >= 400 && status < 500) {
            return true;
        }
        // No status seen (should not happen with an answer): judge by what influxdb-java made of it.
        return status == 0 && (e instanceof InfluxDBException.UnableToParseException
                || e instanceof InfluxDBException.FieldTypeConflictException
                || e instanceof InfluxDBException.PointsBeyondRetentionPolicyException);
    }

    /**
     * How many points of a refused batch InfluxDB dropped: {@code dropped=N} of a partial write names
     * them (points it parsed and would not keep) and each "unable to parse" is one line more; without
     * either, the whole batch counts.
     */
    static int refusedCount(String message, int batchSize) {
        int refused = 0;
        Matcher m = DROPPED.matcher(message);
        if (m.find()) {
            try {
                refused += Integer.parseInt(m.group(1));
            } catch (NumberFormatException tooLarge) {
                return batchSize;
            }
        }
        int from = 0;
        while ((from = message.indexOf("unable to parse", from)) >= 0) {
            refused++;
            from += 1;
        }
        boolean partial = message.contains("partial write");
        if (!partial || refused == 0) {
            return batchSize;
        }
        return Math.min(refused, batchSize);
    }

    private static String shorten(String message) {
        return message.length() <= 500 ? message : message.substring(0, 500) + "…";
    }

    // ---- stopping

    /**
     * Writes what is queued (for at most {@value #CLOSE_SECONDS} seconds; the rest is dropped and
     * counted), then stops the writer and the HTTP client. Later calls drop and count.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeDeadlineNanos = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
        closing.countDown();
        // Wakes a writer waiting for entries. Should the queue be full it is not waiting.
        queue.offer(Wake.INSTANCE);
        try {
            writer.join(CLOSE_TIMEOUT.plusSeconds(1).toMillis());
            if (writer.isAlive()) {
                // A write in flight to a server that does not answer: cancel it, so that the writer ends.
                http.cancelAll();
                writer.interrupt();
                writer.join(TimeUnit.SECONDS.toMillis(2));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            InfluxDB client = influx;
            if (client != null) {
                client.close();
            }
        }
    }

    // ---- counters

    /** Points taken into the buffer. */
    public long pointsQueued() {
        return pointsQueued.sum();
    }

    /** Points InfluxDB took. */
    public long pointsWritten() {
        return pointsWritten.get();
    }

    /** Points dropped because the buffer was full (or the history closed). */
    public long pointsDropped() {
        return pointsDropped.sum();
    }

    /** Points that could not be written: values that are not numbers, text a tag cannot hold. */
    public long pointsInvalid() {
        return pointsInvalid.sum();
    }

    /** Points of refused batches that InfluxDB did not keep. */
    public long pointsRefused() {
        return pointsRefused.get();
    }

    /** Batches InfluxDB took whole. */
    public long batchesWritten() {
        return batchesWritten.get();
    }

    /** Attempts that failed and were (or will be) retried: InfluxDB away, 5xx, no right yet, no database. */
    public long batchFailures() {
        return batchFailures.get();
    }

    /** Batches InfluxDB refused (4xx) and that were let go. */
    public long batchesRefused() {
        return batchesRefused.get();
    }

    /** Points waiting to be written: in the buffer and in the writer's hands. */
    public long queueDepth() {
        return buffered.get() + inHand;
    }

    /** When InfluxDB last took points (epoch ms), or 0 if it never has. */
    public long lastWriteMillis() {
        return lastWriteMillis;
    }

    @Override
    public String toString() {
        return "InfluxHistory[" + settings.url() + settings.database() + ", queued=" + pointsQueued() + ", written="
                + pointsWritten() + ", dropped=" + pointsDropped() + ", invalid=" + pointsInvalid() + ", refused="
                + pointsRefused() + ", depth=" + queueDepth() + "]";
    }

    // ---- what waits in the buffer: the callers' immutable arguments, turned into points by the writer

    private sealed interface Pending permits SampleBatch, Transition, Readiness, Fiber, Wake {
        /** The points reserved for it: the most it turns into. */
        int points();
    }

    private record SampleBatch(Branch branch, List<Sample> samples) implements Pending {
        @Override
        public int points() {
            return samples.size();
        }
    }

    private record Transition(AlertChange change) implements Pending {
        @Override
        public int points() {
            return 1;
        }
    }

    private record Readiness(ReadinessSnapshot snapshot, int points) implements Pending {
    }

    private record Fiber(FiberPicture picture, int points) implements Pending {
    }

    /** Not history: tells a waiting writer to look at the closing flag. */
    private enum Wake implements Pending {
        INSTANCE;

        @Override
        public int points() {
            return 0;
        }
    }
}
