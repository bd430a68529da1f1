package org.didban.agent.config;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.didban.wire.SiteBatchCodec;

/**
 * What one site agent needs: who it is, which branch it speaks for, where the collector is, how
 * often to poll, and the devices of the branch.
 *
 * @param collector base address of the collector, e.g. {@code http://127.0.0.1:8080}
 * @param token     bearer token the collector knows this agent by
 * @param macAllowlist MACs allowed on the branch LAN (lower case, aa:bb:cc:dd:ee:ff); empty: the LAN
 *                  watch reports no unknown MACs (moves only)
 * @param reportRefresh how often everything is sent again although unchanged (report by
 *                  exception); one no longer than the poll interval sends every value every poll
 */
public record SiteConfig(String agentId, String branch, URI collector, Secret token, Duration pollInterval,
                         List<DeviceConfig> devices, Set<String> macAllowlist, Duration reportRefresh) {
    public static final Duration DEFAULT_REPORT_REFRESH = Duration.ofMinutes(5);

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
        Objects.requireNonNull(collector, "collector");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(pollInterval, "pollInterval");
        devices = List.copyOf(devices);
        if (pollInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("poll interval must be at least 1s, got " + pollInterval);
        }
        if (!"http".equals(collector.getScheme()) && !"https".equals(collector.getScheme())) {
            throw new IllegalArgumentException("collector must be an http:// or https:// address, got " + collector);
        }
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

    public SiteConfig withMacAllowlist(Set<String> macs) {
        return new SiteConfig(agentId, branch, collector, token, pollInterval, devices, macs, reportRefresh);
    }

    /** The address batches are posted to. */
    public URI ingestUri() {
        String base = collector.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/v1/ingest");
    }
}
