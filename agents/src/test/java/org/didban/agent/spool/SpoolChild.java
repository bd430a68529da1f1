package org.didban.agent.spool;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.didban.agent.http.UrlConnectionHttp;
import org.didban.agent.config.Secret;
import org.didban.agent.uplink.Backoff;
import org.didban.agent.uplink.Uplink;
import org.didban.model.Labels;
import org.didban.model.Sample;

/**
 * The agent side of {@link SpoolKillTest}, run in a child JVM: an {@link Uplink} over a
 * {@link DiskSpool} fed synthetic batches as fast as the spool takes them. Sample number {@code n}
 * of run {@code r} is {@code gen{run=r, n=n}}, numbered from 0, {@value #PER_BATCH} to a batch; after
 * each batch is queued (so on disk), the child appends "r count" to the log file and fsyncs it. It
 * prints its state to stdout every few milliseconds and runs until killed.
 *
 * <p>Arguments: spool directory, ingest URL, log file, run number, batches to generate.
 */
public final class SpoolChild {
    static final int PER_BATCH = 5;
    static final String AGENT = "THR-0001-a";
    static final String BRANCH = "THR-0001";

    private SpoolChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        URI ingest = URI.create(args[1]);
        Path log = Path.of(args[2]);
        int run = Integer.parseInt(args[3]);
        int batches = Integer.parseInt(args[4]);
        long pauseMillis = args.length > 5 ? Long.parseLong(args[5]) : 0;
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

        DiskSpool spool = DiskSpool.open(dir, 256L << 20, Clock.systemUTC());
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        UrlConnectionHttp http = UrlConnectionHttp.forAgent(AGENT, Duration.ofSeconds(2));
        Uplink uplink = new Uplink(AGENT, BRANCH, ingest, Secret.of("token-123"), http, scheduler, spool,
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(50)), Clock.systemUTC(), spool.nextSeq(),
                spool.epoch());
        out.printf("started epoch=%d nextSeq=%d recovered=%d%n", spool.epoch(), spool.nextSeq(),
                spool.recoveredAtOpen());
        uplink.sendQueued();

        AtomicLong generated = new AtomicLong();
        AtomicBoolean done = new AtomicBoolean();
        ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "status");
            t.setDaemon(true);
            return t;
        });
        reporter.scheduleAtFixedRate(() -> {
            DiskSpool.Stats s = spool.stats();
            out.printf("status size=%d generated=%d done=%b replayed=%d dropped=%d%n", s.batches(), generated.get(),
                    done.get(), s.replayed(), s.droppedSamples() + s.droppedEvents());
        }, 0, 20, TimeUnit.MILLISECONDS);

        try (FileChannel logChannel = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            long n = 0;
            for (int b = 0; b < batches; b++) {
                List<Sample> samples = new ArrayList<>(PER_BATCH);
                for (int k = 0; k < PER_BATCH; k++, n++) {
                    samples.add(new Sample("THR-0001-dev" + (k % 2), "gen",
                            Labels.of("run", String.valueOf(run), "n", String.valueOf(n)), n, System.currentTimeMillis()));
                }
                uplink.submit(samples, List.of()); // returns once the batch is on disk
                generated.set(n);
                logChannel.write(ByteBuffer.wrap((run + " " + n + "\n").getBytes(StandardCharsets.US_ASCII)));
                logChannel.force(false);
                if (pauseMillis > 0) {
                    Thread.sleep(pauseMillis);
                }
            }
        } catch (IOException e) {
            e.printStackTrace();
            System.exit(3);
        }
        done.set(true);
        Thread.currentThread().join(); // until killed
    }
}
