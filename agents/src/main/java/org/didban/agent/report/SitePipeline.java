package org.didban.agent.report;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.didban.agent.config.DeviceConfig;
import org.didban.agent.config.SiteConfig;
import org.didban.agent.lan.LanWatch;
import org.didban.agent.lan.UplinkDetector;
import org.didban.agent.snmp.DeviceReading;
import org.didban.agent.snmp.PollRound;

/**
 * What a poll round passes through on its way from the {@code SitePoller} to the uplink:
 * {@link UplinkDetector} (adds {@code uplink_active}), {@link LanWatch} (adds {@code mac_unknown} /
 * {@code mac_moved}), then {@link ReportFilter} (leaves out what did not change). Wire it as
 * {@code PollRound out = pipeline.apply(round); uplink.submit(out.samples(), out.events());}.
 */
public final class SitePipeline implements ReadingStage {
    private final UplinkDetector uplinks;
    private final LanWatch lan;
    private final ReportFilter filter;

    public SitePipeline(UplinkDetector uplinks, LanWatch lan, ReportFilter filter) {
        this.uplinks = uplinks;
        this.lan = lan;
        this.filter = filter;
    }

    /** The stages for a site: its devices' uplinks, its MAC allowlist, a full refresh every {@code refresh}. */
    public static SitePipeline forSite(SiteConfig config, Duration refresh, Clock clock) {
        Map<String, List<String>> named = new HashMap<>();
        for (DeviceConfig d : config.devices()) {
            named.put(d.id(), d.options().uplinks());
        }
        return new SitePipeline(new UplinkDetector(config.devices()),
                new LanWatch(config.macAllowlist(), named, LanWatch.DEFAULT_MAX_TRACKED),
                new ReportFilter(refresh, ReportFilter.DEFAULT_MAX_SERIES_PER_DEVICE, clock));
    }

    /** As {@link #forSite(SiteConfig, Duration, Clock)} with the 5-minute refresh. */
    public static SitePipeline forSite(SiteConfig config, Clock clock) {
        return forSite(config, ReportFilter.DEFAULT_REFRESH, clock);
    }

    @Override
    public DeviceReading apply(DeviceReading reading) {
        return filter.apply(lan.apply(uplinks.apply(reading)));
    }

    @Override
    public PollRound apply(PollRound round) {
        return ReadingStage.super.apply(round);
    }

    public UplinkDetector uplinks() {
        return uplinks;
    }

    public LanWatch lanWatch() {
        return lan;
    }

    public ReportFilter filter() {
        return filter;
    }
}
