package org.didban.collector.history;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;

/**
 * Where and how the collector writes its history: an InfluxDB that speaks the 1.x HTTP API
 * ({@code /write}, {@code /query}; InfluxDB 1.x, or the 1.x-compatible API of later versions), the
 * database and retention policy, and how points are batched and buffered. Immutable; made with
 * {@link #builder(String)}. See docs/HISTORY.md.
 */
public final class InfluxSettings {
    /** Where the caller reads the password from, so that it stays out of files and command lines. */
    public static final String PASSWORD_ENV = "DIDBAN_INFLUX_PASSWORD";
    public static final String DEFAULT_DATABASE = "didban";
    public static final int DEFAULT_BATCH_SIZE = 5_000;
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
    public static final int DEFAULT_BUFFER_CAPACITY = 200_000;
    /** Which calendar day a daily point belongs to: the elections' own. */
    public static final ZoneId DEFAULT_DAY_ZONE = ZoneId.of("Asia/Tehran");

    private final String url;
    private final String database;
    private final String user;
    private final String password;
    private final String retentionPolicy;
    private final int batchSize;
    private final Duration flushInterval;
    private final int bufferCapacity;
    private final boolean writeSamples;
    private final ZoneId dayZone;

    private InfluxSettings(Builder b) {
        this.url = checkedUrl(b.url);
        this.database = requireName(b.database, "database");
        this.user = emptyToNull(b.user);
        this.password = b.password;
        this.retentionPolicy = emptyToNull(b.retentionPolicy);
        this.batchSize = requirePositive(b.batchSize, "batch size");
        this.flushInterval = Objects.requireNonNull(b.flushInterval, "flush interval");
        if (flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("the flush interval must be positive, not " + flushInterval);
        }
        this.bufferCapacity = requirePositive(b.bufferCapacity, "buffer capacity");
        this.writeSamples = b.writeSamples;
        this.dayZone = Objects.requireNonNull(b.dayZone, "day zone");
    }

    /** Settings for the InfluxDB at {@code url} (such as {@code http://127.0.0.1:8086}), the rest by default. */
    public static Builder builder(String url) {
        return new Builder(url);
    }

    private static String checkedUrl(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the InfluxDB address is missing; give one such as http://127.0.0.1:8086");
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the InfluxDB address '" + text + "' is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("the InfluxDB address '" + text + "' must start with http:// or https://");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("the InfluxDB address '" + text + "' has no host");
        }
        if (uri.getRawUserInfo() != null) {
            // A password in the URL would end up in logs and process listings.
            throw new IllegalArgumentException("the InfluxDB address must not hold a user or password;"
                    + " give the user as a setting and the password in " + PASSWORD_ENV);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("the InfluxDB address '" + text + "' must not have a query or fragment");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        // The client resolves /write and /query against the address, which needs a trailing slash after a path.
        String base = scheme + "://" + uri.getRawAuthority() + path;
        return base.endsWith("/") ? base : base + "/";
    }

    private static String requireName(String name, String what) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("the InfluxDB " + what + " name is missing");
        }
        return name;
    }

    private static int requirePositive(int n, String what) {
        if (n <= 0) {
            throw new IllegalArgumentException("the history " + what + " must be positive, not " + n);
        }
        return n;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** The server's address, ending in a slash: {@code http://127.0.0.1:8086/}. */
    public String url() {
        return url;
    }

    public String database() {
        return database;
    }

    /** The user, or null to write without authentication. */
    public String user() {
        return user;
    }

    /** The password, or null; only used with a {@link #user()}. */
    public String password() {
        return password;
    }

    /** The retention policy to write into, or null for the database's default. */
    public String retentionPolicy() {
        return retentionPolicy;
    }

    /** The most points one write carries. */
    public int batchSize() {
        return batchSize;
    }

    /** The longest a queued point waits before it is written (while InfluxDB answers). */
    public Duration flushInterval() {
        return flushInterval;
    }

    /** The most points waiting to be written; more are dropped and counted. */
    public int bufferCapacity() {
        return bufferCapacity;
    }

    /** Whether device samples are written at all; alert transitions and daily points are written either way. */
    public boolean writeSamples() {
        return writeSamples;
    }

    /** The zone whose calendar days the daily points belong to. */
    public ZoneId dayZone() {
        return dayZone;
    }

    @Override
    public String toString() {
        return "InfluxSettings[url=" + url + ", database=" + database + ", user=" + user
                + ", password=" + (password == null ? "none" : "…") + ", retentionPolicy=" + retentionPolicy
                + ", batchSize=" + batchSize + ", flushInterval=" + flushInterval + ", bufferCapacity=" + bufferCapacity
                + ", writeSamples=" + writeSamples + ", dayZone=" + dayZone + "]";
    }

    /** Collects settings; {@link #build()} checks them. */
    public static final class Builder {
        private final String url;
        private String database = DEFAULT_DATABASE;
        private String user;
        private String password;
        private String retentionPolicy;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Duration flushInterval = DEFAULT_FLUSH_INTERVAL;
        private int bufferCapacity = DEFAULT_BUFFER_CAPACITY;
        private boolean writeSamples = true;
        private ZoneId dayZone = DEFAULT_DAY_ZONE;

        private Builder(String url) {
            this.url = url;
        }

        public Builder database(String name) {
            this.database = name;
            return this;
        }

        /** Null or empty: no authentication. */
        public Builder user(String name) {
            this.user = name;
            return this;
        }

        /** Read by the caller from {@link #PASSWORD_ENV}; null for none. */
        public Builder password(String secret) {
            this.password = secret;
            return this;
        }

        /** Null or empty: the database's default retention policy. */
        public Builder retentionPolicy(String name) {
            this.retentionPolicy = name;
            return this;
        }

        public Builder batchSize(int points) {
            this.batchSize = points;
            return this;
        }

        public Builder flushInterval(Duration interval) {
            this.flushInterval = interval;
            return this;
        }

        public Builder bufferCapacity(int points) {
            this.bufferCapacity = points;
            return this;
        }

        public Builder writeSamples(boolean on) {
            this.writeSamples = on;
            return this;
        }

        public Builder dayZone(ZoneId zone) {
            this.dayZone = zone;
            return this;
        }

        /** The settings; IllegalArgumentException saying what is wrong when something is. */
        public InfluxSettings build() {
            return new InfluxSettings(this);
        }
    }
}
