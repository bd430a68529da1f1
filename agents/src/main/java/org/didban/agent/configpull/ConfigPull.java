package org.didban.agent.configpull;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.didban.agent.config.ConfigException;
import org.didban.agent.config.SiteConfig;
import org.didban.agent.config.SiteConfigReader;
import org.didban.agent.http.CollectorHttp;

/**
 * Where the agent's {@link SiteConfig} comes from, and how it stays current.
 *
 * <ul>
 *   <li>{@link #local(Path)}: a site file on disk, read once; nothing is fetched.</li>
 *   <li>{@link #pulled(Path, Path, CollectorHttp)}: the site file (or the last good copy) says who the
 *       agent is, where the collector is and its token; {@link #pullOnce()} then asks
 *       {@code GET {collector}/api/v1/agents/{agent-id}/config} with {@code If-None-Match}. A new
 *       config is checked with {@link SiteConfigReader} (and must keep the agent id and branch)
 *       <em>before</em> it is kept; it is then written atomically, owner-only (it holds the token
 *       and SNMP passphrases), to the last good copy, and the listener is told. A collector that
 *       cannot be reached, refuses, or serves a bad config leaves the config in force as it is:
 *       counted in {@link Stats}, logged without secrets. A restart without the collector starts
 *       from the last good copy.</li>
 * </ul>
 *
 * With several collector addresses (a cluster), a pull asks the address that last worked; when it
 * cannot be reached, times out or answers 5xx, the same pull asks the next one, round robin, each
 * address at most once. Any other answer (304, 200, 401, 404…) ends the pull where it is.
 *
 * On start the last good copy wins over the site file, unless the site file was changed after it
 * (an operator re-enrolled the agent by hand).
 */
public final class ConfigPull implements AutoCloseable {
    /** The path the collector serves configs at, under its base address. */
    public static final String PATH = "/api/v1/agents/%s/config";
    /** A site config is a few kilobytes; a larger answer is refused, not buffered. */
    public static final int MAX_BYTES = 1024 * 1024;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final System.Logger LOG = System.getLogger(ConfigPull.class.getName());
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    /** What one {@link #pullOnce()} did. */
    public enum Outcome {
        /** A local file only: nothing to fetch. */
        LOCAL,
        /** 304, or the same bytes again. */
        UNCHANGED,
        /** A new, valid config is in force (and written to the last good copy). */
        CHANGED,
        /** No answer (connection, timeout): the config in force stays. */
        UNREACHABLE,
        /** An answer other than 200/304 (401, 403, 404, 5xx…): the config in force stays. */
        REFUSED,
        /** A 200 whose config the agent would not run (bad YAML, a field wrong, another agent's): refused. */
        INVALID
    }

    /** Counters, for logs and the agent's own metrics. */
    public static final class Stats {
        final AtomicLong pulls = new AtomicLong();
        final AtomicLong unchanged = new AtomicLong();
        final AtomicLong changes = new AtomicLong();
        final AtomicLong unreachable = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final AtomicLong invalid = new AtomicLong();
        final AtomicLong writeFailures = new AtomicLong();
        final AtomicLong failovers = new AtomicLong();

        public long pulls() {
            return pulls.get();
        }

        public long unchanged() {
            return unchanged.get();
        }

        public long changes() {
            return changes.get();
        }

        public long unreachable() {
            return unreachable.get();
        }

        public long refused() {
            return refused.get();
        }

        public long invalid() {
            return invalid.get();
        }

        /** Configs applied but not saved as the last good copy (disk full, read-only). */
        public long writeFailures() {
            return writeFailures.get();
        }

        /** Moves from one collector address to the next after it failed (connection, timeout, 5xx). */
        public long failovers() {
            return failovers.get();
        }

        @Override
        public String toString() {
            return "pulls=" + pulls + " unchanged=" + unchanged + " changes=" + changes + " unreachable=" + unreachable
                    + " refused=" + refused + " invalid=" + invalid + " writeFailures=" + writeFailures
                    + " failovers=" + failovers;
        }
    }

    private final Path lastGood;
    private final CollectorHttp http;
    private final Duration timeout;
    private final Stats stats = new Stats();
    private final Object lock = new Object();
    private volatile SiteConfig current;
    private byte[] currentBytes;
    private String etag;
    /** The collector address the next pull asks first: an index into the config in force's list. */
    private int node;
    private ScheduledExecutorService timer;

    private ConfigPull(SiteConfig config, byte[] bytes, Path lastGood, CollectorHttp http, Duration timeout) {
        this.current = config;
        this.currentBytes = bytes;
        this.etag = etagOf(bytes);
        this.lastGood = lastGood;
        this.http = http;
        this.timeout = timeout;
    }

    /** A local site file alone: read and checked now; {@link #pullOnce()} does nothing. */
    public static ConfigPull local(Path siteFile) throws ConfigException {
        byte[] bytes = read(siteFile);
        return new ConfigPull(SiteConfigReader.parse(utf8(bytes), siteFile.toString()), bytes, null, null, null);
    }

    /** As {@link #pulled(Path, Path, CollectorHttp, Duration)} with a 10 s request timeout. */
    public static ConfigPull pulled(Path siteFile, Path lastGood, CollectorHttp http) throws ConfigException {
        return pulled(siteFile, lastGood, http, DEFAULT_TIMEOUT);
    }

    /**
     * A config kept current from the collector. Starts from {@code lastGood} when it is there and
     * valid (and not older than {@code siteFile}), else from {@code siteFile}, which may then be
     * missing only if the last good copy is there. Nothing is fetched yet: call {@link #pullOnce()}
     * or {@link #start}.
     *
     * @param siteFile the site file the agent was installed with (identity, collector, token); may be null
     * @param lastGood where the last good copy is kept, e.g. {@code /var/lib/didban-agent/site.yaml}
     */
    public static ConfigPull pulled(Path siteFile, Path lastGood, CollectorHttp http, Duration timeout)
            throws ConfigException {
        Objects.requireNonNull(lastGood, "lastGood");
        Objects.requireNonNull(http, "http");
        boolean haveSite = siteFile != null && Files.isRegularFile(siteFile);
        if (Files.isRegularFile(lastGood) && !(haveSite && newer(siteFile, lastGood))) {
            try {
                byte[] bytes = read(lastGood);
                SiteConfig config = SiteConfigReader.parseServed(utf8(bytes), lastGood.toString());
                LOG.log(Level.INFO, "agent {0}: starting from the last good config copy {1}", config.agentId(), lastGood);
                return new ConfigPull(config, bytes, lastGood, http, timeout);
            } catch (ConfigException e) {
                if (!haveSite) {
                    throw e;
                }
                LOG.log(Level.WARNING, "the last good config copy is unusable, starting from {0}: {1}", siteFile, e.getMessage());
            }
        }
        if (!haveSite) {
            throw new ConfigException("neither a site file (" + siteFile + ") nor a last good copy (" + lastGood + ") to start from");
        }
        byte[] bytes = read(siteFile);
        SiteConfig config = SiteConfigReader.parse(utf8(bytes), siteFile.toString());
        return new ConfigPull(config, bytes, lastGood, http, timeout);
    }

    /** The config in force. */
    public SiteConfig current() {
        return current;
    }

    public Stats stats() {
        return stats;
    }

    public boolean pulls() {
        return http != null;
    }

    /** The address the config is fetched from at the first collector, given the config in force. */
    public static URI configUri(SiteConfig config) {
        return configUri(config, config.collector());
    }

    /** The address the config is fetched from at the collector node {@code collector}. */
    public static URI configUri(SiteConfig config, URI collector) {
        String base = collector.toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + String.format(PATH,
                URLEncoder.encode(config.agentId(), StandardCharsets.UTF_8).replace("+", "%20")));
    }

    /**
     * Asks the collector once; blocks up to the request timeout. Never throws for what the
     * collector or the network does: the outcome says it, and the config in force stays unless
     * a new valid one arrived.
     */
    public Outcome pullOnce() {
        if (http == null) {
            return Outcome.LOCAL;
        }
        synchronized (lock) {
            stats.pulls.incrementAndGet();
            SiteConfig before = current;
            List<URI> nodes = before.collectors();
            CollectorHttp.Reply response = null;
            Throwable unreachable = null;
            URI asked = null;
            for (int tried = 0; tried < nodes.size(); tried++) {
                asked = nodes.get(Math.floorMod(node, nodes.size()));
                CollectorHttp.Request request = CollectorHttp.Request.get(configUri(before, asked), Map.of(
                        "Authorization", "Bearer " + before.token().reveal(),
                        "If-None-Match", etag,
                        "Accept", "application/yaml"), timeout);
                try {
                    // the client's own read timeout bounds the wait; this bound is a backstop
                    response = http.send(request).get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
                    unreachable = null;
                } catch (ExecutionException | TimeoutException e) {
                    unreachable = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                    response = null;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stats.unreachable.incrementAndGet();
                    return Outcome.UNREACHABLE;
                }
                if (response != null && response.status() < 500) {
                    break;
                }
                failOver(before, nodes, response == null ? unreachable.getClass().getSimpleName()
                        : "HTTP " + response.status());
            }
            if (response == null) {
                stats.unreachable.incrementAndGet();
                LOG.log(Level.WARNING, "agent {0}: cannot fetch its config from {1} ({2}); keeping the config in force",
                        before.agentId(), nodes.size() == 1 ? SiteConfig.shown(asked)
                                : "any of its " + nodes.size() + " collector addresses",
                        unreachable.getClass().getSimpleName());
                return Outcome.UNREACHABLE;
            }
            byte[] body = response.body();
            int status = response.status();
            if (status == 304) {
                stats.unchanged.incrementAndGet();
                return Outcome.UNCHANGED;
            }
            if (status != 200) {
                stats.refused.incrementAndGet();
                LOG.log(Level.WARNING, "agent {0}: the collector answered HTTP {1} for its config: {2}; keeping the config in force",
                        before.agentId(), status, excerpt(body));
                return Outcome.REFUSED;
            }
            if (body.length > MAX_BYTES) {
                return invalid(before, "larger than " + MAX_BYTES + " bytes");
            }
            SiteConfig next;
            try {
                next = SiteConfigReader.parseServed(utf8(body), "config from " + configUri(before, asked));
            } catch (ConfigException e) {
                // the reader's messages name the field, never the value of a secret
                return invalid(before, e.getMessage());
            }
            if (!next.agentId().equals(before.agentId())) {
                return invalid(before, "it is for agent '" + next.agentId() + "'");
            }
            if (!next.branch().equals(before.branch())) {
                return invalid(before, "it is for branch '" + next.branch() + "', not '" + before.branch() + "'");
            }
            String tag = response.header("ETag").orElse(etagOf(body));
            if (Arrays.equals(body, currentBytes)) {
                etag = tag;
                stats.unchanged.incrementAndGet();
                return Outcome.UNCHANGED;
            }
            try {
                writeAtomically(lastGood, body);
            } catch (IOException e) {
                stats.writeFailures.incrementAndGet();
                LOG.log(Level.ERROR, "agent {0}: cannot save the last good config copy {1} ({2}); the new config is used anyway",
                        before.agentId(), lastGood, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            if (!next.collectors().equals(before.collectors())) {
                node = 0; // a new list of addresses: start again at its first
            }
            current = next;
            currentBytes = body;
            etag = tag;
            stats.changes.incrementAndGet();
            LOG.log(Level.INFO, "agent {0}: new config from the collector ({1} devices, poll every {2})",
                    next.agentId(), next.devices().size(), next.pollInterval());
            return Outcome.CHANGED;
        }
    }

    /** The next pull (or the next try of this one) asks the next collector address, round robin. */
    private void failOver(SiteConfig config, List<URI> nodes, String why) {
        if (nodes.size() < 2) {
            return;
        }
        URI from = nodes.get(Math.floorMod(node, nodes.size()));
        node = Math.floorMod(node + 1, nodes.size());
        stats.failovers.incrementAndGet();
        LOG.log(Level.WARNING, "agent {0}: collector {1} failed for its config ({2}); asking {3}",
                config.agentId(), SiteConfig.shown(from), why, SiteConfig.shown(nodes.get(node)));
    }

    private Outcome invalid(SiteConfig before, String why) {
        stats.invalid.incrementAndGet();
        LOG.log(Level.ERROR, "agent {0}: refused the config the collector served: {1}; keeping the config in force",
                before.agentId(), why);
        return Outcome.INVALID;
    }

    /**
     * Pulls now and then every {@code every} (with up to 10 % jitter, so that a county's agents do
     * not ask in step) on a daemon thread of its own; {@code onChange} is called on that thread with
     * each new config. A local config starts nothing.
     */
    public void start(Duration every, Consumer<SiteConfig> onChange) {
        Objects.requireNonNull(onChange, "onChange");
        if (http == null) {
            return;
        }
        synchronized (this) {
            if (timer != null) {
                throw new IllegalStateException("already started");
            }
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "didban-config-pull");
                t.setDaemon(true);
                return t;
            });
        }
        long period = Math.max(1, every.toMillis());
        timer.scheduleWithFixedDelay(() -> {
            try {
                if (pullOnce() == Outcome.CHANGED) {
                    onChange.accept(current);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "config pull or its listener failed: " + e.getClass().getName());
            }
        }, 0, period + ThreadLocalRandom.current().nextLong(period / 10 + 1), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (timer != null) {
                timer.shutdownNow();
            }
        }
    }

    /** Writes a temporary file beside {@code file}, owner-only from its creation, forces it to disk, renames it over. */
    static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(dir)) {
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            } else {
                Files.createDirectories(dir);
            }
        }
        FileAttribute<?>[] attrs = posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp", attrs);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        if (posix) {
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true); // the rename itself survives a power cut
            } catch (IOException | UnsupportedOperationException ignored) {
                // not every file system lets a directory be opened; the rename is still atomic
            }
        }
    }

    private static boolean newer(Path a, Path b) {
        try {
            return Files.getLastModifiedTime(a).compareTo(Files.getLastModifiedTime(b)) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads a file holding secrets; warns (never with its content) when group or others may read it. */
    private static byte[] read(Path file) throws ConfigException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read (" + e.getClass().getSimpleName() + ")", e);
        }
        org.didban.secrets.Secrets.warnIfExposed(file, "site config");
        return bytes;
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The collector's JSON error, cut short; a config body (200) is never logged. */
    private static String excerpt(byte[] body) {
        String s = utf8(Arrays.copyOf(body, Math.min(body.length, 300))).replaceAll("[\\r\\n\\t]+", " ");
        return s.isBlank() ? "(no body)" : s;
    }

    /** The same strong tag the collector gives: {@code "<sha-256 in hex>"}. */
    static String etagOf(byte[] bytes) {
        try {
            return '"' + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
