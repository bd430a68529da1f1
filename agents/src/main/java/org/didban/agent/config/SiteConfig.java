package org.didban.agent.config;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.didban.wire.SiteBatchCodec;

/**
 * What one site agent needs: who it is, which branch it speaks for, where the collector is, how
 * often to poll, and the devices of the branch.
 *
 * @param collectors base addresses of the collector's nodes, e.g. {@code http://127.0.0.1:8080}: one for a
 *                  single collector, up to {@value #MAX_COLLECTORS} for a cluster (any node takes any batch).
 *                  The agent starts with the first and moves to the next when one fails; all share one
 *                  scheme, so an enrolled agent's certificate and pinned CA hold for every one
 * @param token     bearer token the collector knows this agent by
 * @param macAllowlist MACs allowed on the branch LAN (lower case, aa:bb:cc:dd:ee:ff); empty: the LAN
 *                  watch reports no unknown MACs (moves only)
 * @param reportRefresh how often everything is sent again although unchanged (report by
 *                  exception); one no longer than the poll interval sends every value every poll
 */
public record SiteConfig(String agentId, String branch, List<URI> collectors, Secret token, Duration pollInterval,
                         List<DeviceConfig> devices, Set<String> macAllowlist, Duration reportRefresh) {
    public static final Duration DEFAULT_REPORT_REFRESH = Duration.ofMinutes(5);
    /** Collector addresses one agent may be given: a cluster's nodes, not a fleet's. */
    public static final int MAX_COLLECTORS = 16;

    /** One collector. */
    public SiteConfig(String agentId, String branch, URI collector, Secret token, Duration pollInterval,
                      List<DeviceConfig> devices, Set<String> macAllowlist, Duration reportRefresh) {
        this(agentId, branch, List.of(Objects.requireNonNull(collector, "collector")), token, pollInterval, devices,
                macAllowlist, reportRefresh);
    }

    public SiteConfig(String agentId, String branch, URI collector, Secret token, Duration pollInterval,
                      List<DeviceConfig> devices, Set<String> macAllowlist) {
        this(agentId, branch, collector, token, pollInterval, devices, macAllowlist, DEFAULT_REPORT_REFRESH);
    }

    public SiteConfig(String agentId, String branch, URI collector, Secret token, Duration pollInterval,
                      List<DeviceConfig> devices) {
        this(agentId, branch, collector, token, pollInterval, devices, Set.of());
    }

    public SiteConfig {
        macAllowlist = macAllowlist == null ? Set.of() : Set.copyOf(macAllowlist);
        reportRefresh = reportRefresh == null ? DEFAULT_REPORT_REFRESH : reportRefresh;
        if (reportRefresh.isNegative()) {
            throw new IllegalArgumentException("report-refresh cannot be negative");
        }
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(collectors, "collectors");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(pollInterval, "pollInterval");
        devices = List.copyOf(devices);
        if (pollInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("poll interval must be at least 1s, got " + pollInterval);
        }
        collectors = List.copyOf(collectors);
        checkCollectors(collectors);
        wireText(agentId, "agent id");
        wireText(branch, "branch");
        for (int i = 0; i < token.length(); i++) {
            char c = token.reveal().charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("token contains a control character; an HTTP header cannot carry it");
            }
        }
        Set<String> ids = new HashSet<>();
        for (DeviceConfig d : devices) {
            wireText(d.id(), "device id");
            if (!ids.add(d.id())) {
                throw new IllegalArgumentException("device id '" + d.id() + "' appears twice");
            }
        }
    }

    /** Names that go into every batch: the collector refuses a batch whose text is too long. */
    private static void wireText(String text, String what) {
        int max = SiteBatchCodec.Limits.DEFAULT.maxTextLength();
        if (text.isBlank() || text.length() > max) {
            throw new IllegalArgumentException(what + " must be 1 to " + max + " characters");
        }
    }

    /**
     * 1 to {@value #MAX_COLLECTORS} http(s) addresses with a host, no user or password, one scheme,
     * none twice. Messages show an address only as {@link #shown(URI)} does.
     */
    private static void checkCollectors(List<URI> collectors) {
        if (collectors.isEmpty() || collectors.size() > MAX_COLLECTORS) {
            throw new IllegalArgumentException("collector needs 1 to " + MAX_COLLECTORS + " addresses, got "
                    + collectors.size());
        }
        Map<String, Integer> seen = new HashMap<>();
        String scheme = null;
        for (int i = 0; i < collectors.size(); i++) {
            URI c = collectors.get(i);
            String what = collectors.size() == 1 ? "collector" : "collector[" + i + "]";
            if (c.getHost() == null || !("http".equals(c.getScheme()) || "https".equals(c.getScheme()))) {
                throw new IllegalArgumentException(what + " must be an http:// or https:// address, got " + shown(c));
            }
            if (c.getRawUserInfo() != null) {
                throw new IllegalArgumentException(what + " must not hold a user or password");
            }
            if (scheme == null) {
                scheme = c.getScheme();
            } else if (!scheme.equals(c.getScheme())) {
                throw new IllegalArgumentException(what + " is " + c.getScheme() + ":// but collector[0] is " + scheme
                        + "://; the nodes of one collector take the same scheme");
            }
            Integer first = seen.putIfAbsent(sameNode(c), i);
            if (first != null) {
                throw new IllegalArgumentException(what + " is the same address as collector[" + first + "]");
            }
        }
    }

    /**
     * What makes two collector addresses the same node: scheme, host (any case), port (the
     * scheme's default when left out) and path without a trailing slash.
     */
    public static String sameNode(URI collector) {
        String scheme = String.valueOf(collector.getScheme()).toLowerCase(Locale.ROOT);
        int port = collector.getPort() >= 0 ? collector.getPort() : "https".equals(scheme) ? 443 : 80;
        String path = collector.getRawPath() == null ? "" : collector.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return scheme + "://" + String.valueOf(collector.getHost()).toLowerCase(Locale.ROOT) + ":" + port + path;
    }

    /**
     * An address as logs and messages may show it: scheme, host, port and path, never a user or
     * password or query (which could hold a credential).
     */
    public static String shown(URI address) {
        if (address.getHost() == null) {
            return address.getScheme() == null ? "(not an address)" : address.getScheme() + ":…";
        }
        return address.getScheme() + "://" + (address.getHost().indexOf(':') >= 0 && !address.getHost().startsWith("[")
                ? "[" + address.getHost() + "]" : address.getHost())
                + (address.getPort() >= 0 ? ":" + address.getPort() : "")
                + (address.getRawPath() == null ? "" : address.getRawPath());
    }

    /** The first collector address: where the agent starts. */
    public URI collector() {
        return collectors.get(0);
    }

    public SiteConfig withMacAllowlist(Set<String> macs) {
        return new SiteConfig(agentId, branch, collectors, token, pollInterval, devices, macs, reportRefresh);
    }

    /** The same site sending to these collector addresses instead. */
    public SiteConfig withCollectors(List<URI> addresses) {
        return new SiteConfig(agentId, branch, addresses, token, pollInterval, devices, macAllowlist, reportRefresh);
    }

    /** The address batches are posted to, at the first collector. */
    public URI ingestUri() {
        return ingestUri(collector());
    }

    /** Where batches are posted at each collector address, in the configured order. */
    public List<URI> ingestUris() {
        return collectors.stream().map(SiteConfig::ingestUri).toList();
    }

    private static URI ingestUri(URI collector) {
        String base = collector.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/v1/ingest");
    }
}
