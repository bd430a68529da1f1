package org.didban.collector.notify;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;

/**
 * A Prometheus Alertmanager that hears of Didban's firing alerts through its API v2.
 * {@link #toString()} never shows credentials.
 *
 * @param url            the Alertmanager's base URL (with its route prefix, if any); alerts go to
 *                       {@code <url>/api/v2/alerts}
 * @param collectorUrl   how people reach this collector, for each alert's {@code generatorURL}; null
 *                       to send none
 * @param resendInterval how often the whole firing set is sent again; well under Alertmanager's
 *                       {@code resolve_timeout} (5 min by default), which ends alerts not heard of since
 * @param batchWindow    how long after a change Didban waits for more before sending
 * @param timeout        how long one POST may take
 * @param credentials    what to authenticate with, or null
 */
public record AlertmanagerTarget(URI url, URI collectorUrl, Duration resendInterval, Duration batchWindow,
                                 Duration timeout, Credentials credentials) {
    public static final Duration DEFAULT_RESEND_INTERVAL = Duration.ofSeconds(60);
    public static final Duration DEFAULT_BATCH_WINDOW = Duration.ofMillis(200);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** An {@code Authorization} header: bearer token or basic user and password. */
    public static final class Credentials {
        private final String header;

        private Credentials(String header) {
            this.header = header;
        }

        public static Credentials bearer(String token) {
            requireText(token, "bearer token");
            return new Credentials("Bearer " + token);
        }

        public static Credentials basic(String username, String password) {
            requireText(username, "basic-auth username");
            Objects.requireNonNull(password, "basic-auth password");
            if (username.indexOf(':') >= 0) {
                throw new IllegalArgumentException("a basic-auth username cannot contain ':'");
            }
            return new Credentials("Basic " + Base64.getEncoder().encodeToString(
                    (username + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }

        String header() {
            return header;
        }

        @Override
        public String toString() {
            return header.substring(0, header.indexOf(' ')) + " ***";
        }

        private static void requireText(String s, String what) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException(what + " is empty");
            }
        }
    }

    public AlertmanagerTarget {
        Endpoints.requireHttp(url, "alertmanager");
        if (url.getRawQuery() != null) {
            throw new IllegalArgumentException("alertmanager: the url must not have a ?query; give the base URL");
        }
        if (collectorUrl != null) {
            Endpoints.requireHttp(collectorUrl, "alertmanager collector-url");
        }
        resendInterval = positive(resendInterval == null ? DEFAULT_RESEND_INTERVAL : resendInterval, "resend interval");
        batchWindow = batchWindow == null ? DEFAULT_BATCH_WINDOW : batchWindow;
        if (batchWindow.isNegative()) {
            throw new IllegalArgumentException("alertmanager: the batch window cannot be negative");
        }
        timeout = positive(timeout == null ? DEFAULT_TIMEOUT : timeout, "timeout");
    }

    public AlertmanagerTarget(URI url, URI collectorUrl) {
        this(url, collectorUrl, null, null, null, null);
    }

    /** Where alerts are POSTed. */
    URI alertsUrl() {
        String base = url.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/v2/alerts");
    }

    private static Duration positive(Duration d, String what) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("alertmanager: the " + what + " must be longer than zero");
        }
        return d;
    }

    @Override
    public String toString() {
        return "AlertmanagerTarget[url=" + Endpoints.origin(url) + ", collectorUrl=" + collectorUrl
                + ", resendInterval=" + resendInterval + ", batchWindow=" + batchWindow + ", timeout=" + timeout
                + ", credentials=" + credentials + "]";
    }
}
