package org.didban.collector.load;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.didban.model.AlertState;
import org.didban.model.AlertTransition;
import org.didban.wire.SiteBatch;
import org.didban.wire.SiteBatchCodec;

/**
 * The election-day sender: every site sends one batch per 30 s round at its own phase, the
 * sites' first rounds spread over a ramp (the collector starts empty, and a first round carries
 * every value), one batch in flight per site; a batch due while the site's previous one is still
 * unanswered goes as soon as that one is answered, and counts as late. Everything runs on one
 * context of the client's Vert.x, so the sites need no lock.
 */
final class ElectionDayRun {
    /** How often the schedule is looked at: the resolution of the pacing. */
    static final long TICK_MILLIS = 5;
    /** At most this many sends a tick: 10,000 a second, five times the national rate. */
    static final int MAX_SENDS_PER_TICK = 50;

    private final Vertx vertx;
    private final HttpClient http;
    private URI target;
    /** Sorted by phase: one sweep over them is one round. */
    private final ElectionDaySite[] sites;
    private final int[] startRound;
    private final boolean[] inFlight;
    private final boolean[] owed;
    private final long[] owedSince;
    private final double faultChance;
    private final SiteBatchCodec codec = new SiteBatchCodec();
    private long firstRoundAt;
    private int next;
    private long round;
    private long timer = -1;
    private volatile boolean running;

    final AtomicLong batches = new AtomicLong();
    final AtomicLong samples = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong sentLate = new AtomicLong();
    /** Lag of each send behind its schedule, ms; and request latency, µs. Touched on the client context only. */
    private final int[] lags = new int[4_000_000];
    private int lagCount;
    private final int[] requestMicros = new int[4_000_000];
    private int requestCount;
    final FaultClock faults = new FaultClock();

    ElectionDayRun(Vertx vertx, List<ElectionDaySite> bySite, int rampRounds, int connections, double faultChance) {
        this.vertx = vertx;
        this.faultChance = faultChance;
        Integer[] order = new Integer[bySite.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(bySite.get(a).phaseMillis, bySite.get(b).phaseMillis));
        sites = new ElectionDaySite[order.length];
        startRound = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            sites[i] = bySite.get(order[i]);
            // the i-th site of the inventory starts in ramp round i mod rampRounds: every province ramps together
            startRound[i] = order[i] % Math.max(1, rampRounds);
        }
        inFlight = new boolean[sites.length];
        owed = new boolean[sites.length];
        owedSince = new long[sites.length];
        this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(connections));
    }

    /** Starts the rounds against the collector at {@code target}; the first begins at {@code firstRoundAt} (epoch ms). */
    void start(URI target, long firstRoundAt) {
        this.target = target;
        this.firstRoundAt = firstRoundAt;
        running = true;
        vertx.runOnContext(v -> timer = vertx.setPeriodic(TICK_MILLIS, id -> tick()));
    }

    /** Puts these sites into the burst at their next round (on the client context). */
    void burst(List<ElectionDaySite> struck, double camerasShare, double uplinkShare, long seed) {
        vertx.runOnContext(v -> {
            java.util.Random r = new java.util.Random(seed);
            for (ElectionDaySite s : struck) {
                s.startBurst(r.nextDouble() < camerasShare, r.nextDouble() < uplinkShare);
            }
        });
    }

    private void tick() {
        if (!running) {
            return;
        }
        long now = System.currentTimeMillis();
        // A generator that fell behind catches up a slice at a time, so that the answers, on the
        // same loop, are still read between slices.
        for (int sends = 0; sends < MAX_SENDS_PER_TICK; ) {
            ElectionDaySite site = sites[next];
            long due = firstRoundAt + site.phaseMillis + round * ElectionDaySite.ROUND_MILLIS;
            if (due > now) {
                return;
            }
            if (round >= startRound[next]) {
                if (inFlight[next]) {
                    owed[next] = true;
                    owedSince[next] = due;
                } else {
                    send(next, due, now);
                    sends++;
                }
            }
            if (++next == sites.length) {
                next = 0;
                round++;
            }
        }
    }

    private void send(int i, long due, long now) {
        ElectionDaySite site = sites[i];
        int lag = (int) Math.max(0, now - due);
        if (lagCount < lags.length) {
            lags[lagCount++] = lag;
        }
        if (lag > 1_000) {
            sentLate.incrementAndGet();
        }
        sent.incrementAndGet();
        SiteBatch batch = site.nextRound(now, faultChance);
        Buffer body = Buffer.buffer(codec.encode(batch));
        long started = System.nanoTime();
        faults.sent(site, started);
        inFlight[i] = true;
        IngestPost.send(http, target, site.token, body)
                .onComplete(ar -> {
                    inFlight[i] = false;
                    if (ar.succeeded() && ar.result() == 200) {
                        batches.incrementAndGet();
                        samples.addAndGet(batch.samples().size());
                        if (requestCount < requestMicros.length) {
                            requestMicros[requestCount++] = (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - started) / 1000);
                        }
                    } else {
                        errors.incrementAndGet();
                    }
                    if (owed[i] && running) {
                        owed[i] = false;
                        send(i, owedSince[i], System.currentTimeMillis());
                    }
                });
    }

    /** Where the counters stand, read on the client context. */
    Mark mark() throws Exception {
        io.vertx.core.Promise<Mark> p = io.vertx.core.Promise.promise();
        vertx.runOnContext(v -> p.complete(new Mark(System.nanoTime(), batches.get(), samples.get(), errors.get(),
                sent.get(), sentLate.get(), lagCount, requestCount)));
        return p.future().toCompletionStage().toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
    }

    record Mark(long atNanos, long batches, long samples, long errors, long sent, long sentLate, int lagIndex, int requestIndex) {
    }

    /** Send lags (ms) between two marks, sorted. */
    int[] lagsBetween(Mark from, Mark to) {
        int[] out = Arrays.copyOfRange(lags, from.lagIndex(), to.lagIndex());
        Arrays.sort(out);
        return out;
    }

    /** Request latencies (µs) between two marks, sorted. */
    int[] requestsBetween(Mark from, Mark to) {
        int[] out = Arrays.copyOfRange(requestMicros, from.requestIndex(), to.requestIndex());
        Arrays.sort(out);
        return out;
    }

    /** Stops sending and waits up to {@code drainMillis} for the batches in flight. */
    void stop(long drainMillis) throws Exception {
        running = false;
        vertx.runOnContext(v -> {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
        });
        long until = System.currentTimeMillis() + drainMillis;
        while (System.currentTimeMillis() < until && anyInFlight()) {
            Thread.sleep(50);
        }
        http.close().toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    private boolean anyInFlight() throws Exception {
        io.vertx.core.Promise<Boolean> p = io.vertx.core.Promise.promise();
        vertx.runOnContext(v -> {
            for (boolean b : inFlight) {
                if (b) {
                    p.complete(true);
                    return;
                }
            }
            p.complete(false);
        });
        return p.future().toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    /**
     * Fault to alert, steady faults and the burst's apart: from the send of the batch that first
     * carries a device's fault to the rule engine raising an alert of that device (pending, or
     * firing where a rule has no `for`). A fault that clears before any alert is forgotten.
     */
    static final class FaultClock {
        private record Pending(long sentNanos, boolean burst) {
        }

        private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<Long> steady = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Long> burst = new ConcurrentLinkedQueue<>();
        private volatile boolean timing;
        final AtomicLong burstFaults = new AtomicLong();
        final AtomicLong steadyFaults = new AtomicLong();
        /** Every alert change of the run, by rule and the state moved to: what the ledger had to write. */
        final ConcurrentHashMap<String, java.util.concurrent.atomic.LongAdder> changes = new ConcurrentHashMap<>();

        void timing(boolean on) {
            timing = on;
        }

        void sent(ElectionDaySite site, long nanos) {
            for (String d : site.cleared) {
                pending.remove(d);
            }
            if (!timing) {
                return;
            }
            for (int i = 0; i < site.newFaults.size(); i++) {
                boolean inBurst = site.newFaultInBurst.get(i);
                pending.put(site.newFaults.get(i), new Pending(nanos, inBurst));
                (inBurst ? burstFaults : steadyFaults).incrementAndGet();
            }
        }

        /** On a shard's event loop. */
        void transition(AlertTransition t) {
            changes.computeIfAbsent(t.alert().key().ruleId() + " " + t.to().wireName(),
                    k -> new java.util.concurrent.atomic.LongAdder()).increment();
            boolean raised = (t.to() == AlertState.PENDING || t.to() == AlertState.FIRING)
                    && (t.from() == AlertState.INACTIVE || t.from() == AlertState.RESOLVED);
            if (!raised) {
                return;
            }
            Pending p = pending.remove(t.alert().key().device());
            if (p != null) {
                (p.burst() ? burst : steady).add(System.nanoTime() - p.sentNanos());
            }
        }

        /** The {@code n} most frequent kinds of change, e.g. {@code "PHY-01 firing 12,345"}. */
        String commonestChanges(int n) {
            return changes.entrySet().stream()
                    .sorted(java.util.Map.Entry.comparingByValue(
                            java.util.Comparator.comparingLong(java.util.concurrent.atomic.LongAdder::sum).reversed()))
                    .limit(n).map(e -> String.format("%s %,d", e.getKey(), e.getValue().sum()))
                    .collect(java.util.stream.Collectors.joining(", "));
        }

        int unanswered() {
            return pending.size();
        }

        static long[] sorted(ConcurrentLinkedQueue<Long> q) {
            return q.stream().mapToLong(Long::longValue).sorted().toArray();
        }
    }
}
